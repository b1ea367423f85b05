/** English text of the workspace's annotations part. */
export const workspaceAnnotationsEn = {
  heading: 'All annotations',
};
