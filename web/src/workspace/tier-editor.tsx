import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TermPicker } from './term-picker';
import { useDraft } from './use-draft';

/** What the person asked for when leaving the text box. */
export type EditorExit = 'save' | 'cancel' | 'next' | 'previous';

/**
 * The text box typed in place inside a tier box. What is typed is a draft in the
 * browser until saved, so a reload or a lost connection keeps it. Enter (or Ctrl+Enter)
 * saves, Escape leaves without saving, Tab and Shift+Tab save and go on, as ELAN's
 * transcription mode does (except in tiers with terms, where Tab reaches the term picker).
 */
export function TierEditor({
  itemId,
  draftKey,
  initial,
  initialTerms,
  label,
  language,
  collection,
  withTerms,
  onExit,
}: {
  itemId: string;
  draftKey: string;
  initial: string;
  initialTerms: string[];
  label: string;
  /** The tier's language, so the browser picks the right spelling and input help. */
  language: string | undefined;
  collection: string;
  withTerms: boolean;
  /** Resolves true when done with the text (saved or dropped), false to keep typing. */
  onExit(
    exit: EditorExit,
    text: string,
    terms: string[],
    caret: number | undefined,
  ): Promise<boolean>;
}) {
  const { t } = useTranslation();
  const draft = useDraft(itemId, draftKey, initial);
  const [terms, setTerms] = useState(initialTerms);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
  }, []);

  /** Set while a save runs: Enter or Tab pressed again must not save a second time. */
  const leaving = useRef(false);
  const leave = async (exit: EditorExit) => {
    if (leaving.current) return;
    leaving.current = true;
    try {
      const caret = input.current?.selectionStart ?? undefined;
      if (exit === 'cancel') draft.clear();
      if ((await onExit(exit, draft.text, terms, caret)) && exit !== 'cancel') draft.clear();
    } finally {
      leaving.current = false;
    }
  };

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void leave('save');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      void leave('cancel');
    } else if (event.key === 'Tab' && !withTerms) {
      // With terms beside the text, Tab goes on to them as anywhere else; Enter saves.
      event.preventDefault();
      void leave(event.shiftKey ? 'previous' : 'next');
    }
  };

  return (
    <div className="tier-editor">
      <input
        ref={input}
        type="text"
        aria-label={label}
        value={draft.text}
        lang={language}
        onChange={(event) => draft.setText(event.target.value)}
        onKeyDown={onKey}
      />
      {draft.restored && draft.text !== initial && (
        <p className="tier-draft-note" role="status">
          {t('workspace.recording.draftRestored')}
        </p>
      )}
      {withTerms && (
        <TermPicker
          collection={collection}
          value={terms}
          onChange={setTerms}
          label={t('workspace.recording.terms')}
        />
      )}
    </div>
  );
}
