/**
 * Sample-exact clips of PCM WAV training copies. Written by hand rather than with a
 * WAV library because a clip is a byte range of the data chunk behind a fresh
 * 44-byte header: the libraries on npm decode every sample into arrays first, which
 * costs memory and time and adds nothing here.
 */

/** Where the samples of a PCM WAV file are, from its header. */
export interface WavLayout {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Bytes per sample frame (all channels). */
  blockAlign: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Whole sample frames in the data chunk. */
  frames: number;
}

/** A file that is not the PCM WAV the audio step writes; the message names it. */
export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
  }
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Reads the RIFF chunks up to `data` (skipping LIST and other chunks ffmpeg may write). */
export function readWavLayout(bytes: Uint8Array, source: string): WavLayout {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (
    view.length < 12 ||
    view.toString('ascii', 0, 4) !== 'RIFF' ||
    view.toString('ascii', 8, 12) !== 'WAVE'
  )
    throw new WavFormatError(source, 'is not a RIFF/WAVE file');
  let offset = 12;
  let format: Omit<WavLayout, 'dataOffset' | 'frames'> | undefined;
  while (offset + 8 <= view.length) {
    const id = view.toString('ascii', offset, offset + 4);
    const size = view.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > view.length)
        throw new WavFormatError(source, 'has a truncated fmt chunk');
      const tag = view.readUInt16LE(body);
      if (tag !== WAVE_FORMAT_PCM && tag !== WAVE_FORMAT_EXTENSIBLE)
        throw new WavFormatError(source, `holds format ${tag}, not integer PCM`);
      format = {
        channels: view.readUInt16LE(body + 2),
        sampleRate: view.readUInt32LE(body + 4),
        blockAlign: view.readUInt16LE(body + 12),
        bitsPerSample: view.readUInt16LE(body + 14),
      };
      if (format.channels < 1 || format.sampleRate < 1 || format.blockAlign < 1)
        throw new WavFormatError(source, 'declares no channels, rate or frame size');
    } else if (id === 'data') {
      if (!format) throw new WavFormatError(source, 'has its data chunk before its fmt chunk');
      // A streamed WAV may declare 0 or 0xFFFFFFFF: the samples then run to the end of the file.
      const declared = size === 0 || size === 0xffffffff ? view.length - body : size;
      const available = Math.min(declared, view.length - body);
      return { ...format, dataOffset: body, frames: Math.floor(available / format.blockAlign) };
    }
    offset = body + size + (size % 2);
  }
  throw new WavFormatError(source, 'has no data chunk');
}

/** The frame a time falls on: round(ms × rate / 1000), in integers so 3.021 s is not 48335.99…. */
export function frameAt(milliseconds: number, sampleRate: number): number {
  return Math.round((milliseconds * sampleRate) / 1000);
}

/**
 * A WAV file holding frames [startFrame, endFrame) of the source, copied byte for byte.
 * The caller clamps the range to the source.
 */
export function wavClip(
  source: Uint8Array,
  layout: WavLayout,
  startFrame: number,
  endFrame: number,
): Buffer {
  const frames = endFrame - startFrame;
  if (startFrame < 0 || frames < 0 || endFrame > layout.frames)
    throw new RangeError(`frames ${startFrame}-${endFrame} are outside 0-${layout.frames}`);
  const dataBytes = frames * layout.blockAlign;
  const clip = Buffer.allocUnsafe(44 + dataBytes);
  writeWavHeader(clip, layout, dataBytes);
  const from = layout.dataOffset + startFrame * layout.blockAlign;
  clip.set(source.subarray(from, from + dataBytes), 44);
  return clip;
}

function writeWavHeader(target: Buffer, layout: WavLayout, dataBytes: number): void {
  target.write('RIFF', 0, 'ascii');
  target.writeUInt32LE(36 + dataBytes, 4);
  target.write('WAVE', 8, 'ascii');
  target.write('fmt ', 12, 'ascii');
  target.writeUInt32LE(16, 16);
  target.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  target.writeUInt16LE(layout.channels, 22);
  target.writeUInt32LE(layout.sampleRate, 24);
  target.writeUInt32LE(layout.sampleRate * layout.blockAlign, 28);
  target.writeUInt16LE(layout.blockAlign, 32);
  target.writeUInt16LE(layout.bitsPerSample, 34);
  target.write('data', 36, 'ascii');
  target.writeUInt32LE(dataBytes, 40);
}
