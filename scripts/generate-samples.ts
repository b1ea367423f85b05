/**
 * Makes the bundled sample collection in samples/tay-songs: synthetic speech
 * (espeak-ng), rendered song-book pages (sharp) and transcripts whose times match
 * the speech. Run once when the samples change; the output is committed.
 * Needs espeak-ng and ffmpeg on PATH.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const out = path.resolve('samples/tay-songs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'heritage-samples-'));
const gapSeconds = 0.6;

interface Line {
  tay: string;
  vie: string;
}

/** Speaks each line, joins them with short pauses, and returns each line's time span. */
function speak(lines: Line[], file: string, rate = 22_050): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const parts: string[] = [];
  let cursor = 0.4;
  lines.forEach((line, index) => {
    const wav = path.join(scratch, `${path.basename(file)}-${index}.wav`);
    execFileSync('espeak-ng', ['-v', 'vi', '-s', '140', '-w', wav, line.vie]);
    const duration = Number(
      execFileSync('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'format=duration',
        '-of',
        'csv=p=0',
        wav,
      ]).toString(),
    );
    spans.push({ start: cursor, end: cursor + duration });
    cursor += duration + gapSeconds;
    parts.push(wav);
  });
  const filter = `${parts.map((_, index) => `[${index}:a]aresample=${rate},apad=pad_dur=${gapSeconds}[p${index}]`).join(';')};${parts
    .map((_, index) => `[p${index}]`)
    .join('')}concat=n=${parts.length}:v=0:a=1,adelay=400|400[out]`;
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...parts.flatMap((part) => ['-i', part]),
    '-filter_complex',
    filter,
    '-map',
    '[out]',
    '-ac',
    '1',
    '-ar',
    String(rate),
    file,
  ]);
  return spans;
}

function eaf(media: string, lines: Line[], spans: { start: number; end: number }[]): string {
  const ms = (seconds: number) => Math.round(seconds * 1000);
  const slots = spans.flatMap((span, index) => [
    `        <TIME_SLOT TIME_SLOT_ID="ts${2 * index + 1}" TIME_VALUE="${ms(span.start)}"/>`,
    `        <TIME_SLOT TIME_SLOT_ID="ts${2 * index + 2}" TIME_VALUE="${ms(span.end)}"/>`,
  ]);
  const transcription = lines.map(
    (line, index) => `        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a${index + 1}" TIME_SLOT_REF1="ts${2 * index + 1}" TIME_SLOT_REF2="ts${2 * index + 2}">
                <ANNOTATION_VALUE>${line.tay}</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>`,
  );
  const translation = lines.map(
    (line, index) => `        <ANNOTATION>
            <REF_ANNOTATION ANNOTATION_ID="t${index + 1}" ANNOTATION_REF="a${index + 1}">
                <ANNOTATION_VALUE>${line.vie}</ANNOTATION_VALUE>
            </REF_ANNOTATION>
        </ANNOTATION>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="heritage sample generator" DATE="2026-01-01T00:00:00+07:00" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///${media}" MIME_TYPE="audio/x-flac" RELATIVE_MEDIA_URL="./${media}"/>
    </HEADER>
    <TIME_ORDER>
${slots.join('\n')}
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="transcription" TIER_ID="transcription" PARTICIPANT="Singer A" LANG_REF="tyz">
${transcription.join('\n')}
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="translation" PARENT_REF="transcription" TIER_ID="translation-vie" LANG_REF="vie">
${translation.join('\n')}
    </TIER>
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="transcription" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="translation" TIME_ALIGNABLE="false"/>
    <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00130975-001" LANG_ID="tyz" LANG_LABEL="Tày (tyz)"/>
    <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00138580-001" LANG_ID="vie" LANG_LABEL="Vietnamese (vie)"/>
    <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>
</ANNOTATION_DOCUMENT>
`;
}

function vtt(lines: Line[], spans: { start: number; end: number }[]): string {
  const stamp = (seconds: number) => {
    const whole = Math.floor(seconds);
    const millis = Math.round((seconds - whole) * 1000);
    return `00:${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
  };
  return `WEBVTT\n\n${lines.map((line, index) => `${index + 1}\n${stamp(spans[index]?.start ?? 0)} --> ${stamp(spans[index]?.end ?? 0)}\n${line.tay}\n`).join('\n')}`;
}

async function page(
  lines: string[],
  title: string,
  file: string,
  format: 'png' | 'tiff',
): Promise<void> {
  const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  const body = lines
    .map(
      (line, index) =>
        `<text x="120" y="${260 + index * 70}" font-family="DejaVu Serif" font-size="40">${escapeXml(line)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1700" height="1100"><rect width="100%" height="100%" fill="#f4efe2"/><text x="120" y="150" font-family="DejaVu Serif" font-size="56" font-weight="bold">${escapeXml(title)}</text>${body}</svg>`;
  const image = sharp(Buffer.from(svg), { density: 72 }).greyscale().withMetadata({ density: 300 });
  if (format === 'png') await image.png().toFile(file);
  else {
    // CCITT G4 wants one bit per sample: render, then threshold the grey page.
    const grey = await image.png().toBuffer();
    await sharp(grey)
      .removeAlpha()
      .toColourspace('b-w')
      .threshold(160)
      .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 11.811, yres: 11.811 })
      .toFile(file);
  }
}

const thenLines: Line[] = [
  { tay: 'Then ơi, then ma bản slí', vie: 'Hỡi then, then về bản nhỏ' },
  { tay: 'Pỉ noọng lồng slam mừa chầu', vie: 'Anh em cùng nhau về chầu' },
  { tay: 'Tàn tính đeo ngòn pây slúng', vie: 'Đàn tính theo nhịp đi xa' },
];
const luonLines: Line[] = [
  { tay: 'Lượn slương slao pây kháy', vie: 'Lượn thương cô gái đi xa' },
  { tay: 'Bươn slam mừa thâng bản', vie: 'Tháng ba trở về đến bản' },
];
const songbookLines = [
  'Đàn tính ngân vang giữa núi rừng',
  'Tiếng then ngọt ngào như suối chảy',
  'Lượn thương gửi lại người đi xa',
  'Mùa xuân về hoa nở khắp bản',
];

const thenSpans = speak(thenLines, path.join(out, 'then-001.flac'));
writeFileSync(path.join(out, 'then-001.eaf'), eaf('then-001.flac', thenLines, thenSpans));
await page(
  thenLines.map((line) => line.vie),
  'Then giải hạn',
  path.join(out, 'then-001.png'),
  'png',
);
const luonSpans = speak(luonLines, path.join(out, 'luon-002.flac'));
writeFileSync(path.join(out, 'luon-002.vtt'), vtt(luonLines, luonSpans));
await page(songbookLines, 'Sổ bài hát', path.join(out, 'songbook-003.tif'), 'tiff');
speak(
  [{ tay: '', vie: 'Bài then cấm, chỉ giữ trong kho lưu trữ' }],
  path.join(out, 'then-004.flac'),
);
rmSync(scratch, { recursive: true, force: true });
console.log(`samples written to ${out}`);
