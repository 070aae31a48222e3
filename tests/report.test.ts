// kuroshio report: the after-action review export contains every section, verified by replay.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { branchGame, GameRecorder, verifyGame } from '../src/engine/gamefile.ts';
import { buildAar, renderAarHtml } from '../src/report/aar.ts';
import { WHITE_CELL, type Command } from '../src/engine/index.ts';
import { createBot } from '../src/engine/bots/bot.ts';
import { legalCommands, view } from '../src/engine/index.ts';
import { ROOT, flagship } from './helpers.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ROOT + 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'kuroshio-report-'));

const TEAM_NOTE = 'Hold the JCG line | no SDF until the Cabinet rules.';
const SECTIONS = ['Metrics', 'Escalation per theatre', 'Legal-status timeline', 'Decisions and notes', 'Team notes', 'White Cell acts', 'Per-order latency', 'Timeline of events', 'Seed reveal'];

function recordGameWithWhiteCell(): string {
  const scenario = flagship();
  const recorder = new GameRecorder(scenario, { seed: 'aar', arrangement: 'upgraded', sharing: 'hub', salt: 'aar-salt' });
  const bots = new Map(scenario.roleIds.map((r) => [r, createBot(scenario, r, 'balanced', 'aar')]));
  const white: Record<number, Command> = {
    2: { type: 'inject', role: WHITE_CELL, event: 'collision-video' },
    4: { type: 'override', role: WHITE_CELL, reason: 'Facilitator ruling: the CCG withdrew after the collision', effects: [{ type: 'pressure', theatre: 'senkaku', delta: -1 }] },
  };
  while (!recorder.state.context.outcome) {
    const turn = recorder.state.context.turn;
    const wc = white[turn];
    if (wc) expect(recorder.apply(wc).ok).toBe(true);
    for (const role of scenario.roleIds) {
      for (let i = 0; i < 20 && !recorder.state.context.submitted[role] && !recorder.state.context.outcome && recorder.state.context.turn === turn; i++) {
        const state = recorder.state;
        const bot = bots.get(role);
        if (!bot) break;
        const decision = bot.next({ turn: state.context.turn, view: view(state, role), legal: legalCommands(state, role) });
        // Japan's team explains its second turn (a team note rides on its submit).
        const command = decision.command.type === 'submit' && role === 'japan' && turn === 2 ? { ...decision.command, note: TEAM_NOTE } : decision.command;
        if (!recorder.apply(command, decision.reason).ok) break;
      }
    }
  }
  const path = join(dir, 'game.json');
  writeFileSync(path, JSON.stringify(recorder.finish()));
  return path;
}

describe('kuroshio report', () => {
  const game = recordGameWithWhiteCell();

  it('writes a self-contained HTML review with every section', () => {
    const out = join(dir, 'aar.html');
    const run = cli('report', game, '--out', out);
    expect(run.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    for (const section of SECTIONS) expect(html).toMatch(new RegExp(`<h2>${section}`));
    // One escalation chart per theatre, the team note with its role and turn, the White Cell acts with step and reason.
    expect(html.match(/<svg /g)?.length).toBe(flagship().data.theatres.length);
    expect(html).toContain('<tr><td>2</td><td>Government of Japan</td><td>Hold the JCG line | no SDF until the Cabinet rules.</td></tr>');
    expect(html).toMatch(/<td>Inject &quot;collision-video&quot;<\/td><td>Video of a CCG cutter ramming/);
    expect(html).toContain('Facilitator ruling: the CCG withdrew after the collision');
    expect(html).toContain('matches the commitment published at the start');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script|<link /);
  }, 60_000);

  it('writes Markdown for .md', () => {
    const out = join(dir, 'aar.md');
    expect(cli('report', game, '--out', out).status).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^# After-action review/);
    expect(md).toContain('## White Cell acts');
    expect(md).toContain('White Cell inject:');
    for (const section of SECTIONS) expect(md).toMatch(new RegExp(`^## ${section}`, 'm'));
    expect(md).toContain('- Turn 2, Government of Japan: Hold the JCG line | no SDF until the Cabinet rules.');
    expect(md).toMatch(/- Step \d+, turn 4 \(.*\) — Override: .*Reason: Facilitator ruling/);
  }, 60_000);

  it('a branched game names its parent and step in the review', () => {
    const scenario = flagship();
    const parent = JSON.parse(readFileSync(game, 'utf8'));
    const { file } = branchGame(scenario, parent, 20);
    const out = join(dir, 'branch.md');
    writeFileSync(join(dir, 'branch.json'), JSON.stringify(file));
    const run = cli('report', join(dir, 'branch.json'), '--out', out);
    expect(run.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(`Branched at step 20 from the game with seed commitment ${parent.commitment.hash.slice(0, 16)}…`);
    // The same review from the pure module (as the browser builds it).
    const state = verifyGame(scenario, file).state;
    expect(renderAarHtml(buildAar(scenario, file, state))).toContain('id="parent">Branched at step 20');
  }, 60_000);

  it('refuses a tampered file with the failing step (exit 2)', () => {
    const file = JSON.parse(readFileSync(game, 'utf8'));
    const index = file.commands.findIndex((e: { command: { type: string } }) => e.command.type === 'override');
    file.commands[index].command.reason = 'Nothing happened';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(file));
    const run = cli('report', bad, '--out', join(dir, 'bad.html'));
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`step ${index + 1}: command hash does not match (this command, an earlier one or the seed/set-up was edited)`);
  }, 60_000);
});
