import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findPackageRoot } from '../package/package-root.js';

/** One schema change, read from `NNN-description.sql`. */
export interface Migration {
  /** The number `NNN`: migrations apply in this order. */
  version: number;
  /** The file name, e.g. `001-catalog.sql`. */
  name: string;
  sql: string;
  /** sha256 of the file, to notice a migration edited after it was applied. */
  checksum: string;
}

const MIGRATION_FILE_NAME = /^(\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.sql$/;

/** The migrations shipped with heritage, found from the package root (not copied to `dist/`). */
export function defaultMigrationsFolder(): string {
  return path.join(findPackageRoot(), 'src', 'infra', 'catalog', 'migrations');
}

/**
 * Reads every `.sql` file of `folder`, in version order. A `.sql` file with another
 * name, two files with one number, or an empty folder is an error naming the file.
 */
export async function readMigrations(folder: string): Promise<Migration[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw new Error(`cannot read the migrations folder ${folder}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const byVersion = new Map<number, Migration>();
  for (const name of names.filter((entry) => entry.endsWith('.sql'))) {
    const match = MIGRATION_FILE_NAME.exec(name);
    if (!match?.[1]) {
      throw new Error(
        `migration file ${path.join(folder, name)} is not named NNN-description.sql ` +
          '(three digits, then lower-case words joined by hyphens)',
      );
    }
    const version = Number(match[1]);
    const clash = byVersion.get(version);
    if (clash) {
      throw new Error(
        `migrations ${clash.name} and ${name} in ${folder} share the number ${match[1]}`,
      );
    }
    const sql = await readFile(path.join(folder, name), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    byVersion.set(version, { version, name, sql, checksum });
  }
  if (byVersion.size === 0) throw new Error(`no NNN-description.sql migrations in ${folder}`);
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}
