import type { RouteObject } from 'react-router';
import { Layout } from './layout/layout';
import { AdminPage } from './pages/admin-page';
import { ExportsPage } from './pages/exports-page';
import { ItemPage } from './pages/item-page';
import { ItemsPage } from './pages/items-page';
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
      { path: 'search', element: <SearchPage /> },
      { path: 'items/:id', element: <ItemPage /> },
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'exports', element: <ExportsPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
