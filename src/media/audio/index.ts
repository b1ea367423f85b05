/** The audio normalisation library behind the `normalise-audio` job. */
export { type AudioSettings, audioSettingsOf } from './audio-settings.js';
export { BadMediaError, MediaToolError } from './errors.js';
export { type FfmpegVersions, ffmpegVersions } from './ffmpeg-versions.js';
export { type NormaliseRecordingOptions, normaliseRecording } from './normalise-recording.js';
export { qualityThresholds } from './quality.js';
export { probeOfTechnical } from './recorded-probe.js';
export {
  type QualityFlag,
  type RecordingResult,
  recordingResultSchema,
  type TrackResult,
} from './recording-result.js';
