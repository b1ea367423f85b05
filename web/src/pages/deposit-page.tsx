import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, depositEventsUrl } from '../api/client';
import { useCheckDeposit, useDeposit, useIngestDeposit } from '../api/queries';
import type { Deposit, DepositItemProgress, DepositProblem } from '../api/types';
import { DepositUploader } from '../components/deposit-uploader';
import { PageHeading } from '../components/page-heading';
import { LoadError, Loading } from '../components/query-state';
import { fileSize } from '../text/format';

/** States in which the deposit still takes files (the server's own list). */
const receiving: Deposit['state'][] = ['receiving', 'checked', 'problems'];
const spreadsheet = /\.(csv|json)$/i;

/**
 * Follows the deposit's server-sent events: each event (an upload received, a check,
 * an item's step done) reads the deposit again. The stream ends when the deposit does.
 */
function useDepositEvents(id: string, enabled: boolean) {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(depositEventsUrl(id));
    const refresh = () => void client.invalidateQueries({ queryKey: ['deposit', id] });
    for (const name of ['state', 'upload', 'check', 'item']) source.addEventListener(name, refresh);
    source.addEventListener('end', () => {
      refresh();
      source.close();
    });
    return () => source.close();
  }, [id, enabled, client]);
}

/**
 * `/deposits/:id`: the files arrive (a folder and a spreadsheet, by tus), the check
 * shows the manifest's problems by row and column before anything is archived, the
 * archivist sends corrected files and checks again, then ingests and watches each
 * item's steps until it is ready, or reads why it failed and what to do.
 */
export function DepositPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const deposit = useDeposit(id);
  const check = useCheckDeposit(id);
  const ingest = useIngestDeposit(id);
  const client = useQueryClient();
  const [manifest, setManifest] = useState('');
  const ids = { manifest: useId() };
  const state = deposit.data?.state;
  // A failed deposit may be ingested again: its events are followed again then.
  useDepositEvents(id, state !== undefined && state !== 'done' && state !== 'failed');
  const received = useCallback(
    () => void client.invalidateQueries({ queryKey: ['deposit', id] }),
    [client, id],
  );

  if (deposit.isPending) return <Loading />;
  if (deposit.error) {
    if (deposit.error instanceof ApiError && deposit.error.status === 404)
      return (
        <>
          <PageHeading title={t('deposit.title')}>{t('deposit.title')}</PageHeading>
          <p>{t('deposit.notFound')}</p>
          <p>
            <Link to="/deposits">{t('deposit.listTitle')}</Link>
          </p>
        </>
      );
    return <LoadError error={deposit.error} retry={() => void deposit.refetch()} />;
  }
  const shown = deposit.data;
  const open = receiving.includes(shown.state);
  const sheets = shown.files.filter((file) => spreadsheet.test(file.path));
  const chosenManifest = manifest || shown.check?.manifest || '';
  const mutationError = check.error ?? ingest.error;

  return (
    <>
      <PageHeading title={t('deposit.title')}>
        {t('deposit.titleFor', { collection: shown.collection })}
      </PageHeading>
      <p className={`deposit-state deposit-state-${shown.state}`} role="status">
        {t(`deposit.state.${shown.state}`)}
      </p>

      <section aria-labelledby="deposit-files">
        <h2 id="deposit-files">{t('deposit.filesHeading')}</h2>
        <p>{t('deposit.filesHelp')}</p>
        <DepositUploader depositId={shown.id} disabled={!open} onReceived={received} />
        {shown.files.length === 0 ? (
          <p className="muted">{t('deposit.noFiles')}</p>
        ) : (
          <table className="data-table">
            <caption>{t('deposit.filesCaption', { count: shown.files.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('deposit.file')}</th>
                <th scope="col">{t('deposit.size')}</th>
                <th scope="col">{t('deposit.fileState')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.files.map((file) => (
                <tr key={file.path}>
                  <td className="path">{file.path}</td>
                  <td>{fileSize(file.size ?? file.received, i18n.language)}</td>
                  <td>
                    {file.state === 'received'
                      ? t('deposit.received')
                      : t('deposit.uploading', {
                          sent: fileSize(file.received, i18n.language),
                          total: file.size ? fileSize(file.size, i18n.language) : '?',
                        })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="deposit-check">
        <h2 id="deposit-check">{t('deposit.checkHeading')}</h2>
        <p>{t('deposit.checkHelp')}</p>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            check.mutate(chosenManifest || undefined);
          }}
        >
          {sheets.length > 1 && (
            <>
              <label htmlFor={ids.manifest}>{t('deposit.manifest')}</label>
              <select
                id={ids.manifest}
                value={chosenManifest}
                onChange={(event) => setManifest(event.target.value)}
              >
                <option value="">{t('deposit.manifestDefault')}</option>
                {sheets.map((file) => (
                  <option key={file.path} value={file.path}>
                    {file.path}
                  </option>
                ))}
              </select>
            </>
          )}
          <button type="submit" disabled={!open || check.isPending || shown.files.length === 0}>
            {check.isPending
              ? t('deposit.checking')
              : shown.check
                ? t('deposit.checkAgain')
                : t('deposit.check')}
          </button>
        </form>
        {shown.check && <CheckResult check={shown.check} />}
      </section>

      <section aria-labelledby="deposit-ingest">
        <h2 id="deposit-ingest">{t('deposit.ingestHeading')}</h2>
        <p>{t('deposit.ingestHelp')}</p>
        <button
          type="button"
          className="primary"
          disabled={!(shown.state === 'checked' || shown.state === 'failed') || ingest.isPending}
          onClick={() => ingest.mutate()}
        >
          {shown.state === 'failed' ? t('deposit.ingestAgain') : t('deposit.ingest')}
        </button>
        {mutationError && (
          <p className="error" role="alert">
            {t('deposit.refused', { detail: mutationError.message })}
          </p>
        )}
        {shown.ingest && <IngestProgress ingest={shown.ingest} />}
      </section>
    </>
  );
}

function CheckResult({ check }: { check: NonNullable<Deposit['check']> }) {
  const { t, i18n } = useTranslation();
  const when = new Date(check.checkedAt).toLocaleTimeString(i18n.language);
  if (check.ok)
    return (
      <p className="success" role="status">
        {t('deposit.checkOk', { count: check.items, when })}
      </p>
    );
  return (
    <div className="deposit-problems">
      <p className="error" role="alert">
        {t('deposit.problemsFound', { count: check.problems.length, when })}
      </p>
      <p>{t('deposit.problemsHelp')}</p>
      <table className="data-table problems-table">
        <caption>{t('deposit.problemsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('deposit.file')}</th>
            <th scope="col">{t('deposit.row')}</th>
            <th scope="col">{t('deposit.column')}</th>
            <th scope="col">{t('deposit.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {check.problems.map((problem: DepositProblem, index) => (
            // Problems have no id of their own; their order is the check's.
            // biome-ignore lint/suspicious/noArrayIndexKey: a check's problems are read, never reordered
            <tr key={index}>
              <td className="path">{problem.file}</td>
              <td>{problem.row ?? '—'}</td>
              <td>{problem.column ?? '—'}</td>
              <td>{problem.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IngestProgress({ ingest }: { ingest: NonNullable<Deposit['ingest']> }) {
  const { t } = useTranslation();
  return (
    <>
      {ingest.error && (
        <div className="error" role="alert">
          <p>{t('deposit.ingestError', { reason: ingest.error })}</p>
          <p>{t('deposit.ingestErrorWhat')}</p>
        </div>
      )}
      {ingest.failed.length > 0 && (
        <div className="error" role="alert">
          <p>{t('deposit.itemsNotArchived', { count: ingest.failed.length })}</p>
          <ul>
            {ingest.failed.map((failure) => (
              <li key={failure.itemId}>
                <strong>{failure.itemId}</strong>: {failure.reason}
              </li>
            ))}
          </ul>
          <p>{t('deposit.itemsNotArchivedWhat')}</p>
        </div>
      )}
      {ingest.items.length > 0 && (
        <table className="data-table">
          <caption>{t('deposit.itemsCaption', { count: ingest.items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('deposit.item')}</th>
              <th scope="col">{t('deposit.itemStatus')}</th>
              <th scope="col">{t('deposit.steps')}</th>
            </tr>
          </thead>
          <tbody>
            {ingest.items.map((item) => (
              <ItemRow key={item.id} item={item} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ItemRow({ item }: { item: DepositItemProgress }) {
  const { t } = useTranslation();
  const failed = item.status === 'failed' || item.jobs.failed > 0;
  const statusText = t(`status.${item.status}`, { defaultValue: item.status });
  return (
    <tr data-item={item.id} className={failed ? 'item-failed' : undefined}>
      <td>{item.status === 'ready' ? <Link to={`/items/${item.id}`}>{item.id}</Link> : item.id}</td>
      <td>
        {statusText}
        {failed && (
          <>
            {item.detail && <p className="error">{item.detail}</p>}
            <p>{t('deposit.itemFailedWhat')}</p>
          </>
        )}
        {item.quarantined.map((file) => (
          <p key={file.originalName} className="muted">
            {t('deposit.setAside', { file: file.originalName, reason: file.reason })}
          </p>
        ))}
      </td>
      <td>
        <progress
          max={item.jobs.total || 1}
          value={item.status === 'ready' ? item.jobs.total || 1 : item.jobs.done}
          aria-label={t('deposit.stepsOf', { item: item.id })}
        />{' '}
        {t('deposit.stepsDone', {
          done: item.jobs.done,
          total: item.jobs.total,
          running: item.jobs.running,
          failed: item.jobs.failed,
        })}
      </td>
    </tr>
  );
}
