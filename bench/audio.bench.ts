/**
 * Audio normalisation wall time: `normaliseRecording` (probe, analysis pass with
 * loudness, silencedetect and the channels' levels, render pass writing training copy,
 * access copy and peaks) against the bare two-pass loudnorm commands (pass 1 measures,
 * pass 2 writes one 16 kHz training copy) on the same files, measured in the same run.
 *
 *   npx tsx bench/audio.bench.ts
 *   HERITAGE_BENCH_AUDIO_SECONDS=300 npx tsx bench/audio.bench.ts   # longer generated files
 *
 * Target: pipeline wall time <= 1.15x the bare commands over all files. Both sides run
 * their ffmpeg at the same lowered priority (the pipeline's niceness), and rounds
 * alternate their order, so that other work on the machine weighs on both alike.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { normaliseRecording } from '../src/media/audio/normalise-recording.js';
import {
  defaultAudioSettings,
  ffmpeg,
  jfkPath,
  sampleSpeechPath,
} from '../tests/support/audio-fixtures.js';
import { corpusLabel, corpusMissing } from '../tests/support/corpus.js';

const RATIO_TARGET = 1.15;
const ROUNDS = 3;
/** The niceness the pipeline gives its ffmpeg children (see src/audio/tool-runner.ts). */
const NICENESS = 10;
const seconds = Number(process.env.HERITAGE_BENCH_AUDIO_SECONDS ?? 60);

/** Runs ffmpeg as the bare baseline does: plain arguments, lowered priority, stderr kept. */
function runFfmpeg(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (child.pid !== undefined) os.setPriority(child.pid, NICENESS);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stderr)
        : reject(new Error(`ffmpeg exited ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

/** The two commands of the textbook two-pass loudnorm, with the pipeline's downmix and targets. */
async function bareTwoPass(input: string, output: string): Promise<void> {
  const { targetLufs, truePeakDbtp, trainingSampleRate } = defaultAudioSettings;
  const meter = `aformat=channel_layouts=mono,loudnorm=I=${targetLufs}:TP=${truePeakDbtp}:LRA=7:print_format=json`;
  // -vn in both passes: a video's pictures are not decoded, as in the pipeline.
  const log = await runFfmpeg([
    ...['-hide_banner', '-nostdin', '-nostats', '-i', input, '-vn'],
    ...['-af', meter, '-f', 'null', '-'],
  ]);
  const json = JSON.parse(log.slice(log.lastIndexOf('{'), log.lastIndexOf('}') + 1));
  // The same LRA rule as the pipeline, so both run the same loudnorm mode.
  const lra = Math.max(7, Math.ceil(Number(json.input_lra) * 10) / 10);
  const apply =
    `aformat=channel_layouts=mono,loudnorm=I=${targetLufs}:TP=${truePeakDbtp}:LRA=${lra}` +
    `:measured_I=${json.input_i}:measured_TP=${json.input_tp}:measured_LRA=${json.input_lra}` +
    `:measured_thresh=${json.input_thresh}:offset=${json.target_offset}:linear=true:print_format=json,` +
    `aresample=${trainingSampleRate}`;
  await runFfmpeg([
    ...['-hide_banner', '-nostdin', '-nostats', '-y', '-i', input, '-vn', '-af', apply],
    ...['-ar', String(trainingSampleRate), '-ac', '1', '-c:a', 'pcm_s16le', output],
  ]);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const dir = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-audio-'));
try {
  console.log(`generating ${seconds} s test files...`);
  // The bundled sample speech (8.8 s), looped to the length asked for.
  const loops = String(Math.ceil(seconds / 8.8) - 1);
  const files: Array<{ name: string; file: string }> = [];
  if (corpusMissing) console.log(`jfk.flac skipped: ${corpusLabel} not found`);
  else files.push({ name: 'jfk.flac (corpus, 11 s)', file: jfkPath });
  const speech = path.join(dir, 'speech.flac');
  await ffmpeg([
    ...['-stream_loop', loops, '-i', sampleSpeechPath, '-t', String(seconds)],
    ...['-ac', '2', '-ar', '44100', '-sample_fmt', 's32', '-c:a', 'flac', speech],
  ]);
  files.push({ name: `speech ${seconds} s, 24-bit stereo FLAC`, file: speech });
  const quiet = path.join(dir, 'quiet-click.wav');
  await ffmpeg([
    ...['-stream_loop', loops, '-i', sampleSpeechPath],
    ...[
      '-f',
      'lavfi',
      '-i',
      `aevalsrc=exprs=if(lt(mod(t\\,20)\\,0.001)\\,0.1\\,0):sample_rate=44100:duration=${seconds}`,
    ],
    '-filter_complex',
    '[0:a]volume=-35dB,pan=mono|c0=c0[s];[s][1:a]amix=inputs=2:normalize=0:duration=shortest',
    ...['-t', String(seconds), '-c:a', 'pcm_s16le', quiet],
  ]);
  files.push({ name: `quiet speech with clicks ${seconds} s (dynamic mode), WAV`, file: quiet });
  const video = path.join(dir, 'interview.mp4');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${seconds}`],
    ...['-stream_loop', loops, '-i', sampleSpeechPath, '-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-t', String(seconds), video],
  ]);
  files.push({ name: `interview ${seconds} s, H.264 + AAC MP4`, file: video });

  // One warm-up of each side so that disk caches and the version lookup are not counted.
  await normaliseRecording({
    inputPath: speech,
    outputDir: path.join(dir, 'warm'),
    settings: defaultAudioSettings,
  });
  await bareTwoPass(speech, path.join(dir, 'warm.wav'));

  let totalBare = 0;
  let totalPipeline = 0;
  console.log(
    '\nfile                                               audio s   bare ms  pipeline ms  ratio  realtime',
  );
  for (const [index, { name, file }] of files.entries()) {
    const bare: number[] = [];
    const pipeline: number[] = [];
    let duration = 0;
    const runPipeline = async () => {
      pipeline.push(
        await timed(async () => {
          const result = await normaliseRecording({
            inputPath: file,
            outputDir: path.join(dir, `out-${index}`),
            settings: defaultAudioSettings,
          });
          duration = result.tracks[0]?.quality.durationSeconds ?? 0;
        }),
      );
    };
    const runBare = async () => {
      bare.push(await timed(() => bareTwoPass(file, path.join(dir, `bare-${index}.wav`))));
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      if (round % 2 === 0) {
        await runBare();
        await runPipeline();
      } else {
        await runPipeline();
        await runBare();
      }
    }
    const bareMs = median(bare);
    const pipelineMs = median(pipeline);
    totalBare += bareMs;
    totalPipeline += pipelineMs;
    console.log(
      `${name.padEnd(50)} ${duration.toFixed(1).padStart(7)} ${bareMs.toFixed(0).padStart(9)} ${pipelineMs
        .toFixed(0)
        .padStart(12)} ${(pipelineMs / bareMs).toFixed(2).padStart(6)}x ${(
        duration /
        (pipelineMs / 1000)
      )
        .toFixed(0)
        .padStart(8)}x`,
    );
  }
  const ratio = totalPipeline / totalBare;
  console.log(
    `\nall files: bare ${totalBare.toFixed(0)} ms, pipeline ${totalPipeline.toFixed(0)} ms (medians of ${ROUNDS} rounds)`,
  );
  console.log(
    `ratio pipeline / bare two-pass: ${ratio.toFixed(2)}x (target <= ${RATIO_TARGET}x) ${ratio <= RATIO_TARGET ? 'OK' : 'MISSED'}`,
  );
  console.log(`peak RSS of this process: ${(peakRss / 1024 ** 2).toFixed(0)} MB`);
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}
