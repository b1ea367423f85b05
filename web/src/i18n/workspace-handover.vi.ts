import type { workspaceHandoverEn } from './workspace-handover.en';

type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** Vietnamese text of the workspace's handover part. */
export const workspaceHandoverVi: Messages<typeof workspaceHandoverEn> = {
  heading: 'ELAN và Praat',
};
