import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A module to fork as a child process, and the Node.js options it needs. */
export interface ChildModule {
  path: string;
  execArgv: string[];
}

/**
 * The module `name` in the same folder as the module at `url`: compiled JavaScript, or
 * TypeScript under the tests, which Node.js runs through tsx.
 */
export function moduleBeside(url: string, name: string): ChildModule {
  const thisModule = fileURLToPath(url);
  const child = path.join(path.dirname(thisModule), `${name}${path.extname(thisModule)}`);
  return { path: child, execArgv: child.endsWith('.ts') ? ['--import', 'tsx'] : [] };
}
