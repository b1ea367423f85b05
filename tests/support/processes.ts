import { readdirSync, readFileSync } from 'node:fs';

/** A process of this machine, as Linux's /proc shows it. */
export interface RunningProcess {
  pid: number;
  parent: number;
  /** The executable's name (at most 15 characters). */
  command: string;
  /** The arguments it was started with, joined by spaces. */
  commandLine: string;
}

/** The parent's pid of a process. */
export function parentOf(pid: number): number {
  return statOf(pid).parent;
}

/** Every process still there once read (one that ends while read is left out). */
export function runningProcesses(): RunningProcess[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      const pid = Number(entry);
      try {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        return [{ pid, ...statOf(pid), commandLine: commandLine.trim() }];
      } catch {
        return [];
      }
    });
}

function statOf(pid: number): { parent: number; command: string } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return {
    command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    parent: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]),
  };
}
