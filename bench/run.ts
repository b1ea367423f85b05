/**
 * Runs every benchmark (`bench/*.bench.ts`), or those whose name contains one of the
 * arguments, one after another in child processes so that one's memory does not
 * colour the next one's peak RSS. Each benchmark prints its own figures and the
 * ratio against its baseline, measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

let failed = 0;
for (const name of benches) {
  console.log(`\n=== ${name.replace('.bench.ts', '')} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, name)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed += 1;
    console.log(`${name} failed with exit code ${result.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
