import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { annotationTypes } from '../api/types';
import { clockTime } from '../text/format';
import type {
  AnnotationContent,
  ImportPreview,
  PreviewedChange,
  TierChoice,
  TierReport,
} from './hand-over-api';

function spanOf(content: AnnotationContent): string {
  if (content.startMs === undefined || content.endMs === undefined) return '';
  return `${clockTime(content.startMs)}–${clockTime(content.endMs)}`;
}

const sameTier = (a: { tier: string; tierOccurrence?: number }, b: TierReport) =>
  a.tier === b.tier && (a.tierOccurrence ?? 1) === (b.tierOccurrence ?? 1);

/**
 * The dry run as a diff, one group per tier of the document: what the tier is read as
 * (changeable, for tiers whose names say nothing), what would be added and what changed
 * from what to what, how much is already in the archive, and what is left out and why.
 */
export function ImportPreviewTable({
  preview,
  choices,
  onChoose,
  disabled,
}: {
  preview: ImportPreview;
  choices: Readonly<Record<string, TierChoice>>;
  onChoose: (tier: string, choice: TierChoice) => void;
  disabled: boolean;
}) {
  return (
    <div className="import-tiers">
      {preview.tiers.map((tier) => (
        <TierGroup
          key={`${tier.tier}\u0000${tier.tierOccurrence ?? 1}`}
          tier={tier}
          readAs={
            choices[tier.tier] ??
            (preview.tierTypes.find((entry) => sameTier(entry, tier))?.type as TierChoice) ??
            'skip'
          }
          changes={preview.changes.filter((change) => sameTier(change, tier))}
          onChoose={onChoose}
          disabled={disabled}
          // Formats without tiers (plain text, heritage JSON) have nothing to choose.
          choosable={preview.format !== 'json' && tier.tier !== '(document)'}
        />
      ))}
    </div>
  );
}

function TierGroup({
  tier,
  readAs,
  changes,
  onChoose,
  disabled,
  choosable,
}: {
  tier: TierReport;
  readAs: TierChoice;
  changes: PreviewedChange[];
  onChoose: (tier: string, choice: TierChoice) => void;
  disabled: boolean;
  choosable: boolean;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const selectId = useId();
  const title =
    tier.tierOccurrence === undefined
      ? t('workspace.handover.preview.tier', { tier: tier.tier })
      : t('workspace.handover.preview.tierNumber', {
          tier: tier.tier,
          number: tier.tierOccurrence,
        });
  return (
    <section className="import-tier" aria-labelledby={headingId}>
      <h4 id={headingId}>{title}</h4>
      {choosable && (
        <p className="import-tier-type">
          <label htmlFor={selectId}>
            {t('workspace.handover.preview.readAs', { tier: tier.tier })}
          </label>{' '}
          <select
            id={selectId}
            value={readAs}
            disabled={disabled}
            onChange={(event) => onChoose(tier.tier, event.target.value as TierChoice)}
          >
            {annotationTypes.map((type) => (
              <option key={type} value={type}>
                {t(`player.transcript.type.${type}`)}
              </option>
            ))}
            <option value="skip">{t('workspace.handover.preview.skip')}</option>
          </select>
        </p>
      )}
      {tier.leftOut !== undefined ? (
        <p className="muted">{t('workspace.handover.preview.leftOut', { reason: tier.leftOut })}</p>
      ) : (
        <p>
          {t('workspace.handover.preview.counts', {
            added: tier.added,
            edited: tier.superseded,
            unchanged: tier.unchanged,
          })}
        </p>
      )}
      {tier.skipped.length > 0 && (
        <ul className="import-skipped">
          {tier.skipped.map((entry) => (
            <li key={entry.reason}>
              {t('workspace.handover.preview.skipped', {
                count: entry.count,
                reason: entry.reason,
              })}
            </li>
          ))}
        </ul>
      )}
      {changes.length > 0 && (
        <div className="table-scroll">
          <table className="import-diff">
            <caption className="visually-hidden">
              {t('workspace.handover.preview.changesOf', { tier: tier.tier })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('workspace.handover.preview.change')}</th>
                <th scope="col">{t('workspace.handover.preview.time')}</th>
                <th scope="col">{t('workspace.handover.preview.before')}</th>
                <th scope="col">{t('workspace.handover.preview.after')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <ChangeRow key={change.newId} change={change} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ChangeRow({ change }: { change: PreviewedChange }) {
  const { t } = useTranslation();
  const { before, after } = change;
  const beforeSpan = before ? spanOf(before) : '';
  const afterSpan = spanOf(after);
  const retyped = before !== undefined && before.type !== after.type;
  return (
    <tr className={`import-${change.kind}`} data-kind={change.kind}>
      <th scope="row">
        {change.kind === 'add'
          ? t('workspace.handover.preview.added')
          : t('workspace.handover.preview.edited')}
      </th>
      <td className="import-time">
        {before && beforeSpan !== afterSpan ? (
          <>
            <del>{beforeSpan}</del> → <ins>{afterSpan}</ins>
          </>
        ) : (
          afterSpan
        )}
      </td>
      <td className="import-before">
        {before ? (
          <del>
            {before.value}
            {retyped && ` (${t(`player.transcript.type.${before.type}`)})`}
          </del>
        ) : (
          t('workspace.handover.preview.noText')
        )}
      </td>
      <td className="import-after">
        <ins>
          {after.value}
          {retyped && ` (${t(`player.transcript.type.${after.type}`)})`}
        </ins>
      </td>
    </tr>
  );
}
