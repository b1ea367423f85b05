import { Command, CommanderError, Option } from 'commander';
import type { LoadSettingsOptions } from '../../infra/config/load-settings.js';
import { SettingsError } from '../../infra/config/settings-error.js';
import { heritageVersion } from '../../infra/package/heritage-version.js';
import { ManifestError } from '../../usecases/ingest/manifest/manifest-problem.js';
import type { CommandAction } from './command-action.js';
import { registerAnnotationCommands } from './command-groups/register-annotation-commands.js';
import { registerArchiveCommands } from './command-groups/register-archive-commands.js';
import { registerCatalogCommands } from './command-groups/register-catalog-commands.js';
import { registerDoctorCommand } from './command-groups/register-doctor-command.js';
import { registerExportCommands } from './command-groups/register-export-commands.js';
import { registerPeopleCommands } from './command-groups/register-people-commands.js';
import { registerProcessingCommands } from './command-groups/register-processing-commands.js';
import { registerServeCommand } from './command-groups/register-serve-command.js';
import { registerTokenCommands } from './command-groups/register-token-commands.js';
import { registerVocabularyCommands } from './command-groups/register-vocabulary-commands.js';
import { ExitCode, ReportedFailure, UsageError } from './exit-codes.js';
import { createOutput } from './output.js';

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
    .addOption(
      new Option(
        '--as <user>',
        'act as this user, whom the access policy judges (default: $HERITAGE_USER, else the local admin)',
      ),
    )
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  /**
   * Wraps an action: loads settings once, maps results and errors to exit codes. Each
   * action imports its command's module when it runs: loading them all up front (the
   * AWS SDK, PGlite, sharp, BullMQ, even zod) would make every start-up, `--version`
   * too, slow.
   */
  const action: CommandAction =
    (run) =>
    async (...args) => {
      const output = createOutput(Boolean(program.opts().json));
      const { loadSettings } = await import('../../infra/config/load-settings.js');
      const settings = loadSettings(settingsOptions);
      const code = await run(settings, output, ...withActingUser(args, program.opts().as));
      exitCode = typeof code === 'number' ? code : ExitCode.Ok;
    };

  // In the order `heritage --help` lists them.
  registerDoctorCommand(program, action);
  registerProcessingCommands(program, action);
  registerCatalogCommands(program, action);
  registerAnnotationCommands(program, action);
  registerVocabularyCommands(program, action);
  registerArchiveCommands(program, action);
  registerExportCommands(program, action);
  registerPeopleCommands(program, action);
  registerTokenCommands(program, action);
  registerServeCommand(program, action);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return exitCodeFor(error);
  }
}

/**
 * `--as` belongs to the program, which takes it wherever it stands on the command line;
 * each command reads it from its own options (commander passes them just before itself).
 */
function withActingUser<A extends unknown[]>(args: A, as: string | undefined): A {
  const at = args.length - 2;
  if (as === undefined || !(args[at + 1] instanceof Command)) return args;
  const options = args[at] as Record<string, unknown>;
  return [...args.slice(0, at), { ...options, as }, args[at + 1]] as A;
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
