import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '../../src/jobs/names.js';
import {
  launchChromium,
  type PageTraffic,
  recordTraffic,
  seriousAxeViolations,
} from '../support/browser.js';
import {
  ITEMS,
  openStaffArchive,
  PASSWORD,
  SECRET,
  STAFF,
  type StaffArchive,
} from '../support/browser-staff-archive.js';
import { failFinaliseJob } from '../support/failed-job.js';

/**
 * The jobs and health page, in Chromium, against the real API and Redis: an admin sees
 * each queue's counts, a failure with its reason, and puts it back in its queue; the
 * failure of Nà Hang's secret/sacred item shows its queue only, except to its custodian;
 * a member has no link to the page and is refused there.
 */

const settle = { timeout: 20_000, interval: 100 };
const openItem = ITEMS.open.item.id;
const openReason = 'the disk was full while writing v3';

describe('the jobs and health page', () => {
  let archive: StaffArchive;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: PageTraffic;

  beforeAll(async () => {
    browser = await launchChromium();
    archive = await openStaffArchive({ workers: false });
    await failFinaliseJob(archive.services.queues, openItem, openReason);
    await failFinaliseJob(archive.services.queues, SECRET.id, `could not read ${SECRET.file}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await archive?.close();
  });

  afterEach(async () => {
    const errors = (traffic?.consoleErrors ?? []).filter(
      (text) => !text.includes('Failed to load resource'),
    );
    await context?.close();
    expect(errors).toEqual([]);
  });

  async function signInAs(user: string): Promise<void> {
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
    await page.goto(`${archive.url}/sign-in`);
    await page.getByLabel('Account', { exact: true }).fill(user);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText(/^Signed in as/).count(), settle).toBe(1);
  }

  async function expectNoSecret(what: string): Promise<void> {
    const dom = (await page.content()).toLowerCase();
    await traffic.settled();
    for (const marker of SECRET.markers) {
      expect(dom, `${what}: ${marker} in the page`).not.toContain(marker.toLowerCase());
      for (const body of traffic.bodies)
        expect(body.toLowerCase(), `${what}: ${marker} in a response`).not.toContain(
          marker.toLowerCase(),
        );
    }
  }

  const finaliseCount = (count: string) =>
    page.locator(`tr[data-queue="finalise"] td[data-count="${count}"]`).textContent();

  it('shows an admin the queues and a failure with its reason, and retry puts it back', async () => {
    await signInAs(STAFF.admin.id);
    await page.getByRole('link', { name: 'Jobs' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe('Jobs and health');
    await expect.poll(() => finaliseCount('failed'), settle).toBe('2');
    const row = page.locator(`tr[data-item="${openItem}"]`);
    expect(await row.textContent()).toContain(openReason);
    // The secret item's failure is there, as a failure of an item the admin may not see.
    await expect.poll(() => page.getByText(/of an item you may not see/).count(), settle).toBe(1);
    await expect
      .poll(() => page.getByText('The archive can serve', { exact: false }).count(), settle)
      .toBe(1);
    expect(await page.getByRole('link', { name: /queue dashboard/ }).getAttribute('href')).toBe(
      '/api/admin/queues',
    );
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);

    await row.getByRole('button', { name: `Retry ${openItem}` }).click();
    await expect
      .poll(() => page.getByText(`Sent back to their queues: ${openItem}`).count(), settle)
      .toBe(1);
    await expect.poll(() => finaliseCount('waiting'), settle).toBe('1');
    expect(await finaliseCount('failed')).toBe('1');
    expect(await page.locator(`tr[data-item="${openItem}"]`).count()).toBe(0);
    // In the queue itself: the job waits again, with its attempts reset.
    const job = await archive.services.queues
      .queue(QueueName.Finalise)
      .getJob(`${openItem}.finalise.test`);
    expect(await job?.getState()).toBe('waiting');
    await expectNoSecret('admin on the jobs page');
  });

  it("shows the secret item's failure, with its reason, to its custodian only", async () => {
    await signInAs(STAFF.custodian.id);
    await page.goto(`${archive.url}/jobs`);
    const row = page.locator(`tr[data-item="${SECRET.id}"]`);
    await expect.poll(() => row.textContent(), settle).toContain(SECRET.file);
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });

  it('gives a member no link to the page, and refuses them there', async () => {
    await signInAs(STAFF.member.id);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Items' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Jobs' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Deposit' }).count()).toBe(0);
    await page.goto(`${archive.url}/jobs`);
    await expect
      .poll(() => page.getByRole('alert').textContent(), settle)
      .toContain('for the archive’s admins');
    const answer = await page.request.get(`${archive.url}/api/jobs`);
    expect(answer.status()).toBe(401);
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await expectNoSecret('member at /jobs');
  });
});
