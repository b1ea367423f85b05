import { describe, expect, it } from 'vitest';
import type { MediaProbe } from '../../../src/media/audio/ffprobe-output.js';
import { probeOfTechnical, technicalOfProbe } from '../../../src/media/audio/recorded-probe.js';

const probe: MediaProbe = {
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: 12.5,
  durationSource: 'container',
  sizeBytes: 204_800,
  hasVideo: true,
  tracks: [
    {
      audioIndex: 0,
      streamIndex: 1,
      codec: 'aac',
      sampleFormat: 'fltp',
      sampleRate: 48_000,
      channels: 2,
      channelLayout: 'stereo',
      bitDepth: null,
      durationSeconds: 12.48,
      language: 'vie',
    },
    {
      audioIndex: 1,
      streamIndex: 2,
      codec: 'pcm_s24le',
      sampleFormat: 's32',
      sampleRate: 96_000,
      channels: 1,
      channelLayout: null,
      bitDepth: 24,
      durationSeconds: null,
      language: null,
    },
  ],
};

describe('the probe kept in a recording’s technical metadata', () => {
  it('gives back the same probe that ingest recorded', () => {
    const technical = JSON.parse(JSON.stringify(technicalOfProbe(probe)));
    expect(probeOfTechnical(technical)).toEqual(probe);
  });

  it('keeps the names archivists read: container, duration and the audio tracks', () => {
    expect(technicalOfProbe(probe)).toMatchObject({
      container: probe.formatName,
      durationSeconds: 12.5,
      audioTracks: [{ codec: 'aac', sampleRate: 48_000, channels: 2, language: 'vie' }, {}],
    });
  });

  it('is missing from a record written before every fact was kept, so the file is probed again', () => {
    const older = {
      container: 'flac',
      durationSeconds: 2,
      hasVideo: false,
      audioTracks: [
        {
          codec: 'flac',
          sampleRate: 16_000,
          channels: 1,
          bitDepth: 16,
          durationSeconds: 2,
          language: null,
        },
      ],
    };
    expect(probeOfTechnical(older)).toBeUndefined();
  });

  it('is missing from a record that does not say where its length came from, which may be a bitrate estimate', () => {
    const { durationSource: _source, ...withoutSource } = technicalOfProbe(probe);
    expect(probeOfTechnical(withoutSource)).toBeUndefined();
    expect(probeOfTechnical({ ...withoutSource, durationSource: 'packets' })).toEqual({
      ...probe,
      durationSource: 'packets',
    });
  });

  it('is missing when ffprobe could not read the file', () => {
    expect(probeOfTechnical({ unreadable: 'ffprobe: no audio track' })).toBeUndefined();
  });
});
