import type { Annotation } from '../api/types';
import type { AnnotationChange } from './annotation-changes';
import { browserDraftStorage, draftHandedOver, writeDraft } from './draft-store';
import { editDraftKey, encodeFields, fieldsOf } from './inspector-fields';

/**
 * An edit of text made on the waveform or a page that someone else's save overtook:
 * the person's text becomes the inspector's draft of the version they edited, and that
 * version is chosen, so the inspector shows theirs and the other's side by side and lets
 * them choose. Nothing typed is left behind under an id no view shows any more.
 */
export function handStaleEditToInspector(
  itemId: string,
  changes: readonly AnnotationChange[],
  annotations: readonly Annotation[],
  select: (id: string | undefined) => void,
): void {
  const edit = changes.find(
    (change): change is Extract<AnnotationChange, { op: 'supersede' }> =>
      change.op === 'supersede' && change.value !== undefined,
  );
  const edited = edit && annotations.find((annotation) => annotation.id === edit.id);
  const storage = browserDraftStorage();
  if (!edit || !edited || !storage) return;
  writeDraft(storage, itemId, editDraftKey(edited.id), {
    text: encodeFields({
      ...fieldsOf(edited),
      value: edit.value ?? edited.value,
      ...(edit.terms ? { terms: edit.terms } : {}),
    }),
    updatedAt: Date.now(),
    unsaved: true,
  });
  select(edited.id);
  // An inspector already showing it reads the draft again.
  window.dispatchEvent(
    new CustomEvent(draftHandedOver, { detail: { itemId, key: editDraftKey(edited.id) } }),
  );
}
