import { useTranslation } from 'react-i18next';
import { useJobs, useMe, useReadiness, useRetryJobs } from '../api/queries';
import { mayRunJobs } from '../api/roles';
import type { JobOverview } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { LoadError, Loading } from '../components/query-state';
import { Refused } from '../components/refused';
import { dateTime } from '../text/format';

const counts = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * `/jobs`: whether the archive can serve (`/api/ready`), each queue's jobs, the failures
 * with their reasons and a way to retry them, and the queue dashboard for a closer look.
 * A failure of an item the viewer may not see shows its queue only, as the API answers it.
 */
export function JobsPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  return (
    <>
      <PageHeading title={t('jobs.title')}>{t('jobs.title')}</PageHeading>
      {mayRunJobs(me.data) ? (
        <JobsOverview />
      ) : (
        <Refused who={me.data} reason={t('jobs.notForYou')} />
      )}
    </>
  );
}

function JobsOverview() {
  const { t, i18n } = useTranslation();
  const jobs = useJobs();
  const retry = useRetryJobs();
  return (
    <>
      <Readiness />
      <p>
        <a href="/api/admin/queues">{t('jobs.dashboard')}</a>
      </p>
      {jobs.isPending ? (
        <Loading />
      ) : jobs.error ? (
        <LoadError error={jobs.error} retry={() => void jobs.refetch()} />
      ) : (
        <>
          <Queues queues={jobs.data.queues} />
          <section aria-labelledby="jobs-failures">
            <h2 id="jobs-failures">{t('jobs.failures')}</h2>
            {jobs.data.failures.length === 0 ? (
              <p>{t('jobs.noFailures')}</p>
            ) : (
              <>
                <p>{t('jobs.failuresHelp')}</p>
                <button
                  type="button"
                  disabled={retry.isPending}
                  onClick={() => retry.mutate({ failed: true })}
                >
                  {t('jobs.retryAll')}
                </button>
                <Failures
                  failures={jobs.data.failures}
                  retry={(item) => retry.mutate({ items: [item] })}
                  busy={retry.isPending}
                />
              </>
            )}
            {retry.data && (
              <p role="status">
                {retry.data.length === 0
                  ? t('jobs.retriedNone')
                  : t('jobs.retried', {
                      list: retry.data
                        .map((outcome) =>
                          outcome.action === 'skipped'
                            ? `${outcome.itemId} (${outcome.detail ?? t('jobs.skipped')})`
                            : outcome.itemId,
                        )
                        .join(', '),
                    })}
              </p>
            )}
            {retry.error && (
              <p className="error" role="alert">
                {t('jobs.retryFailed', { detail: retry.error.message })}
              </p>
            )}
          </section>
          <section aria-labelledby="jobs-stuck">
            <h2 id="jobs-stuck">{t('jobs.stuck')}</h2>
            {jobs.data.stuck.length === 0 ? (
              <p>{t('jobs.noStuck')}</p>
            ) : (
              <>
                <p>{t('jobs.stuckHelp')}</p>
                <ul>
                  {jobs.data.stuck.map((item) => (
                    <li key={item.item}>
                      {t('jobs.stuckSince', {
                        item: item.item,
                        since: dateTime(item.since, i18n.language),
                      })}
                    </li>
                  ))}
                </ul>
                <button
                  type="button"
                  disabled={retry.isPending}
                  onClick={() => retry.mutate({ stuck: true })}
                >
                  {t('jobs.retryStuck')}
                </button>
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}

function Readiness() {
  const { t } = useTranslation();
  const ready = useReadiness();
  return (
    <section aria-labelledby="jobs-health">
      <h2 id="jobs-health">{t('jobs.health')}</h2>
      {ready.isPending ? (
        <Loading />
      ) : ready.error ? (
        <p className="error" role="alert">
          {t('jobs.unreachable', { detail: ready.error.message })}
        </p>
      ) : ready.data.ready ? (
        <p className="success" role="status">
          {t('jobs.ready', {
            list: ready.data.checked
              .map((part) => t(`jobs.part.${part}`, { defaultValue: part }))
              .join(', '),
          })}
        </p>
      ) : (
        <p className="error" role="alert">
          {t('jobs.notReady', {
            list: ready.data.down
              .map((part) => t(`jobs.part.${part}`, { defaultValue: part }))
              .join(', '),
          })}
        </p>
      )}
    </section>
  );
}

function Queues({ queues }: { queues: JobOverview['queues'] }) {
  const { t } = useTranslation();
  return (
    <table className="data-table">
      <caption>{t('jobs.queues')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('jobs.queue')}</th>
          {counts.map((count) => (
            <th scope="col" key={count}>
              {t(`jobs.count.${count}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {queues.map((queue) => (
          <tr key={queue.name} data-queue={queue.name}>
            <th scope="row">{t(`jobs.queueName.${queue.name}`, { defaultValue: queue.name })}</th>
            {counts.map((count) => (
              <td key={count} data-count={count}>
                {queue.counts[count]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Failures({
  failures,
  retry,
  busy,
}: {
  failures: JobOverview['failures'];
  retry: (item: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <table className="data-table failures-table">
      <caption>{t('jobs.failuresCaption', { count: failures.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('jobs.item')}</th>
          <th scope="col">{t('jobs.queue')}</th>
          <th scope="col">{t('jobs.reason')}</th>
          <th scope="col">{t('jobs.action')}</th>
        </tr>
      </thead>
      <tbody>
        {failures.map((failure, index) =>
          failure.hidden ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: a hidden failure has nothing else to tell it apart
            <tr key={`hidden-${index}`}>
              <td colSpan={4} className="muted">
                {t('jobs.hiddenFailure', {
                  queue: t(`jobs.queueName.${failure.queue}`, { defaultValue: failure.queue }),
                })}
              </td>
            </tr>
          ) : (
            <tr
              key={`${failure.item}-${failure.queue ?? ''}-${failure.job ?? ''}`}
              data-item={failure.item}
            >
              <td>{failure.item}</td>
              <td>
                {failure.queue
                  ? t(`jobs.queueName.${failure.queue}`, { defaultValue: failure.queue })
                  : t('jobs.itemStatus')}
              </td>
              <td>{failure.reason}</td>
              <td>
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t('jobs.retryItem', { item: failure.item })}
                  onClick={() => retry(failure.item)}
                >
                  {t('jobs.retry')}
                </button>
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}
