/**
 * Chromium for the web app's tests: Debian's `chromium` driven by playwright-core (no
 * downloaded browser). Missing, it fails the tests with how to install it rather than
 * skipping them: CI installs it from scripts/system-packages.txt.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

export const chromiumPath = process.env.HERITAGE_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `the browser tests need Chromium at ${chromiumPath}, which is not there: install it ` +
        '(Debian: apt-get install chromium; npm run setup installs scripts/system-packages.txt) ' +
        'or set HERITAGE_CHROMIUM to its path',
    );
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Every response body and console error of a page, to search for what must never reach it. */
export interface PageTraffic {
  bodies: string[];
  consoleErrors: string[];
  /** Resolves when every body seen so far has been read. */
  settled(): Promise<void>;
}

export function recordTraffic(page: Page): PageTraffic {
  const bodies: string[] = [];
  const consoleErrors: string[] = [];
  const reading: Promise<void>[] = [];
  page.on('response', (response) => {
    reading.push(
      response
        .text()
        .then((body) => {
          bodies.push(body);
        })
        // A redirect or an aborted request has no body to read.
        .catch(() => {}),
    );
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return { bodies, consoleErrors, settled: async () => void (await Promise.all(reading)) };
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. axe is evaluated
 * through the DevTools protocol, which the page's content security policy does not
 * govern, so the app is checked under the policy it is served with.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  // A string, run in the page: these tests compile without the DOM's types.
  const violations = (await page.evaluate(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((result) => result.violations.map(({ id, impact, help, nodes }) => ({
      id, impact: impact ?? null, help, nodes: nodes.map((node) => ({ target: node.target })),
    })))`)) as AxeViolation[];
  return violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
}

/** Resolves once the page has drawn two more frames: what changed before has been painted. */
export async function twoFramesDrawn(page: Page): Promise<void> {
  await page.evaluate(
    'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
  );
}
