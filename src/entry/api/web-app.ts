import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { findPackageRoot } from '../../infra/package/package-root.js';
import { API_PREFIX } from './openapi.js';
import { Problem } from './problem.js';

/** Where `npm run build` puts the web app (`web/`, built by Vite). */
export function builtWebAppFolder(): string {
  return path.join(findPackageRoot(import.meta.url), 'dist', 'web');
}

/** Whether `folder` holds a built web app. */
export function isWebAppBuilt(folder: string): boolean {
  return existsSync(path.join(folder, 'index.html'));
}

/**
 * Serves the built web app at `/`: its files as they are, and `index.html` for every
 * other GET outside `/api`, so that the app's own routes (`/items/…`) open from a link
 * or a reload. Under `/api` an unknown path stays a JSON problem. The app itself reads
 * only the API, so it shows nothing the access policy has not let through.
 */
export function registerWebApp(app: FastifyInstance, folder: string): void {
  if (!isWebAppBuilt(folder)) {
    app.get('/', { schema: { hide: true } }, async () => {
      throw new Problem(404, 'the web app is not built here: run `npm run build`');
    });
    return;
  }
  app.register(fastifyStatic, {
    root: folder,
    // One route per built file, found at start: the catch-all below takes the rest.
    wildcard: false,
    cacheControl: false,
    setHeaders: (reply, file) => {
      // Vite names assets by their content, so they never change under one name.
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    // An API path or a missing file (a name with an extension) is not a page of the app.
    if (url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || /\.[a-z0-9]+$/i.test(url))
      throw new Problem(404, `no route ${request.method} ${url}`);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
