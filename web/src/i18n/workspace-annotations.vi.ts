import type { workspaceAnnotationsEn } from './workspace-annotations.en';

type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** Vietnamese text of the workspace's annotations part. */
export const workspaceAnnotationsVi: Messages<typeof workspaceAnnotationsEn> = {
  heading: 'Tất cả chú giải',
};
