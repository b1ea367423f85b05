/** English text of the workspace's handover part. */
export const workspaceHandoverEn = {
  heading: 'ELAN and Praat',
};
