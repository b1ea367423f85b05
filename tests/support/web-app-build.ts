/**
 * Builds the web app (web/ into dist/web) before the integration tests when it is
 * missing or older than any of its sources, so the browser tests always drive the app
 * as it is written. A fresh build is skipped in a few milliseconds.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { builtWebAppFolder } from '../../src/entry/api/web-app.js';
import { findPackageRoot } from '../../src/infra/package/package-root.js';

function newestSource(folder: string): number {
  return Math.max(
    ...readdirSync(folder, { recursive: true, encoding: 'utf8' }).map(
      (name) => statSync(path.join(folder, name)).mtimeMs,
    ),
  );
}

function builtAt(folder: string): number {
  try {
    return statSync(path.join(folder, 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

export async function setup(): Promise<void> {
  const root = findPackageRoot(import.meta.url);
  const sources = path.join(root, 'web');
  if (builtAt(builtWebAppFolder()) > newestSource(sources)) return;
  const started = performance.now();
  const { build } = await import('vite');
  // As `npm run build` makes it: vitest sets NODE_ENV=test, which would bundle React's
  // development build (twice the size, effects run twice) into what the tests drive.
  const environment = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(sources, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
    });
  } finally {
    if (environment === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = environment;
  }
  console.log(`web app built into dist/web in ${Math.round(performance.now() - started)} ms`);
}
