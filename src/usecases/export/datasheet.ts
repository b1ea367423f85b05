import { pauseMinSeconds, silenceBelowTargetDb } from '../../media/audio/voice-activity.js';
import { compareText } from './compare-text.js';
import type { CardFacts } from './dataset-card.js';
import type { SplitName } from './export-request.js';
import type { LanguageCounts } from './language-counts.js';
import { presentSplits } from './present-splits.js';
import type { OriginCounts } from './text-origin.js';
import { MAX_CLIP_SECONDS, MIN_CLIP_SECONDS } from './unlabelled-clips.js';

/**
 * The Markdown body of the dataset card: a datasheet (Gebru et al., "Datasheets for
 * Datasets") with one section per part of the dataset. Nothing in it depends on the
 * time of the export.
 */
export function datasheet(facts: CardFacts): string {
  return `${overview(facts)}${speechSection(facts)}
${unlabelledSection(facts)}
${textSection(facts)}
${parallelSection(facts)}
${ocrSection(facts)}
${consentAndProtocols(facts)}${preparationAndExclusions(facts)}`;
}

/** Title, motivation and composition, with rows by language. */
function overview(facts: CardFacts): string {
  const speech = presentSplits(facts.speech.splits);
  const unlabelled = presentSplits(facts.unlabelled.splits);
  const text = presentSplits(facts.text);
  return `# ${facts.collections.map((collection) => collection.title).join('; ') || 'heritage dataset'}

Dataset export \`${facts.exportId}\` made by heritage ${facts.toolVersion} from ${facts.itemCount} archive item(s).
\`export_manifest.json\` names every item and object version it was read from; \`SHA256SUMS\` covers every file.

## Motivation

Released so that speech and language technology can serve the communities whose
songs these are: ${list(facts.collections.map((collection) => collection.community ?? collection.title))}.
Only material whose consent record includes machine-learning training is here.

## Composition

- Collections: ${list(facts.collections.map((collection) => `${collection.id} (${collection.title})`))}
- Languages (BCP-47): ${list(facts.languages)}
- Licences: ${list(facts.licences)}

Rows per config and split (what was left out, and why, is named item by item in
\`export_manifest.json\`, under \`excluded\`; see Exclusions below):

${table(
  ['config', 'split', 'rows', 'duration', 'characters', 'languages', 'text origins'],
  configRows(facts),
)}

Rows by language (a transcript's language is its tier's; an OCR page read with one
language model is in that model's language, else in the item's):

${table(
  ['config', 'split', 'language', 'rows', 'duration', 'characters'],
  [
    ...languageRows('speech', speech, hours),
    ...languageRows('unlabelled', unlabelled, hours),
    ...languageRows('text', text, hours),
  ],
)}

`;
}

function speechSection(facts: CardFacts): string {
  const speech = presentSplits(facts.speech.splits);
  return speech.length > 0
    ? `### Speech (\`data/\`, \`audio/\`, \`lhotse/\`, \`nemo/\`)

Utterance clips cut sample-exactly at transcript segment boundaries from the
${facts.speech.sampleRate} Hz mono training copies. The same clips come as Hugging Face
parquet shards (\`data/<split>-NNNNN-of-NNNNN.parquet\`, column \`audio\` = {bytes, path}),
an audiofolder (\`audio/<split>/*.wav\` + \`metadata.jsonl\`), Lhotse manifests
(\`lhotse/<split>/recordings.jsonl.gz\`, \`supervisions.jsonl.gz\`) and NeMo manifests
(\`nemo/<split>_manifest.json\`). \`ritual_terms\` and \`symbol_terms\` are the vocabulary
terms of ritual and symbol annotations that overlap each utterance.

${table(
  ['split', 'utterances', 'duration', 'shards'],
  speech.map(([name, split]) => [name, split.utterances, hours(split.seconds), split.shards]),
)}

${originTable(speech)}
`
    : 'No speech: no included item has a timed transcription on a usable recording.\n';
}

function unlabelledSection(facts: CardFacts): string {
  const unlabelled = presentSplits(facts.unlabelled.splits);
  return unlabelled.length > 0
    ? `### Unlabelled speech (\`unlabelled/data/\`, \`unlabelled/audio/\`)

Clips of speech nobody has transcribed, for self-supervised pretraining (wav2vec 2.0,
HuBERT): the voiced stretches of the same training copies, found by ffmpeg's
\`silencedetect\` (silence is ${silenceBelowTargetDb} dB below the copy's loudness target for at least
${pauseMinSeconds} s), less every transcribed segment, so no sample is in both this config and
the speech config. Stretches shorter than ${MIN_CLIP_SECONDS} s are dropped, longer than ${MAX_CLIP_SECONDS} s cut into equal
pieces. Columns \`{id, audio, language, speaker_id, item_id, collection_id, licence,
duration, offset}\`; \`language\` is the item's. Split by speaker with the speech config,
so a voice held out for testing is not pretrained on.

${table(
  ['split', 'clips', 'duration', 'shards'],
  unlabelled.map(([name, split]) => [name, split.clips, hours(split.seconds), split.shards]),
)}
`
    : 'No unlabelled speech: no included recording has a voiced stretch of 2 s outside its transcribed segments.\n';
}

function textSection(facts: CardFacts): string {
  const text = presentSplits(facts.text);
  return text.length > 0
    ? `### Text (\`text/<split>.jsonl\`)

One document per line, \`{id, text, language, source_item, licence, text_origin,
text_origin_tool}\`: transcripts (one per recording) and OCR pages (a linguist's correction
preferred over the engine's text).

${table(
  ['split', 'documents', 'bytes'],
  text.map(([name, split]) => [name, split.documents, split.bytes]),
)}

${originTable(text)}
`
    : 'No text documents.\n';
}

function parallelSection(facts: CardFacts): string {
  const parallel = presentSplits(facts.parallel);
  return parallel.length > 0
    ? `### Parallel text (\`parallel/<split>.jsonl\`)

Aligned pairs \`{id, source_lang, target_lang, source, target, item_id, offset, duration,
text_origin, text_origin_tool}\`: each transcription line with the translations of the same
recording that share most of its time span (ELAN child tiers carry their parent's span, so
they pair with it exactly). Split by item, like the texts.

${table(
  ['split', 'pairs', 'languages'],
  parallel.map(([name, split]) => [
    name,
    split.pairs,
    Object.entries(split.languagePairs)
      .sort(([a], [b]) => compareText(a, b))
      .map(([languages, count]) => `${languages} ${count}`)
      .join(', '),
  ]),
)}

${originTable(parallel)}
`
    : 'No parallel text (no translation shares a span with a transcription).\n';
}

function ocrSection(facts: CardFacts): string {
  const ocr = presentSplits(facts.ocr.splits);
  return ocr.length > 0
    ? `### OCR lines (\`ocr/<split>/\`)

Line images and ground truth in the tesstrain layout (\`<name>.png\` + \`<name>.gt.txt\`), from
pages a linguist corrected; \`metadata.jsonl\` lets \`datasets\` load them as an imagefolder.

${table(
  ['split', 'lines'],
  ocr.map(([name, split]) => [name, split.lines]),
)}

${originTable(ocr)}
`
    : 'No OCR line pairs (no corrected page with a line layout).\n';
}

/** Text origin, consent, cultural protocols and TK labels. */
function consentAndProtocols(facts: CardFacts): string {
  const { request } = facts;
  return `## Text origin

Every row says where its text came from (\`text_origin\`): \`human\` (typed by a person, or
read from a transcript or ELAN document a person deposited), \`ocr\` (read by OCR, with
the engine and version in \`text_origin_tool\`), \`ocr-corrected\` (an OCR page a person
corrected as a whole) or \`machine\` (made by a model, with the model and version).
${request.filters.textOrigins.length === 0 ? 'Rows of every origin were taken.' : `Only rows of origin ${list(request.filters.textOrigins)} were taken.`}
Transcripts and annotations are all \`human\`: the archive makes none by machine.

## Collection process and consent

Items were deposited with a consent record per item: who consented, to which uses,
and whether consent was later withdrawn. Every item here was checked by the archive's
access policy for the purpose \`ml-training-export\`: its consent names
\`ml-training\` and has not been withdrawn. Speakers appear under a pseudonym that is
stable within a collection (a keyed hash the archive keeps secret), unless the item's
consent includes \`name-attribution\` (${facts.namedSpeakerItems} item(s)). Transcripts do not say who
sings each line: an item's utterances are attributed to its principal singer or performer.

## Cultural protocols and TK labels

Access protocols allowed in this export: ${list(request.filters.accessProtocols)}.
Material under the \`secret-sacred\` protocol is never exported.
Items by protocol: ${list(facts.protocols.map(([protocol, count]) => `${protocol} ${count}`))}.

Traditional Knowledge and Biocultural labels (Local Contexts) on included items:
${facts.tkLabels.length === 0 ? 'none.' : facts.tkLabels.map(([label, count]) => `- ${label} (${count} item(s))`).join('\n')}

Follow these labels and the communities' wishes in any use of this data.

`;
}

/** Preprocessing, splits, exclusions and maintenance. */
function preparationAndExclusions(facts: CardFacts): string {
  const { request } = facts;
  const ratio = (split: SplitName) => `${Math.round(request.splits[split] * 1000) / 10}%`;
  return `## Preprocessing

- Audio: two-pass EBU R128 loudness normalisation (targets ${list(facts.loudnessTargets)}), downmixed
  to mono, resampled to ${facts.speech.sampleRate} Hz, 16-bit PCM WAV (${list(facts.audioAgents)}).
  Recordings with the quality flags ${list(request.quality.excludeAudioFlags)} are left out.
- Text: Unicode NFC, line ends unified, outer whitespace trimmed, exact duplicates removed.
- OCR: ${facts.ocrEngine} with language data \`${facts.ocrLanguages}\` (tessdata_best_int);
  uncorrected pages below ${request.quality.minOcrConfidence}% mean word confidence are left out.
- Unlabelled speech: ffmpeg \`silencedetect\` on each training copy, silence at ${silenceBelowTargetDb} dB below
  its loudness target held for ${pauseMinSeconds} s (measured on real speech: pauses sit some 25 dB
  below the target, gaps between words are shorter than ${pauseMinSeconds} s); clips ${MIN_CLIP_SECONDS}-${MAX_CLIP_SECONDS} s.
- Configs written: ${list(request.configs)}.

## Splits

Deterministic and group-aware: each group goes to a split by the sha256 of
\`${request.splitSeed}\` and its key, against the ratios train ${ratio('train')}, validation
${ratio('validation')}, test ${ratio('test')}. Speech is grouped by speaker, text and OCR lines by
source item, so no speaker or document is in two splits; unlabelled clips go with the
speech of the same speaker (the item when nobody is named), so no item is in two splits of any config, and adding items never moves
the ones already placed${request.minSplit > 0 ? ` (except groups moved so that each split with a share holds at least ${request.minSplit} group(s): the lowest hashes of the largest split, so the move is deterministic too)` : ''}.
${splitWarnings(facts.splitNotes)}
## Exclusions

\`export_manifest.json\` names each item or part counted here (\`excluded\`: unit, item,
part, reason), except the items the access policy keeps from this export (another
protocol, consent withdrawn or not given), which are counted only. Secret/sacred
material is neither named nor counted.

${
  facts.exclusions.length === 0
    ? 'Nothing was left out.'
    : table(
        ['unit', 'reason', 'count'],
        facts.exclusions.map((entry) => [entry.unit, entry.reason, entry.count]),
      )
}

## Maintenance

Made by heritage ${facts.toolVersion}. Re-running the export with the same parameters on the
same archive state gives byte-identical files; a consent withdrawn later removes the item
from the next export, and users should move to it. Report problems to the depositor(s):
${list([...new Set(facts.collections.map((collection) => collection.depositor ?? 'the archive'))])}.
`;
}

function hours(seconds: number): string {
  const whole = Math.round(seconds);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${Math.floor(whole / 3600)}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
}

/** A Markdown table. */
function table(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function list(values: readonly string[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}

/** Rows and characters by split and text origin. */
function originTable(splits: [SplitName, { origins: OriginCounts }][]): string {
  return table(
    ['split', 'text origin', 'rows', 'characters'],
    splits.flatMap(([name, split]) =>
      Object.entries(split.origins)
        .sort(([a], [b]) => compareText(a, b))
        .map(([origin, counts]) => [name, origin, counts.rows, counts.characters]),
    ),
  );
}

/** One card row per config and split: rows, audio, characters, languages, text origins. */
function configRows(facts: CardFacts): (string | number)[][] {
  const origins = (counts: OriginCounts) =>
    Object.entries(counts)
      .sort(([a], [b]) => compareText(a, b))
      .map(([origin, entry]) => `${origin} ${entry.rows}`)
      .join(', ') || '-';
  const characters = (counts: OriginCounts) =>
    Object.values(counts).reduce((total, entry) => total + entry.characters, 0);
  const languages = (counts: LanguageCounts) =>
    Object.keys(counts).sort(compareText).join(', ') || '-';
  return [
    ...presentSplits(facts.speech.splits).map(([split, summary]) => [
      'speech',
      split,
      summary.utterances,
      hours(summary.seconds),
      characters(summary.origins),
      languages(summary.languages),
      origins(summary.origins),
    ]),
    ...presentSplits(facts.unlabelled.splits).map(([split, summary]) => [
      'unlabelled',
      split,
      summary.clips,
      hours(summary.seconds),
      0,
      languages(summary.languages),
      '- (no text)',
    ]),
    ...presentSplits(facts.text).map(([split, summary]) => [
      'text',
      split,
      summary.documents,
      '-',
      characters(summary.origins),
      languages(summary.languages),
      origins(summary.origins),
    ]),
    ...presentSplits(facts.parallel).map(([split, summary]) => [
      'parallel',
      split,
      summary.pairs,
      '-',
      characters(summary.origins),
      Object.keys(summary.languagePairs).sort(compareText).join(', ') || '-',
      origins(summary.origins),
    ]),
    ...presentSplits(facts.ocr.splits).map(([split, summary]) => [
      'ocr-lines',
      split,
      summary.lines,
      '-',
      characters(summary.origins),
      '-',
      origins(summary.origins),
    ]),
  ];
}

/** One card row per config, split and language, in that order. */
function languageRows(
  config: string,
  splits: [SplitName, { languages: LanguageCounts }][],
  hours: (seconds: number) => string,
): (string | number)[][] {
  return splits.flatMap(([split, summary]) =>
    Object.entries(summary.languages)
      .sort(([a], [b]) => compareText(a, b))
      .map(([language, counts]) => [
        config,
        split,
        language,
        counts.rows,
        counts.seconds > 0 ? hours(counts.seconds) : '-',
        counts.characters,
      ]),
  );
}

/** Split notes as a bold list, after a blank line; nothing when there are none. */
function splitWarnings(notes: readonly string[]): string {
  return notes.length === 0 ? '' : `\n${notes.map((note) => `- **${note}**`).join('\n')}\n`;
}
