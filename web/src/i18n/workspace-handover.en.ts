/** English text of the workspace's handover part. */
export const workspaceHandoverEn = {
  heading: 'ELAN and Praat',
  intro:
    'Take this item’s annotations to ELAN or Praat, work on them there, and bring the file back: you see what would change before anything is saved.',
  download: {
    heading: 'Download',
    eaf: 'ELAN file {{name}}',
    textgrid: 'Praat TextGrid {{name}}',
    recording: 'Recording {{name}}',
    noRecording: 'This item has no recording: ELAN and Praat files are made for a recording.',
    secret:
      'The annotations of secret/sacred items never leave the archive: you can bring a file in, but not take one out.',
  },
  upload: {
    heading: 'Bring a file back',
    choose: 'ELAN, Praat, WebVTT or SRT file',
    hint: 'Nothing is saved until you apply the import.',
    reading: 'Reading {{name}}…',
    failed: 'The file could not be read: {{detail}}',
  },
  preview: {
    heading: 'What importing {{name}} would change',
    summary:
      '{{read}} annotations read: {{added}} new, {{edited}} changed, {{unchanged}} already in the archive.',
    nothing: 'Nothing to change: the archive already holds everything in this file.',
    keepsDocument:
      'No annotation changes, but the file is kept with the item as the base of its ELAN exports.',
    anchoring: 'Times refer to: {{anchoring}}',
    tier: 'Tier “{{tier}}”',
    tierNumber: 'Tier “{{tier}}” (number {{number}} of that name)',
    readAs: 'Read tier “{{tier}}” as',
    skip: 'Leave this tier out',
    counts: '{{added}} new, {{edited}} changed, {{unchanged}} unchanged',
    leftOut: 'Left out: {{reason}}',
    skipped: '{{count}} left out: {{reason}}',
    changesOf: 'Changes in tier “{{tier}}”',
    change: 'Change',
    time: 'Time',
    before: 'Now',
    after: 'After the import',
    added: 'New',
    edited: 'Changed',
    noText: '—',
    ignored:
      '{{count}} parts of the file passed over, as the format allows (first: line {{line}}, {{reason}})',
    apply: 'Apply the import',
    cancel: 'Cancel',
  },
  applying: 'Importing {{name}}…',
  result: {
    heading: 'Imported {{name}}',
    summary: '{{added}} new, {{edited}} changed, {{unchanged}} already in the archive.',
    unchanged: 'Nothing was changed: the archive already held everything in this file.',
    differs:
      'The item changed after the preview (someone else saved): the import was made against the item as it is now, so it did not do exactly what the preview showed.',
    failed: 'The import failed: {{detail}}',
  },
};
