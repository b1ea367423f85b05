import { describe, expect, it } from 'vitest';
import { buildItemFlow, jobsOfFlow, PIPELINE_VERSION } from '../../src/jobs/item-flow.js';
import { longestFirst } from '../../src/jobs/job-priority.js';

const steps = [
  {
    name: 'normalise-audio',
    asset: 'originals/a.wav',
    sha256: 'a'.repeat(64),
    derivativeStem: 'a',
  },
  { name: 'ocr-page', asset: 'originals/a.tif', sha256: 'b'.repeat(64), derivativeStem: 'a' },
] as const;

describe('an item flow', () => {
  it('has one child per step under a finalise-item parent, each on its queue', () => {
    const flow = buildItemFlow('then-001', 'v1', [...steps]);
    expect(flow.name).toBe('finalise-item');
    expect(flow.queueName).toBe('finalise');
    expect(flow.children?.map((child) => [child.name, child.queueName])).toEqual([
      ['normalise-audio', 'audio'],
      ['ocr-page', 'ocr'],
    ]);
    expect(flow.children?.every((child) => child.opts?.ignoreDependencyOnFailure)).toBe(true);
  });

  it('gives the job of a recording a priority from its duration, other steps none', () => {
    const flow = buildItemFlow('then-001', 'v1', [
      { ...steps[0], technical: { durationSeconds: 600 } },
      steps[1],
    ]);
    expect(flow.children?.map((child) => child.opts?.priority)).toEqual([
      longestFirst({ durationSeconds: 600 }),
      undefined,
    ]);
  });

  it('gives the same job ids to the same content, new ids to changed content, and none with ":"', () => {
    const first = buildItemFlow('then-001', 'v1', [...steps]);
    const again = buildItemFlow('then-001', 'v2', [...steps]);
    const changed = buildItemFlow('then-001', 'v2', [
      steps[0],
      { ...steps[1], sha256: 'c'.repeat(64) },
    ]);
    const ids = (flow: typeof first) => [
      flow.opts?.jobId,
      ...(flow.children ?? []).map((child) => child.opts?.jobId),
    ];
    expect(ids(again)).toEqual(ids(first));
    expect(ids(changed)[1]).toBe(ids(first)[1]);
    expect(ids(changed)[2]).not.toBe(ids(first)[2]);
    expect(ids(changed)[0]).not.toBe(ids(first)[0]);
    for (const id of ids(first)) {
      expect(id).not.toContain(':');
      expect(id).toContain(`.p${PIPELINE_VERSION}`);
    }
  });

  it('lists its jobs with their queues, whatever dots the item id holds', () => {
    const flow = buildItemFlow('tape.3.side-a', 'v1', [...steps]);
    expect(jobsOfFlow(flow).map((job) => [job.queue, job.role])).toEqual([
      ['finalise', 'parent'],
      ['audio', 'child'],
      ['ocr', 'child'],
    ]);
    expect(jobsOfFlow(flow).every((job) => job.id.startsWith('tape.3.side-a.'))).toBe(true);
  });
});
