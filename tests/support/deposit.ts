import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Writes files (text or bytes) into a deposit folder, creating subfolders. */
export async function writeDeposit(
  folder: string,
  files: Record<string, string | Buffer>,
): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), content);
  }
}

/** A short real recording made by ffmpeg: a tone with some noise, `seconds` long. */
export async function toneFlac(file: string, seconds = 2, frequency = 440): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${frequency}:duration=${seconds}:sample_rate=16000`,
    '-af',
    'volume=0.3',
    '-c:a',
    'flac',
    file,
  ]);
}
