import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, exportFileAddress } from '../api/client';
import {
  useCollections,
  useExportFolder,
  useExportHistory,
  useExportHistoryAfter,
  useExportPreview,
  useJob,
  useMe,
  useRunExport,
} from '../api/queries';
import { isAdmin } from '../api/roles';
import type {
  ExportChoice,
  ExportFilters,
  ExportPreview,
  ExportResult,
  TextOriginKind,
} from '../api/types';
import { PageHeading } from '../components/page-heading';
import { LoadError, Loading } from '../components/query-state';
import { Refused } from '../components/refused';
import { dateTime, duration, fileSize } from '../text/format';

const protocols = ['open', 'community', 'restricted'] as const;
const origins: readonly TextOriginKind[] = ['human', 'ocr', 'ocr-corrected', 'machine'];
const configNames = ['speech', 'text', 'parallel', 'ocr-lines'] as const;

/** The form's fields as typed; turned into the API's request by `choiceOf`. */
interface Form {
  collections: string[];
  languages: string;
  genres: string;
  licences: string;
  dateFrom: string;
  dateTo: string;
  accessProtocols: string[];
  textOrigins: TextOriginKind[];
  minOcrConfidence: string;
  out: string;
}

const initialForm: Form = {
  collections: [],
  languages: '',
  genres: '',
  licences: '',
  dateFrom: '',
  dateTo: '',
  accessProtocols: ['open'],
  textOrigins: [],
  minOcrConfidence: '60',
  out: '',
};

function list(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function year(text: string): number | undefined {
  return /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function choiceOf(form: Form): ExportChoice {
  const filters: ExportFilters = {
    collections: form.collections,
    languages: list(form.languages),
    genres: list(form.genres),
    licences: list(form.licences),
    accessProtocols: form.accessProtocols as ExportFilters['accessProtocols'],
    textOrigins: form.textOrigins,
  };
  const from = year(form.dateFrom);
  const to = year(form.dateTo);
  if (from !== undefined) filters.dateFrom = from;
  if (to !== undefined) filters.dateTo = to;
  // An emptied field sets no floor (Number('') would be 0).
  const confidence =
    form.minOcrConfidence.trim() === '' ? Number.NaN : Number(form.minOcrConfidence);
  return {
    filters,
    quality: Number.isFinite(confidence) ? { minOcrConfidence: confidence } : {},
  };
}

function toggle<T>(values: readonly T[], value: T, on: boolean): T[] {
  return on ? [...values.filter((v) => v !== value), value] : values.filter((v) => v !== value);
}

/** `/exports`: choose, preview, run and follow a dataset export; the exports made so far. */
export function ExportsPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  return (
    <>
      <PageHeading title={t('exports.title')}>{t('exports.title')}</PageHeading>
      {isAdmin(me.data) ? <ExportsWork /> : <Refused who={me.data} reason={t('exports.refused')} />}
    </>
  );
}

function ExportsWork() {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>(initialForm);
  const [asked, setAsked] = useState<ExportChoice>();
  const preview = useExportPreview(asked);
  const run = useRunExport();
  const [started, setStarted] = useState<{ jobId: string; out: string }>();
  const jobId = started?.jobId;
  const current = choiceOf(form);
  const stale = asked !== undefined && JSON.stringify(asked) !== JSON.stringify(current);

  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    setStarted(undefined);
    setAsked(current);
  };

  return (
    <>
      <p className="intro">{t('exports.intro')}</p>
      <ExportForm form={form} setForm={setForm} onSubmit={onPreview} busy={preview.isFetching} />
      {asked && (
        <section className="panel" aria-labelledby="export-preview">
          <h2 id="export-preview">{t('exports.previewTitle')}</h2>
          {preview.isPending ? (
            <p role="status">{t('exports.previewing')}</p>
          ) : preview.isError ? (
            <LoadError error={preview.error} retry={() => preview.refetch()} />
          ) : (
            <>
              <PreviewFigures preview={preview.data} />
              {stale && <p className="note">{t('exports.previewStale')}</p>}
              <div className="export-run">
                <button
                  type="button"
                  className="primary"
                  disabled={stale || run.isPending || form.out.trim() === '' || jobId !== undefined}
                  onClick={() =>
                    run.mutate(
                      { ...asked, out: form.out.trim() },
                      {
                        onSuccess: (queued) =>
                          setStarted({ jobId: queued.jobId, out: form.out.trim() }),
                      },
                    )
                  }
                >
                  {run.isPending ? t('exports.starting') : t('exports.run')}
                </button>
                {form.out.trim() === '' && <span className="muted">{t('exports.outHint')}</span>}
              </div>
              {run.isError && (
                <p className="error" role="alert">
                  {run.error instanceof ApiError ? run.error.message : String(run.error)}
                </p>
              )}
            </>
          )}
        </section>
      )}
      {started && <ExportProgressPanel jobId={started.jobId} out={started.out} />}
      <ExportHistory />
    </>
  );
}

function ExportForm({
  form,
  setForm,
  onSubmit,
  busy,
}: {
  form: Form;
  setForm: (form: Form) => void;
  onSubmit: (event: FormEvent) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const collections = useCollections();
  const id = useId();
  const field = (name: keyof Form | 'heading') => `${id}-${name}`;
  const text = (name: Exclude<keyof Form, 'collections' | 'accessProtocols' | 'textOrigins'>) => ({
    id: field(name),
    value: form[name],
    onChange: (event: { target: { value: string } }) =>
      setForm({ ...form, [name]: event.target.value }),
  });
  return (
    <form className="export-form panel" aria-labelledby={field('heading')} onSubmit={onSubmit}>
      <h2 id={field('heading')}>{t('exports.filters')}</h2>
      <fieldset>
        <legend>{t('exports.collections')}</legend>
        <p className="hint">{t('exports.collectionsHint')}</p>
        {collections.isPending && <Loading />}
        {collections.data?.map((collection) => (
          <label key={collection.id} className="check">
            <input
              type="checkbox"
              checked={form.collections.includes(collection.id)}
              onChange={(event) =>
                setForm({
                  ...form,
                  collections: toggle(form.collections, collection.id, event.target.checked),
                })
              }
            />
            {collection.title} <span className="muted">({collection.id})</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('exports.protocols')}</legend>
        <p className="hint">{t('exports.protocolsHint')}</p>
        {protocols.map((protocol) => (
          <label key={protocol} className="check">
            <input
              type="checkbox"
              checked={form.accessProtocols.includes(protocol)}
              onChange={(event) =>
                setForm({
                  ...form,
                  accessProtocols: toggle(form.accessProtocols, protocol, event.target.checked),
                })
              }
            />
            {t(`protocol.name.${protocol}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('exports.origins')}</legend>
        <p className="hint">{t('exports.originsHint')}</p>
        {origins.map((origin) => (
          <label key={origin} className="check">
            <input
              type="checkbox"
              checked={form.textOrigins.includes(origin)}
              onChange={(event) =>
                setForm({
                  ...form,
                  textOrigins: toggle(form.textOrigins, origin, event.target.checked),
                })
              }
            />
            {t(`exports.origin.${origin}`)}
          </label>
        ))}
      </fieldset>
      <div className="export-fields">
        {(['languages', 'genres', 'licences'] as const).map((name) => (
          <div key={name}>
            <label htmlFor={field(name)}>{t(`exports.${name}`)}</label>
            <input
              type="text"
              {...text(name)}
              aria-describedby={`${field(name)}-hint`}
              maxLength={500}
            />
            <p className="hint" id={`${field(name)}-hint`}>
              {t(`exports.${name}Hint`)}
            </p>
          </div>
        ))}
        <div>
          <label htmlFor={field('dateFrom')}>{t('exports.dateFrom')}</label>
          <input type="number" min={0} max={9999} {...text('dateFrom')} />
        </div>
        <div>
          <label htmlFor={field('dateTo')}>{t('exports.dateTo')}</label>
          <input type="number" min={0} max={9999} {...text('dateTo')} />
        </div>
        <div>
          <label htmlFor={field('minOcrConfidence')}>{t('exports.minOcr')}</label>
          <input type="number" min={0} max={100} {...text('minOcrConfidence')} />
        </div>
        <div>
          <label htmlFor={field('out')}>{t('exports.out')}</label>
          <input
            type="text"
            {...text('out')}
            aria-describedby={`${field('out')}-hint`}
            maxLength={300}
          />
          <p className="hint" id={`${field('out')}-hint`}>
            {t('exports.outHint')}
          </p>
        </div>
      </div>
      <button type="submit" disabled={busy || form.accessProtocols.length === 0}>
        {busy ? t('exports.previewing') : t('exports.preview')}
      </button>
    </form>
  );
}

function PreviewFigures({ preview }: { preview: ExportPreview }) {
  const { t, i18n } = useTranslation();
  const number = (value: number) => value.toLocaleString(i18n.language);
  return (
    <>
      <p className="export-summary" data-testid="export-summary">
        {t('exports.summary', {
          count: preview.items,
          hours: duration(preview.configs.speech.seconds),
        })}
      </p>
      <div className="table-scroll">
        <table>
          <caption>{t('exports.configs')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('exports.column.part')}</th>
              <th scope="col">{t('exports.column.rows')}</th>
              <th scope="col">{t('exports.column.duration')}</th>
              <th scope="col">{t('exports.column.characters')}</th>
            </tr>
          </thead>
          <tbody>
            {configNames.map((name) => {
              const config = preview.configs[name];
              return (
                <tr key={name} data-config={name}>
                  <th scope="row">{t(`exports.config.${name}`)}</th>
                  <td>{number(config.rows)}</td>
                  <td>{config.seconds > 0 ? duration(config.seconds) : '—'}</td>
                  <td>{number(config.characters)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>{t('exports.excluded')}</h3>
      {preview.exclusions.length === 0 ? (
        <p>{t('exports.nothingExcluded')}</p>
      ) : (
        <div className="table-scroll">
          <table className="export-exclusions">
            <caption className="visually-hidden">{t('exports.excluded')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exports.column.unit')}</th>
                <th scope="col">{t('exports.column.reason')}</th>
                <th scope="col">{t('exports.column.count')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.exclusions.map((exclusion) => (
                <tr key={`${exclusion.unit}/${exclusion.reason}`} data-unit={exclusion.unit}>
                  <td>{t(`exports.unit.${exclusion.unit}`, { defaultValue: exclusion.unit })}</td>
                  <td>{exclusion.reason}</td>
                  <td>{number(exclusion.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

interface Progress {
  stage: string;
  done: number;
  total: number;
}

function isProgress(value: unknown): value is Progress {
  return typeof value === 'object' && value !== null && 'stage' in value && 'total' in value;
}

function ExportProgressPanel({ jobId, out }: { jobId: string; out: string }) {
  const { t, i18n } = useTranslation();
  const job = useJob('export', jobId);
  const state = job.data?.state;
  const progress = isProgress(job.data?.progress) ? job.data.progress : undefined;
  const result = state === 'completed' ? (job.data?.result as ExportResult | undefined) : undefined;
  useExportHistoryAfter(state === 'completed');
  return (
    <section className="panel" aria-labelledby="export-progress">
      <h2 id="export-progress">{t('exports.progressTitle')}</h2>
      {job.isError && <LoadError error={job.error} retry={() => job.refetch()} />}
      {state === 'failed' ? (
        <p className="error" role="alert">
          {t('exports.failed', { reason: job.data?.failedReason ?? '' })}
        </p>
      ) : result ? (
        <>
          <p role="status" className="export-done">
            {t('exports.done', {
              items: result.items,
              files: result.files,
              size: fileSize(result.bytes, i18n.language),
            })}
          </p>
          <ExportLocation location={result.location} />
          {!out.startsWith('s3://') && <ExportFiles name={out} />}
        </>
      ) : (
        <div role="status" aria-live="polite">
          <p>
            {progress
              ? t('exports.progress', {
                  stage: t(`exports.stage.${progress.stage}`, { defaultValue: progress.stage }),
                  done: progress.done,
                  total: progress.total,
                })
              : t('exports.stage.waiting')}
          </p>
          <progress
            max={progress?.total || 1}
            value={progress?.done ?? 0}
            aria-label={t('exports.progressTitle')}
          />
        </div>
      )}
    </section>
  );
}

/** Where the dataset went, with a copy button: an s3:// address, or a folder on the server. */
function ExportLocation({ location }: { location: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="export-location">
      <p>
        <strong>{t('exports.location')}</strong>{' '}
        <code data-testid="export-location">{location}</code>{' '}
        <button
          type="button"
          onClick={() =>
            navigator.clipboard
              ?.writeText(location)
              .then(() => setCopied(true))
              .catch(() => setCopied(false))
          }
        >
          {t('exports.copy')}
        </button>{' '}
        <span role="status">{copied ? t('exports.copied') : ''}</span>
      </p>
      {!location.startsWith('s3://') && <p className="hint">{t('exports.folderNote')}</p>}
    </div>
  );
}

/** The files of a dataset written to a folder of the server, each to download. */
function ExportFiles({ name }: { name: string }) {
  const { t, i18n } = useTranslation();
  const folder = useExportFolder(name);
  if (folder.isPending) return <Loading />;
  if (folder.isError) return <LoadError error={folder.error} retry={() => folder.refetch()} />;
  return (
    <details className="export-files">
      <summary>{t('exports.files', { count: folder.data.files.length })}</summary>
      <ul>
        {folder.data.files.map((file) => (
          <li key={file.path}>
            <a href={exportFileAddress(name, file.path)} download>
              {file.path}
            </a>{' '}
            <span className="muted">{fileSize(file.size, i18n.language)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function ExportHistory() {
  const { t, i18n } = useTranslation();
  const history = useExportHistory();
  return (
    <section className="panel" aria-labelledby="export-history">
      <h2 id="export-history">{t('exports.history')}</h2>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <LoadError error={history.error} retry={() => history.refetch()} />
      ) : history.data.length === 0 ? (
        <p>{t('exports.noHistory')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('exports.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exports.historyColumn.id')}</th>
                <th scope="col">{t('exports.historyColumn.when')}</th>
                <th scope="col">{t('exports.historyColumn.where')}</th>
                <th scope="col">{t('exports.historyColumn.items')}</th>
                <th scope="col">{t('exports.historyColumn.withdrawn')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((entry) => (
                <tr key={entry.exportId}>
                  <th scope="row">
                    <code>{entry.exportId.slice(0, 12)}</code>
                  </th>
                  <td>{dateTime(entry.lastAt, i18n.language)}</td>
                  <td>
                    {entry.locations.map((location) => (
                      <code key={location} className="block">
                        {location}
                      </code>
                    ))}
                  </td>
                  <td>{entry.items.length.toLocaleString(i18n.language)}</td>
                  <td>
                    {entry.noLongerAllowed.length === 0 ? (
                      t('exports.allStillAllowed')
                    ) : (
                      <ul className="plain">
                        {entry.noLongerAllowed.map((gone) => (
                          <li key={gone.itemId}>
                            {t('exports.withdrawnItem', { item: gone.itemId, reason: gone.reason })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
