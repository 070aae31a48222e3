// The facilitator's tools in real Chromium: the White Cell console (inject, override with a
// required reason, adjust, pause), the saved file replaying to the same hashes in the Node
// CLI, rewind-and-branch, the projector following the live game in a second page of the
// same browser, and the after-action review export with every section.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chainAt, parseGameFile, verifyGame, type GameFile } from '../../src/engine/gamefile.ts';
import { hash, view } from '../../src/engine/index.ts';
import { ARTIFACTS, DIST, openClient, watchConsole, type ClientUnderTest } from './browser.ts';
import { ROOT, flagship } from '../helpers.ts';

let client: ClientUnderTest;
let browser: Browser;
let context: BrowserContext;
let url: string;
const problems: string[] = [];

const watch = (page: Page, name: string) => watchConsole(page, problems, name);

/** Press a game key with the focus on the page, not on a console field (fields keep their keys). */
async function key(page: Page, k: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(k);
}

async function save(page: Page, name: string): Promise<{ path: string; file: GameFile }> {
  const download = page.waitForEvent('download');
  await key(page, 's');
  const path = join(ARTIFACTS, name);
  await (await download).saveAs(path);
  const parsed = parseGameFile(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.ok) throw new Error(parsed.error);
  return { path, file: parsed.value };
}

const cliVerify = (path: string) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'replay', path, '--verify'], { cwd: ROOT, encoding: 'utf8' });

type Rect = { left: number; right: number; top: number; bottom: number; width: number; height: number };
/** Where the console, the sidebar, the map area and its canvas are on the page. */
async function layout(page: Page): Promise<Record<'console' | 'sidebar' | 'map' | 'canvas', Rect>> {
  return page.evaluate(() => {
    const rect = (selector: string) => {
      const r = (document.querySelector(selector) as HTMLElement).getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
    };
    return { console: rect('#whitecell'), sidebar: rect('#sidebar'), map: rect('#map-area'), canvas: rect('#map canvas') };
  });
}

/** The open console covers none of the game: the sidebar sits left of it, whole, and the map refits to what is left. */
async function expectConsoleBesideGame(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await expect.poll(async () => {
    const r = await layout(page);
    return Math.abs(r.canvas.width - r.map.width) <= 1 && r.canvas.right <= r.sidebar.left + 1;
  }).toBe(true);
  const r = await layout(page);
  expect(r.sidebar.right).toBeLessThanOrEqual(r.console.left + 1);
  expect(r.sidebar.left).toBeGreaterThanOrEqual(r.map.right - 1);
  expect(r.console.right).toBeLessThanOrEqual(width + 1);
  expect(r.map.width).toBeGreaterThan(width * 0.35);
  expect(await page.locator('#status-panel').isVisible()).toBe(true);
  expect(await page.locator('#end-turn').isVisible()).toBe(true);
}

async function endTurn(page: Page): Promise<void> {
  const turn = await page.evaluate(() => window.kuroshio?.turn());
  await key(page, 'e');
  await page.waitForFunction((t) => window.kuroshio?.turn() !== t, turn);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => !document.querySelector('#skip'));
}

beforeAll(async () => {
  client = await openClient();
  ({ url, browser } = client);
  // One context: the projector page hears the live page over BroadcastChannel.
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await client?.close();
});

describe('White Cell console, projector and AAR export', () => {
  let live: Page;
  let projector: Page;

  it('a projector opened first waits for a live game, then follows the one started with a facilitator', async () => {
    projector = await context.newPage();
    watch(projector, 'projector');
    await projector.setViewportSize({ width: 1920, height: 1080 });
    // index.html?view=projector leads to the projector page.
    await projector.goto(`${url}index.html?view=projector`);
    await projector.waitForURL(/projector\.html/);
    await expect.poll(() => projector.locator('#proj-wait').textContent()).toMatch(/Waiting for a live game/);

    live = await context.newPage();
    watch(live, 'live');
    await live.goto(url);
    await live.waitForSelector('#start-play');
    await live.selectOption('#start-role', 'japan');
    await live.selectOption('#start-arrangement', 'upgraded');
    await live.fill('#start-seed', 'white-cell-e2e');
    await live.check('#start-whitecell');
    await live.click('#start-play');
    await live.waitForSelector('#end-turn');

    await expect.poll(() => projector.locator('#proj-turn').textContent(), { timeout: 20_000 }).toMatch(/^Turn 1 \/ \d+$/);
    expect(await projector.locator('#proj-wait').isHidden()).toBe(true);
    expect(await projector.locator('#proj-viewpoint').textContent()).toBe('What every team is told');
    // The public view draws no units.
    await projector.waitForFunction(() => document.querySelector('#proj-canvas canvas') !== null);
    expect(await projector.evaluate(() => window.kuroshioProjector?.mapUnitIds())).toEqual([]);
    expect(await projector.locator('#proj-caption').isVisible()).toBe(true);
    await projector.waitForTimeout(400);
    await projector.screenshot({ path: join(ARTIFACTS, 'projector-public-1920.png') });
  }, 120_000);

  it('injects, overrides (reason required) and adjusts through the console; every team is told; the file replays to the same hashes in the CLI', async () => {
    await key(live, 'w');
    await live.waitForSelector('#whitecell:not([hidden]) #wc-inject');
    // The keyboard's focus goes into the console (on its heading: Tab walks its controls).
    expect(await live.evaluate(() => document.activeElement?.id)).toBe('wc-title');

    await live.selectOption('#wc-inject-event', 'collision-video');
    await expect.poll(() => live.locator('#wc-inject-text').textContent()).toMatch(/Video of a CCG cutter/);
    await live.click('#wc-inject');
    await expect.poll(() => live.locator('#wc-message').textContent()).toMatch(/Injected "collision-video"/);

    // No reason: the engine refuses, and the console shows its code and message.
    await live.selectOption('#wc-ov-theatre', 'senkaku');
    const rungs = await live.locator('#wc-ov-rung option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await live.selectOption('#wc-ov-rung', rungs[4]);
    await live.click('#wc-override');
    await expect.poll(() => live.locator('#wc-message').textContent()).toMatch(/^Refused — REASON_REQUIRED: an override needs a "reason"/);
    expect(await live.locator('#wc-message').getAttribute('class')).toBe('wc-error');
    await live.fill('#wc-ov-reason', 'Facilitator ruling: the collision video forces a crisis footing');
    // The override takes effects too, built as for a free-form inject: Japan's cohesion falls.
    await live.click('#wc-ov-effects-add button[data-effect="cohesion"]');
    await live.locator('#wc-ov-effects .wc-effect select').selectOption('japan');
    await live.locator('#wc-ov-effects .wc-effect input').fill('-10');
    await live.click('#wc-override');
    await expect.poll(() => live.locator('#wc-message').textContent()).toMatch(/Override made/);
    // The room is told too: the projector's public view lists the announcement.
    await expect.poll(() => projector.locator('#proj-events').textContent()).toContain('White Cell override: Facilitator ruling');

    // Free-form inject with a chosen effect, and a node adjustment from the next turn.
    await live.fill('#wc-free-text', 'A fishing fleet of 200 boats sails from Wenzhou.');
    await live.click('#wc-effects-add button[data-effect="pressure"]');
    await live.locator('#wc-effects .wc-effect input').fill('0.5');
    await live.click('#wc-free-inject');
    await expect.poll(() => live.locator('#wc-message').textContent()).toMatch(/Free-form inject made/);
    await live.selectOption('#wc-adj-kind', 'fixed');
    await live.fill('#wc-adj-hours', '6');
    await live.fill('#wc-adj-reason', 'What if Yokota were short-staffed?');
    await live.click('#wc-adjust');
    await expect.poll(() => live.locator('#wc-message').textContent()).toMatch(/Adjustment recorded/);
    await expect.poll(() => live.locator('#wc-acts li').count()).toBe(4);
    // The console takes a column of its own: the ladders, orders and log stay in view beside it
    // (the map shrinks and refits), at a laptop's 1280×720 and a full-HD screen alike.
    await expectConsoleBesideGame(live, 1280, 720);
    await live.waitForTimeout(300);
    await live.screenshot({ path: join(ARTIFACTS, 'whitecell-console.png') });
    await expectConsoleBesideGame(live, 1920, 1080);
    await live.locator('#whitecell').evaluate((el) => (el.scrollTop = 0));
    await live.waitForTimeout(300);
    await live.screenshot({ path: join(ARTIFACTS, 'whitecell-console-1920.png') });
    await live.setViewportSize({ width: 1280, height: 800 });

    // Pause: the team cannot end its turn until the White Cell resumes.
    await live.click('#wc-pause');
    await expect.poll(() => live.locator('#wc-status').textContent()).toMatch(/PAUSED/);
    expect(await live.locator('#wc-message').textContent()).toBe('Paused: teams cannot act until you resume.');
    expect(await live.locator('#wc-pause').textContent()).toBe('Resume');
    await expect.poll(() => projector.locator('#proj-paused').count()).toBe(1);
    // The bar keeps PAUSED, the clocks and the viewpoint on screen (the title gives way).
    expect(await projector.evaluate(() => [...document.querySelectorAll('#proj-bar > :not(.title)')].every((el) => el.getBoundingClientRect().right <= window.innerWidth))).toBe(true);
    await live.click('#wc-pause');
    await expect.poll(() => live.locator('#wc-status').textContent()).toMatch(/running/);
    expect(await live.locator('#wc-message').textContent()).toBe('Resumed: the teams can act again.');

    // The deliberation timer, set from the console, shows in the top bar; then off again.
    await live.fill('#wc-timer', '5');
    // Enter in the field sets it, as in any form.
    await live.locator('#wc-timer').press('Enter');
    await expect.poll(() => live.locator('#wc-message').textContent()).toBe('Deliberation timer: 5 min per team turn.');
    await expect.poll(() => live.locator('#topbar .turn-timer').textContent()).toMatch(/[45]:\d\d/);
    await live.fill('#wc-timer', '999');
    await live.click('#wc-timer-set');
    await expect.poll(() => live.locator('#wc-message').textContent()).toMatch(/^deliberation timer: expected minutes between 0 and 240/);
    await live.click('#wc-timer-off');
    await expect.poll(() => live.locator('#topbar .turn-timer').isHidden()).toBe(true);

    // Close the console (Esc, as a dialog): the team's own log tells it what the White Cell did.
    await live.focus('#wc-title');
    await live.keyboard.press('Escape');
    expect(await live.locator('#whitecell').isHidden()).toBe(true);
    const log = await live.locator('#log-panel').textContent();
    expect(log).toContain('White Cell inject: Video of a CCG cutter');
    expect(log).toContain('White Cell override: Facilitator ruling');
    expect(log).toContain('White Cell inject: A fishing fleet of 200 boats');

    await endTurn(live);
    await endTurn(live);
    const browserHash = await live.evaluate(() => window.kuroshio?.hash());
    const { path, file } = await save(live, 'whitecell-game.json');
    const acts = file.commands.filter((e) => e.command.role === 'white-cell').map((e) => e.command.type);
    expect(acts).toEqual(['inject', 'override', 'inject', 'adjust', 'pause', 'resume']);
    const override = file.commands.find((e) => e.command.type === 'override')?.command;
    expect(override && 'effects' in override ? override.effects : null).toEqual([{ type: 'cohesion', role: 'japan', delta: -10 }]);
    const report = verifyGame(flagship(), file);
    expect(report.problem).toBeUndefined();
    expect(hash(report.state)).toBe(browserHash);
    const cli = cliVerify(path);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(browserHash?.slice(0, 12) ?? 'no hash');
  }, 120_000);

  it('the projector follows each turn, and shows what the console chooses', async () => {
    await expect.poll(() => projector.locator('#proj-turn').textContent()).toMatch(/^Turn 3 \/ /);
    expect(await projector.evaluate(() => window.kuroshioProjector?.hash())).toBe(await live.evaluate(() => window.kuroshio?.hash()));
    expect(await projector.locator('#proj-events').textContent()).toContain('Turn 2 resolves.');
    const clockBefore = await projector.locator('#proj-clock').textContent();
    await endTurn(live);
    await expect.poll(() => projector.locator('#proj-turn').textContent()).toMatch(/^Turn 4 \/ /);
    expect(await projector.locator('#proj-clock').textContent()).not.toBe(clockBefore);
    await expect.poll(() => projector.locator('#proj-events').textContent()).toMatch(/Turn 3 resolves/);

    // Ground truth from the console: every unit on the projector's map.
    await key(live, 'w');
    await live.selectOption('#wc-projector', 'truth');
    await expect.poll(() => projector.locator('#proj-viewpoint').textContent()).toBe('Ground truth (White Cell)');
    await expect.poll(async () => (await projector.evaluate(() => window.kuroshioProjector?.mapUnitIds() ?? [])).length).toBeGreaterThan(10);
    const truthUnits = await projector.evaluate(() => window.kuroshioProjector?.mapUnitIds() ?? []);
    // Read across a room: zone labels and counters about twice the desk client's size at 1080 lines.
    await live.click('#wc-truth');
    await expect.poll(async () => (await live.evaluate(() => window.kuroshio?.mapScreenSizes()?.counter)) ?? 0).toBeGreaterThan(0);
    const desk = await live.evaluate(() => window.kuroshio?.mapScreenSizes());
    await live.click('#wc-truth');
    const wall = await projector.evaluate(() => window.kuroshioProjector?.mapScreenSizes());
    expect(desk?.label).toBeGreaterThan(10);
    expect(wall?.label).toBeGreaterThanOrEqual(1.6 * (desk?.label ?? 0));
    expect(wall?.counter).toBeGreaterThanOrEqual(1.6 * (desk?.counter ?? 0));
    // No zone name is drawn cut by the edge of the map (e.g. the PRC coast's long name, next to its counters).
    expect(wall?.cut).toEqual([]);
    expect(desk?.cut).toEqual([]);
    await projector.waitForTimeout(600);
    await projector.screenshot({ path: join(ARTIFACTS, 'projector-1920.png') });
    // A 1280×720 projector: the top bar's clocks and viewpoint stay on screen, the events shown are whole ones.
    await projector.setViewportSize({ width: 1280, height: 720 });
    await expect
      .poll(() =>
        projector.evaluate(() => {
          const bar = [...document.querySelectorAll('#proj-bar > *')].every((el) => el.getBoundingClientRect().right <= window.innerWidth);
          const list = document.querySelector('#proj-events') as HTMLElement;
          const first = list.firstElementChild?.getBoundingClientRect().top ?? 0;
          return bar && first >= list.getBoundingClientRect().top - 1 && list.children.length > 0;
        }),
      )
      .toBe(true);
    await projector.waitForTimeout(400);
    expect((await projector.evaluate(() => window.kuroshioProjector?.mapScreenSizes()))?.cut).toEqual([]);
    await projector.screenshot({ path: join(ARTIFACTS, 'projector-1280.png') });
    await projector.setViewportSize({ width: 1920, height: 1080 });
    const { file } = await save(live, 'whitecell-projector.json');
    const state = verifyGame(flagship(), file).state;
    expect(truthUnits).toEqual(view(state, 'truth').units.map((u) => u.id).sort());
    // Japan's view: exactly the units the engine shows Japan (its side, and contacts of the other).
    await live.selectOption('#wc-projector', 'japan');
    await expect.poll(() => projector.locator('#proj-viewpoint').textContent()).toMatch(/^As seen by /);
    await expect.poll(async () => (await projector.evaluate(() => window.kuroshioProjector?.mapUnitIds() ?? [])).join()).toBe(view(state, 'japan').units.map((u) => u.id).sort().join());
    await live.selectOption('#wc-projector', 'public');
    await expect.poll(async () => (await projector.evaluate(() => window.kuroshioProjector?.mapUnitIds() ?? [])).length).toBe(0);

    // Ground truth on the facilitator's own screen only when asked, and only while the console is open.
    const teamUnits = await live.evaluate(() => window.kuroshio?.mapUnitIds() ?? []);
    expect(teamUnits.join()).toBe(view(state, 'japan').units.map((u) => u.id).sort().join());
    await live.click('#wc-truth');
    await expect.poll(() => live.evaluate(() => (window.kuroshio?.mapUnitIds() ?? []).join())).toBe(truthUnits.join());
    expect(await live.locator('#wc-truth').textContent()).toBe('Back to the team view on this screen');
    await key(live, 'w');
    await expect.poll(() => live.evaluate(() => (window.kuroshio?.mapUnitIds() ?? []).join())).toBe(teamUnits.join());
  }, 120_000);

  it('rewinds to an earlier step and branches: the new file names its parent and verifies', async () => {
    const { file: parent } = await save(live, 'whitecell-parent.json');
    await key(live, 'w');
    // The end of turn 1 (after the White Cell acts of turn 1).
    const endOfTurn1 = parent.turnHashes[0].step;
    await live.selectOption('#wc-rewind-step', String(endOfTurn1));
    await live.uncheck('#wc-rewind-save');
    await live.click('#wc-branch');
    await expect.poll(() => live.evaluate(() => window.kuroshio?.turn())).toBe(2);
    await expect.poll(() => live.locator('#wc-status').textContent()).toMatch(new RegExp(`branched at step ${endOfTurn1}`));
    await key(live, 'w');
    // The branch plays on differently: an override the parent never had.
    await key(live, 'w');
    await live.fill('#wc-ov-reason', 'Branch: the CCG withdraws');
    await live.selectOption('#wc-ov-theatre', 'senkaku');
    const rungs = await live.locator('#wc-ov-rung option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await live.selectOption('#wc-ov-rung', rungs[1]);
    await live.click('#wc-override');
    await expect.poll(() => live.locator('#wc-message').textContent()).toMatch(/Override made/);
    await key(live, 'w');
    // Japan's team explains its turn: the note goes with its submit into the file and the review.
    await live.fill('#turn-note', 'Hold the JCG line now that the CCG has withdrawn.');
    await endTurn(live);

    const { path, file } = await save(live, 'whitecell-branch.json');
    expect(file.parent).toEqual({ commitment: parent.commitment.hash, chain: chainAt(parent, endOfTurn1), finalHash: parent.finalHash, step: endOfTurn1 });
    expect(file.commands.slice(0, endOfTurn1)).toEqual(parent.commands.slice(0, endOfTurn1));
    expect(file.commands.length).toBeGreaterThan(endOfTurn1);
    expect(verifyGame(flagship(), file).problem).toBeUndefined();
    const cli = cliVerify(path);
    expect(cli.status, cli.stderr).toBe(0);
    // The projector followed the rewind (a shorter file, checked again from the start).
    await expect.poll(() => projector.evaluate(() => window.kuroshioProjector?.hash())).toBe(await live.evaluate(() => window.kuroshio?.hash()));
    expect(await projector.locator('#proj-footer').textContent()).toContain(`branched at step ${endOfTurn1}`);

    // The replay viewer verifies the branch and names its parent.
    copyFileSync(path, join(DIST, 'branch.json'));
    const viewer = await context.newPage();
    watch(viewer, 'replay');
    await viewer.goto(`${url}replay.html?game=./branch.json`);
    await expect.poll(() => viewer.locator('#replay-verified').textContent()).toMatch(/turn hashes and the final hash match/);
    expect(await viewer.locator('#replay-parent').textContent()).toBe(`branched at step ${endOfTurn1} from game ${parent.commitment.hash.slice(0, 12)}… · `);
    await viewer.close();
  }, 120_000);

  it('exports the after-action review mid-game (X, Shift+X) with every section, and from the end-of-game review, which lists the White Cell acts and team notes', async () => {
    const download = live.waitForEvent('download');
    await key(live, 'x');
    const path = join(ARTIFACTS, 'whitecell-aar.html');
    await (await download).saveAs(path);
    const html = readFileSync(path, 'utf8');
    for (const heading of ['Metrics', 'Escalation per theatre', 'Legal-status timeline', 'Decisions and notes', 'Team notes', 'White Cell acts', 'Per-order latency', 'Timeline of events', 'Seed reveal']) expect(html).toMatch(new RegExp(`<h2>${heading}`));
    expect(html).toContain('every hash verified by replay in the browser');
    expect(html).toContain('Branch: the CCG withdraws');
    expect(html).toContain('<tr><td>2</td><td>Government of Japan</td><td>Hold the JCG line now that the CCG has withdrawn.</td></tr>');
    expect(html).toMatch(/id="parent">Branched at step \d+/);
    expect(html).toContain('matches the commitment published at the start');
    expect(html).not.toMatch(/<script|<link /);

    // Markdown with Shift+X.
    const md = live.waitForEvent('download');
    await key(live, 'Shift+X');
    const mdPath = join(ARTIFACTS, 'whitecell-aar.md');
    await (await md).saveAs(mdPath);
    expect(readFileSync(mdPath, 'utf8')).toMatch(/^# After-action review[\s\S]*## Team notes[\s\S]*## White Cell acts/);

    // The White Cell takes the Senkaku ladder to its top rung: the game ends at the turn's end,
    // and the review lists the White Cell's acts and the team's note, and exports the same file.
    await key(live, 'w');
    await live.selectOption('#wc-ov-theatre', 'senkaku');
    const rungs = await live.locator('#wc-ov-rung option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await live.selectOption('#wc-ov-rung', rungs[rungs.length - 1]);
    await live.fill('#wc-ov-reason', 'Exercise end: the crisis becomes a regional war');
    await live.click('#wc-override');
    await expect.poll(() => live.locator('#wc-message').textContent()).toMatch(/Override made/);
    await key(live, 'w');
    await key(live, 'e');
    await live.waitForSelector('#aar');
    expect(await live.locator('#aar-whitecell').textContent()).toContain('White Cell override: Exercise end: the crisis becomes a regional war');
    expect(await live.locator('#aar-notes').textContent()).toContain('Hold the JCG line now that the CCG has withdrawn.');
    // The console beside the review: the review fits left of it; no stale message; nobody left to submit.
    await key(live, 'w');
    await live.waitForSelector('#wc-status');
    expect(await live.locator('#wc-message').textContent()).toBe('');
    expect(await live.locator('#wc-status').textContent()).toMatch(/game over: Catastrophe .* to submit: none/);
    const [review, drawer] = await Promise.all(['#aar', '#whitecell'].map((sel) => live.locator(sel).evaluate((el) => el.getBoundingClientRect().toJSON() as { left: number; right: number })));
    expect(review.right).toBeLessThanOrEqual(drawer.left);
    await key(live, 'w');
    const fromReview = live.waitForEvent('download');
    await live.click('#aar-export');
    const endPath = join(ARTIFACTS, 'whitecell-aar-end.html');
    await (await fromReview).saveAs(endPath);
    expect(readFileSync(endPath, 'utf8')).toMatch(/Outcome<\/th><td>Catastrophe/);
  }, 120_000);

  it('the projector says a new game is being set up (not the last one as live), follows the new game, and marks the last picture when the live page closes', async () => {
    const ended = await live.evaluate(() => window.kuroshio?.hash());
    await expect.poll(() => projector.evaluate(() => window.kuroshioProjector?.hash())).toBe(ended);
    // New game (N in the review): the start screen is up, and the projector no longer shows the old game.
    await key(live, 'n');
    await live.waitForSelector('#start-screen');
    await expect.poll(() => projector.locator('#proj-wait-text').textContent()).toBe('The facilitator is setting up a new game. This screen follows it as soon as it starts.');
    expect(await projector.locator('#proj-wait').isVisible()).toBe(true);
    // Esc: back to the game in progress, which the projector follows again; its keys work again.
    await key(live, 'Escape');
    await expect.poll(() => projector.locator('#proj-wait').isHidden()).toBe(true);
    expect(await projector.evaluate(() => window.kuroshioProjector?.hash())).toBe(ended);
    await key(live, 'w');
    await expect.poll(() => live.locator('#whitecell').isVisible()).toBe(true);
    await key(live, 'w');
    await expect.poll(() => live.locator('#whitecell').isHidden()).toBe(true);
    await live.waitForSelector('#aar');
    await key(live, 'n');
    await live.waitForSelector('#start-screen');
    await expect.poll(() => projector.locator('#proj-wait').isVisible()).toBe(true);
    await live.fill('#start-seed', 'white-cell-e2e-second');
    await live.click('#start-play');
    await live.waitForFunction(() => window.kuroshio?.turn() === 1);
    const second = await live.evaluate(() => window.kuroshio?.hash());
    expect(second).not.toBe(ended);
    await expect.poll(() => projector.evaluate(() => window.kuroshioProjector?.hash())).toBe(second);
    // The old game's map is gone with it (Phaser destroys a game on its next frame; the map's loop sleeps when still).
    await expect.poll(() => live.locator('#map canvas').count()).toBe(1);
    expect(await projector.locator('#proj-turn').textContent()).toMatch(/^Turn 1 \//);
    expect(await projector.locator('#proj-viewpoint').textContent()).toBe('What every team is told');
    expect(await projector.locator('#proj-footer').textContent()).not.toContain('branched');

    // The live tab is closed: the projector keeps the last picture, marked as no longer live.
    await live.close();
    await expect.poll(() => projector.locator('#proj-gone').isVisible()).toBe(true);
    expect(await projector.locator('#proj-gone').textContent()).toMatch(/^The live game’s page was closed: this is its last picture \(turn 1, step 0\)/);
    expect(await projector.evaluate(() => window.kuroshioProjector?.hash())).toBe(second);
    await projector.screenshot({ path: join(ARTIFACTS, 'projector-live-closed.png') });
  }, 120_000);

  it('in a hot-seat game the console opens only on an explicit facilitator confirmation, over the privacy screen', async () => {
    const page = await context.newPage();
    watch(page, 'hot-seat');
    await page.goto(url);
    await page.waitForSelector('#start-play');
    await page.selectOption('#start-role', 'japan');
    await page.check('#start-human-us');
    await page.check('#start-whitecell');
    await page.click('#start-play');
    await page.waitForSelector('#privacy-screen:not([hidden])');
    // The projector follows the hot-seat game from its first privacy screen (not only once a team reveals its view).
    await expect.poll(() => projector.evaluate(() => window.kuroshioProjector?.hash())).toBe(await page.evaluate(() => window.kuroshio?.hash()));
    expect(await projector.locator('#proj-gone').isHidden()).toBe(true);
    // X behind the privacy screen says where the export is (it would show the next team every order).
    await key(page, 'x');
    await expect.poll(() => page.locator('.toast').allTextContents()).toContain('The privacy screen is up: export the review from the White Cell console (W, Records).');
    await key(page, 'w');
    await expect.poll(() => page.locator('#whitecell').textContent()).toMatch(/Facilitator only/);
    expect(await page.locator('#wc-inject, #wc-rewind-step').count()).toBe(0);
    // Enter on the focused confirmation opens the console; it does not reveal the team's screen.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('wc-unlock');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#wc-inject');
    expect(await page.locator('#privacy-screen').isVisible()).toBe(true);
    // The focus stays in the console (it was on the replaced confirmation button), and Enter there does nothing more.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('wc-title');
    await page.keyboard.press('Enter');
    expect(await page.locator('#privacy-screen').isVisible()).toBe(true);
    // Between the teams' turns: a typhoon, announced to both teams.
    await page.selectOption('#wc-inject-event', 'typhoon');
    await page.click('#wc-inject');
    await expect.poll(() => page.locator('#wc-message').textContent()).toMatch(/Injected "typhoon"/);
    await expect.poll(() => projector.locator('#proj-events').textContent()).toContain('A typhoon passes south of Okinawa');
    // The facilitator exports the review between the teams' turns, from the console (X is off behind the privacy screen).
    const download = page.waitForEvent('download');
    await page.click('#wc-export');
    expect((await download).suggestedFilename()).toMatch(/^kuroshio-aar-senkaku-gray-zone-.*\.html$/);
    await key(page, 'w');
    expect(await page.locator('#whitecell').isHidden()).toBe(true);
    // Closed, the console keeps nothing in the page (it lists every team's sealed orders).
    expect(await page.locator('#whitecell *').count()).toBe(0);
    // Closed and opened again: the confirmation is asked again.
    await key(page, 'w');
    await expect.poll(() => page.locator('#whitecell').textContent()).toMatch(/Facilitator only/);
    await page.click('#wc-unlock');
    // The team reveals its screen: the console closes with it.
    await key(page, 'Enter');
    await expect.poll(() => page.locator('#whitecell').isHidden()).toBe(true);
    expect(await page.locator('#whitecell *').count()).toBe(0);
    // The team's briefing comes up with the keyboard's focus on its button.
    await page.waitForSelector('#team-briefing');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('team-briefing-close');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#log-panel').textContent()).toContain('White Cell inject: A typhoon passes south of Okinawa');
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);
});
