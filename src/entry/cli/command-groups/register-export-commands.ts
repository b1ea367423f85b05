import type { Command } from 'commander';
import { type CommandAction, collect } from '../command-action.js';
import type { ExportCommandOptions } from '../commands/export-run-command.js';

/** Datasets: `export` builds one, `exports` lists those made. */
export function registerExportCommands(program: Command, action: CommandAction): void {
  registerExportRun(program, action);
  registerExportHistory(program, action);
}

/** `heritage export`: builds a dataset as a queued job. */
function registerExportRun(program: Command, action: CommandAction): void {
  program
    .command('export')
    .description(
      'build a dataset for ML teams (speech clips, untranscribed speech, texts, OCR lines; splits, card, checksums) as a queued job',
    )
    .requiredOption('-o, --out <place>', 'a folder, or s3://bucket/prefix')
    .option('-c, --collection <id>', 'only this collection (repeatable)', collect)
    .option('-l, --language <tag>', 'only items in this language, e.g. tyz (repeatable)', collect)
    .option('-g, --genre <genre>', 'only items of this genre (repeatable)', collect)
    .option('--date-from <year>', 'only items dated in or after this year')
    .option('--date-to <year>', 'only items dated in or before this year')
    .option(
      '--access <protocols>',
      'comma-separated access protocols allowed (default open; secret-sacred never)',
    )
    .option(
      '--licence <spdx>',
      'allowed licence, e.g. CC-BY-4.0 (repeatable; default any)',
      collect,
    )
    .option(
      '--text-origin <origins>',
      'only rows whose text is of these origins: human, ocr, ocr-corrected, machine (default all)',
    )
    .option(
      '--min-ocr-confidence <percent>',
      'leave out uncorrected OCR pages below this (default 60)',
    )
    .option(
      '--exclude-audio-flags <flags>',
      'leave out recordings with these quality flags (default clipping,decode-errors)',
    )
    .option(
      '--configs <configs>',
      'comma-separated configs to write: speech, unlabelled, text, parallel, ocr-lines (default all)',
    )
    .option('--split <ratios>', 'train/validation/test shares (default 80/10/10)')
    .option('--split-seed <seed>', 'salt of the split hash (default heritage-split-v1)')
    .option(
      '--min-split <groups>',
      'groups (speakers, items) each split should hold at least; short splits take them from the largest (default 0)',
    )
    .option('--overwrite', 'replace what is already at --out')
    .option('--explain', 'name every item and part left out, with its reason')
    .option('--no-workers', 'do not run the export in this process (a `heritage worker` will)')
    .action(
      action(async (settings, output, options: ExportCommandOptions) =>
        (await import('../commands/export-run-command.js')).exportRunCommand(
          options,
          settings,
          output,
        ),
      ),
    );
}

/** `heritage exports`: the datasets made, and their items that may no longer be exported. */
function registerExportHistory(program: Command, action: CommandAction): void {
  program
    .command('exports')
    .description(
      'the datasets exported from this archive, and their items that consent or protocol no longer allow',
    )
    .option('--item <id>', 'only the exports that hold this item')
    .action(
      action(async (settings, output, options: { item?: string }) =>
        (await import('../commands/export-history-command.js')).exportHistoryCommand(
          options,
          settings,
          output,
        ),
      ),
    );
}
