import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { Item } from '../api/types';
import {
  type ImportPreview,
  type ImportResult,
  importableExtensions,
  importDocument,
  previewDocument,
  type TierChoice,
} from './hand-over-api';
import { HandOverDownloads } from './hand-over-downloads';
import { ImportPreviewTable } from './import-preview-table';
import { useAnnotationsChanged } from './use-workspace-annotations';

/** A file chosen for import; `key` tells two choices of the same file apart. */
interface Chosen {
  file: File;
  key: number;
}

/**
 * The workspace's part for ELAN and Praat: download the item's annotations, and bring a
 * file back in two steps, a dry run shown as a diff per tier (where tiers the archive
 * cannot place are given a type) and then the import itself, or nothing at all.
 */
export function HandOverPanel({ item }: { item: Item }) {
  const { t } = useTranslation();
  const headingId = useId();
  const inputId = useId();
  const hintId = useId();
  const annotationsChanged = useAnnotationsChanged(item.id);
  const [chosen, setChosen] = useState<Chosen>();
  const [choices, setChoices] = useState<Record<string, TierChoice>>({});
  const [result, setResult] = useState<{
    name: string;
    result: ImportResult;
    previewed?: ImportPreview;
  }>();
  // Remounts the file input after a cancel or an import, so the same file can be chosen again.
  const [inputKey, setInputKey] = useState(0);

  const preview = useQuery({
    queryKey: ['import-preview', item.id, chosen?.key, choices],
    queryFn: ({ signal }) => previewDocument(item.id, (chosen as Chosen).file, choices, signal),
    enabled: chosen !== undefined,
    retry: false,
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
    // While another tier mapping of the same file is read, its last preview stays on screen.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === chosen?.key ? previous : undefined,
  });

  const reset = () => {
    setChosen(undefined);
    setChoices({});
    setInputKey((key) => key + 1);
  };

  const apply = useMutation({
    mutationFn: (
      what: Chosen & { previewed?: ImportPreview; choices: Record<string, TierChoice> },
    ) => importDocument(item.id, what.file, what.choices),
    onSuccess: async (answer, what) => {
      setResult({
        name: what.file.name,
        result: answer,
        ...(what.previewed ? { previewed: what.previewed } : {}),
      });
      reset();
      await annotationsChanged();
    },
  });

  const choose = (file: File | undefined) => {
    setResult(undefined);
    apply.reset();
    setChoices({});
    setChosen(file ? { file, key: Date.now() } : undefined);
  };

  const name = chosen?.file.name ?? '';
  const busy = apply.isPending;
  return (
    <section className="hand-over" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('workspace.handover.heading')}</h2>
      <p>{t('workspace.handover.intro')}</p>

      <h3>{t('workspace.handover.download.heading')}</h3>
      <HandOverDownloads item={item} />

      <h3>{t('workspace.handover.upload.heading')}</h3>
      <p className="field">
        <label htmlFor={inputId}>{t('workspace.handover.upload.choose')}</label>
        <input
          key={inputKey}
          id={inputId}
          type="file"
          accept={importableExtensions.join(',')}
          aria-describedby={hintId}
          disabled={busy}
          onChange={(event) => choose(event.target.files?.[0])}
        />
        <span id={hintId} className="muted">
          {t('workspace.handover.upload.hint')}
        </span>
      </p>

      {chosen && preview.isFetching && (
        <p role="status" className="muted">
          {t('workspace.handover.upload.reading', { name })}
        </p>
      )}
      {chosen && preview.isError && (
        <ProblemText
          error={preview.error}
          text={(detail) => t('workspace.handover.upload.failed', { detail })}
        />
      )}
      {chosen && preview.data && !preview.isError && (
        <PreviewPart
          name={name}
          preview={preview.data}
          choices={choices}
          busy={busy || preview.isFetching}
          onChoose={(tier, choice) => setChoices((current) => ({ ...current, [tier]: choice }))}
          onApply={() => apply.mutate({ ...chosen, previewed: preview.data, choices })}
          onCancel={reset}
        />
      )}

      {busy && (
        <p role="status" className="hand-over-progress">
          <progress
            aria-label={t('workspace.handover.applying', { name: apply.variables?.file.name })}
          />{' '}
          {t('workspace.handover.applying', { name: apply.variables?.file.name })}
        </p>
      )}
      {apply.isError && (
        <ProblemText
          error={apply.error}
          text={(detail) => t('workspace.handover.result.failed', { detail })}
        />
      )}
      {result && (
        <ResultPart name={result.name} result={result.result} previewed={result.previewed} />
      )}
    </section>
  );
}

function PreviewPart({
  name,
  preview,
  choices,
  busy,
  onChoose,
  onApply,
  onCancel,
}: {
  name: string;
  preview: ImportPreview;
  choices: Readonly<Record<string, TierChoice>>;
  busy: boolean;
  onChoose: (tier: string, choice: TierChoice) => void;
  onApply: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [firstIgnored] = preview.ignored;
  return (
    <section className="import-preview" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('workspace.handover.preview.heading', { name })}</h3>
      <p>
        {t('workspace.handover.preview.summary', {
          read: preview.read,
          added: preview.added,
          edited: preview.edited,
          unchanged: preview.unchanged,
        })}
      </p>
      <p className="muted">
        {t('workspace.handover.preview.anchoring', { anchoring: preview.anchoring })}
      </p>
      {!preview.wouldChange && <p>{t('workspace.handover.preview.nothing')}</p>}
      {preview.wouldChange && preview.changes.length === 0 && (
        <p>{t('workspace.handover.preview.keepsDocument')}</p>
      )}
      <ImportPreviewTable preview={preview} choices={choices} onChoose={onChoose} disabled={busy} />
      {firstIgnored && (
        <p className="muted">
          {t('workspace.handover.preview.ignored', {
            count: preview.ignored.length,
            line: firstIgnored.line,
            reason: firstIgnored.reason,
          })}
        </p>
      )}
      <p className="hand-over-actions">
        <button type="button" onClick={onApply} disabled={busy || !preview.wouldChange}>
          {t('workspace.handover.preview.apply')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('workspace.handover.preview.cancel')}
        </button>
      </p>
    </section>
  );
}

function ResultPart({
  name,
  result,
  previewed,
}: {
  name: string;
  result: ImportResult;
  previewed?: ImportPreview;
}) {
  const { t } = useTranslation();
  // Someone saved in between: the import was made against the item as it then was.
  const differs =
    previewed !== undefined &&
    (previewed.added !== result.added || previewed.edited !== result.edited);
  return (
    <div role="status" className="hand-over-result">
      <h3>{t('workspace.handover.result.heading', { name })}</h3>
      <p>
        {result.changed
          ? t('workspace.handover.result.summary', {
              added: result.added,
              edited: result.edited,
              unchanged: result.unchanged,
            })
          : t('workspace.handover.result.unchanged')}
      </p>
      {differs && <p>{t('workspace.handover.result.differs')}</p>}
    </div>
  );
}

/** A refusal in words, with each problem the API named (line, tier, element). */
function ProblemText({ error, text }: { error: unknown; text: (detail: string) => string }) {
  const detail = error instanceof Error ? error.message : String(error);
  const parts = error instanceof ApiError ? (error.problem?.invalidParams ?? []) : [];
  return (
    <div className="error" role="alert">
      <p>{text(detail)}</p>
      {parts.length > 0 && (
        <ul>
          {parts.map((part) => (
            <li key={`${part.name}:${part.reason}`}>
              {part.name}: {part.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
