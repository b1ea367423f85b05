import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every TypeScript file that ships: what `npm run build` compiles. */
function shippedSources(): string[] {
  return ['src', 'workers', 'pipelines', 'bin'].flatMap((folder) =>
    readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => path.join(folder, name)),
  );
}

describe('package.json dependencies', () => {
  it('are each named by some shipped source file (an import, or a path resolved at run time)', () => {
    const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const text = shippedSources()
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    // A scoped package may be named by its scope, as the OCR language data is
    // (`@tesseract.js-data/<code>`, resolved for the languages the settings name).
    const named = (name: string) =>
      text.includes(`'${name}'`) ||
      text.includes(`'${name}/`) ||
      (name.startsWith('@') && text.includes(`'${name.split('/')[0]}'`));
    const unused = Object.keys(dependencies).filter((name) => !named(name));
    expect(unused).toEqual([]);
  });
});
