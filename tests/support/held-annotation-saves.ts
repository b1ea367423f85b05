import type { Page, Route } from 'playwright-core';

/** A page's annotation saves, held on their way to the archive until released. */
export interface HeldAnnotationSaves {
  /** Lets the held saves, and any later ones, go on. */
  release(): void;
  /** Stops watching the page's requests; call once the held saves have ended. */
  stop(): Promise<void>;
}

const annotationRequests = /\/api\/items\/[^/]+\/annotations/;

/**
 * Holds every annotation write of the page (reads go on), so that a test can do what a
 * person does while a save is still on its way.
 */
export async function holdAnnotationSaves(page: Page): Promise<HeldAnnotationSaves> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const hold = async (route: Route) => {
    if (route.request().method() !== 'GET') await released;
    await route.continue();
  };
  await page.route(annotationRequests, hold);
  return { release, stop: () => page.unroute(annotationRequests, hold) };
}
