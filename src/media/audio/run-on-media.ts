import { BadMediaError, MediaToolError } from './errors.js';
import { classifyToolFailure } from './failure-kind.js';
import { runTool, type ToolResult, type ToolRun } from './tool-runner.js';

/**
 * Runs a tool on an input file and turns failures the log blames on the input into
 * `BadMediaError`; other failures stay `MediaToolError` (worth a retry).
 */
export async function runOnMedia(run: ToolRun): Promise<ToolResult> {
  try {
    return await runTool(run);
  } catch (error) {
    if (error instanceof MediaToolError) {
      const verdict = classifyToolFailure(error.failure, run.file);
      if (verdict.kind === 'bad-media') {
        throw new BadMediaError(run.file, verdict.reason, error.failure.stderrTail);
      }
    }
    throw error;
  }
}
