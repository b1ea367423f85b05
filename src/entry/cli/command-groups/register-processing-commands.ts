import type { Command } from 'commander';
import type { CommandAction } from '../command-action.js';

/** Ingest and the processing it queues: `ingest`, `status`, `retry`, `worker`, `demo`. */
export function registerProcessingCommands(program: Command, action: CommandAction): void {
  registerIngestCommand(program, action);

  program
    .command('status')
    .description('items by status, failures with their reasons, quarantined files and queue counts')
    .option('-w, --watch', 'refresh every 2 seconds')
    .action(
      action(async (settings, output, options: { watch?: boolean }) =>
        (await import('../commands/status-command.js')).statusCommand(options, settings, output),
      ),
    );

  program
    .command('retry')
    .description('queue failed or stalled items again: their failed steps, then finalise')
    .argument('[ids...]', 'item ids to retry')
    .option('--failed', 'every item with a failed job or a failed step')
    .option('--stuck', 'every item left processing with no job waiting or running')
    .action(
      action(
        async (settings, output, ids: string[], options: { failed?: boolean; stuck?: boolean }) =>
          (await import('../commands/retry-command.js')).retryCommand(
            ids,
            options,
            settings,
            output,
          ),
      ),
    );

  program
    .command('worker')
    .description('process queued jobs until stopped (SIGTERM or Ctrl-C stops gracefully)')
    .option('-q, --queues <names>', 'comma-separated queues to serve (default: all)')
    .action(
      action(async (settings, output, options: { queues?: string }) =>
        (await import('../commands/worker-command.js')).workerCommand(options, settings, output),
      ),
    );

  program
    .command('demo')
    .description(
      'ingest the bundled sample collection (synthetic Tày songs) with the current settings',
    )
    .action(
      action(async (settings, output) =>
        (await import('../commands/demo-command.js')).demoCommand(settings, output),
      ),
    );
}

/** `heritage ingest <folder>`. */
function registerIngestCommand(program: Command, action: CommandAction): void {
  program
    .command('ingest')
    .description(
      'archive a folder of recordings, scans and transcripts, with an optional manifest spreadsheet',
    )
    .argument('<folder>', 'the deposit folder')
    .option('-m, --manifest <file>', 'CSV (UTF-8) or JSON manifest, one row per item')
    .option(
      '-c, --collection <id>',
      'collection for rows that name none and for files no row names',
    )
    .option('--dry-run', 'print the plan and write nothing')
    .option('--skip-invalid-rows', 'ingest the valid rows even when others have problems')
    .option(
      '--keep-unknown-columns',
      'keep columns that look like misspelt known ones (e.g. "acess") as extra columns',
    )
    .option('--no-wait', 'return once items are archived and their processing is queued')
    .option(
      '--no-workers',
      'do not process jobs in this process (other `heritage worker` processes will)',
    )
    .action(
      action(async (settings, output, folder: string, options: Record<string, unknown>) =>
        (await import('../commands/ingest-command.js')).ingestCommand(
          folder,
          options,
          settings,
          output,
        ),
      ),
    );
}
