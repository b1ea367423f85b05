import { useCallback, useEffect, useState } from 'react';

const storageKey = (itemId: string, key: string) => `heritage:draft:${itemId}:${key}`;

/**
 * Text being typed that must survive a reload or a dropped connection: kept in the
 * browser's storage under the item and a key of the caller's choosing until `clear`.
 */
export function useDraft(
  itemId: string,
  key: string,
  initial: string,
): { text: string; setText: (text: string) => void; clear: () => void; restored: boolean } {
  const [restored, setRestored] = useState(false);
  const [text, setTextState] = useState(() => {
    const kept = localStorage.getItem(storageKey(itemId, key));
    return kept ?? initial;
  });
  useEffect(() => {
    const kept = localStorage.getItem(storageKey(itemId, key));
    setRestored(kept !== null);
    setTextState(kept ?? initial);
  }, [itemId, key, initial]);
  const setText = useCallback(
    (next: string) => {
      setTextState(next);
      localStorage.setItem(storageKey(itemId, key), next);
    },
    [itemId, key],
  );
  const clear = useCallback(() => {
    localStorage.removeItem(storageKey(itemId, key));
    setRestored(false);
  }, [itemId, key]);
  return { text, setText, clear, restored };
}
