import type { Command } from 'commander';
import type { CommandAction } from '../command-action.js';

/** `heritage doctor`: is everything installed and reachable. */
export function registerDoctorCommand(program: Command, action: CommandAction): void {
  program
    .command('doctor')
    .description(
      'check that everything heritage needs is installed and reachable, and say how to fix what is not',
    )
    .action(
      action(async (settings, output) =>
        (await import('../commands/doctor-command.js')).doctorCommand(settings, output),
      ),
    );
}
