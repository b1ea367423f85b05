import { describe, expect, it } from 'vitest';
import {
  type DraftStorage,
  draftStorageKey,
  draftsOfItem,
  readDraft,
  removeDraft,
  writeDraft,
} from '../../../web/src/workspace/draft-store.js';

/** Web Storage over a Map, with a switch to make it refuse as a full or private one does. */
function memoryStorage(): DraftStorage & { refuse: boolean; map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    refuse: false,
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem(key) {
      if (this.refuse) throw new Error('SecurityError');
      return map.get(key) ?? null;
    },
    setItem(key, value) {
      if (this.refuse) throw new Error('QuotaExceededError');
      map.set(key, value);
    },
    removeItem: (key) => void map.delete(key),
  };
}

describe('the draft store', () => {
  it('keeps a draft per item and key, and forgets it when removed', () => {
    const storage = memoryStorage();
    writeDraft(storage, 'item-a', 'annotation:x', { text: 'một', updatedAt: 1, unsaved: false });
    writeDraft(storage, 'item-b', 'annotation:x', { text: 'hai', updatedAt: 2, unsaved: true });
    expect(readDraft(storage, 'item-a', 'annotation:x')).toEqual({
      text: 'một',
      updatedAt: 1,
      unsaved: false,
    });
    expect(readDraft(storage, 'item-b', 'annotation:x')?.unsaved).toBe(true);
    expect(readDraft(storage, 'item-a', 'annotation:y')).toBeUndefined();
    removeDraft(storage, 'item-a', 'annotation:x');
    expect(readDraft(storage, 'item-a', 'annotation:x')).toBeUndefined();
    expect(readDraft(storage, 'item-b', 'annotation:x')?.text).toBe('hai');
  });

  it('reads a draft kept as plain text (older drafts) as its text', () => {
    const storage = memoryStorage();
    storage.setItem(draftStorageKey('item', 'note'), 'typed before');
    expect(readDraft(storage, 'item', 'note')).toEqual({
      text: 'typed before',
      updatedAt: 0,
      unsaved: false,
    });
    storage.setItem(draftStorageKey('item', 'json'), '{"other":1}');
    expect(readDraft(storage, 'item', 'json')?.text).toBe('{"other":1}');
  });

  it('lists one item’s drafts, newest first, and no other item’s', () => {
    const storage = memoryStorage();
    writeDraft(storage, 'item', 'a', { text: 'old', updatedAt: 10, unsaved: false });
    writeDraft(storage, 'item', 'b', { text: 'new', updatedAt: 20, unsaved: false });
    writeDraft(storage, 'item-2', 'c', { text: 'elsewhere', updatedAt: 30, unsaved: false });
    storage.setItem('unrelated', 'x');
    expect(draftsOfItem(storage, 'item').map((entry) => entry.key)).toEqual(['b', 'a']);
  });

  it('does not throw when the storage refuses: the draft is only not kept', () => {
    const storage = memoryStorage();
    storage.refuse = true;
    expect(writeDraft(storage, 'item', 'a', { text: 't', updatedAt: 1, unsaved: false })).toBe(
      false,
    );
    expect(readDraft(storage, 'item', 'a')).toBeUndefined();
    expect(draftsOfItem(storage, 'item')).toEqual([]);
    expect(() => removeDraft(storage, 'item', 'a')).not.toThrow();
  });
});
