import { workspaceAnnotationsEn } from './workspace-annotations.en';
import { workspaceHandoverEn } from './workspace-handover.en';
import { workspacePagesEn } from './workspace-pages.en';
import { workspaceRecordingEn } from './workspace-recording.en';

/** English text of the linguist's workspace, one file per part. */
export const workspaceEn = {
  title: 'Annotate: {{title}}',
  open: 'Annotate',
  refused: 'You may not annotate this item.',
  back: 'Back to the item',
  recording: workspaceRecordingEn,
  pages: workspacePagesEn,
  annotations: workspaceAnnotationsEn,
  handover: workspaceHandoverEn,
};
