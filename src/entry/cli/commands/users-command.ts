import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import {
  type AccountLanguage,
  accountLanguages,
  describeGrant,
} from '../../../model/people-register.js';
import { addUser, changePassword, disableUser } from '../../../usecases/people/change-people.js';
import { listPeople } from '../../../usecases/people/list-people.js';
import { openServices } from '../../services.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { actingUserName } from './acting-user.js';
import { type PasswordSource, readNewPassword } from './password-input.js';
import { reasonOf } from './people-options.js';

export interface UsersAddOptions extends PasswordSource {
  name: string;
  language?: string;
  as?: string;
  reason?: string;
}

/** `heritage users add <id> --name <name> [--language vi|en] [--password-stdin]`. */
export async function usersAddCommand(
  id: string,
  options: UsersAddOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  const language = languageOf(options.language ?? 'vi');
  const agent = actingUserName(options);
  const password = await readNewPassword(options);
  const services = await openServices(settings);
  try {
    const version = await addUser(
      services.archive,
      services.locks,
      { agent, reason: options.reason },
      { id, name: options.name, language, password },
    );
    output.line(`user ${id} added (${version})`);
    output.result({ user: id, version });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}

/** `heritage users list`: accounts with their grants, never their password hashes. */
export async function usersListCommand(settings: Settings, output: Output): Promise<number> {
  const archive = await openArchive(settings);
  try {
    const { accounts, version } = await listPeople(archive);
    if (accounts.length === 0) output.line('no users');
    for (const account of accounts) {
      const grants = account.grants.map(describeGrant).join('; ') || 'no grants';
      output.line(
        `${account.id}\t${account.name}\t${account.language}\t${account.disabled ? 'disabled' : 'active'}\t${grants}`,
      );
    }
    output.result({ version, users: accounts });
    return ExitCode.Ok;
  } finally {
    await archive.close();
  }
}

/** `heritage users disable <id> --reason …`. */
export async function usersDisableCommand(
  id: string,
  options: { reason?: string; as?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const actor = { agent: actingUserName(options), reason: reasonOf(options) };
  const services = await openServices(settings);
  try {
    const version = await disableUser(services.archive, services.locks, actor, id);
    output.line(`user ${id} disabled (${version})`);
    output.result({ user: id, version });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}

/** `heritage users password <id> [--password-stdin]`. */
export async function usersPasswordCommand(
  id: string,
  options: PasswordSource & { as?: string; reason?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const agent = actingUserName(options);
  const password = await readNewPassword(options);
  const services = await openServices(settings);
  try {
    const version = await changePassword(
      services.archive,
      services.locks,
      { agent, reason: options.reason },
      id,
      password,
    );
    output.line(`password of user ${id} changed (${version})`);
    output.result({ user: id, version });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}

function languageOf(value: string): AccountLanguage {
  if (!accountLanguages.includes(value as AccountLanguage)) {
    throw new UsageError(`--language: "${value}" is not ${accountLanguages.join(' or ')}`);
  }
  return value as AccountLanguage;
}
