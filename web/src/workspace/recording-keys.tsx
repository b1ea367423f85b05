import { useTranslation } from 'react-i18next';

/** The shortcuts of the tier rows, ELAN's where ELAN has one. */
const keys = [
  ['Ctrl+Space', 'playPause'],
  ['Shift+Space', 'playSpan'],
  ['Alt+L', 'loop'],
  ['Alt+R', 'rate'],
  ['← →', 'nextPrevious'],
  ['↑ ↓', 'tierUpDown'],
  ['Ctrl+← →', 'playhead'],
  ['Enter, F2', 'edit'],
  ['Enter, Ctrl+Enter', 'save'],
  ['Escape', 'cancel'],
  ['Tab, Shift+Tab', 'tabNext'],
  ['Alt+N', 'newAnnotation'],
  ['[ ]', 'boundary'],
  ['Alt+← →', 'nudge'],
  ['Alt+S', 'split'],
  ['Alt+M', 'merge'],
  ['Delete', 'remove'],
  ['+ −', 'zoom'],
] as const;

/** A visible list of the keys, so that all of the tiers can be used without a mouse. */
export function RecordingKeys() {
  const { t } = useTranslation();
  return (
    <section className="recording-keys" aria-labelledby="recording-keys-heading">
      <h3 id="recording-keys-heading">{t('workspace.recording.keys.heading')}</h3>
      <p className="muted small">{t('workspace.recording.keys.intro')}</p>
      <dl>
        {keys.map(([key, what]) => (
          <div key={what}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(`workspace.recording.keys.${what}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
