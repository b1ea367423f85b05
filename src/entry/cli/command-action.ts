import type { Settings } from '../../infra/config/settings-schema.js';
import type { Output } from './output.js';

/** A command's work, given this invocation's settings and output; a number is its exit code. */
export type CommandRun<A extends unknown[]> = (
  settings: Settings,
  output: Output,
  ...args: A
) => Promise<number | undefined>;

/**
 * Turns a command's work into a commander action that loads the settings first and
 * keeps the exit code (see `runCli`).
 */
export type CommandAction = <A extends unknown[]>(
  run: CommandRun<A>,
) => (...args: A) => Promise<void>;

/** Gathers a repeatable option's values, in the order given. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
