import type { workspaceEn } from './workspace.en';
import { workspaceAnnotationsVi } from './workspace-annotations.vi';
import { workspaceHandoverVi } from './workspace-handover.vi';
import { workspacePagesVi } from './workspace-pages.vi';
import { workspaceRecordingVi } from './workspace-recording.vi';

type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** Vietnamese text of the linguist's workspace, one file per part. */
export const workspaceVi: Messages<typeof workspaceEn> = {
  title: 'Chú giải: {{title}}',
  open: 'Chú giải',
  refused: 'Bạn không được chú giải mục này.',
  back: 'Quay lại mục',
  recording: workspaceRecordingVi,
  pages: workspacePagesVi,
  annotations: workspaceAnnotationsVi,
  handover: workspaceHandoverVi,
};
