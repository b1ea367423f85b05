import type { Command } from 'commander';
import type { CommandAction } from '../command-action.js';

/** The archive objects themselves: `verify` their fixity, `reindex` the catalog from them. */
export function registerArchiveCommands(program: Command, action: CommandAction): void {
  program
    .command('verify')
    .description('check the fixity of archive objects: every digest of every version')
    .argument('[ids...]', 'item ids (default: every object)')
    .action(
      action(async (settings, output, ids: string[]) =>
        (await import('../commands/verify-command.js')).verifyCommand(ids, settings, output),
      ),
    );

  program
    .command('reindex')
    .description('rebuild the catalog from the archive objects in storage')
    .action(
      action(async (settings, output) =>
        (await import('../commands/reindex-command.js')).reindexCommand(settings, output),
      ),
    );
}
