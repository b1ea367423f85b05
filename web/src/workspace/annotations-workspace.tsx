import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item } from '../api/types';
import { LoadError } from '../components/query-state';
import { DraftKeptNotice } from './draft-kept-notice';
import { InspectorItemNote } from './inspector-item-note';
import { InspectorList } from './inspector-list';
import { InspectorPanel } from './inspector-panel';
import { useWorkspaceAnnotations } from './use-workspace-annotations';

/** The workspace's part for every annotation, the chosen one's inspector and history. */
export function AnnotationsWorkspace({ item }: { item: Item }) {
  const { t } = useTranslation();
  const annotations = useWorkspaceAnnotations(item.id);
  const [noteOpen, setNoteOpen] = useState(false);
  return (
    <section className="annotations-workspace" aria-labelledby="annotations-workspace-heading">
      <h2 id="annotations-workspace-heading">{t('workspace.annotations.heading')}</h2>
      <DraftKeptNotice itemId={item.id} onOpenNote={() => setNoteOpen(true)} />
      <div className="annotations-workspace-columns">
        <div>
          {annotations.isPending ? (
            <p>{t('workspace.annotations.list.loading')}</p>
          ) : annotations.isError ? (
            <LoadError error={annotations.error} retry={() => void annotations.refetch()} />
          ) : (
            <InspectorList annotations={annotations.data} />
          )}
          <InspectorItemNote item={item} open={noteOpen} onOpenChange={setNoteOpen} />
        </div>
        <InspectorPanel item={item} annotations={annotations.data ?? []} />
      </div>
    </section>
  );
}
