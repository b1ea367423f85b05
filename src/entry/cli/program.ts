import { Command, CommanderError, Option } from 'commander';
import type { LoadSettingsOptions } from '../../infra/config/load-settings.js';
import { SettingsError } from '../../infra/config/settings-error.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import { heritageVersion } from '../../infra/package/heritage-version.js';
import { ManifestError } from '../../usecases/ingest/manifest/manifest-problem.js';
import type { AnnotationsAddOptions } from './commands/annotations-add-command.js';
import type { AnnotationsExportOptions } from './commands/annotations-export-command.js';
import type { AnnotationsImportOptions } from './commands/annotations-import-command.js';
import type { ExportCommandOptions } from './commands/export-command.js';
import type { ItemsChangeOptions } from './commands/items-command.js';
import type { SearchOptions } from './commands/search-command.js';
import { ExitCode, ReportedFailure, UsageError } from './exit-codes.js';
import { createOutput, type Output } from './output.js';

/** Runs one `heritage` invocation and returns its exit code (the process entry point exits with it). */
export async function runCli(
  argv: string[],
  settingsOptions: LoadSettingsOptions = {},
): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = new Command('heritage')
    .description(
      'Archive minority-language cultural heritage: recordings, scans and transcripts into versioned OCFL objects, a catalog and datasets.',
    )
    .version(heritageVersion)
    .addOption(
      new Option('--json', 'print one JSON document for scripts instead of text for people'),
    )
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  /**
   * Wraps an action: loads settings once, maps results and errors to exit codes. Each
   * action imports its command's module when it runs: loading them all up front (the
   * AWS SDK, PGlite, sharp, BullMQ, even zod) would make every start-up, `--version`
   * too, slow.
   */
  const action =
    <A extends unknown[]>(
      run: (settings: Settings, output: Output, ...args: A) => Promise<number | undefined>,
    ) =>
    async (...args: A) => {
      const output = createOutput(Boolean(program.opts().json));
      const { loadSettings } = await import('../../infra/config/load-settings.js');
      const settings = loadSettings(settingsOptions);
      const code = await run(settings, output, ...args);
      exitCode = typeof code === 'number' ? code : ExitCode.Ok;
    };

  /** Gathers a repeatable option's values, in the order given. */
  const collect = (value: string, previous: string[] = []) => [...previous, value];

  program
    .command('doctor')
    .description(
      'check that everything heritage needs is installed and reachable, and say how to fix what is not',
    )
    .action(
      action(async (settings, output) =>
        (await import('./commands/doctor-command.js')).doctorCommand(settings, output),
      ),
    );

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
        (await import('./commands/ingest-command.js')).ingestCommand(
          folder,
          options,
          settings,
          output,
        ),
      ),
    );

  program
    .command('status')
    .description('items by status, failures with their reasons, quarantined files and queue counts')
    .option('-w, --watch', 'refresh every 2 seconds')
    .action(
      action(async (settings, output, options: { watch?: boolean }) =>
        (await import('./commands/status-command.js')).statusCommand(options, settings, output),
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
          (await import('./commands/retry-command.js')).retryCommand(
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
        (await import('./commands/worker-command.js')).workerCommand(options, settings, output),
      ),
    );

  program
    .command('demo')
    .description(
      'ingest the bundled sample collection (synthetic Tày songs) with the current settings',
    )
    .action(
      action(async (settings, output) =>
        (await import('./commands/demo-command.js')).demoCommand(settings, output),
      ),
    );

  const items = program.command('items').description('the items in the catalog');
  items
    .command('list')
    .description('one line per item')
    .option('-c, --collection <id>', 'only this collection')
    .option(
      '-s, --status <status>',
      'only items in this status (ingested, processing, ready, failed)',
    )
    .action(
      action(async (settings, output, options: { collection?: string; status?: string }) =>
        (await import('./commands/items-command.js')).itemsListCommand(options, settings, output),
      ),
    );
  items
    .command('show')
    .description('an item with its files, processing steps and history')
    .argument('<id>', 'item id')
    .action(
      action(async (settings, output, id: string) =>
        (await import('./commands/items-command.js')).itemsShowCommand(id, settings, output),
      ),
    );
  items
    .command('change')
    .description(
      "change an item's collection, access protocol or consent, recorded as an event with its reason",
    )
    .argument('<id>', 'item id')
    .option('--access <protocol>', 'open, community, restricted or secret-sacred')
    .option('--consent <uses>', 'the consented uses, comma-separated (replacing the current ones)')
    .option('--withdraw-consent', 'record that consent has been withdrawn')
    .option('--restore-consent', 'record that a withdrawn consent is given again')
    .option('--consented-by <name>', 'who gave the consent')
    .option('--consent-date <date>', 'when the consent was given (e.g. 2024-05-01)')
    .option('--collection <id>', 'move the item to this collection')
    .option('--reason <text>', 'why (required; recorded with the event)')
    .option('--author <name>', 'who makes the change (default: you)')
    .option(
      '--lower-protection',
      'confirm a change that makes the item less protected (a more open protocol, more uses, restored consent, another collection)',
    )
    .action(
      action(async (settings, output, id: string, options: ItemsChangeOptions) =>
        (await import('./commands/items-command.js')).itemsChangeCommand(
          id,
          options,
          settings,
          output,
        ),
      ),
    );

  program
    .command('search')
    .description(
      'find items by words in their metadata, OCR text and annotations (accents and case ignored)',
    )
    .argument('[words...]', 'words to find')
    .option('--type <type>', 'only annotations of this type (ritual, symbol, gloss, ...)')
    .option('--term <id>', 'only annotations with this vocabulary term (or a narrower one)')
    .option('--from <seconds>', 'only annotations whose span ends at or after this time')
    .option('--to <seconds>', 'only annotations whose span starts at or before this time')
    .option('--item <id>', 'only annotations of this item')
    .action(
      action(async (settings, output, words: string[], options: SearchOptions) =>
        (await import('./commands/search-command.js')).searchCommand(
          words,
          settings,
          output,
          options,
        ),
      ),
    );

  const annotations = program
    .command('annotations')
    .description('transcripts and context annotations of an item (ELAN, TextGrid, WebVTT, JSON)');
  annotations
    .command('import')
    .description(
      'merge a document (eaf, TextGrid, vtt, srt, txt, heritage json) into an item as its next version; nothing twice',
    )
    .argument('<item>', 'item id')
    .argument('<file>', 'the document')
    .option('--author <name>', 'author of annotations the document does not credit (default: you)')
    .option('--format <format>', 'eaf, textgrid, vtt, srt, txt or json (default: from the name)')
    .option('--asset <recording>', 'the recording its times refer to (default: chosen by name)')
    .option(
      '--tier-type <tier=type>',
      'annotation type of a tier, or <tier>=skip (repeatable)',
      collect,
    )
    .option('--default-type <type>', 'type of tiers whose names match no annotation type')
    .action(
      action(
        async (settings, output, item: string, file: string, options: AnnotationsImportOptions) =>
          (await import('./commands/annotations-import-command.js')).annotationsImportCommand(
            item,
            file,
            options,
            settings,
            output,
          ),
      ),
    );
  annotations
    .command('export')
    .description("write an item's annotations as a document")
    .argument('<item>', 'item id')
    .option('-f, --format <format>', 'eaf, textgrid, vtt or json', 'json')
    .option('-o, --output <file>', 'file to write (default: standard output)')
    .option('--asset <recording>', 'the recording (default: the only one)')
    .option('--type <types>', 'only these annotation types, comma-separated')
    .action(
      action(async (settings, output, item: string, options: AnnotationsExportOptions) =>
        (await import('./commands/annotations-export-command.js')).annotationsExportCommand(
          item,
          options,
          settings,
          output,
        ),
      ),
    );
  annotations
    .command('add')
    .description('add an annotation (or, with --supersedes, a new version of one)')
    .argument('<item>', 'item id')
    .option(
      '--type <type>',
      'transcription, translation, gloss, ritual, symbol, note or correction',
    )
    .option('--text <text>', 'the annotation (normalised to Unicode NFC)')
    .option('--term <id>', 'a term of the collection vocabulary (repeatable)', collect)
    .option('--start <seconds>', 'start of the span in the recording')
    .option('--end <seconds>', 'end of the span in the recording')
    .option('--asset <file>', 'the recording or scan (default: the only one)')
    .option('--page <n>', 'page of the scan')
    .option('--region <x,y,w,h>', 'region of the page in pixels (default: the whole page)')
    .option('--language <tag>', 'language of the text (BCP-47, e.g. vie)')
    .option('--author <name>', 'who wrote it (default: you)')
    .option('--supersedes <id>', 'the annotation this one replaces')
    .action(
      action(async (settings, output, item: string, options: AnnotationsAddOptions) =>
        (await import('./commands/annotations-add-command.js')).annotationsAddCommand(
          item,
          options,
          settings,
          output,
        ),
      ),
    );
  annotations
    .command('history')
    .description("the versions that changed an item's annotations, and superseded versions")
    .argument('<item>', 'item id')
    .option('--id <annotation>', 'only the history of this annotation')
    .action(
      action(async (settings, output, item: string, options: { id?: string }) =>
        (await import('./commands/annotations-history-command.js')).annotationsHistoryCommand(
          item,
          options,
          settings,
          output,
        ),
      ),
    );

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
          (await import('./commands/vocabulary-command.js')).vocabularyImportCommand(
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
          (await import('./commands/vocabulary-command.js')).vocabularyExportCommand(
            collection,
            options,
            settings,
            output,
          ),
      ),
    );

  program
    .command('verify')
    .description('check the fixity of archive objects: every digest of every version')
    .argument('[ids...]', 'item ids (default: every object)')
    .action(
      action(async (settings, output, ids: string[]) =>
        (await import('./commands/verify-command.js')).verifyCommand(ids, settings, output),
      ),
    );

  program
    .command('reindex')
    .description('rebuild the catalog from the archive objects in storage')
    .action(
      action(async (settings, output) =>
        (await import('./commands/reindex-command.js')).reindexCommand(settings, output),
      ),
    );

  program
    .command('export')
    .description(
      'build a dataset for ML teams (speech clips, texts, OCR lines; splits, card, checksums) as a queued job',
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
        (await import('./commands/export-command.js')).exportCommand(options, settings, output),
      ),
    );

  program
    .command('exports')
    .description(
      'the datasets exported from this archive, and their items that consent or protocol no longer allow',
    )
    .option('--item <id>', 'only the exports that hold this item')
    .action(
      action(async (settings, output, options: { item?: string }) =>
        (await import('./commands/exports-command.js')).exportsCommand(options, settings, output),
      ),
    );

  program
    .command('serve')
    .description('run the HTTP API')
    .option('--host <host>', 'address to listen on (default HERITAGE_HOST or 127.0.0.1)')
    .option('--port <port>', 'port (default HERITAGE_PORT or 8420)')
    .action(
      action(async (settings, output, options: { host?: string; port?: string }) =>
        (await import('./commands/serve-command.js')).serveCommand(options, settings, output),
      ),
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.BadUsage;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`heritage: ${error.message}\n`);
    return ExitCode.BadUsage;
  }
  if (error instanceof SettingsError || error instanceof ManifestError) {
    process.stderr.write(`heritage: ${error.message}\n`);
    return error instanceof SettingsError ? ExitCode.BadUsage : ExitCode.Failure;
  }
  if (error instanceof ReportedFailure) return ExitCode.Failure;
  process.stderr.write(`heritage: ${(error as Error).message ?? String(error)}\n`);
  if (process.env.HERITAGE_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
  return ExitCode.Failure;
}
