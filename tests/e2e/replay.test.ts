// The replay viewer in real Chromium: open a served game file, scrub by step and turn,
// switch the viewpoint between ground truth and a role, and run a counterfactual.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, DIST, openClient, watchConsole, type ClientUnderTest } from './browser.ts';
import { ROOT } from '../helpers.ts';

let client: ClientUnderTest;
let browser: Browser;
let url: string;
const problems: string[] = [];

beforeAll(async () => {
  client = await openClient();
  ({ url, browser } = client);
  // Served from disk on each request, so a file copied in after the build is served too.
  copyFileSync(join(ROOT, 'tests/golden/twin-crisis.legacy.json'), join(DIST, 'game.json'));
}, 180_000);

afterAll(() => client?.close());

describe('replay viewer', () => {
  it('opens ?game=, verifies, scrubs, switches viewpoint and compares a counterfactual', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watchConsole(page, problems);
    await page.goto(`${url}replay.html?game=./game.json`);
    await page.waitForSelector('#replay-slider');
    await expect.poll(() => page.locator('#replay-verified').textContent()).toMatch(/turn hashes and the final hash match/);
    const last = Number(await page.locator('#replay-slider').getAttribute('max'));
    await page.keyboard.press('PageUp');
    const afterTurnBack = Number(await page.locator('#replay-slider').inputValue());
    expect(afterTurnBack).toBeLessThan(last);
    await page.keyboard.press('ArrowLeft');
    expect(Number(await page.locator('#replay-slider').inputValue())).toBe(afterTurnBack - 1);

    // Ground truth shows every unit exactly; Japan sees PRC units only as contacts (or not at all).
    const truthRows = await page.locator('#replay-units tr').count();
    await page.selectOption('#replay-viewpoint', 'japan');
    await expect.poll(() => page.locator('h2', { hasText: 'Units as japan knew them' }).count()).toBe(1);
    const rows = await page.locator('#replay-units tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    for (const cells of rows.filter((c) => c.length > 0)) if (cells[2] === 'hostile') expect(cells[4]).toMatch(/^contact seen/);
    expect(await page.locator('#replay-units tr').count()).toBeLessThanOrEqual(truthRows);
    await page.screenshot({ path: join(ARTIFACTS, 'replay-viewer.png') });

    await page.selectOption('#replay-counterfactual', 'combined');
    await page.click('#replay-compare');
    await expect.poll(() => page.locator('#replay-counterfactual-result').textContent()).toMatch(/divergent step|No divergence/);
    expect(await page.locator('#replay-counterfactual-result').textContent()).toMatch(/allied response .* \(legacy\) vs .* \(combined\)/);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
