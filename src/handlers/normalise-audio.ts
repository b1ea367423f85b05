import { UnrecoverableError } from 'bullmq';
import type { Archive } from '../archive/archive.js';
import { withOriginalOnDisk } from '../archive/original-on-disk.js';
import type { JobOf, JobResult } from '../jobs/job-contract.js';
import type { JobName } from '../jobs/names.js';
import type { JobContext } from '../jobs/worker-runner.js';
import { BadMediaError } from '../media/audio/errors.js';
import { audioSettingsOf, normaliseRecording, probeOfTechnical } from '../media/audio/index.js';
import { newEvent } from '../model/event-log.js';
import { derivativePath } from './derivative-path.js';
import { stageDerivative } from './stage-derivative.js';

/**
 * `normalise-audio`: two-pass EBU R128 loudness normalisation of every audio track
 * of a recording, with training copy, access copy, waveform peaks and quality flags.
 */
export async function normaliseAudioHandler(
  archive: Archive,
  job: JobOf<typeof JobName.NormaliseAudio>,
  { signal }: JobContext,
): Promise<JobResult[typeof JobName.NormaliseAudio]> {
  const { itemId, asset, version, technical, derivativeStem } = job.data;
  const original = { objects: archive.objects, itemId, logicalPath: asset, version };
  return withOriginalOnDisk(archive.settings.dataDir, original, async (file, scratchDir) => {
    let result: Awaited<ReturnType<typeof normaliseRecording>>;
    try {
      result = await normaliseRecording({
        inputPath: file,
        outputDir: scratchDir,
        settings: audioSettingsOf(archive.settings),
        // Ingest has probed these bytes; older records lack some facts and probe again.
        probe: technical && probeOfTechnical(technical),
        stem: derivativeStem,
        signal,
        onProgress: (fraction) => void job.updateProgress(Math.round(fraction * 100)),
      });
    } catch (error) {
      if (error instanceof BadMediaError) throw new UnrecoverableError(`${asset}: ${error.reason}`);
      throw error;
    }
    const agent = `ffmpeg ${result.software.version}`;
    const derivatives = [];
    for (const track of result.tracks) {
      for (const derivative of Object.values(track.derivatives)) {
        derivatives.push(
          await stageDerivative(archive, job, derivative.path, {
            path: derivativePath(asset, 'audio', derivative.fileName),
            role: 'derivative',
            mediaType: derivative.mediaType,
            format: derivative.fileName.split('.').pop() ?? '',
            technical: {
              use: derivative.role,
              audioIndex: track.audioIndex,
              sampleRate: derivative.sampleRate,
              channels: 1,
            },
            derivedFrom: asset,
            derivation: { step: job.name, agent },
          }),
        );
      }
    }
    const tracks = result.tracks.map(({ derivatives: _files, ...track }) => track);
    const events = result.tracks.map((track) =>
      newEvent({
        type: 'normalization',
        agent,
        outcome: track.flags.length > 0 ? 'warning' : 'success',
        object: asset,
        detail:
          `track ${track.audioIndex}: ${track.loudness.input.integratedLufs} -> ${track.loudness.output.integratedLufs} LUFS ` +
          `(${track.loudness.mode} mode)${track.flags.length > 0 ? `; flags: ${track.flags.map((flag) => flag.code).join(', ')}` : ''}`,
        data: { loudness: track.loudness, flags: track.flags },
      }),
    );
    return {
      step: job.name,
      asset,
      status: 'done',
      derivatives,
      result: { input: { ...result.input, path: asset }, tracks },
      events,
    };
  });
}
