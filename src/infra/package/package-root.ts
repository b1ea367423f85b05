import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the nearest `package.json` above `fromUrl` (this module by default):
 * the same answer from `src/` under tsx and from `dist/src/` after `tsc`, which is how
 * files that `tsc` does not copy (such as `.sql`) are found at run time.
 */
export function findPackageRoot(fromUrl: string = import.meta.url): string {
  const start = path.dirname(fileURLToPath(fromUrl));
  let folder = start;
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`no package.json in ${start} or any folder above it`);
    folder = parent;
  }
  return folder;
}
