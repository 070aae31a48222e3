// A hot-seat seminar in real Chromium: Japan and the PRC are played by two teams at one
// screen, the United States by a bot. Between teams a privacy screen hides everything; while
// a team's view is up, neither the page (text, attributes, map tooltips) nor the map shows an
// opposing unit that team has not detected (checked against the engine's view in Node); notes
// are sealed into the game file, which verifies with the CLI; the deliberation timer shows.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseGameFile, verifyGame } from '../../src/engine/gamefile.ts';
import { newGame, view, TRUTH, type GameState } from '../../src/engine/index.ts';
import { ARTIFACTS, DIST, openClient, watchConsole, type ClientUnderTest } from './browser.ts';
import { ROOT, flagship } from '../helpers.ts';

const scenario = flagship();
const SEED = 'hotseat-e2e';
const ARRANGEMENT = 'upgraded';
const NAMES: Record<string, string> = { japan: 'Government of Japan', prc: "People's Republic of China" };
const NOTES: Record<string, string> = {
  japan: 'Japan T1: keep the JCG between the CCG and Uotsuri; no SDF until the Cabinet rules.',
  prc: 'PRC T2: keep the pressure in the contiguous zone, stay below the threshold for an MSO.',
};

let client: ClientUnderTest;
let browser: Browser;
let url: string;
const problems: string[] = [];

const watch = (page: Page) => watchConsole(page, problems);

beforeAll(async () => {
  client = await openClient();
  ({ url, browser } = client);
}, 180_000);

afterAll(() => client?.close());

/** The game as the browser has it: the autosave (written after every team's submission) replayed in Node. */
async function engineState(page: Page): Promise<GameState> {
  const saved = await page.evaluate(() => localStorage.getItem('kuroshio.autosave.v1'));
  if (!saved) return newGame(scenario, { seed: SEED, arrangement: ARRANGEMENT, sharing: 'hub' });
  const parsed = parseGameFile(JSON.parse(saved).file);
  if (!parsed.ok) throw new Error(parsed.error);
  const report = verifyGame(scenario, parsed.value);
  expect(report.problem).toBeUndefined();
  return report.state;
}

/** The whole page as markup: text, titles, aria labels, tooltips — anything a team could read. */
const pageMarkup = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);

/**
 * Sweep a pointer over the whole map canvas (events sent to the canvas itself, so even a
 * covered map is probed) and collect every tooltip the map shows.
 */
function mapTooltips(page: Page): Promise<string> {
  return page.evaluate(() => {
    const canvas = document.querySelector('#map canvas');
    const tip = document.getElementById('map-tooltip');
    if (!canvas || !tip) return '';
    const box = canvas.getBoundingClientRect();
    const seen = new Set<string>();
    for (let y = box.top + 3; y < box.bottom; y += 6) {
      for (let x = box.left + 3; x < box.right; x += 6) {
        canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true, cancelable: true }));
        if (!tip.hidden && tip.innerHTML) seen.add(tip.innerHTML);
      }
    }
    return [...seen].join('\n');
  });
}

/** While the privacy screen is up nothing of any view is on the page or the map. */
async function expectNothingShown(page: Page, nextRole: string): Promise<void> {
  await page.waitForSelector('#privacy-screen:not([hidden])');
  expect(await page.locator('#privacy-title').textContent()).toBe(`Pass to the ${NAMES[nextRole]} team`);
  expect(await page.evaluate(() => window.kuroshio?.shownRole())).toBeNull();
  expect(await page.evaluate(() => window.kuroshio?.mapUnitIds())).toEqual([]);
  for (const panel of ['#orders-panel', '#status-panel', '#log-panel', '#command-panel']) expect(await page.locator(panel).innerHTML()).toBe('');
  const markup = await pageMarkup(page);
  for (const unit of scenario.data.units) expect(markup, `${unit.name} on the privacy screen`).not.toContain(unit.name);
  for (const note of Object.values(NOTES)) expect(markup).not.toContain(note);
  expect(await mapTooltips(page)).not.toMatch(/strength|contact/);
}

/** A team's view: exactly its units and contacts on the map, and no opposing unit it has not detected anywhere. */
async function expectOnlyOwnView(page: Page, role: string, state: GameState, label: string): Promise<number> {
  const own = view(state, role);
  const truth = view(state, TRUTH);
  const hidden = truth.units.filter((u) => !own.units.some((v) => v.id === u.id));
  expect(await page.evaluate(() => window.kuroshio?.shownRole())).toBe(role);
  expect(await page.evaluate(() => window.kuroshio?.mapUnitIds())).toEqual(own.units.map((u) => u.id).sort());
  const markup = await pageMarkup(page);
  const tips = await mapTooltips(page);
  expect(tips, 'map tooltips name units').toMatch(/strength|\(\d+\)/);
  for (const unit of hidden) {
    expect(markup, `${label}: undetected ${unit.name} in the page`).not.toContain(unit.name);
    expect(tips, `${label}: undetected ${unit.name} in a map tooltip`).not.toContain(unit.name);
  }
  // Another team's briefing and note never reach this team's screen.
  for (const other of ['japan', 'prc']) if (other !== role) expect(markup).not.toContain(scenario.roles.get(other)?.briefing.slice(0, 60));
  for (const [author, note] of Object.entries(NOTES)) if (author !== role) expect(markup).not.toContain(note);
  return hidden.length;
}

async function reveal(page: Page, role: string): Promise<void> {
  await page.keyboard.press('Enter');
  await page.waitForFunction((r) => window.kuroshio?.shownRole() === r, role);
  // On its first turn each team reads its own briefing (only the first team's was on the start screen).
  if (await page.locator('#team-briefing').count()) {
    expect(await page.locator('#team-briefing h1').textContent()).toBe(`Briefing — ${NAMES[role]}`);
    expect(await page.locator('#team-briefing').textContent()).toContain(scenario.roles.get(role)?.briefing.slice(0, 60));
    if (role === 'prc') await page.screenshot({ path: join(ARTIFACTS, 'hotseat-briefing.png') });
    await page.keyboard.press('Enter');
    await page.waitForSelector('#overlay', { state: 'hidden' });
  }
  // The last resolution replays in the team's own view: skip it.
  if (await page.locator('#skip').count()) await page.keyboard.press(' ');
  await page.waitForFunction(() => !document.querySelector('#skip'));
}

describe('hot-seat seminar in the browser', () => {
  it('two teams take turns behind privacy screens and never see what the other has hidden; notes are sealed in a file the CLI verifies', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    watch(page);
    await page.goto(url);
    await page.waitForSelector('#start-play');
    await page.selectOption('#start-role', 'japan');
    await page.check('#start-human-prc');
    expect(await page.locator('#start-human-japan').isChecked()).toBe(true);
    expect(await page.locator('#start-human-us').isChecked()).toBe(false);
    await expect.poll(() => page.locator('#start-humans-note').textContent()).toMatch(/Hot-seat seminar: Government of Japan, then People's Republic of China .* bots play United States/);
    await page.selectOption('#start-arrangement', ARRANGEMENT);
    await page.fill('#start-seed', SEED);
    await page.selectOption('#start-timer', '5');
    await page.screenshot({ path: join(ARTIFACTS, 'hotseat-setup.png') });
    await page.click('#start-play');

    const hiddenCounts: Record<string, number[]> = { japan: [], prc: [] };
    for (let turn = 1; turn <= 3; turn++) {
      for (const role of ['japan', 'prc']) {
        await expectNothingShown(page, role);
        // The deliberation clock is on the privacy screen for the room to see, counting down from 5:00.
        const clock = await page.locator('#privacy-screen .turn-timer').textContent();
        expect(clock, `turn ${turn}, ${role}`).toMatch(/^[45]:\d\d left/);
        expect(clock).toContain(`${NAMES[role]}: deliberation time (5 min per team turn)`);
        if (turn === 1 && role === 'japan') await page.screenshot({ path: join(ARTIFACTS, 'hotseat-privacy.png') });
        if (turn > 1) expect(await page.locator('#privacy-screen').textContent()).toContain(`Turn ${turn - 1} has resolved`);
        const state = await engineState(page);
        expect(state.context.turn).toBe(turn);
        await reveal(page, role);
        expect(await page.locator('#topbar .turn-timer').textContent()).toMatch(/^[45]:\d\d left$/);
        hiddenCounts[role].push(await expectOnlyOwnView(page, role, state, `turn ${turn}, ${role}`));
        // Orders: Japan's first by clicking, the rest the headquarters' first by keys.
        if (turn === 1 && role === 'japan') {
          await page.getByText('JCG Senkaku patrol unit', { exact: false }).first().click();
          await page.getByText('Shadow and warn').first().click();
          await page.getByText('Senkaku territorial sea').first().click();
          await expect.poll(() => page.locator('.orders-queue li').count()).toBe(1);
        } else {
          await page.keyboard.press('h');
          await page.keyboard.press('1');
        }
        const note = (turn === 1 && role === 'japan') || (turn === 2 && role === 'prc') ? NOTES[role] : null;
        if (note) {
          await page.keyboard.press('n');
          expect(await page.evaluate(() => document.activeElement?.id)).toBe('turn-note');
          await page.keyboard.type(note);
          await page.keyboard.press('Escape');
        }
        if (turn === 1 && role === 'japan') await page.screenshot({ path: join(ARTIFACTS, 'hotseat-team-turn.png') });
        if (turn === 2 && role === 'prc') await page.screenshot({ path: join(ARTIFACTS, 'hotseat-prc-turn.png') });
        // The other team's sealed orders are not in this team's queue.
        expect(await page.locator('#orders-panel').textContent()).toContain(`Submit ${NAMES[role]} orders (E)`);
        await page.keyboard.press('e');
      }
    }
    await expectNothingShown(page, 'japan');
    expect(await page.evaluate(() => window.kuroshio?.turn())).toBe(4);
    // Each team had undetected opposing units to keep from it (else the checks prove nothing).
    console.info(`undetected opposing units per turn: ${JSON.stringify(hiddenCounts)}`);
    for (const role of ['japan', 'prc']) expect(hiddenCounts[role][0], role).toBeGreaterThan(0);
    expect(await page.locator('#team-briefing').count()).toBe(0);

    // The game file: each note in its team's submit command, verified by the command line.
    await reveal(page, 'japan');
    // Mid-game the file holds every team's sealed orders: Save asks for the facilitator first.
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.keyboard.press('s');
    await page.waitForSelector('#facilitator-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#overlay').isHidden()).toBe(true);
    await page.keyboard.press('x');
    await page.waitForSelector('#facilitator-confirm');
    await page.keyboard.press('Escape');
    expect(downloads).toBe(0);
    const download = page.waitForEvent('download');
    await page.keyboard.press('s');
    await page.waitForSelector('#facilitator-confirm');
    await page.keyboard.press('Enter');
    const path = join(ARTIFACTS, 'hotseat-game.json');
    await (await download).saveAs(path);
    const parsed = parseGameFile(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.ok) throw new Error(parsed.error);
    const submits = parsed.value.commands.map((e) => e.command).filter((c) => c.type === 'submit');
    expect(submits.filter((c) => 'note' in c && c.note)).toEqual([
      { type: 'submit', role: 'japan', note: NOTES.japan },
      { type: 'submit', role: 'prc', note: NOTES.prc },
    ]);
    // Teams submitted in turn order, the bot after them, every turn.
    expect(submits.slice(0, 9).map((c) => c.role)).toEqual(['japan', 'prc', 'us', 'japan', 'prc', 'us', 'japan', 'prc', 'us']);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'replay', path, '--verify'], { cwd: ROOT, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^verified /);
    expect(parsed.value.finalHash).toBe(await page.evaluate(() => window.kuroshio?.hash()));
    // The replay viewer shows a team's note at its submit step.
    copyFileSync(path, join(DIST, 'hotseat-game.json'));
    await page.goto(`${url}replay.html?game=./hotseat-game.json`);
    await page.waitForSelector('#replay-slider');
    const japanSubmit = parsed.value.commands.findIndex((e) => e.command.type === 'submit' && e.command.role === 'japan') + 1;
    await page.locator('#replay-slider').fill(String(japanSubmit));
    await expect.poll(() => page.locator('#replay-step').textContent()).toBe(`japan ends its turn — team note: “${NOTES.japan}”`);
    await page.close();
  }, 300_000);

  it('the deliberation timer stands still while the White Cell pauses, runs out loudly, but never submits for a team', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.clock.install();
    const page = await context.newPage();
    watch(page);
    await page.goto(url);
    await page.waitForSelector('#start-play');
    await page.selectOption('#start-role', 'japan');
    await page.check('#start-human-prc');
    await page.selectOption('#start-timer', '1');
    await page.check('#start-whitecell');
    await page.click('#start-play');
    await page.waitForSelector('#privacy-screen:not([hidden])');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.kuroshio?.shownRole() === 'japan');
    await page.waitForSelector('#team-briefing');
    await page.keyboard.press('Enter');
    const topTimer = () => page.locator('#topbar .turn-timer').textContent();
    // The installed clock also runs in real time, so a loaded machine adds seconds: the bounds
    // below allow for that; the pause check (the display does not move) is exact.
    await page.clock.fastForward('00:30');
    await expect.poll(topTimer).toMatch(/^0:[0-3]\d left$/);
    // The White Cell pauses the exercise: the clock stands still until it resumes.
    await page.keyboard.press('w');
    await page.click('#wc-unlock');
    await page.click('#wc-pause');
    await expect.poll(topTimer).toMatch(/^0:[0-3]\d · paused$/);
    const held = await topTimer();
    await page.clock.fastForward('02:00');
    expect(await topTimer()).toBe(held);
    await page.click('#wc-pause');
    await page.keyboard.press('w');
    await expect.poll(topTimer).toMatch(/^0:[0-3]\d left$/);
    await page.clock.fastForward('00:35');
    await expect.poll(() => page.locator('#topbar .turn-timer').textContent()).toMatch(/^Time — submit now \(\+\d:\d\d\)$/);
    expect(await page.locator('#topbar .turn-timer.expired').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'hotseat-timer-expired.png') });
    // Still Japan's turn: nothing was submitted for it.
    expect(await page.evaluate(() => window.kuroshio?.shownRole())).toBe('japan');
    const saved = JSON.parse((await page.evaluate(() => localStorage.getItem('kuroshio.autosave.v1'))) ?? '{}');
    expect(saved.file.commands.map((e: { command: { type: string } }) => e.command.type)).toEqual(['pause', 'resume']);
    // The next team's clock starts afresh when its privacy screen comes up.
    await page.keyboard.press('e');
    await page.waitForSelector('#privacy-screen:not([hidden])');
    await expect.poll(() => page.locator('#privacy-screen .turn-timer').textContent()).toMatch(/^(1:00|0:[0-5]\d) left.*People's Republic of China: deliberation time/);
    await context.close();
  }, 120_000);

  it('resumes mid-turn behind the next team\'s privacy screen, and plays to the after-action review', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    watch(page);
    await page.goto(url);
    await page.waitForSelector('#start-play');
    await page.selectOption('#start-role', 'japan');
    await page.check('#start-human-prc');
    await page.fill('#start-seed', 'hotseat-resume');
    await page.click('#start-play');
    await page.waitForSelector('#privacy-screen:not([hidden])');
    await reveal(page, 'japan');
    await page.keyboard.press('e');
    await expectNothingShown(page, 'prc');
    // Japan has submitted (autosaved); a reload resumes at the PRC team's privacy screen.
    const hash = await page.evaluate(() => window.kuroshio?.hash());
    await page.reload();
    await page.waitForSelector('#start-resume');
    expect(await page.locator('#start-resume').textContent()).toContain('japan + prc, turn 1');
    await page.keyboard.press('r');
    await expectNothingShown(page, 'prc');
    expect(await page.evaluate(() => window.kuroshio?.hash())).toBe(hash);
    // Then every turn to the end: each team reveals and submits; the debrief follows the last turn.
    for (let i = 0; i < 2 * scenario.data.clock.maxTurns + 2 && !(await page.locator('#aar').count()); i++) {
      const role = await page.evaluate(() => (document.getElementById('privacy-title')?.textContent ?? '').includes('Japan') ? 'japan' : 'prc');
      await reveal(page, role);
      await page.keyboard.press('e');
      await page.waitForFunction(() => !!document.querySelector('#aar') || !document.getElementById('privacy-screen')?.hidden);
      if (!(await page.locator('#aar').count()) && (await page.locator('#skip').count())) await page.keyboard.press(' ');
    }
    await page.waitForSelector('#aar');
    expect(await page.evaluate(() => window.kuroshio?.phase())).toBe('ended');
    expect(await page.locator('#privacy-screen:not([hidden])').count()).toBe(0);
    expect(await page.locator('.turn-timer:not([hidden])').count()).toBe(0);
    await page.close();
  }, 180_000);

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});
