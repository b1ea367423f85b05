import { describe, expect, it } from 'vitest';
import type { Consent } from '../../src/model/access.js';
import { publicItem, publicSearchableText } from '../../src/model/public-view.js';

const consent = (uses: Consent['uses'], withdrawn = false): Consent => ({
  consentedBy: 'Hoàng Văn Bình',
  uses,
  date: '2024-03-02',
  withdrawn,
});

function catalogItem() {
  return {
    id: 'then-001',
    collection: 'songs',
    title: 'Then cầu mùa',
    accessProtocol: 'open',
    languages: ['tyz'],
    tkLabels: ['TK Seasonal'],
    status: 'failed',
    statusDetail: 'failed at /var/lib/heritage/work',
    objectVersion: 'v2',
    genre: 'then',
    date: '1998',
    durationSeconds: 1,
    scanPages: 0,
    hasThumbnail: false,
    metadata: {
      id: 'then-001',
      title: 'Then cầu mùa',
      place: 'Lạng Sơn',
      contributors: [{ name: 'Hoàng Thị Mai', role: 'singer' }],
      consent: consent(['archive', 'public-access', 'name-attribution']),
      files: ['/home/depositor/tapes/then-001.wav'],
      extra: { phone: '+84 912 345 678' },
      futureField: 'anything added to the record later',
    },
    assets: [
      {
        path: 'originals/then-001.wav',
        role: 'recording',
        mediaType: 'audio/wav',
        size: 10,
        sha256: 'a'.repeat(64),
        technical: { durationSeconds: 1 },
        originalName: 'tapes/then-001.wav',
      },
    ],
    steps: [
      {
        step: 'normalise-audio',
        asset: 'originals/then-001.wav',
        status: 'failed',
        detail: 'ffmpeg: /tmp/x',
      },
    ],
    events: [
      {
        type: 'export',
        outcome: 'success',
        occurredAt: '2026-01-01T00:00:00.000Z',
        agent: 'heritage 0.1.0',
        detail: 'included in dataset export e1 at /srv/datasets/e1',
      },
    ],
  };
}

describe('the public view of an item', () => {
  it('names contributors only when the consent includes name-attribution and is not withdrawn', () => {
    const item = catalogItem();
    expect(
      publicItem(item, consent(['public-access', 'name-attribution'])).metadata.contributors,
    ).toEqual([{ role: 'singer', name: 'Hoàng Thị Mai' }]);
    expect(publicItem(item, consent(['public-access'])).metadata.contributors).toEqual([
      { role: 'singer' },
    ]);
    expect(
      publicItem(item, consent(['public-access', 'name-attribution'], true)).metadata.contributors,
    ).toEqual([{ role: 'singer' }]);
  });

  it('keeps only the fields it lists, so consent, paths, extra columns and new fields stay private', () => {
    const text = JSON.stringify(publicItem(catalogItem(), consent(['public-access'])));
    for (const secret of [
      'Bình',
      '2024-03-02',
      'consent',
      '/home',
      'phone',
      'futureField',
      '/var',
      '/tmp',
      '/srv',
      'originalName',
      'heritage 0.1.0',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('Lạng Sơn');
  });

  it('offers anonymous search only the text the public view shows', () => {
    const unnamed = publicItem(catalogItem(), consent(['public-access']));
    expect(publicSearchableText(unnamed.id, unnamed.metadata)).not.toContain('Mai');
    const named = publicItem(catalogItem(), consent(['public-access', 'name-attribution']));
    expect(publicSearchableText(named.id, named.metadata)).toContain('Hoàng Thị Mai');
  });
});
