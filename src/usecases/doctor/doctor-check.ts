/** One thing `heritage doctor` checks, and how to fix it when it fails. */
export interface CheckResult {
  name: string;
  ok: boolean;
  /** What was found (a version, a location) or what is wrong. */
  detail: string;
  /** What to do about a failure. */
  fix?: string;
}

export type Check = () => Promise<CheckResult>;

/** Runs a check; an exception becomes a failed result instead of stopping the others. */
export async function runCheck(name: string, check: Check, fix?: string): Promise<CheckResult> {
  try {
    return await check();
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message.split('\n')[0] ?? 'failed', fix };
  }
}
