import { describe, expect, it } from 'vitest';
import { ingestSucceeded } from '../../../../src/usecases/ingest/run/ingest-outcome.js';

const cleanPlan = { problems: [], refused: [] };
const cleanReport = { results: [{ quarantined: [] }], failed: [] };
const ready = new Map([['item-1', { status: 'ready' }]]);

describe('ingestSucceeded', () => {
  it('holds when everything planned was archived and is ready', () => {
    expect(ingestSucceeded(cleanPlan, cleanReport, ready, [])).toBe(true);
  });

  it('fails on a refused file or a manifest problem that was skipped', () => {
    const refused = { ...cleanPlan, refused: [{ relativePath: 'x', reason: 'symlink' }] };
    const problems = { ...cleanPlan, problems: [{ row: 3 }] } as never;
    expect(ingestSucceeded(refused, cleanReport, ready, [])).toBe(false);
    expect(ingestSucceeded(problems, cleanReport, ready, [])).toBe(false);
  });

  it('fails when an item could not be archived or a file was quarantined', () => {
    const failed = { ...cleanReport, failed: [{ itemId: 'item-2', reason: 'disk full' }] };
    const quarantined = { results: [{ quarantined: [{ reason: 'virus' }] }], failed: [] };
    expect(ingestSucceeded(cleanPlan, failed, ready, [])).toBe(false);
    expect(ingestSucceeded(cleanPlan, quarantined, ready, [])).toBe(false);
  });

  it('fails when the catalog has an item failed or an item did not end ready', () => {
    const failed = new Map([['item-1', { status: 'failed' }]]);
    const notReady = [{ id: 'item-1', status: 'processing', detail: null }];
    expect(ingestSucceeded(cleanPlan, cleanReport, failed, [])).toBe(false);
    expect(ingestSucceeded(cleanPlan, cleanReport, ready, notReady)).toBe(false);
  });
});
