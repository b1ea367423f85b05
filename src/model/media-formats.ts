/** What the pipeline does with a file, decided from its content. */
export type MediaKind = 'audio' | 'video' | 'image' | 'pdf' | 'transcript';

/** The role a file plays in its item (DESIGN.md's asset roles). */
export type AssetRole = 'recording' | 'scan' | 'transcript';

export const roleOfKind: Record<MediaKind, AssetRole> = {
  audio: 'recording',
  video: 'recording',
  image: 'scan',
  pdf: 'scan',
  transcript: 'transcript',
};

/** The formats archived and processed, by the file-type extension that content sniffing yields. */
export const acceptedBinaryFormats: Record<string, MediaKind> = {
  wav: 'audio',
  flac: 'audio',
  mp3: 'audio',
  ogg: 'audio',
  oga: 'audio',
  opus: 'audio',
  m4a: 'audio',
  aac: 'audio',
  mp4: 'video',
  mov: 'video',
  mkv: 'video',
  webm: 'video',
  avi: 'video',
  png: 'image',
  jpg: 'image',
  webp: 'image',
  tif: 'image',
  pdf: 'pdf',
};

/** Transcript formats recognised from their text. */
export const transcriptFormats = {
  eaf: 'text/x-eaf+xml',
  textgrid: 'text/praat-textgrid',
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  txt: 'text/plain',
} as const;
export type TranscriptFormat = keyof typeof transcriptFormats;

/** The kind a file name suggests: only a hint, checked against the content. */
export function kindSuggestedByName(name: string): MediaKind | undefined {
  const extension = name.toLowerCase().split('.').pop() ?? '';
  const aliases: Record<string, string> = {
    jpeg: 'jpg',
    tiff: 'tif',
    mka: 'mkv',
    wave: 'wav',
    m4v: 'mp4',
    qt: 'mov',
  };
  const normalised = aliases[extension] ?? extension;
  if (normalised in transcriptFormats) return 'transcript';
  return acceptedBinaryFormats[normalised];
}

/** Audio in a video container and video without pictures are both recordings. */
export function kindsAgree(a: MediaKind, b: MediaKind): boolean {
  const family = (kind: MediaKind) =>
    kind === 'video' ? 'audio' : kind === 'pdf' ? 'image' : kind;
  return family(a) === family(b);
}
