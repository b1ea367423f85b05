import path from 'node:path';
import type { EafDocument } from '../../formats/index.js';
import type { ItemRecord } from '../../model/item-record.js';

/** The recording a transcript's times refer to, and how it was chosen. */
export interface RecordingChoice {
  recording?: string;
  reason: string;
}

/**
 * Chooses the recording a transcript belongs to: the one an ELAN document names in its
 * media descriptors, else the one whose name stem is the transcript's
 * (`then-001.eaf` -> `then-001.flac`), else the item's only recording. None when the
 * item has no recording or several match nothing.
 */
export function pickRecording(
  record: ItemRecord,
  documentName: string,
  eaf?: EafDocument,
): RecordingChoice {
  const recordings = record.assets.filter(
    (asset) => asset.role === 'recording' && asset.originalName !== undefined,
  );
  if (recordings.length === 0) return { reason: `item ${record.item.id} has no recording` };
  const fileName = (asset: (typeof recordings)[number]) =>
    path.posix.basename(asset.originalName ?? asset.path);

  for (const descriptor of eaf?.header.mediaDescriptors ?? []) {
    for (const url of [descriptor.relativeMediaUrl, descriptor.mediaUrl]) {
      const named = url === undefined ? undefined : mediaFileName(url);
      const match = recordings.find((asset) => named !== undefined && fileName(asset) === named);
      if (match)
        return { recording: match.path, reason: `the ELAN media descriptor names ${named}` };
    }
  }
  const documentStem = stem(path.posix.basename(documentName));
  const sameStem = recordings.filter((asset) => stem(fileName(asset)) === documentStem);
  if (sameStem.length === 1 && sameStem[0])
    return { recording: sameStem[0].path, reason: `its name matches ${fileName(sameStem[0])}` };
  if (recordings.length === 1 && recordings[0])
    return { recording: recordings[0].path, reason: 'it is the item’s only recording' };
  return {
    reason: `item ${record.item.id} has ${recordings.length} recordings and none is named like ${documentName}`,
  };
}

/** The file name at the end of an ELAN media URL (`file:///C:/tapes/then%20001.wav`, `./a.wav`). */
function mediaFileName(url: string): string | undefined {
  const last = url.split(/[/\\]/).pop() ?? '';
  try {
    return decodeURIComponent(last) || undefined;
  } catch {
    return last || undefined;
  }
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).normalize('NFC').toLowerCase();
}

/** A file's logical path, also when given by the name it had in the deposit (`then-001.flac`). */
export function resolveAssetPath(record: ItemRecord, name: string): string {
  return record.assets.find((asset) => asset.originalName === name)?.path ?? name;
}
