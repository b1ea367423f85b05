import type { MediaProbe } from './ffprobe-output.js';
import { type ReadAt, readRegularFile } from './header-file.js';
import { headerProbe } from './header-probe.js';

/**
 * Written by hand, as the WAV reader is (see there why): a FLAC file's STREAMINFO block
 * settles everything the pipeline asks of it, and ffprobe reads its length from there
 * too, cut file or not. Only what ffprobe 5.1 describes the same way is read here: 16-
 * or 24-bit mono or stereo with a declared length, whose first frame agrees with
 * STREAMINFO. A picture (ffmpeg shows it as a video stream), a channel mask in the
 * Vorbis comment, tags before `fLaC`, and anything odd in the block list are ffprobe's.
 */

const STREAMINFO = 0;
const VORBIS_COMMENT = 4;
const PICTURE = 6;
/** Block types up to this are defined; higher ones are reserved or invalid. */
const LAST_DEFINED_TYPE = PICTURE;
const STREAMINFO_BYTES = 34;
/** Where STREAMINFO ends: after `fLaC`, its block header and its body. */
const STREAMINFO_END = 8 + STREAMINFO_BYTES;
/** A block list longer than this is left to ffprobe. */
const MAX_BLOCKS = 64;
/** A Vorbis comment larger than this is left to ffprobe rather than read. */
const MAX_COMMENT_BYTES = 1 << 20;
/** The Vorbis comment by which ffmpeg takes a channel layout other than FLAC's default. */
const CHANNEL_MASK_KEY = 'waveformatextensible_channel_mask=';
/** ffmpeg's limit on a FLAC sample rate (`flac_probe`). */
const MAX_SAMPLE_RATE = 655_350;
/** The only shapes described here, with ffmpeg's names for their layouts. */
const LAYOUT_OF_CHANNELS = new Map([
  [1, 'mono'],
  [2, 'stereo'],
]);
const DESCRIBED_BITS = new Set([16, 24]);
/** A frame header's sample rate codes that name a rate themselves. */
const FRAME_RATES = new Map([
  [1, 88_200],
  [2, 176_400],
  [3, 192_000],
  [4, 8_000],
  [5, 16_000],
  [6, 22_050],
  [7, 24_000],
  [8, 32_000],
  [9, 44_100],
  [10, 48_000],
  [11, 96_000],
]);
/** A frame header's sample size codes; 0 means STREAMINFO's. */
const FRAME_BITS = new Map([
  [1, 8],
  [2, 12],
  [4, 16],
  [5, 20],
  [6, 24],
]);

interface StreamInfo {
  sampleRate: number;
  channels: number;
  bits: number;
  samples: number;
}

/**
 * ffprobe's description of `file` when it is a plain 16- or 24-bit mono or stereo FLAC
 * that declares its length; `undefined` for anything else, which ffprobe then describes.
 */
export function probeFlacHeader(file: string): Promise<MediaProbe | undefined> {
  return readRegularFile(file, flacFromHeader);
}

/** `probeFlacHeader` of a file already open, read through `read`. */
export async function flacFromHeader(read: ReadAt, size: number): Promise<MediaProbe | undefined> {
  const head = await read(0, STREAMINFO_END);
  if (head.length < STREAMINFO_END || head.toString('latin1', 0, 4) !== 'fLaC') return undefined;
  const info = streamInfo(head.subarray(4));
  if (info === undefined) return undefined;
  const framesAt = isLastBlock(head[4]) ? STREAMINFO_END : await blocksEnd(read, size);
  if (framesAt === undefined) return undefined;
  if (!firstFrameAgrees(await read(framesAt, 16), info)) return undefined;

  return headerProbe({
    formatName: 'flac',
    sizeBytes: size,
    samples: info.samples,
    track: {
      codec: 'flac',
      // ffmpeg's decoder gives 16-bit samples as s16 and wider ones in s32.
      sampleFormat: info.bits > 16 ? 's32' : 's16',
      sampleRate: info.sampleRate,
      channels: info.channels,
      channelLayout: LAYOUT_OF_CHANNELS.get(info.channels) ?? null,
      bitDepth: info.bits,
    },
  });
}

/**
 * The STREAMINFO block after `fLaC`, header included, when ffmpeg's probe takes it as
 * FLAC and it describes a stream read here.
 */
function streamInfo(block: Buffer): StreamInfo | undefined {
  // The first block is STREAMINFO (type 0, 34 bytes); the last-block flag may be set.
  const type = (block[0] ?? 0) & 0x7f;
  if (type !== STREAMINFO || block.readUIntBE(1, 3) !== STREAMINFO_BYTES) return undefined;
  const body = block.subarray(4);
  const minBlock = body.readUInt16BE(0);
  const maxBlock = body.readUInt16BE(2);
  // 20 bits of rate, 3 of channels - 1, 5 of bits - 1, 36 of samples.
  const packed = body.readBigUInt64BE(10);
  const sampleRate = Number(packed >> 44n);
  const channels = Number((packed >> 41n) & 0x7n) + 1;
  const bits = Number((packed >> 36n) & 0x1fn) + 1;
  const samples = Number(packed & 0xf_ffff_ffffn);
  if (minBlock < 16 || maxBlock < minBlock) return undefined;
  if (sampleRate === 0 || sampleRate > MAX_SAMPLE_RATE) return undefined;
  if (!LAYOUT_OF_CHANNELS.has(channels) || !DESCRIBED_BITS.has(bits)) return undefined;
  // 0: the encoder did not know the length (a stream written to a pipe).
  if (samples === 0) return undefined;
  return { sampleRate, channels, bits, samples };
}

/** Whether a metadata block header's first byte marks the last block. */
function isLastBlock(first: number | undefined): boolean {
  return ((first ?? 0) & 0x80) !== 0;
}

/**
 * Where the frames start, when every metadata block after STREAMINFO is one read here
 * and inside the file.
 */
async function blocksEnd(read: ReadAt, size: number): Promise<number | undefined> {
  let offset = STREAMINFO_END;
  for (let count = 1; count < MAX_BLOCKS; count += 1) {
    const header = await read(offset, 4);
    if (header.length < 4) return undefined;
    const type = (header[0] ?? 0) & 0x7f;
    const length = header.readUIntBE(1, 3);
    const body = offset + 4;
    if (body + length > size) return undefined;
    if (type === STREAMINFO || type > LAST_DEFINED_TYPE) return undefined;
    if (type === PICTURE) return undefined;
    if (type === VORBIS_COMMENT) {
      if (length > MAX_COMMENT_BYTES) return undefined;
      const comment = (await read(body, length)).toString('latin1').toLowerCase();
      if (comment.includes(CHANNEL_MASK_KEY)) return undefined;
    }
    offset = body + length;
    if (isLastBlock(header[0])) return offset;
  }
  return undefined;
}

/**
 * Whether the first frame's header has FLAC's sync code and names the same channel
 * count, sample size and rate as STREAMINFO: ffmpeg's decoder takes a frame's own.
 */
function firstFrameAgrees(frame: Buffer, info: StreamInfo): boolean {
  if (frame.length < 4 || frame[0] !== 0xff || ((frame[1] ?? 0) & 0xfe) !== 0xf8) return false;
  const blockSizeCode = (frame[2] ?? 0) >> 4;
  const rateCode = (frame[2] ?? 0) & 0xf;
  const assignment = (frame[3] ?? 0) >> 4;
  const bitsCode = ((frame[3] ?? 0) >> 1) & 0x7;
  // Channel assignments 8-10 are the stereo decorrelation modes; above them, reserved.
  const channels = assignment <= 7 ? assignment + 1 : assignment <= 10 ? 2 : 0;
  if (channels !== info.channels) return false;
  if (bitsCode !== 0 && FRAME_BITS.get(bitsCode) !== info.bits) return false;
  if (rateCode === 0) return true;
  const named = FRAME_RATES.get(rateCode) ?? frameRateAfterNumber(frame, blockSizeCode, rateCode);
  return named === info.sampleRate;
}

/**
 * A rate given at the end of the frame header (codes 12-14): after the frame number,
 * coded as UTF-8 is, and the block size when codes 6 or 7 put it there.
 */
function frameRateAfterNumber(
  frame: Buffer,
  blockSizeCode: number,
  rateCode: number,
): number | undefined {
  const first = frame[4] ?? 0;
  // The count of leading ones in the first byte is the number's length (0 means one byte).
  const leadingOnes = Math.clz32(~(first << 24));
  if (leadingOnes === 1 || leadingOnes > 7) return undefined;
  let at = 4 + Math.max(leadingOnes, 1);
  if (blockSizeCode === 6) at += 1;
  else if (blockSizeCode === 7) at += 2;
  if (rateCode === 12) return frame.length > at ? (frame[at] ?? 0) * 1000 : undefined;
  if (frame.length < at + 2) return undefined;
  const value = frame.readUInt16BE(at);
  if (rateCode === 13) return value;
  if (rateCode === 14) return value * 10;
  return undefined;
}
