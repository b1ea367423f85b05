/** Writes lines to stdout until the reader goes away, as `heritage items list | head` does. */
import { exitQuietlyWhenStdoutCloses } from '../../src/entry/cli/output.js';

exitQuietlyWhenStdoutCloses();
const line = `${'item '.repeat(20)}\n`;
const write = () => {
  while (process.stdout.write(line)) {}
  process.stdout.once('drain', write);
};
write();
