import type { Command } from 'commander';
import type { CommandAction } from '../command-action.js';

/** `heritage vocabulary import|export`: a collection's controlled vocabulary. */
export function registerVocabularyCommands(program: Command, action: CommandAction): void {
  const vocabulary = program
    .command('vocabulary')
    .description("a collection's controlled vocabulary of annotation terms");
  vocabulary
    .command('import')
    .description('store a vocabulary (JSON, or CSV: id,broader,label@<lang>...)')
    .argument('<collection>', 'collection id')
    .argument('<file>', '.json or .csv file')
    .option(
      '--id <id>',
      'vocabulary id for a CSV file (default: the current one, or the file name)',
    )
    .option('--author <name>', 'who made the change (default: you)')
    .action(
      action(
        async (
          settings,
          output,
          collection: string,
          file: string,
          options: { id?: string; author?: string },
        ) =>
          (await import('../commands/vocabulary-command.js')).vocabularyImportCommand(
            collection,
            file,
            options,
            settings,
            output,
          ),
      ),
    );
  vocabulary
    .command('export')
    .description('write a vocabulary as JSON or CSV')
    .argument('<collection>', 'collection id')
    .option('-f, --format <format>', 'json or csv', 'json')
    .option('-o, --output <file>', 'file to write (default: standard output)')
    .action(
      action(
        async (
          settings,
          output,
          collection: string,
          options: { format?: string; output?: string },
        ) =>
          (await import('../commands/vocabulary-command.js')).vocabularyExportCommand(
            collection,
            options,
            settings,
            output,
          ),
      ),
    );
}
