/** English text of the workspace's pages part. */
export const workspacePagesEn = {
  heading: 'Scan pages',
};
