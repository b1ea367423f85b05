import type { workspaceRecordingEn } from './workspace-recording.en';

type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** Vietnamese text of the workspace's recording part. */
export const workspaceRecordingVi: Messages<typeof workspaceRecordingEn> = {
  heading: 'Bản ghi âm và các tầng chú giải',
};
