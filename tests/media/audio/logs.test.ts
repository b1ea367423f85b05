import { describe, expect, it, vi } from 'vitest';
import { LineTail, parseLogLine } from '../../../src/media/audio/ffmpeg-log.js';
import {
  ProgressReporter,
  parseProgressSeconds,
} from '../../../src/media/audio/ffmpeg-progress.js';
import { FilterReportCollector } from '../../../src/media/audio/filter-reports.js';

describe('parseLogLine', () => {
  it('splits a filter line into its instance, level and message', () => {
    expect(parseLogLine('[ametadata@t1 @ 0x55d0c3a0] [info] lavfi.silence_start=2.5')).toEqual({
      source: 'ametadata@t1',
      level: 'info',
      message: 'lavfi.silence_start=2.5',
    });
  });

  it('reads lines without a context, without a level, and continuation lines', () => {
    expect(parseLogLine('[error] Error while decoding stream #0:2: Invalid data')).toEqual({
      source: null,
      level: 'error',
      message: 'Error while decoding stream #0:2: Invalid data',
    });
    expect(parseLogLine("[hls @ 0x5f] Format not on whitelist 'wav'")).toEqual({
      source: 'hls',
      level: null,
      message: "Format not on whitelist 'wav'",
    });
    expect(parseLogLine('\t"input_i" : "-20.00",')).toEqual({
      source: null,
      level: null,
      message: '\t"input_i" : "-20.00",',
    });
  });
});

describe('LineTail', () => {
  it('keeps only the last lines, skipping blank ones', () => {
    const tail = new LineTail(2);
    for (const line of ['one', '', 'two', 'three']) tail.push(line);
    expect(tail.toArray()).toEqual(['two', 'three']);
  });
});

const loudnormBlock = (label: string, inputI: string) => [
  `[loudnorm@${label} @ 0x1] [info] `,
  '{',
  `\t"input_i" : "${inputI}",`,
  '\t"input_tp" : "-3.00",',
  '\t"input_lra" : "6.10",',
  '\t"input_thresh" : "-30.50",',
  '\t"output_i" : "-23.00",',
  '\t"output_tp" : "-2.00",',
  '\t"output_lra" : "5.00",',
  '\t"output_thresh" : "-33.00",',
  '\t"normalization_type" : "linear",',
  '\t"target_offset" : "0.10"',
  '}',
];

describe('FilterReportCollector', () => {
  it("keeps each track's loudnorm report apart", () => {
    const collector = new FilterReportCollector();
    for (const line of [...loudnormBlock('t1', '-19.50'), ...loudnormBlock('t0', '-27.25')])
      collector.push(line);
    expect(collector.reportsOf('t0').loudnorm?.inputI).toBe(-27.25);
    expect(collector.reportsOf('t1').loudnorm?.inputI).toBe(-19.5);
    expect(collector.reportsOf('t1').loudnorm?.inputLra).toBe(6.1);
  });

  it("reads each track's ebur128 summary, the last one printed winning", () => {
    const collector = new FilterReportCollector();
    const summary = (label: string, integrated: string, peak: string) => [
      `[ebur128@${label} @ 0x2] [info] Summary:`,
      '',
      '  Integrated loudness:',
      `    I:         ${integrated} LUFS`,
      '    Threshold: -26.4 LUFS',
      '',
      '  Loudness range:',
      '    LRA:         6.2 LU',
      '    Threshold: -36.5 LUFS',
      '    LRA low:   -21.0 LUFS',
      '    LRA high:  -14.8 LUFS',
      '',
      '  True peak:',
      `    Peak:       ${peak} dBFS`,
    ];
    const lines = [
      // ffmpeg 5.1 closes a first, unused copy of the graph before the real run.
      ...summary('t0', '-70.0', '-inf'),
      '[info] Stream mapping:',
      ...summary('t0', '-16.1', '-0.8'),
      ...summary('t1', '-70.0', '-inf'),
      '[info] video:0kB audio:5168kB',
    ];
    for (const line of lines) collector.push(line);
    expect(collector.reportsOf('t0').loudness).toEqual({
      integratedLufs: -16.1,
      thresholdLufs: -26.4,
      loudnessRangeLu: 6.2,
      truePeakDbtp: -0.8,
    });
    // Nothing above ebur128's absolute gate: digital silence, nothing to measure.
    expect(collector.reportsOf('t1').loudness).toMatchObject({
      integratedLufs: null,
      truePeakDbtp: null,
    });
  });

  it('pairs silence starts and ends printed by ametadata, and keeps an open stretch open', () => {
    const collector = new FilterReportCollector(1);
    const lines = [
      'frame:53   pts:108544  pts_time:2.46',
      'lavfi.silence_start=2',
      'lavfi.silence_end=5.5',
      'lavfi.silence_duration=3.5',
      'lavfi.silence_start=7',
      'lavfi.silence_end=9',
      'lavfi.silence_start=12.25',
    ];
    for (const line of lines) collector.push(`[ametadata@t2 @ 0xb] [info] ${line}`);
    // silencedetect's own lines carry no track label and must not count.
    collector.push('[silencedetect @ 0xc] [info] silence_start: 99');
    const silence = collector.reportsOf('t2').silence;
    expect(silence.stretches).toEqual([{ startSeconds: 2, endSeconds: 5.5 }]);
    expect(silence.count).toBe(2);
    expect(silence.totalSeconds).toBe(5.5);
    expect(silence.openSinceSeconds).toBe(12.25);
  });

  it('counts decoding errors per input stream', () => {
    const collector = new FilterReportCollector();
    collector.push('[flac @ 0x1] [error] invalid residual');
    collector.push(
      '[error] Error while decoding stream #0:1: Invalid data found when processing input',
    );
    collector.push(
      '[error] Error while decoding stream #0:1: Invalid data found when processing input',
    );
    expect(collector.decodeErrorsOf(1)).toBe(2);
    expect(collector.decodeErrorsOf(0)).toBe(0);
  });
});

describe('progress', () => {
  it('reads out_time_us and ignores other keys and N/A', () => {
    expect(parseProgressSeconds('out_time_us=2500000')).toBe(2.5);
    expect(parseProgressSeconds('out_time_us=N/A')).toBeUndefined();
    expect(parseProgressSeconds('out_time_ms=2500000')).toBeUndefined();
    expect(parseProgressSeconds('progress=continue')).toBeUndefined();
  });

  it('maps each pass onto its span of the whole and never goes back', () => {
    const seen = vi.fn();
    const reporter = new ProgressReporter(seen);
    const first = reporter.pass(0, 0.5, 10);
    first(5);
    first(3);
    first(20);
    reporter.pass(0.5, 1, 10)(5);
    reporter.report(1);
    expect(seen.mock.calls.map(([fraction]) => fraction)).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('stays silent when the duration is unknown', () => {
    const seen = vi.fn();
    new ProgressReporter(seen).pass(0, 1, null)(5);
    expect(seen).not.toHaveBeenCalled();
  });
});
