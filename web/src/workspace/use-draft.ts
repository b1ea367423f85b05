import { useCallback, useEffect, useRef, useState } from 'react';
import {
  browserDraftStorage,
  draftHandedOver,
  readDraft,
  removeDraft,
  writeDraft,
} from './draft-store';

interface DraftState {
  text: string;
  /** The text came from a draft kept earlier (a reload, another visit), not from `initial`. */
  restored: boolean;
  /** A save of it failed on the network: it is kept and tried again. */
  unsaved: boolean;
}

function load(itemId: string, key: string, initial: string): DraftState {
  const storage = browserDraftStorage();
  const kept = storage ? readDraft(storage, itemId, key) : undefined;
  return kept
    ? { text: kept.text, restored: true, unsaved: kept.unsaved }
    : { text: initial, restored: false, unsaved: false };
}

export interface DraftHandle {
  text: string;
  setText: (text: string) => void;
  /** Forgets the draft: call only once what it held is saved (or the person let it go). */
  clear: () => void;
  /** `clear`, and the text back to `initial`: for a form that starts again once saved. */
  reset: () => void;
  /**
   * `clear` if the text is still `saved`, and says whether it did: text typed while a
   * save was on its way is newer than what was saved, and stays a draft.
   */
  clearIfStill: (saved: string) => boolean;
  /** The text as it is now, for a callback that ran across renders (a save on its way). */
  latest: () => string;
  restored: boolean;
  /** True once `markUnsaved` was called and until `clear`: the text is not in the archive. */
  unsaved: boolean;
  /** Notes that a save failed on the network, so the draft is shown as not saved. */
  markUnsaved: () => void;
  /** Hides the "draft restored" notice; the draft itself stays. */
  dismissRestored: () => void;
}

/**
 * Text being typed that must survive a reload or a dropped connection: kept in the
 * browser's storage under the item and a key of the caller's choosing until `clear`.
 * Text equal to `initial` keeps no draft, so an untouched field is never "restored".
 */
export function useDraft(itemId: string, key: string, initial: string): DraftHandle {
  const [state, setState] = useState(() => load(itemId, key, initial));
  const initialRef = useRef(initial);
  initialRef.current = initial;
  const unsavedRef = useRef(state.unsaved);
  unsavedRef.current = state.unsaved;
  const textRef = useRef(state.text);
  textRef.current = state.text;

  const loadedFor = useRef(`${itemId}\n${key}`);
  useEffect(() => {
    const target = `${itemId}\n${key}`;
    const next = load(itemId, key, initial);
    if (loadedFor.current === target)
      // Only `initial` changed (the annotation was read again): a draft typed here stays
      // as it is, and is not announced as restored.
      setState((current) => (next.restored ? current : next));
    else setState(next);
    loadedFor.current = target;
  }, [itemId, key, initial]);

  // A draft handed over by another part of the page (an edit overtaken on the waveform
  // or a page) is read again here, as if it had been restored.
  useEffect(() => {
    const reread = (event: Event) => {
      const { detail } = event as CustomEvent<{ itemId: string; key: string }>;
      if (detail.itemId === itemId && detail.key === key)
        setState(load(itemId, key, initialRef.current));
    };
    window.addEventListener(draftHandedOver, reread);
    return () => window.removeEventListener(draftHandedOver, reread);
  }, [itemId, key]);

  const setText = useCallback(
    (next: string) => {
      setState((current) => ({ ...current, text: next }));
      const storage = browserDraftStorage();
      if (!storage) return;
      if (next === initialRef.current && !unsavedRef.current) removeDraft(storage, itemId, key);
      else
        writeDraft(storage, itemId, key, {
          text: next,
          updatedAt: Date.now(),
          unsaved: unsavedRef.current,
        });
    },
    [itemId, key],
  );

  const markUnsaved = useCallback(() => {
    unsavedRef.current = true;
    setState((current) => {
      const storage = browserDraftStorage();
      if (storage)
        writeDraft(storage, itemId, key, {
          text: current.text,
          updatedAt: Date.now(),
          unsaved: true,
        });
      return { ...current, unsaved: true };
    });
  }, [itemId, key]);

  const clear = useCallback(() => {
    unsavedRef.current = false;
    const storage = browserDraftStorage();
    if (storage) removeDraft(storage, itemId, key);
    setState((current) => ({ ...current, restored: false, unsaved: false }));
  }, [itemId, key]);

  const reset = useCallback(() => {
    clear();
    setState((current) => ({ ...current, text: initialRef.current }));
  }, [clear]);

  const clearIfStill = useCallback(
    (saved: string) => {
      if (textRef.current !== saved) return false;
      clear();
      return true;
    },
    [clear],
  );

  const latest = useCallback(() => textRef.current, []);

  const dismissRestored = useCallback(
    () => setState((current) => ({ ...current, restored: false })),
    [],
  );

  return {
    ...state,
    setText,
    clear,
    reset,
    clearIfStill,
    latest,
    markUnsaved,
    dismissRestored,
  };
}

/**
 * Runs `retry` when the browser comes back online while `pending` holds: the save of a
 * draft that failed on the network goes again without the person asking.
 */
export function useRetryWhenOnline(pending: boolean, retry: () => void): void {
  const retryRef = useRef(retry);
  retryRef.current = retry;
  useEffect(() => {
    if (!pending) return;
    const onOnline = () => retryRef.current();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [pending]);
}

/** True for a save that never reached the server (offline, connection dropped). */
export const isNetworkFailure = (error: unknown): boolean => error instanceof TypeError;
