/**
 * Commands on an archive that already holds items, as an archivist runs them with the
 * embedded defaults (private PostgreSQL catalog, filesystem storage), from the built
 * CLI when there is one:
 *
 * 1. `heritage verify` of every object against `openssl dgst` of every file of the same
 *    storage root, once with `-sha512` and once with `-sha256` (one `openssl dgst` run
 *    computes only the last digest it is given): the same digests, with no inventory,
 *    sidecar, store record or catalog work. Target: at most 2x. Two archives: tiny
 *    text items (fixed costs per file weigh most), and recordings with their training
 *    and access copies (the bytes weigh most). A run over one tiny item shows what every
 *    run pays whatever the archive holds.
 * 2. `heritage items list` and `heritage status` against `node -e 0`. Targets: `items
 *    list` under 0.6 s, and no command above 250 MB of RSS.
 * 3. `heritage --version` against `node -e 0`: the start-up every command pays. Target:
 *    under 0.25 s.
 *
 * Each archive is made once by `heritage ingest`; each round runs every side in turn
 * (median of the rounds; ratios divide by the baseline of the same round). Each verify
 * run adds its fixity log object, so later rounds check one more.
 *
 *   npx tsx bench/existing-archive.bench.ts
 *   HERITAGE_BENCH_ITEMS=100 HERITAGE_BENCH_RECORDINGS=4 HERITAGE_BENCH_ROUNDS=3 npx tsx bench/existing-archive.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  embeddedEnvironment,
  heritageCommand,
  type Measure,
  measureCommand,
  median,
  stopCatalogServer,
  triple,
} from './command-measure.js';

const VERIFY_TARGET = 2;
const SECONDS_TARGET = 0.6;
const VERSION_SECONDS_TARGET = 0.25;
const RSS_TARGET_MB = 250;
const itemCount = Number(process.env.HERITAGE_BENCH_ITEMS ?? 300);
const recordingCount = Number(process.env.HERITAGE_BENCH_RECORDINGS ?? 6);
const RECORDING_SECONDS = 120;
const rounds = Number(process.env.HERITAGE_BENCH_ROUNDS ?? 3);

/** Makes an archive in its own data folder by ingesting what `fill` puts in a deposit. */
async function makeArchive(
  name: string,
  fill: (deposit: string) => Promise<void>,
): Promise<{ dataDir: string; env: NodeJS.ProcessEnv; hashEveryFile: string }> {
  const dataDir = path.join(work, `${name}-data`);
  const deposit = path.join(work, `${name}-deposit`);
  await mkdir(deposit);
  await fill(deposit);
  const env = embeddedEnvironment(dataDir);
  const ingest = spawnSync(
    heritageCommand[0] as string,
    [...heritageCommand.slice(1), 'ingest', deposit, '--collection', 'bench'],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (ingest.status !== 0) throw new Error(`heritage ingest of ${name}: exit ${ingest.status}`);
  const storageRoot = path.join(dataDir, 'archive');
  const everyFile = `find '${storageRoot}' -type f -print0`;
  return {
    dataDir,
    env,
    hashEveryFile: `${everyFile} | xargs -0 openssl dgst -sha512 && ${everyFile} | xargs -0 openssl dgst -sha256`,
  };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-archive-'));
const dataDirs: string[] = [];
try {
  const tiny = await makeArchive('tiny', async (deposit) => {
    for (let index = 0; index < itemCount; index += 1) {
      await writeFile(
        path.join(deposit, `item-${String(index).padStart(5, '0')}.txt`),
        `Lượn line ${index}\n`,
      );
    }
  });
  dataDirs.push(tiny.dataDir);
  const recordings = await makeArchive('recordings', async (deposit) => {
    for (let index = 0; index < recordingCount; index += 1) {
      const made = spawnSync('ffmpeg', [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i'],
        `sine=frequency=${200 + index * 40}:sample_rate=48000:duration=${RECORDING_SECONDS}`,
        ...['-ac', '2', '-c:a', 'pcm_s16le', path.join(deposit, `recording-${index}.wav`)],
      ]);
      if (made.status !== 0) throw new Error(`ffmpeg: ${made.stderr}`);
    }
  });
  dataDirs.push(recordings.dataDir);
  console.log(
    `${itemCount} tiny items; ${recordingCount} recordings of ${RECORDING_SECONDS} s; ${rounds} rounds; ` +
      `heritage from ${heritageCommand.at(-1)}; load ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
  );

  const heritage = (...args: string[]) => [...heritageCommand, ...args];
  const sides: Record<string, { command: string[]; env: NodeJS.ProcessEnv }> = {
    'openssl, tiny': { command: ['sh', '-c', tiny.hashEveryFile], env: tiny.env },
    'verify, tiny': { command: heritage('verify'), env: tiny.env },
    // One object: what every run pays whatever the archive holds (start-up, the catalog,
    // the fixity log's commit and events).
    'verify, one tiny item': { command: heritage('verify', 'item-00000'), env: tiny.env },
    'openssl, recordings': { command: ['sh', '-c', recordings.hashEveryFile], env: tiny.env },
    'verify, recordings': { command: heritage('verify'), env: recordings.env },
    node: { command: [process.execPath, '-e', '0'], env: tiny.env },
    version: { command: heritage('--version'), env: tiny.env },
    'items list': { command: heritage('items', 'list'), env: tiny.env },
    status: { command: heritage('status'), env: tiny.env },
  };
  type Side = keyof typeof sides;
  const results = new Map<Side, Measure[]>();
  for (let round = 0; round < rounds; round += 1) {
    for (const [side, { command, env }] of Object.entries(sides)) {
      results.set(side, [...(results.get(side) ?? []), await measureCommand(command, env)]);
    }
  }

  const of = (side: Side) => results.get(side) ?? [];
  console.log(
    '\ncommand                                           wall s min/med/max  CPU s med  peak RSS MB  ratio min/med/max',
  );
  const row = (label: string, side: Side, baseline?: Side) => {
    const measures = of(side);
    const ratios = baseline
      ? measures.map((m, round) => m.wallSeconds / (of(baseline)[round]?.wallSeconds ?? 0))
      : [];
    console.log(
      `${label.padEnd(48)}${triple(
        measures.map((m) => m.wallSeconds),
        2,
      ).padStart(20)}${median(measures.map((m) => m.cpuSeconds))
        .toFixed(2)
        .padStart(11)}${Math.max(...measures.map((m) => m.maxRssMb ?? Number.NaN))
        .toFixed(0)
        .padStart(13)}${ratios.length > 0 ? triple(ratios, 2).padStart(19) : ''}`,
    );
    return { ratio: median(ratios), seconds: median(measures.map((m) => m.wallSeconds)) };
  };
  row('openssl dgst -sha512, -sha256: tiny items', 'openssl, tiny');
  const verifyTiny = row(
    `heritage verify, ${itemCount} tiny items`,
    'verify, tiny',
    'openssl, tiny',
  );
  const verifyOne = row(
    'heritage verify, one tiny item (fixed cost)',
    'verify, one tiny item',
    'openssl, tiny',
  );
  row('openssl dgst -sha512, -sha256: recordings', 'openssl, recordings');
  const verifyRecordings = row(
    `heritage verify, ${recordingCount} recordings`,
    'verify, recordings',
    'openssl, recordings',
  );
  row('node -e 0', 'node');
  const version = row('heritage --version', 'version', 'node');
  const list = row('heritage items list', 'items list', 'node');
  const status = row('heritage status', 'status', 'node');
  const peak = Math.max(
    ...Object.keys(sides).flatMap((side) => of(side).map((m) => m.maxRssMb ?? 0)),
  );
  const verdict = (met: boolean) => (met ? 'met' : 'not met');
  for (const [what, verify] of [
    ['tiny items', verifyTiny],
    ['recordings', verifyRecordings],
  ] as const) {
    console.log(
      `verify / openssl, ${what}: ${verify.ratio.toFixed(2)} (target <= ${VERIFY_TARGET}: ${verdict(verify.ratio <= VERIFY_TARGET)})`,
    );
  }
  console.log(
    `verify of one tiny item / openssl over all ${itemCount}: ${verifyOne.ratio.toFixed(2)} (the fixed cost alone)`,
  );
  console.log(
    `heritage --version ${version.seconds.toFixed(2)} s (target < ${VERSION_SECONDS_TARGET} s: ${verdict(version.seconds < VERSION_SECONDS_TARGET)})`,
  );
  console.log(
    `items list ${list.seconds.toFixed(2)} s (target < ${SECONDS_TARGET} s: ${verdict(list.seconds < SECONDS_TARGET)}), ` +
      `status ${status.seconds.toFixed(2)} s; ` +
      `peak RSS ${peak.toFixed(0)} MB (target < ${RSS_TARGET_MB} MB: ${verdict(peak < RSS_TARGET_MB)})`,
  );
} finally {
  for (const dataDir of dataDirs) await stopCatalogServer(dataDir);
  await rm(work, { recursive: true, force: true });
}
