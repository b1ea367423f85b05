import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const writer = fileURLToPath(new URL('../support/endless-output.ts', import.meta.url));

describe('a command whose output is piped into head', () => {
  it('exits quietly with 0 when the reader closes the pipe', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
