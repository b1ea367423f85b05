import type { Settings } from '../../../infra/config/settings-schema.js';
import { runDoctorChecks } from '../../../usecases/doctor/installation-checks.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/** `heritage doctor`: what is missing on this machine and how to fix it. */
export async function doctorCommand(settings: Settings, output: Output): Promise<number> {
  const checks = await runDoctorChecks(settings);
  for (const check of checks) {
    output.line(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name.padEnd(14)} ${check.detail}`);
    if (!check.ok && check.fix) output.line(`     ${''.padEnd(14)} fix: ${check.fix}`);
  }
  const ok = checks.every((check) => check.ok);
  output.line(
    ok ? 'Everything heritage needs is here.' : 'Some parts are missing: see the fixes above.',
  );
  output.result({ ok, checks });
  return ok ? ExitCode.Ok : ExitCode.Failure;
}
