import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/*
 * Scratch folders for jobs (an original copied out of the archive for ffmpeg or
 * tesseract, their outputs) live under `<data>/scratch`, not the system temp folder:
 * on the archive's disk, where the space is, and where heritage can find what a killed
 * process left. Each folder's name starts with the host and the pid of the process
 * that made it. The process removes it when the job ends; a process starting up
 * removes the folders of processes of its host that are no longer running.
 */

/** The folder that holds every scratch folder of a data folder. */
export function scratchRoot(dataDir: string): string {
  return path.join(dataDir, 'scratch');
}

/** A fresh scratch folder for this process; its maker removes it (in a `finally`). */
export async function makeScratchFolder(dataDir: string, label: string): Promise<string> {
  const folder = path.join(
    scratchRoot(dataDir),
    `${hostTag()}.${process.pid}.${label}-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(folder, { recursive: true });
  return folder;
}

/**
 * Removes the scratch folders that processes of this host which are no longer running
 * left behind (killed in the middle of a job). Returns the folders removed.
 */
export async function sweepScratch(dataDir: string): Promise<string[]> {
  const root = scratchRoot(dataDir);
  const names = await readdir(root).catch(() => [] as string[]);
  const host = hostTag();
  const removed: string[] = [];
  for (const name of names) {
    const [nameHost, pid] = name.split('.');
    if (nameHost !== host || pid === undefined || isRunning(Number.parseInt(pid, 10))) continue;
    await rm(path.join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** This host's name with its dots encoded, so that `<host>.<pid>.` splits back apart. */
function hostTag(): string {
  return encodeURIComponent(os.hostname()).replaceAll('.', '%2E');
}

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true; // not ours to judge
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
