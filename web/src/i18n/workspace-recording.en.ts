/** English text of the workspace's recording part. */
export const workspaceRecordingEn = {
  heading: 'Recording and tiers',
};
