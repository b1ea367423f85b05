import type { Command } from 'commander';
import type { CommandAction } from '../command-action.js';

/** `heritage serve`: the HTTP API. */
export function registerServeCommand(program: Command, action: CommandAction): void {
  program
    .command('serve')
    .description('run the HTTP API')
    .option('--host <host>', 'address to listen on (default HERITAGE_HOST or 127.0.0.1)')
    .option('--port <port>', 'port (default HERITAGE_PORT or 8420)')
    .action(
      action(async (settings, output, options: { host?: string; port?: string }) =>
        (await import('../commands/serve-command.js')).serveCommand(options, settings, output),
      ),
    );
}
