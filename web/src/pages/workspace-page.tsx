import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useItem, useMe } from '../api/queries';
import type { Item } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { ProtocolPanel } from '../components/protocol-badge';
import { LoadError, Loading } from '../components/query-state';
import { Refused } from '../components/refused';
import { AnnotationsWorkspace } from '../workspace/annotations-workspace';
import { HandOverPanel } from '../workspace/hand-over-panel';
import { PageWorkspace } from '../workspace/page-workspace';
import { RecordingWorkspace } from '../workspace/recording-workspace';
import { WorkspaceSelectionProvider } from '../workspace/workspace-selection';

/**
 * `/items/:id/workspace`: where a linguist (or, for secret/sacred items, a custodian)
 * transcribes, translates and annotates an item. The API decides every write again.
 */
export function WorkspacePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const item = useItem(id);
  if (item.isPending) return <Loading />;
  if (item.isError) {
    // A hidden item answers as a missing one: the workspace says no more than that.
    if (item.error instanceof ApiError && item.error.status === 404)
      return <PageHeading title={t('item.notFound')}>{t('item.notFound')}</PageHeading>;
    return <LoadError error={item.error} retry={() => void item.refetch()} />;
  }
  if (!item.data.mayAnnotate) return <Refused who={me.data} reason={t('workspace.refused')} />;
  return <Workspace item={item.data} />;
}

const hasRecording = (item: Item) => item.assets.some((asset) => asset.technical.use === 'peaks');
const hasScan = (item: Item) => item.assets.some((asset) => asset.role === 'scan');

function Workspace({ item }: { item: Item }) {
  const { t } = useTranslation();
  return (
    <article className="workspace">
      <p className="breadcrumb">
        <Link to={`/items/${encodeURIComponent(item.id)}`}>← {t('workspace.back')}</Link>
      </p>
      <PageHeading title={t('workspace.title', { title: item.title })}>
        {t('workspace.title', { title: item.title })}
      </PageHeading>
      <ProtocolPanel protocol={item.accessProtocol} />
      <WorkspaceSelectionProvider>
        {hasRecording(item) && <RecordingWorkspace item={item} />}
        {hasScan(item) && <PageWorkspace item={item} />}
        <AnnotationsWorkspace item={item} />
        <HandOverPanel item={item} />
      </WorkspaceSelectionProvider>
    </article>
  );
}
