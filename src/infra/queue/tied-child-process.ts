import { type ChildProcess, spawn } from 'node:child_process';

/**
 * A POSIX shell watchdog between this process and the command. The command's only link
 * to us is a pipe on the shell's stdin: when this process ends in any way (exit, crash,
 * SIGKILL, an unhandled SIGINT) the kernel closes our end, `read` sees end-of-file and
 * the command gets SIGTERM. Node has no portable way to ask for that
 * (Linux' PR_SET_PDEATHSIG is not reachable, macOS has none), and a shell costs ~1 MB
 * where a Node watchdog would cost ~40 MB.
 */
const WATCHDOG_SCRIPT = `
exec 3<&0 </dev/null
"$@" 3<&- &
child=$!
( read -r _ <&3; kill -TERM "$child" 2>/dev/null ) &
watcher=$!
exec 3<&-
trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
wait "$child"; status=$?
# A trapped signal ends "wait" early: wait again while the command lives.
while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
kill "$watcher" 2>/dev/null
exit "$status"
`;

/** Exit status a POSIX shell gives when the command is not found. */
export const COMMAND_NOT_FOUND = 127;
/** Exit status a POSIX shell gives when the command exists but cannot be run. */
export const COMMAND_NOT_EXECUTABLE = 126;

/** A child process that cannot outlive this one for more than a moment. */
export interface TiedChildProcess {
  /** The watchdog shell; the command is its child, in the same process group. */
  readonly process: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the watchdog has exited. */
  readonly exited: Promise<number | string>;
  /** Sends `signal` to the watchdog and the command together. */
  signal(signal: NodeJS.Signals): void;
}

/**
 * Runs `command args...` under the watchdog. The child gets its own process group, so
 * a Ctrl-C at the terminal reaches only this process, which then stops the child in its
 * own time (after draining its work); this process's `exit` also sends it SIGTERM.
 * Its output is discarded: give the command a log file.
 */
export function spawnTiedToParent(command: string, args: readonly string[]): TiedChildProcess {
  const child = spawn('sh', ['-c', WATCHDOG_SCRIPT, 'heritage-watchdog', command, ...args], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  // We never write to the pipe; an EPIPE after the child's exit is expected.
  child.stdin?.on('error', () => {});
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const onParentExit = () => signalGroup('SIGTERM');
  process.on('exit', onParentExit);
  const exited = new Promise<number | string>((resolve, reject) => {
    child.once('error', (error) => {
      process.off('exit', onParentExit);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      process.off('exit', onParentExit);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { process: child, exited, signal: signalGroup };
}
