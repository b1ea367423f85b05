import type { Settings } from '../../infra/config/settings-schema.js';

/** What the audio library needs from the settings: the `audio` block and the tool paths. */
export type AudioSettings = Settings['audio'] & Pick<Settings, 'ffmpegPath' | 'ffprobePath'>;

/** Picks the audio library's settings out of the whole settings object. */
export function audioSettingsOf(settings: Settings): AudioSettings {
  return { ...settings.audio, ffmpegPath: settings.ffmpegPath, ffprobePath: settings.ffprobePath };
}
