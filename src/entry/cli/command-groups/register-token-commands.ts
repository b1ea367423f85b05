import type { Command } from 'commander';
import type { CommandAction } from '../command-action.js';
import type { TokensCreateOptions } from '../commands/tokens-command.js';

/** `heritage tokens`: personal API tokens, for scripts that speak for one account. */
export function registerTokenCommands(program: Command, action: CommandAction): void {
  const tokens = program
    .command('tokens')
    .description('personal API tokens (Authorization: Bearer hrt_...) for scripts');
  tokens
    .command('create')
    .description('make a token for an account; it is printed once and stored only as a digest')
    .argument('<user>', 'account id')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires <time>', 'lifetime: 90d, 12h or never', '90d')
    .option('--scope <scope>', 'read (GET only) or write', 'read')
    .action(
      action(async (settings, output, user: string, options: TokensCreateOptions) =>
        (await import('../commands/tokens-command.js')).tokensCreateCommand(
          user,
          options,
          settings,
          output,
        ),
      ),
    );
  tokens
    .command('list')
    .description("list tokens, all or one user's (never the tokens themselves)")
    .argument('[user]', 'account id')
    .action(
      action(async (settings, output, user: string | undefined) =>
        (await import('../commands/tokens-command.js')).tokensListCommand(user, settings, output),
      ),
    );
  tokens
    .command('revoke')
    .description('revoke a token: it is refused from now on')
    .argument('<id>', 'token id (from tokens list)')
    .action(
      action(async (settings, output, id: string) =>
        (await import('../commands/tokens-command.js')).tokensRevokeCommand(id, settings, output),
      ),
    );
}
