// `kuroshio run`: play one whole game with automatic players and summarise it.
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { hash, view, type GameState } from '../engine/index.ts';
import { playRecorded, playGame } from '../engine/play.ts';
import { readScenario } from './scenarios.ts';
import { parseArrangement, parseSeed, parseSharing } from './options.ts';
import { UsageError } from './errors.ts';
import { parseBots, playersFor } from './players.ts';
import { formatHours, summarise } from './summary.ts';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('play a whole seeded game with automatic players and print a summary')
    .requiredOption('--scenario <id|path>', 'scenario id (in scenarios/) or path to a .yaml file')
    .requiredOption('--seed <seed>', 'random seed (any text)')
    .requiredOption('--arrangement <id>', 'command arrangement: legacy, upgraded, jtf or combined')
    .option('--sharing <mode>', 'information sharing: hub or direct', 'hub')
    .option('--bots <kind>', 'automatic players: cautious, balanced, hawkish or random', 'balanced')
    .option('--out <file>', 'write the game file (JSON) here')
    .option('--json', 'print one JSON object instead of text')
    .action((opts: { scenario: string; seed: string; arrangement: string; sharing: string; bots: string; out?: string; json?: boolean }) => {
      const scenario = readScenario(opts.scenario);
      const options = { seed: parseSeed(opts.seed), arrangement: parseArrangement(opts.arrangement), sharing: parseSharing(opts.sharing) };
      const bots = parseBots(opts.bots);
      const players = playersFor(scenario, options.seed, bots);
      let state: GameState;
      if (opts.out) {
        const played = playRecorded(scenario, { ...options, salt: randomBytes(16).toString('hex') }, players);
        state = played.state;
        try {
          writeFileSync(opts.out, JSON.stringify(played.file, null, 1) + '\n');
        } catch (error) {
          throw new UsageError(`cannot write ${opts.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
      } else {
        state = playGame(scenario, options, players);
      }
      const summary = summarise(state, hash(state));
      if (opts.json) {
        process.stdout.write(JSON.stringify(summary) + '\n');
        return;
      }
      const truth = view(state, 'truth');
      const lines = [
        `${scenario.data.meta.title}`,
        `seed ${options.seed} · arrangement ${options.arrangement} · sharing ${options.sharing} · players: ${bots === 'random' ? 'random-legal' : `${bots} bots`}`,
        `outcome: ${truth.outcome?.name ?? '—'} after ${summary.turns} turns (${summary.turns * scenario.data.clock.hoursPerTurn} h)` +
          (truth.outcome?.winners.length ? ` — winners: ${truth.outcome.winners.join(', ')}` : ''),
        `allied response time: ${formatHours(summary.metrics.alliedResponseHours)}` +
          (summary.metrics.triggerDetectedHour === null ? ' (landing force never detected near the islands)' : ''),
        `legal determinations: ${Object.entries(summary.metrics.legalDeterminations).map(([s, h]) => `${s} at +${h.toFixed(1)} h`).join(', ') || 'none'}`,
        `peak rung: ${truth.ladders.map((l) => `${l.name} ${l.rungs[l.peak].name} (${l.peak})`).join(', ')}`,
        `allied order delay (h): transmission ${summary.metrics.delayHours.transmission.toFixed(1)}, waiting for staff ${summary.metrics.delayHours.staffing.toFixed(1)}, processing ${summary.metrics.delayHours.processing.toFixed(1)}, authority ${summary.metrics.delayHours.authority.toFixed(1)} over ${summary.metrics.ordersDelivered} orders`,
        `final hash ${summary.finalHash}`,
      ];
      if (opts.out) lines.push(`game file written to ${opts.out} (verify with: kuroshio replay ${opts.out} --verify)`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
