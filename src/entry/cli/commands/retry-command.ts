import type { Settings } from '../../../infra/config/settings-schema.js';
import type { RetrySelection } from '../../../usecases/recovery/retry-items.js';
import { retryVisibleTo } from '../../../usecases/recovery/retry-visible-to.js';
import { openServices } from '../../services.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { type Output, warningsAndErrors } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';

/**
 * `heritage retry [ids...] [--failed] [--stuck]`: puts failed or stalled items back in
 * their queues; running workers (`heritage worker`) take them up. Items the acting
 * user may not see are never named (see retryVisibleTo).
 */
export async function retryCommand(
  ids: string[],
  options: ActingOptions & { failed?: boolean; stuck?: boolean },
  settings: Settings,
  output: Output,
): Promise<number> {
  const selection: RetrySelection = { ids, failed: options.failed, stuck: options.stuck };
  if (ids.length === 0 && !options.failed && !options.stuck) {
    throw new UsageError('name the items to retry, or pass --failed and/or --stuck');
  }
  const services = await openServices(settings, {
    workers: false,
    logger: warningsAndErrors(output),
  });
  try {
    const who = await actingPerson(services.archive.catalog, options);
    const outcomes = await retryVisibleTo(services, who, selection);
    for (const outcome of outcomes) {
      if (outcome.action === 'finalise') output.line(`  ${outcome.itemId}: finalise queued again`);
      else if (outcome.action === 'steps')
        output.line(`  ${outcome.itemId}: ${outcome.steps} step(s) queued again, then finalise`);
      else output.line(`  ${outcome.itemId}: left alone (${outcome.detail})`);
    }
    const queued = outcomes.filter((outcome) => outcome.action !== 'skipped').length;
    output.line(
      `${queued} item(s) queued again. Workers (\`heritage worker\`) process them; follow with \`heritage status --watch\`.`,
    );
    output.result({ ok: true, outcomes });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}
