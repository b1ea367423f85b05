import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceRoot = path.resolve(import.meta.dirname, '../../../src');
const catalogFolder = path.join(sourceRoot, 'infra', 'catalog');

/** A string literal or template whose text begins with an SQL statement. */
const sqlLiteral =
  /(['"`])\s*(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS|CREATE|ALTER|DROP|TRUNCATE|SAVEPOINT)\b/g;
/** A statement run on a database handle: `.query(...)`, `.query<Row>(...)`, `db.exec(...)`. */
const statementCall = /\.\s*query\s*[<(]|\b\w*(?:catalog|db|tx|database)\s*\.\s*exec\s*\(/gi;

function typescriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return full === catalogFolder ? [] : typescriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Each place in `text` that holds SQL, as `file:line: what was found`. */
function sqlFound(file: string, text: string): string[] {
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  return [sqlLiteral, statementCall].flatMap((pattern) =>
    [...text.matchAll(pattern)].map(
      (match) => `${file}:${lineOf(match.index)}: ${match[0].replace(/\s+/g, ' ').trim()}`,
    ),
  );
}

describe('SQL stays in the catalog layer', () => {
  it('finds SQL text and statement calls where they would be written', () => {
    expect(sqlFound('a.ts', "const rows = await db.query('SELECT 1');")).toHaveLength(2);
    expect(sqlFound('a.ts', 'x\nawait tx.exec(\n  `\n  DELETE FROM items`);')).toEqual([
      'a.ts:3: ` DELETE FROM',
      'a.ts:2: tx.exec(',
    ]);
    expect(sqlFound('a.ts', 'archive.catalog.query<{ id: string }>(sql)')).toHaveLength(1);
    expect(sqlFound('a.ts', "const m = pattern.exec(line); log('Select a file');")).toEqual([]);
  });

  it('has no SQL in any source file outside src/infra/catalog', () => {
    const found = typescriptFiles(sourceRoot).flatMap((file) =>
      sqlFound(path.relative(process.cwd(), file), readFileSync(file, 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
