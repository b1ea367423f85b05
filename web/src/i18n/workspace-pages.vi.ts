import type { workspacePagesEn } from './workspace-pages.en';

type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** Vietnamese text of the workspace's pages part. */
export const workspacePagesVi: Messages<typeof workspacePagesEn> = {
  heading: 'Các trang quét',
};
