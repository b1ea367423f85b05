import { describe, expect, it } from 'vitest';
import { depositEvents, formatEvent } from '../../../src/usecases/deposits/deposit-events.js';
import type { DepositProgress } from '../../../src/usecases/deposits/deposits.js';

const base: DepositProgress = {
  id: 'dep-000000000000000000000000',
  collection: 'khau-songs',
  createdBy: 'lan',
  createdAt: '2026-01-01T00:00:00.000Z',
  state: 'receiving',
  files: [{ path: 'a.wav', state: 'uploading', received: 10, size: 100 }],
};

const item = (status: string, done: number) => ({
  id: 'song-a',
  outcome: 'created' as const,
  status,
  jobs: { total: 2, done, failed: 0, running: 0, waiting: 2 - done },
  quarantined: [],
});

describe('the events of a deposit', () => {
  it('tells everything on the first look, then only what changed', () => {
    expect(depositEvents(undefined, base).map((event) => event.event)).toEqual(['state', 'upload']);
    expect(depositEvents(base, base)).toEqual([]);
    const more = { ...base, files: [{ ...base.files[0], received: 60 }] } as DepositProgress;
    expect(depositEvents(base, more)).toEqual([
      { event: 'upload', data: { path: 'a.wav', state: 'uploading', received: 60, size: 100 } },
    ]);
  });

  it('tells a new check, each item that moved, and the end once', () => {
    const ingesting: DepositProgress = {
      ...base,
      state: 'ingesting',
      check: { checkedAt: 't1', ok: true, items: 1, problems: [] },
      ingest: { startedAt: 't2', by: 'lan', failed: [], items: [item('processing', 1)] },
    };
    expect(depositEvents(base, ingesting).map((event) => event.event)).toEqual([
      'state',
      'check',
      'item',
    ]);
    const done: DepositProgress = {
      ...ingesting,
      state: 'done',
      ingest: {
        ...(ingesting.ingest as NonNullable<DepositProgress['ingest']>),
        items: [item('ready', 2)],
      },
    };
    const events = depositEvents(ingesting, done);
    expect(events.map((event) => event.event)).toEqual(['state', 'item', 'end']);
    expect(depositEvents(done, done)).toEqual([]);
    expect(formatEvent({ event: 'state', data: { state: 'done' } })).toBe(
      'event: state\ndata: {"state":"done"}\n\n',
    );
  });
});
