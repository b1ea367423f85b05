import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { describeGrant } from '../../../model/people-register.js';
import { giveGrant, withdrawGrant } from '../../../usecases/people/change-people.js';
import { listPeople } from '../../../usecases/people/list-people.js';
import { openServices } from '../../services.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { actingUserName } from './acting-user.js';
import { type GrantTargetOptions, grantOf, reasonOf } from './people-options.js';

export interface GrantChangeOptions extends GrantTargetOptions {
  reason?: string;
  as?: string;
}

/** `heritage grants add|remove <user> <role> [--collection c|--community c|--item i] --reason …`. */
export async function grantsChangeCommand(
  change: 'add' | 'remove',
  user: string,
  role: string,
  options: GrantChangeOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  const grant = grantOf(role, options);
  const actor = { agent: actingUserName(options), reason: reasonOf(options) };
  const services = await openServices(settings);
  try {
    const apply = change === 'add' ? giveGrant : withdrawGrant;
    const version = await apply(services.archive, services.locks, actor, user, grant);
    output.line(
      `${change === 'add' ? 'given' : 'removed'}: ${user} ${describeGrant(grant)} (${version})`,
    );
    output.result({ user, grant, version });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}

/** `heritage grants list [<user>]`. */
export async function grantsListCommand(
  user: string | undefined,
  settings: Settings,
  output: Output,
): Promise<number> {
  const archive = await openArchive(settings);
  try {
    const listing = await listPeople(archive);
    if (user !== undefined && !listing.accounts.some((account) => account.id === user)) {
      throw new UsageError(`<user>: "${user}" is no user`);
    }
    const grants = listing.grants.filter((held) => user === undefined || held.user === user);
    if (grants.length === 0) output.line('no grants');
    for (const held of grants) output.line(`${held.user}\t${describeGrant(held.grant)}`);
    output.result({ version: listing.version, grants });
    return ExitCode.Ok;
  } finally {
    await archive.close();
  }
}
