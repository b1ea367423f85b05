import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browserDraftStorage, draftsOfItem } from './draft-store';
import { decodeFields, editDraftKey, itemNoteDraftKey } from './inspector-fields';
import { useSelectAnnotation } from './workspace-selection';

const editPrefix = editDraftKey('');

/**
 * On opening the workspace: the drafts of this part kept from an earlier visit (a reload,
 * a closed tab), each a button that opens it where it was being written.
 */
export function DraftKeptNotice({
  itemId,
  onOpenNote,
}: {
  itemId: string;
  onOpenNote: () => void;
}) {
  const { t } = useTranslation();
  const key = 'workspace.annotations.draft';
  const select = useSelectAnnotation();
  // Read once: the notice is about what was there when the workspace opened.
  const [kept] = useState(() => {
    const storage = browserDraftStorage();
    return storage
      ? draftsOfItem(storage, itemId).filter(
          (entry) => entry.key.startsWith(editPrefix) || entry.key === itemNoteDraftKey,
        )
      : [];
  });
  const [hidden, setHidden] = useState(false);
  if (kept.length === 0 || hidden) return null;
  return (
    <div className="draft-kept" role="status">
      <p>{t(`${key}.kept`, { count: kept.length })}</p>
      <ul>
        {kept.map(({ key: draftKey, draft }) => {
          const isNote = draftKey === itemNoteDraftKey;
          const text = decodeFields(draft.text, {
            type: 'note',
            value: '',
            language: '',
            terms: [],
          }).value;
          const snippet = text.length > 60 ? `${text.slice(0, 60)}…` : text;
          return (
            <li key={draftKey}>
              <button
                type="button"
                onClick={() => (isNote ? onOpenNote() : select(draftKey.slice(editPrefix.length)))}
              >
                {t(`${key}.open`, { text: snippet || t(`${key}.newNote`) })}
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" onClick={() => setHidden(true)}>
        {t(`${key}.dismiss`)}
      </button>
    </div>
  );
}
