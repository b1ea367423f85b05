import type { Command } from 'commander';
import type { CommandAction } from '../command-action.js';
import type { GrantChangeOptions } from '../commands/grants-command.js';
import type { UsersAddOptions } from '../commands/users-command.js';

const asOption = [
  '--as <user>',
  'who makes the change (default: $HERITAGE_USER, else local-admin)',
] as const;

/** `heritage users|communities|grants`: the people of the archive and what they may do. */
export function registerPeopleCommands(program: Command, action: CommandAction): void {
  registerUsersCommands(program, action);
  registerCommunitiesCommands(program, action);
  registerGrantsCommands(program, action);
}

function registerUsersCommands(program: Command, action: CommandAction): void {
  const users = program.command('users').description('accounts of people who use the archive');
  users
    .command('add')
    .description('add an account (password prompted without echo, or read from stdin)')
    .argument('<id>', 'account id')
    .requiredOption('--name <name>', 'display name')
    .option('--language <language>', 'preferred language: vi or en', 'vi')
    .option('--password-stdin', 'read the password from standard input')
    .option('--reason <text>', 'why the account is added')
    .option(...asOption)
    .action(
      action(async (settings, output, id: string, options: UsersAddOptions) =>
        (await import('../commands/users-command.js')).usersAddCommand(
          id,
          options,
          settings,
          output,
        ),
      ),
    );
  users
    .command('list')
    .description('list accounts and their grants (never their password hashes)')
    .action(
      action(async (settings, output) =>
        (await import('../commands/users-command.js')).usersListCommand(settings, output),
      ),
    );
  users
    .command('disable')
    .description('disable an account: it can no longer sign in')
    .argument('<id>', 'account id')
    .requiredOption('--reason <text>', 'why the account is disabled')
    .option(...asOption)
    .action(
      action(async (settings, output, id: string, options: { reason: string; as?: string }) =>
        (await import('../commands/users-command.js')).usersDisableCommand(
          id,
          options,
          settings,
          output,
        ),
      ),
    );
  users
    .command('password')
    .description("set an account's password")
    .argument('<id>', 'account id')
    .option('--password-stdin', 'read the password from standard input')
    .option('--reason <text>', 'why the password is changed')
    .option(...asOption)
    .action(
      action(
        async (
          settings,
          output,
          id: string,
          options: { passwordStdin?: boolean; reason?: string; as?: string },
        ) =>
          (await import('../commands/users-command.js')).usersPasswordCommand(
            id,
            options,
            settings,
            output,
          ),
      ),
    );
}

function registerCommunitiesCommands(program: Command, action: CommandAction): void {
  const communities = program
    .command('communities')
    .description('communities whose members and custodians hold grants');
  communities
    .command('add')
    .description('add a community')
    .argument('<id>', 'community id (as collections name it)')
    .requiredOption('--name <name>', 'name of the community')
    .option('--reason <text>', 'why the community is added')
    .option(...asOption)
    .action(
      action(
        async (
          settings,
          output,
          id: string,
          options: { name: string; reason?: string; as?: string },
        ) =>
          (await import('../commands/communities-command.js')).communitiesAddCommand(
            id,
            options,
            settings,
            output,
          ),
      ),
    );
  communities
    .command('list')
    .description('list communities')
    .action(
      action(async (settings, output) =>
        (await import('../commands/communities-command.js')).communitiesListCommand(
          settings,
          output,
        ),
      ),
    );
}

function registerGrantsCommands(program: Command, action: CommandAction): void {
  const grants = program
    .command('grants')
    .description('roles given to accounts: admin, archivist, custodian, member, researcher');
  for (const change of ['add', 'remove'] as const) {
    grants
      .command(change)
      .description(change === 'add' ? 'give a user a role' : 'take a role from a user')
      .argument('<user>', 'account id')
      .argument('<role>', 'admin, archivist, custodian, member or researcher')
      .option('--collection <id>', 'the collection (archivist, researcher)')
      .option('--community <id>', 'the community (custodian, member)')
      .option('--item <id>', 'the item (researcher)')
      .requiredOption('--reason <text>', 'why')
      .option(...asOption)
      .action(
        action(async (settings, output, user: string, role: string, options: GrantChangeOptions) =>
          (await import('../commands/grants-command.js')).grantsChangeCommand(
            change,
            user,
            role,
            options,
            settings,
            output,
          ),
        ),
      );
  }
  grants
    .command('list')
    .description("list grants, all or one user's")
    .argument('[user]', 'account id')
    .action(
      action(async (settings, output, user: string | undefined) =>
        (await import('../commands/grants-command.js')).grantsListCommand(user, settings, output),
      ),
    );
}
