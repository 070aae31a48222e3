// kuroshio report: the after-action review export contains every section, verified by replay.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GameRecorder } from '../src/engine/gamefile.ts';
import { WHITE_CELL, type Command } from '../src/engine/index.ts';
import { createBot } from '../src/engine/bots/bot.ts';
import { legalCommands, view } from '../src/engine/index.ts';
import { ROOT, flagship } from './helpers.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ROOT + 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'kuroshio-report-'));

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
        if (!recorder.apply(decision.command, decision.reason).ok) break;
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
    for (const section of ['Metrics', 'Escalation per theatre', 'Legal-status timeline', 'Decisions and notes', 'White Cell acts', 'Per-order latency', 'Timeline of events', 'Seed reveal']) expect(html).toContain(section);
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
