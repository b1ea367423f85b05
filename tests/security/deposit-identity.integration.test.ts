import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/archive.js';
import { readItemMetadata, readItemRecord } from '../../src/archive/object-files.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { itemsChangeCommand } from '../../src/entry/cli/commands/items-command.js';
import { UsageError } from '../../src/entry/cli/exit-codes.js';
import { createOutput } from '../../src/entry/cli/output.js';
import { openServices } from '../../src/entry/services.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { parseEvents } from '../../src/model/event-log.js';
import { buildIngestPlan } from '../../src/usecases/ingest/plan/build-ingest-plan.js';
import { reconcileWithArchive } from '../../src/usecases/ingest/plan/reconcile-with-archive.js';
import { runIngest } from '../../src/usecases/ingest/run/run-ingest.js';
import { writeDeposit } from '../support/deposit.js';
import { makeTempDir } from '../support/redis.js';
import { openTestArchive } from '../support/test-archive.js';

const secretTitle = 'Then giải hạn bí mật';

/** Runs a command with `--json`: its exit code, its JSON document and everything it printed. */
async function captured(run: (output: ReturnType<typeof createOutput>) => Promise<number>) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(
    createOutput(
      true,
      { write: (text: string) => stdout.push(text) } as never,
      { write: (text: string) => stderr.push(text) } as never,
    ),
  );
  return { code, json: stdout.join(''), printed: [...stderr, ...stdout].join('') };
}

describe('an item id that is already in the archive', () => {
  let settings: Settings;
  const cleanups: (() => Promise<void>)[] = [];
  const folder = async (files: Record<string, string>) => {
    const made = await makeTempDir('identity-deposit');
    cleanups.push(made.remove);
    await writeDeposit(made.dir, files);
    return made.dir;
  };
  const ingest = async (deposit: string, options: Record<string, unknown> = {}) =>
    captured((output) =>
      ingestCommand(
        deposit,
        { manifest: path.join(deposit, 'items.csv'), ...options },
        settings,
        output,
      ),
    );
  const head = async (itemId = 'then-004') => {
    const archive = await openArchive(settings);
    try {
      const metadata = await readItemMetadata(archive.objects, itemId);
      const [row] = await archive.catalog.query<{
        collection_id: string;
        access_protocol: string;
        consent: unknown;
        object_version: string;
      }>(
        'SELECT collection_id, access_protocol, consent, object_version FROM items WHERE id = $1',
        [itemId],
      );
      const inventory = await archive.objects.getInventory(itemId);
      return { metadata, row, inventory };
    } finally {
      await archive.close();
    }
  };

  beforeAll(async () => {
    const archive = await openTestArchive('postgres');
    cleanups.push(archive.cleanup);
    settings = archive.settings;
    const first = await folder({
      'collection.json': JSON.stringify({
        id: 'colA',
        title: 'Custodians',
        defaultAccess: 'restricted',
      }),
      'items.csv': `id,title,access,consent,files\nthen-004,${secretTitle},secret-sacred,archive,then-004.txt\n`,
      'then-004.txt': 'Lời then bí mật\n',
    });
    const { code, printed } = await ingest(first);
    expect(code, printed).toBe(0);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('is not taken over by a deposit from another folder and collection: the plan says so, nothing changes', async () => {
    const before = await head();
    const attack = await folder({
      'items.csv':
        'id,title,collection,access,consent,files\nthen-004,Taken,othercol,open,archive; public-access; ml-training,then-004.txt\n',
      'then-004.txt': 'other words\n',
    });
    for (const options of [{ dryRun: true }, {}, { skipInvalidRows: true }]) {
      const { code, printed } = await ingest(attack, options);
      expect(code).toBe(1);
      expect(printed).toContain('id then-004 already belongs to collection colA');
      expect(printed).toContain('othercol');
      // Nothing more of the secret/sacred item than that its id is in use.
      expect(printed).not.toContain(secretTitle);
      expect(printed).not.toContain('secret-sacred');
    }
    const after = await head();
    expect(after.inventory.head).toBe(before.inventory.head);
    expect(after.row).toEqual(before.row);
    expect(after.metadata?.record.item).toMatchObject({
      collection: 'colA',
      accessProtocol: 'secret-sacred',
      title: secretTitle,
    });
  });

  it('does not change its protocol or consent through a re-deposit into the same collection, and names the command that does', async () => {
    const before = await head();
    const again = await folder({
      'items.csv':
        'id,collection,access,consent_withdrawn,files\nthen-004,colA,open,no,then-004.txt\n',
      'then-004.txt': 'Lời then bí mật\n',
    });
    const { code, json } = await ingest(again, { dryRun: true });
    expect(code).toBe(1);
    const { problems } = JSON.parse(json);
    expect(problems).toEqual([
      {
        file: 'items.csv',
        row: 2,
        column: 'access',
        reason: expect.stringContaining(
          'would change the access protocol of then-004 from secret-sacred to open',
        ),
      },
    ]);
    expect(problems[0].reason).toContain(
      'heritage items change then-004 --access open --lower-protection --reason',
    );
    expect((await head()).inventory.head).toBe(before.inventory.head);
  });

  it('adds a version with only the new file when re-deposited into the same collection, keeping its title and protection', async () => {
    const before = await head();
    const more = await folder({
      'items.csv': 'id,files\nthen-004,then-004.txt; then-004-verse2.txt\n',
      'then-004.txt': 'Lời then bí mật\n',
      'then-004-verse2.txt': 'Lời thứ hai\n',
    });
    const { code, printed } = await ingest(more, { collection: 'colA' });
    expect(code, printed).toBe(0);
    const after = await head();
    expect(after.metadata?.record.item).toMatchObject({
      collection: 'colA',
      accessProtocol: 'secret-sacred',
      consent: { uses: ['archive'], withdrawn: false },
      title: secretTitle,
    });
    expect(after.row?.access_protocol).toBe('secret-sacred');
    expect(after.metadata?.record.collection.title).toBe('Custodians');
    // The original already archived is not stored again; only the new one is.
    const storedIn = (name: string) =>
      Object.entries(after.inventory.manifest).find(([digest]) =>
        Object.values(after.inventory.versions).some((version) =>
          version.state[digest]?.includes(`originals/${name}`),
        ),
      )?.[1][0];
    expect(storedIn('then-004.txt')?.startsWith('v1/')).toBe(true);
    expect(storedIn('then-004-verse2.txt')).toBe(
      `v${Number(before.inventory.head.slice(1)) + 1}/content/originals/then-004-verse2.txt`,
    );
  });

  it('changes protection only through `items change`: lowering needs the confirmation flag, and the change is an event with its agent and reason', async () => {
    const before = await head();
    await expect(
      captured((output) =>
        itemsChangeCommand(
          'then-004',
          {
            access: 'open',
            consent: 'archive,public-access',
            reason: 'community decision 2026-11',
          },
          settings,
          output,
        ),
      ),
    ).rejects.toThrow(UsageError);
    expect((await head()).inventory.head).toBe(before.inventory.head);

    // More protection needs no confirmation.
    const raised = await captured((output) =>
      itemsChangeCommand(
        'then-004',
        { withdrawConsent: true, reason: 'the family asked', author: 'archivist-lan' },
        settings,
        output,
      ),
    );
    expect(raised.code).toBe(0);

    const lowered = await captured((output) =>
      itemsChangeCommand(
        'then-004',
        {
          access: 'community',
          restoreConsent: true,
          reason: 'elders agreed at the 2026 meeting',
          author: 'archivist-lan',
          lowerProtection: true,
        },
        settings,
        output,
      ),
    );
    expect(lowered.code).toBe(0);
    const after = await head();
    expect(after.metadata?.record.item).toMatchObject({
      collection: 'colA',
      accessProtocol: 'community',
      consent: { withdrawn: false },
    });
    expect(after.row).toMatchObject({
      access_protocol: 'community',
      object_version: after.inventory.head,
    });
    const changes = parseEvents(after.metadata?.eventsJsonl ?? '').filter(
      (event) => event.type === 'metadata modification',
    );
    expect(changes).toHaveLength(2);
    expect(changes[1]).toMatchObject({
      agent: 'archivist-lan',
      outcome: 'success',
      data: {
        reason: 'elders agreed at the 2026 meeting',
        lowersProtection: true,
        changes: {
          accessProtocol: { from: 'secret-sacred', to: 'community' },
          'consent.withdrawn': { from: true, to: false },
        },
      },
    });
    const archive = await openArchive(settings);
    try {
      const events = await archive.catalog.query<{ agent: string; detail: string }>(
        `SELECT agent, detail FROM events WHERE item_id = $1 AND type = 'metadata modification' ORDER BY id`,
        ['then-004'],
      );
      expect(events.map((event) => event.agent)).toEqual(['archivist-lan', 'archivist-lan']);
      expect(events[1]?.detail).toContain('Reason: elders agreed at the 2026 meeting');
    } finally {
      await archive.close();
    }
  });

  it('moves an item to another collection only with the confirmation flag', async () => {
    const change = (lowerProtection: boolean) =>
      captured((output) =>
        itemsChangeCommand(
          'then-004',
          { collection: 'othercol', reason: 'collections merged', lowerProtection },
          settings,
          output,
        ),
      );
    await expect(change(false)).rejects.toThrow(/moved from collection colA to othercol/);
    expect((await change(true)).code).toBe(0);
    const after = await head();
    expect(after.metadata?.record.item.collection).toBe('othercol');
    expect(after.row?.collection_id).toBe('othercol');
  });

  it('refuses at write time, under the item lock, a plan made before its protection changed', async () => {
    const deposit = await folder({
      'items.csv': 'id,files\nthen-004,then-004-verse3.txt\n',
      'then-004-verse3.txt': 'Lời thứ ba\n',
    });
    const services = await openServices(settings);
    try {
      const plan = await reconcileWithArchive(
        await buildIngestPlan({
          folder: deposit,
          manifest: path.join(deposit, 'items.csv'),
          collection: 'othercol',
        }),
        async (itemId) => (await readItemRecord(services.archive.objects, itemId))?.record,
      );
      expect(plan.problems).toEqual([]);
      const changed = await captured((output) =>
        itemsChangeCommand(
          'then-004',
          { access: 'restricted', reason: 'asked by the custodians' },
          settings,
          output,
        ),
      );
      expect(changed.code).toBe(0);
      const before = await head();
      const report = await runIngest(services, plan, settings);
      expect(report.failed).toEqual([
        { itemId: 'then-004', reason: expect.stringContaining('an ingest never changes them') },
      ]);
      const after = await head();
      expect(after.inventory.head).toBe(before.inventory.head);
      expect(after.metadata?.record.item.accessProtocol).toBe('restricted');
    } finally {
      await services.close();
    }
  });
});
