import { describe, expect, it } from 'vitest';
import { derivativeStem } from '../../../src/media/audio/derivative-formats.js';
import {
  BadMediaError,
  MediaToolError,
  type ToolFailure,
} from '../../../src/media/audio/errors.js';
import { classifyToolFailure } from '../../../src/media/audio/failure-kind.js';
import {
  findMissingComponents,
  parseVersionLine,
} from '../../../src/media/audio/ffmpeg-versions.js';
import { parseProbeOutput } from '../../../src/media/audio/ffprobe-output.js';

function failure(overrides: Partial<ToolFailure>): ToolFailure {
  return {
    tool: 'ffmpeg',
    exitCode: 1,
    signal: null,
    timedOut: false,
    stderrTail: [],
    ...overrides,
  };
}

describe('classifyToolFailure', () => {
  it('blames the input for a refused container and names what it was read as', () => {
    const verdict = classifyToolFailure(
      failure({
        tool: 'ffprobe',
        stderrTail: [
          "[hls @ 0x55] [error] Format not on whitelist 'wav,flac'",
          '[error] x: Invalid argument',
        ],
      }),
    );
    expect(verdict.kind).toBe('bad-media');
    expect(verdict.kind === 'bad-media' && verdict.reason).toMatch(
      /read as "hls", which is not one of the accepted/,
    );
  });

  it('blames the input for undecodable data and drops the URL prefix', () => {
    const verdict = classifyToolFailure(
      failure({
        stderrTail: ['[error] file:/in/a: b.wav: Invalid data found when processing input'],
      }),
      '/in/a: b.wav',
    );
    expect(verdict).toEqual({
      kind: 'bad-media',
      reason: 'Invalid data found when processing input',
    });
  });

  it('treats timeouts, signals and full disks as passing trouble', () => {
    expect(
      classifyToolFailure(failure({ timedOut: true, exitCode: null, signal: 'SIGKILL' })),
    ).toEqual({ kind: 'transient' });
    expect(classifyToolFailure(failure({ exitCode: null, signal: 'SIGSEGV' }))).toEqual({
      kind: 'transient',
    });
    expect(
      classifyToolFailure(
        failure({
          stderrTail: [
            '[error] file:/out/x.wav: No space left on device',
            '[error] Invalid data found',
          ],
        }),
      ),
    ).toEqual({ kind: 'transient' });
  });

  it('blames ffprobe failures on the input by default, but not unexplained ffmpeg ones', () => {
    expect(
      classifyToolFailure(failure({ tool: 'ffprobe', stderrTail: ['[error] something odd'] })),
    ).toEqual({
      kind: 'bad-media',
      reason: 'something odd',
    });
    expect(
      classifyToolFailure(failure({ stderrTail: ['[fatal] Error initializing complex filters.'] })),
    ).toEqual({
      kind: 'transient',
    });
  });
});

describe('errors', () => {
  it('say which file and why, and whether retrying can help', () => {
    const bad = new BadMediaError('/in/song.mp3', 'no audio track');
    expect(bad.message).toBe('/in/song.mp3: no audio track');
    expect(bad.permanent).toBe(true);
    const tool = new MediaToolError('/in/song.mp3', failure({ stderrTail: ['[error] boom'] }));
    expect(tool.message).toBe('/in/song.mp3: ffmpeg exited with code 1\n  | [error] boom');
    expect(tool.permanent).toBe(false);
  });
});

const probeJson = (streams: unknown[]) =>
  JSON.stringify({
    streams,
    format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.5', size: '1000' },
  });

describe('parseProbeOutput', () => {
  it('lists audio tracks with their positions among audio and among all streams', () => {
    const probe = parseProbeOutput(
      '/in/v.mp4',
      probeJson([
        { index: 0, codec_type: 'video', codec_name: 'h264' },
        {
          index: 1,
          codec_type: 'audio',
          codec_name: 'flac',
          sample_fmt: 's32',
          sample_rate: '96000',
          channels: 2,
          bits_per_sample: 0,
          bits_per_raw_sample: '24',
          duration: '12.000000',
          tags: { language: 'vie' },
        },
        {
          index: 2,
          codec_type: 'audio',
          codec_name: 'aac',
          sample_rate: '44100',
          channels: 1,
          bits_per_sample: 0,
          tags: { language: 'und' },
        },
      ]),
    );
    expect(probe).toMatchObject({
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 12.5,
      sizeBytes: 1000,
      hasVideo: true,
    });
    expect(probe.tracks).toEqual([
      {
        audioIndex: 0,
        streamIndex: 1,
        codec: 'flac',
        sampleFormat: 's32',
        sampleRate: 96_000,
        channels: 2,
        channelLayout: null,
        bitDepth: 24,
        durationSeconds: 12,
        language: 'vie',
      },
      expect.objectContaining({
        audioIndex: 1,
        streamIndex: 2,
        bitDepth: null,
        durationSeconds: 12.5,
        language: null,
      }),
    ]);
  });

  it('refuses a file without audio, naming the file and what it has', () => {
    const parse = () =>
      parseProbeOutput(
        '/in/film.mp4',
        probeJson([{ index: 0, codec_type: 'video', codec_name: 'h264' }]),
      );
    expect(parse).toThrow(BadMediaError);
    expect(parse).toThrow(
      '/in/film.mp4: no audio track (mov,mp4,m4a,3gp,3g2,mj2 with streams: video)',
    );
  });

  it('refuses an audio track without a decoder or a sample rate', () => {
    expect(() =>
      parseProbeOutput('/in/a.mkv', probeJson([{ index: 0, codec_type: 'audio', channels: 2 }])),
    ).toThrow(/audio track 0 \(stream 0\) uses a codec ffmpeg cannot decode/);
    expect(() =>
      parseProbeOutput(
        '/in/a.mkv',
        probeJson([{ index: 3, codec_type: 'audio', codec_name: 'opus', channels: 2 }]),
      ),
    ).toThrow(/audio track 0 \(stream 3\) has no sample rate/);
  });

  it('refuses output that is not ffprobe JSON', () => {
    expect(() => parseProbeOutput('/in/a.wav', 'not json')).toThrow(
      /a\.wav: ffprobe did not describe the file/,
    );
  });
});

describe('derivativeStem', () => {
  it('keeps names safe for any filesystem and URL', () => {
    expect(derivativeStem('/in/Lượn cọi 1962 (take 2).wav')).toBe('L_n_c_i_1962_take_2_');
    expect(derivativeStem('/in/concat:a|b.flac')).toBe('concat_a_b');
    expect(derivativeStem('/in/.hidden')).toBe('hidden');
    expect(derivativeStem('/in/...')).toBe('recording');
  });
});

describe('versions', () => {
  it('reads the version from the first line', () => {
    expect(
      parseVersionLine('ffmpeg version 6.1.1-3ubuntu5 Copyright (c) 2000-2023\nbuilt with gcc'),
    ).toBe('6.1.1-3ubuntu5');
    expect(() => parseVersionLine('command not found')).toThrow(/unrecognised/);
  });

  it('lists required encoders and filters that a build lacks', () => {
    const encoders =
      ' A....D pcm_s16le   PCM signed 16-bit\n A....D flac   FLAC\n A....D libmp3lame  MP3';
    const filters =
      ' ... loudnorm  A->A  EBU R128\n ... aformat A->A x\n ... aresample A->A x\n ... asplit A->N x\n ... astats A->A x\n ... ametadata A->A x';
    expect(findMissingComponents(encoders, filters)).toEqual([
      'encoder libopus',
      'filter silencedetect',
    ]);
  });
});
