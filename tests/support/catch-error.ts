/** The error `run` throws, so a test can check its type and fields; fails when it throws none. */
export function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
