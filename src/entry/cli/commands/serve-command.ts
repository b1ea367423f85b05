import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { openQueueRuntime } from '../../../jobs/queue-runtime.js';
import { buildApi } from '../../api/build-api.js';
import { builtWebAppFolder, isWebAppBuilt } from '../../api/web-app.js';
import type { Output } from '../output.js';

/** `heritage serve`: the HTTP API until SIGTERM or SIGINT. */
export async function serveCommand(
  options: { host?: string; port?: string },
  settings: Settings,
  output: Output,
): Promise<never> {
  // Storage too, for the routes that write new object versions (edits, annotations).
  const archive = await openArchive(settings);
  const { catalog } = archive;
  const queues = await openQueueRuntime(settings, {
    prefix: settings.queuePrefix,
    logger: { info: () => {}, warn: output.error, error: output.error },
  });
  const host = options.host ?? settings.api.host;
  const port = options.port ? Number(options.port) : settings.api.port;
  const app = buildApi({
    // The host decides whether session cookies are `Secure` by default.
    settings: { ...settings, api: { ...settings.api, host } },
    catalog,
    queues,
    archive,
    // The client gets a bare 500; the operator gets the error itself.
    onServerError: (error) =>
      output.error(`API error: ${error instanceof Error ? (error.stack ?? error.message) : error}`),
  });
  const address = await app.listen({ host, port });
  output.line(
    `heritage API listening on ${address}${settings.api.token ? '' : ' (public view only: set HERITAGE_API_TOKEN for archivists)'}`,
  );
  output.line(
    isWebAppBuilt(builtWebAppFolder())
      ? `the archive in a browser: ${address}/`
      : 'the web app is not built: run npm run build to serve it at /',
  );
  const stop = async () => {
    await app.close();
    await queues.close();
    await archive.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  return new Promise<never>(() => {});
}
