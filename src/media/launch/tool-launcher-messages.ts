/**
 * The most sockets one launch may have. The launcher refuses a connection that names a
 * higher descriptor (a bound on what a first line may ask for), so a launch asking for
 * more is refused before it starts.
 */
export const MAX_TOOL_STREAMS = 16;

/** What a launch asks for: the tool, and how many sockets it gets after stdin (`/dev/null`). */
export interface LaunchSpec {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Niceness the tool runs at. */
  niceness: number;
  /**
   * Sockets for file descriptors 1, 2, 3, ... in order. The launching process connects
   * each one to the launcher and keeps the other end.
   */
  streams: number;
}

/** What the launching process sends its launcher (`tool-launcher-process.ts`). */
export type LauncherRequest =
  | ({ kind: 'launch'; id: number } & LaunchSpec)
  | { kind: 'kill'; id: number };

/**
 * What the launcher answers: once where to connect, then for each launch whether the tool
 * started and how it ended.
 */
export type LauncherAnswer =
  | {
      kind: 'ready';
      /** The launcher's socket, in a folder only this user may enter. */
      socketPath: string;
      /** Opens each connection's first line, so that no stray connection joins a launch. */
      token: string;
    }
  | { kind: 'started'; id: number }
  | { kind: 'exited'; id: number; exitCode: number | null; signal: NodeJS.Signals | null }
  | { kind: 'failed'; id: number; message: string; code?: string };
