import type { RouteObject } from 'react-router';
import { Layout } from './layout/layout';
import { AdminPage } from './pages/admin-page';
import { CollectionsPage } from './pages/collections-page';
import { DepositsPage } from './pages/deposits-page';
import { ExportsPage } from './pages/exports-page';
import { ItemPage } from './pages/item-page';
import { ItemsPage } from './pages/items-page';
import { JobsPage } from './pages/jobs-page';
import { NotFoundPage } from './pages/not-found-page';
import { SearchPage } from './pages/search-page';
import { SignInPage } from './pages/sign-in-page';

/**
 * The app's pages, one file each in pages/. A new page is a file there and a line here,
 * e.g. `items/:id/listen` (player), `items/:id/scans/:page` (scan viewer), `deposits`,
 * `exports`, `admin`. Every page reads the API through api/queries.ts only.
 */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, element: <ItemsPage /> },
      { path: 'collections', element: <CollectionsPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'items/:id', element: <ItemPage /> },
      // Loaded when first opened: the editors (wavesurfer.js regions, OpenSeadragon) weigh most.
      {
        path: 'items/:id/workspace',
        lazy: () =>
          import('./pages/workspace-page').then((page) => ({ Component: page.WorkspacePage })),
      },
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'deposits', element: <DepositsPage /> },
      // Loaded when first opened: the uploader (Uppy, tus) is most of its weight.
      {
        path: 'deposits/:id',
        lazy: () =>
          import('./pages/deposit-page').then((page) => ({ Component: page.DepositPage })),
      },
      { path: 'jobs', element: <JobsPage /> },
      { path: 'exports', element: <ExportsPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
