import { text } from 'node:stream/consumers';
import { passwordProblem } from '../../../model/password-rule.js';
import { UsageError } from '../exit-codes.js';

/** Where a command reads a password from. */
export interface PasswordSource {
  /** Read it from standard input (for scripts) instead of a prompt. */
  passwordStdin?: boolean;
}

/**
 * The new password: the whole of standard input (less one final newline) with
 * `--password-stdin`, else typed twice at a prompt that does not echo it. Refused when
 * too short, naming where it came from; the password itself is never printed.
 */
export async function readNewPassword(
  source: PasswordSource,
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<string> {
  if (source.passwordStdin) {
    const password = (await text(stdin)).replace(/\r?\n$/, '');
    refuseWeak(password, '--password-stdin');
    return password;
  }
  if (!stdin.isTTY) {
    throw new UsageError(
      'password: standard input is not a terminal to prompt on; pass --password-stdin to read the password from it',
    );
  }
  const password = await promptHidden('Password: ', stdin);
  refuseWeak(password, 'password');
  if ((await promptHidden('Password again: ', stdin)) !== password) {
    throw new UsageError('password: the two passwords typed differ');
  }
  return password;
}

function refuseWeak(password: string, source: string): void {
  const problem = passwordProblem(password, source);
  if (problem) throw new UsageError(problem);
}

/** Reads one line from a terminal in raw mode, echoing nothing. */
function promptHidden(prompt: string, stdin: NodeJS.ReadStream): Promise<string> {
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(typed.join(''));
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new UsageError('password: cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed.push(char);
      }
    };
    stdin.on('data', onData);
  });
}
