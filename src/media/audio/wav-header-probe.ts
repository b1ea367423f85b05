import type { MediaProbe } from './ffprobe-output.js';
import { type ReadAt, readRegularFile } from './header-file.js';
import { headerProbe } from './header-probe.js';

/**
 * Written by hand: a plain PCM WAV is described by its first few dozen bytes, and on
 * Debian launching ffprobe for them costs 0.15-0.2 CPU-s (its dynamic loader mapping
 * some 200 libraries), a fifth of the CPU of a deposit of short recordings. No library
 * gives ffprobe's names and rounding, which the record keeps (`recorded-probe.ts`), so
 * this reads only what it can describe exactly as ffprobe 5.1 does and leaves the rest
 * to ffprobe: RF64, compressed codecs, unusual widths, channel masks, a length the
 * header does not settle, and anything odd in the chunk list.
 */

/** Where ffmpeg looks for S/PDIF bursts inside PCM (`set_spdif` in its wav demuxer). */
const SPDIF_PROBE_BYTES = 1 << 16;
/** The IEC 61937 preamble Pa Pb in either byte order: a compressed stream carried as PCM. */
const SPDIF_SYNC = [Buffer.from([0x72, 0xf8, 0x1f, 0x4e]), Buffer.from([0xf8, 0x72, 0x4e, 0x1f])];
const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;
/** The tail every KSDATAFORMAT_SUBTYPE GUID shares after its format tag. */
const SUBTYPE_GUID_TAIL = Buffer.from('000000001000800000aa00389b71', 'hex');
/** The only channel masks described here, with ffmpeg's names for them. */
const LAYOUT_OF_MASK = new Map([
  [0x4, { channels: 1, layout: 'mono' }],
  [0x3, { channels: 2, layout: 'stereo' }],
]);
/** A chunk list longer than this is left to ffprobe. */
const MAX_CHUNKS = 64;
const MAX_FMT_BYTES = 64;

interface PcmFormat {
  codec: string;
  sampleFormat: string;
  channels: number;
  sampleRate: number;
  bits: number;
  channelLayout: string | null;
}

interface Chunk {
  id: string;
  offset: number;
  size: number;
}

/**
 * ffprobe's description of `file` when it is a plain PCM WAV (8-, 16-, 24- or 32-bit
 * integer, 32- or 64-bit float) whose length its header settles; `undefined` for
 * anything else, which ffprobe then describes.
 */
export function probeWavHeader(file: string): Promise<MediaProbe | undefined> {
  return readRegularFile(file, wavFromHeader);
}

/** `probeWavHeader` of a file already open, read through `read`. */
export async function wavFromHeader(read: ReadAt, size: number): Promise<MediaProbe | undefined> {
  const riff = await read(0, 12);
  if (riff.length < 12 || riff.toString('latin1', 0, 4) !== 'RIFF') return undefined;
  // ffmpeg's wav probe takes a RIFF header whose size is 0 for another format's.
  if (riff.toString('latin1', 8, 12) !== 'WAVE' || riff.readUInt32LE(4) === 0) return undefined;

  const chunks = await chunkList(read, size);
  if (chunks === undefined) return undefined;
  const fmtChunk = onlyChunk(chunks, 'fmt ');
  const dataChunk = onlyChunk(chunks, 'data');
  if (fmtChunk === undefined || dataChunk === undefined) return undefined;
  // ffmpeg reads the format first; a video side chunk (SMV) is its own case.
  if (fmtChunk.offset > dataChunk.offset || chunks.some((chunk) => chunk.id === 'SMV0'))
    return undefined;
  if (fmtChunk.size > MAX_FMT_BYTES) return undefined;
  const format = pcmFormat(await read(fmtChunk.offset, fmtChunk.size));
  if (format === undefined) return undefined;

  const frameBytes = (format.channels * format.bits) / 8;
  if (dataChunk.size === 0 || dataChunk.size % frameBytes !== 0) return undefined;
  if (await carriesSpdif(read, dataChunk)) return undefined;
  return headerProbe({
    formatName: 'wav',
    sizeBytes: size,
    samples: dataChunk.size / frameBytes,
    track: {
      codec: format.codec,
      sampleFormat: format.sampleFormat,
      sampleRate: format.sampleRate,
      channels: format.channels,
      channelLayout: format.channelLayout,
      bitDepth: format.bits,
    },
  });
}

/** Every chunk after the RIFF header, or undefined when one runs past the end of the file. */
async function chunkList(read: ReadAt, size: number): Promise<Chunk[] | undefined> {
  const chunks: Chunk[] = [];
  let offset = 12;
  while (offset + 8 <= size) {
    if (chunks.length === MAX_CHUNKS) return undefined;
    const header = await read(offset, 8);
    const chunk = {
      id: header.toString('latin1', 0, 4),
      offset: offset + 8,
      size: header.readUInt32LE(4),
    };
    if (chunk.offset + chunk.size > size) return undefined;
    chunks.push(chunk);
    // Chunks start on even offsets: an odd-sized one is followed by a pad byte.
    offset = chunk.offset + chunk.size + (chunk.size % 2);
  }
  return chunks;
}

/** The chunk named `id` when there is exactly one. */
function onlyChunk(chunks: readonly Chunk[], id: string): Chunk | undefined {
  const named = chunks.filter((chunk) => chunk.id === id);
  return named.length === 1 ? named[0] : undefined;
}

/** The PCM format of a `fmt ` chunk as ffmpeg names it, or undefined when it is any other. */
function pcmFormat(fmt: Buffer): PcmFormat | undefined {
  if (fmt.length < 16) return undefined;
  let tag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const byteRate = fmt.readUInt32LE(8);
  const blockAlign = fmt.readUInt16LE(12);
  const bits = fmt.readUInt16LE(14);
  // Without a channel mask ffmpeg leaves the layout unnamed.
  let channelLayout: string | null = null;
  if (tag === FORMAT_EXTENSIBLE) {
    if (fmt.length < 40 || fmt.readUInt16LE(16) < 22) return undefined;
    // ffmpeg takes the valid bits as the sample width: only full-width samples are plain.
    if (fmt.readUInt16LE(18) !== bits) return undefined;
    const mask = LAYOUT_OF_MASK.get(fmt.readUInt32LE(20));
    if (mask?.channels !== channels || !fmt.subarray(26, 40).equals(SUBTYPE_GUID_TAIL))
      return undefined;
    channelLayout = mask.layout;
    tag = fmt.readUInt32LE(24);
  }
  if (channels === 0 || sampleRate === 0) return undefined;
  if (blockAlign !== (channels * bits) / 8 || byteRate !== blockAlign * sampleRate)
    return undefined;
  const named = namedPcm(tag, bits);
  return named && { ...named, channels, sampleRate, bits, channelLayout };
}

function namedPcm(tag: number, bits: number): { codec: string; sampleFormat: string } | undefined {
  if (tag === FORMAT_PCM) {
    if (bits === 8) return { codec: 'pcm_u8', sampleFormat: 'u8' };
    if (bits === 16) return { codec: 'pcm_s16le', sampleFormat: 's16' };
    if (bits === 24) return { codec: 'pcm_s24le', sampleFormat: 's32' };
    if (bits === 32) return { codec: 'pcm_s32le', sampleFormat: 's32' };
  }
  if (tag === FORMAT_FLOAT) {
    if (bits === 32) return { codec: 'pcm_f32le', sampleFormat: 'flt' };
    if (bits === 64) return { codec: 'pcm_f64le', sampleFormat: 'dbl' };
  }
  return undefined;
}

/** Whether the samples open with an S/PDIF burst, which ffmpeg reports as the codec it carries. */
async function carriesSpdif(read: ReadAt, data: Chunk): Promise<boolean> {
  const head = await read(data.offset, Math.min(data.size, SPDIF_PROBE_BYTES));
  return SPDIF_SYNC.some((sync) => head.includes(sync));
}
