import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../../src/entry/cli/output.js';
import { settingsSchema } from '../../src/infra/config/settings-schema.js';
import { buildIngestPlan } from '../../src/usecases/ingest/plan/build-ingest-plan.js';
import { writeDeposit } from '../support/deposit.js';
import { tempDir } from '../support/temp-dir.js';

async function planOf(csv: string, options: { keepUnknownColumns?: boolean } = {}) {
  const folder = await tempDir();
  await writeDeposit(folder, { 'items.csv': csv, 'then-004.txt': 'Then ơi\n' });
  return buildIngestPlan({
    folder,
    manifest: path.join(folder, 'items.csv'),
    collection: 'tay',
    ...options,
  });
}

describe('manifest columns that overwrite each other or are misspelt', () => {
  it('reports two columns that give the access protocol, and plans no item', async () => {
    const plan = await planOf(
      'id,access,protocol,files\nthen-004,secret-sacred,open,then-004.txt\n',
    );
    expect(plan.problems).toEqual([
      {
        file: 'items.csv',
        row: 1,
        column: 'protocol',
        reason: expect.stringContaining('same field as column "access"'),
      },
    ]);
    expect(plan.items).toEqual([]);
  });

  it('reports description and notes given together', async () => {
    const plan = await planOf('id,description,notes\nthen-004,a,b\n');
    expect(plan.problems.map((problem) => problem.column)).toEqual(['notes']);
  });

  it('names the likely column of a misspelt header, and does not fall back to the default protocol', async () => {
    const plan = await planOf(
      'id,titel,acess,files\nthen-004,Then giải hạn,secret-sacred,then-004.txt\n',
    );
    expect(plan.problems).toEqual([
      {
        file: 'items.csv',
        row: 1,
        column: 'titel',
        reason: expect.stringContaining('did you mean "title"?'),
      },
      {
        file: 'items.csv',
        row: 1,
        column: 'acess',
        reason: expect.stringContaining('did you mean "access"?'),
      },
    ]);
    // Not even the file named after the id becomes an item with the collection's default.
    expect(plan.items).toEqual([]);
  });

  it('keeps a misspelt column as extra when asked to on purpose', async () => {
    const plan = await planOf('id,acess,files\nthen-004,secret-sacred,then-004.txt\n', {
      keepUnknownColumns: true,
    });
    expect(plan.problems).toEqual([]);
    expect(plan.items[0]?.extra).toEqual({ acess: 'secret-sacred' });
  });

  it('reads the same columns from a JSON manifest', async () => {
    const folder = await tempDir();
    await writeDeposit(folder, {
      'items.json': JSON.stringify([{ id: 'then-004', access: 'open', protocol: 'secret-sacred' }]),
    });
    const plan = await buildIngestPlan({ folder, manifest: path.join(folder, 'items.json') });
    expect(plan.problems.map((problem) => problem.column)).toEqual(['protocol']);
  });
});

describe('the dry run', () => {
  it("shows each row's effective protocol and consent, in text and in JSON", async () => {
    const folder = await tempDir();
    const data = await tempDir();
    await writeDeposit(folder, {
      'collection.json': JSON.stringify({ id: 'tay', title: 'Tày', defaultAccess: 'restricted' }),
      'items.csv':
        'id,access,consent,consent_withdrawn\nthen-004,secret-sacred,archive; research,no\nthen-005,,,yes\n',
    });
    const settings = settingsSchema.parse({ dataDir: data });
    const printed: string[] = [];
    const text = createOutput(false, { write: (line: string) => printed.push(line) } as never);
    const options = { manifest: path.join(folder, 'items.csv'), dryRun: true };
    expect(await ingestCommand(folder, options, settings, text)).toBe(0);
    expect(printed.join('')).toContain(
      'tay/then-004 (row 2; access secret-sacred; consent archive; research)',
    );
    expect(printed.join('')).toContain(
      'tay/then-005 (row 3; access restricted; consent withdrawn)',
    );

    const json: string[] = [];
    const scripted = createOutput(true, { write: (line: string) => json.push(line) } as never);
    expect(await ingestCommand(folder, options, settings, scripted)).toBe(0);
    const items = JSON.parse(json.join('')).plan.items;
    expect(
      items.map((item: Record<string, unknown>) => [item.accessProtocol, item.consent]),
    ).toEqual([
      ['secret-sacred', { uses: ['archive', 'research'], withdrawn: false }],
      ['restricted', { uses: ['archive'], withdrawn: true }],
    ]);
  });
});

describe('manifest limits', () => {
  it('refuses a manifest larger than the limit before parsing it', async () => {
    const folder = await tempDir();
    await writeFile(path.join(folder, 'items.csv'), `id,title\n${'a,b\n'.repeat(1000)}`);
    const plan = await buildIngestPlan({
      folder,
      manifest: path.join(folder, 'items.csv'),
      limits: { maxBytes: 1000, maxCellLength: 100 },
    });
    expect(plan.problems).toEqual([
      {
        file: 'items.csv',
        reason: expect.stringMatching(
          /is 4009 bytes, more than the limit of 1000 \(HERITAGE_MANIFEST_MAX_BYTES\)/,
        ),
      },
    ]);
    expect(plan.items).toEqual([]);
  });

  it('stops at a cell longer than the limit, naming its row and column', async () => {
    const folder = await tempDir();
    const huge = 'x'.repeat(5 * 1024 * 1024);
    await writeFile(
      path.join(folder, 'items.csv'),
      `id,title,description\nthen-001,A,short\nthen-002,B,"${huge}"\nthen-003,C,short\n`,
    );
    const plan = await buildIngestPlan({ folder, manifest: path.join(folder, 'items.csv') });
    expect(plan.problems).toEqual([
      {
        file: 'items.csv',
        row: 3,
        column: 'description',
        reason: 'has a cell longer than 65536 characters (HERITAGE_MANIFEST_MAX_CELL)',
      },
    ]);
    expect(plan.items).toEqual([]);
  });

  it('counts a quoted cell with commas and line breaks as one cell of one row', async () => {
    const folder = await tempDir();
    await writeFile(
      path.join(folder, 'items.csv'),
      'id,title,description\nthen-001,A,"a,\nb"\n\nthen-002,B,"1234567890123"\n',
    );
    const plan = await buildIngestPlan({
      folder,
      manifest: path.join(folder, 'items.csv'),
      limits: { maxBytes: 1000, maxCellLength: 12 },
    });
    expect(plan.problems).toEqual([
      {
        file: 'items.csv',
        row: 3,
        column: 'description',
        reason: 'has a cell longer than 12 characters (HERITAGE_MANIFEST_MAX_CELL)',
      },
    ]);
  });

  it('takes its limits from the settings', () => {
    const settings = settingsSchema.parse({ manifest: { maxBytes: '2048', maxCellLength: '10' } });
    expect(settings.manifest).toEqual({ maxBytes: 2048, maxCellLength: 10 });
  });
});
