/*
 * Drafts kept in the browser's storage, per item and key, so that text being typed
 * survives a reload, a closed tab or a dropped connection. Pure over a Storage-like
 * object so that it can be tested without a browser; storage that refuses (full, or
 * turned off in a private window) loses only the safety net, never the text on screen.
 */

/** The part of the Web Storage API the drafts need. */
export interface DraftStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Draft {
  text: string;
  /** When it was last typed, as milliseconds since 1970. */
  updatedAt: number;
  /** True once a save of it failed (network down): shown as not saved, tried again. */
  unsaved: boolean;
}

const prefix = 'heritage:draft:';

/** The page event that says a draft was written for another part to read (detail: itemId, key). */
export const draftHandedOver = 'heritage:draft-handed-over';

export const draftStorageKey = (itemId: string, key: string): string => `${prefix}${itemId}:${key}`;

/** The draft kept for this item and key; a bare string (older drafts) reads as its text. */
export function readDraft(storage: DraftStorage, itemId: string, key: string): Draft | undefined {
  let kept: string | null;
  try {
    kept = storage.getItem(draftStorageKey(itemId, key));
  } catch {
    return undefined;
  }
  return kept === null ? undefined : parseDraft(kept);
}

function parseDraft(kept: string): Draft {
  try {
    const parsed: unknown = JSON.parse(kept);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'text' in parsed &&
      typeof parsed.text === 'string'
    ) {
      const record = parsed as { text: string; updatedAt?: unknown; unsaved?: unknown };
      return {
        text: record.text,
        updatedAt: typeof record.updatedAt === 'number' ? record.updatedAt : 0,
        unsaved: record.unsaved === true,
      };
    }
  } catch {
    // Not JSON: a draft written as plain text.
  }
  return { text: kept, updatedAt: 0, unsaved: false };
}

/** Keeps the draft; false when the storage refused it (the text stays on screen only). */
export function writeDraft(
  storage: DraftStorage,
  itemId: string,
  key: string,
  draft: Draft,
): boolean {
  try {
    storage.setItem(draftStorageKey(itemId, key), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function removeDraft(storage: DraftStorage, itemId: string, key: string): void {
  try {
    storage.removeItem(draftStorageKey(itemId, key));
  } catch {
    // Nothing kept, nothing to remove.
  }
}

/** Every draft kept for one item, by key, newest first. */
export function draftsOfItem(
  storage: DraftStorage,
  itemId: string,
): { key: string; draft: Draft }[] {
  const start = `${prefix}${itemId}:`;
  const found: { key: string; draft: Draft }[] = [];
  try {
    for (let index = 0; index < storage.length; index += 1) {
      const name = storage.key(index);
      if (!name?.startsWith(start)) continue;
      const kept = storage.getItem(name);
      if (kept !== null) found.push({ key: name.slice(start.length), draft: parseDraft(kept) });
    }
  } catch {
    return [];
  }
  return found.sort((a, b) => b.draft.updatedAt - a.draft.updatedAt);
}

/** The browser's storage, or none where it is refused (some private windows throw). */
export function browserDraftStorage(): DraftStorage | undefined {
  try {
    // Through globalThis: this file is also compiled, and tested, where there is no DOM.
    return (globalThis as { localStorage?: DraftStorage }).localStorage;
  } catch {
    return undefined;
  }
}
