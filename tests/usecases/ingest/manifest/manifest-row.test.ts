import { describe, expect, it } from 'vitest';
import { parseManifestRow } from '../../../../src/usecases/ingest/manifest/parse-manifest-row.js';

const defaults = { collection: 'tay-then' };
const row = (cells: Record<string, string>) => ({ row: 7, cells, extra: { 'Tape box': 'B12' } });

describe('a manifest row', () => {
  it('becomes an item with normalised languages, date, contributors and consent', () => {
    const { item, problems } = parseManifestRow(
      row({
        id: 'then-001',
        title: 'Then giải hạn',
        languages: 'tyz; TYZ-hani; vie',
        date: 'c. 1972',
        contributors: 'Hoàng Thị B:singer; Lò Văn A:Ritual master',
        access: 'Community',
        consent: 'archive; ML training',
        consentWithdrawn: 'no',
        files: 'tape1/then-001.wav; scans\\then-001.tif',
      }),
      defaults,
    );
    expect(problems).toEqual([]);
    expect(item).toMatchObject({
      id: 'then-001',
      collection: 'tay-then',
      languages: ['tyz', 'tyz-Hani', 'vie'],
      date: '1972~',
      contributors: [
        { name: 'Hoàng Thị B', role: 'singer' },
        { name: 'Lò Văn A', role: 'ritual_master' },
      ],
      accessProtocol: 'community',
      consent: { uses: ['archive', 'ml-training'], withdrawn: false },
      files: ['tape1/then-001.wav', 'scans/then-001.tif'],
      extra: { 'Tape box': 'B12' },
    });
  });

  it('reports every bad field of the row at once, each with its column', () => {
    const { item, problems } = parseManifestRow(
      row({
        id: 'bad:id',
        languages: 'tyz; qqq',
        date: '1972-13',
        contributors: 'Nobody',
        access: 'secret',
        consent: 'everything',
        files: '../etc/passwd; /abs/path.wav; ok.wav; nul\0byte.wav',
      }),
      defaults,
    );
    expect(item).toBeUndefined();
    const byColumn = Object.fromEntries(
      problems.map((problem) => [problem.column, problem.reason]),
    );
    expect(Object.keys(byColumn).sort()).toEqual([
      'access',
      'consent',
      'contributors',
      'date',
      'files',
      'id',
      'languages',
    ]);
    expect(byColumn.languages).toContain('qqq');
    expect(byColumn.date).toContain('month 13');
    expect(byColumn.files).toContain('outside the folder');
    expect(problems.every((problem) => problem.row === 7)).toBe(true);
  });

  it('refuses absolute paths and NUL bytes in file paths', () => {
    for (const files of ['/srv/other/song.wav', 'C:\\\\songs\\\\a.wav', 'a\0.wav']) {
      const { problems } = parseManifestRow(row({ id: 'x', access: 'open', files }), defaults);
      expect(problems, files).toHaveLength(1);
      expect(problems[0]?.column).toBe('files');
    }
  });

  it('needs an access protocol when the collection gives no default', () => {
    const { problems } = parseManifestRow(row({ id: 'x' }), defaults);
    expect(problems).toEqual([
      { row: 7, column: 'access', reason: expect.stringContaining('access protocol') },
    ]);
  });
});
