import { describe, expect, it } from 'vitest';
import { annotationOrigin } from '../../../src/usecases/export/text-origin.js';

describe('the text origin of annotations', () => {
  it('is human when people wrote every one', () => {
    expect(annotationOrigin({}, {})).toEqual({ origin: 'human', tool: null });
  });

  it('is machine when any one of a row is, naming each tool once', () => {
    const whisper = { origin: { kind: 'machine' as const, tool: 'whisper large-v3' } };
    const mms = { origin: { kind: 'machine' as const, tool: 'mms-1b-all' } };
    expect(annotationOrigin({}, whisper)).toEqual({ origin: 'machine', tool: 'whisper large-v3' });
    expect(annotationOrigin(whisper, mms, whisper, {})).toEqual({
      origin: 'machine',
      tool: 'mms-1b-all, whisper large-v3',
    });
  });
});
