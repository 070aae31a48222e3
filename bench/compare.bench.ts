// Monte Carlo benchmark (part of `npm run bench`): compare throughput with 1 and 2 workers,
// and bots vs the random-legal player on each side's objectives over 200 seeds. JSON out.
// The 10,000-seed × 4-arrangement run is `kuroshio compare --seeds 10000` (see README).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/engine/scenario/load.ts';
import { playGame } from '../src/engine/play.ts';
import { randomPlayer } from '../src/engine/bots/random.ts';
import { createBot } from '../src/engine/bots/bot.ts';
import type { Player } from '../src/engine/bots/types.ts';
import { ARRANGEMENT_IDS } from '../src/engine/ids.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const seeds = quick ? 150 : 500;

function timeCompare(workers: number): { games: number; seconds: number } {
  const out = mkdtempSync(join(tmpdir(), 'kuroshio-bench-'));
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'compare', '--scenario', 'senkaku-gray-zone', '--seeds', String(seeds), '--workers', String(workers), '--out', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  const games = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n').length - 1;
  return { games, seconds: (performance.now() - started) / 1000 };
}

const one = timeCompare(1);
const two = timeCompare(2);

const loaded = loadScenario(readFileSync(join(root, 'scenarios/senkaku-gray-zone.yaml'), 'utf8'), 'scenarios/senkaku-gray-zone.yaml');
if (!loaded.ok) throw new Error('flagship does not load');
const scenario = loaded.value;
const N = quick ? 60 : 200;
const rates: Record<string, { bot: number; random: number; botVsRandomOpponents: number; randomVsRandomOpponents: number }> = {};
for (const role of scenario.roleIds) {
  const objectives = scenario.data.objectives.filter((o) => o.role === role);
  const rate = (make: (r: string, seed: string) => Player) => {
    let met = 0;
    for (let i = 0; i < N; i++) {
      const seed = `objectives-${i}`;
      const state = playGame(scenario, { seed, arrangement: ARRANGEMENT_IDS[i % 4], sharing: 'hub' }, new Map(scenario.roleIds.map((r) => [r, make(r, seed)])));
      met += objectives.filter((o) => state.context.objectives[o.id]).length;
    }
    return Math.round((met / (N * objectives.length)) * 1000) / 1000;
  };
  rates[role] = {
    bot: rate((r, seed) => createBot(scenario, r, 'balanced', seed)),
    random: rate((r, seed) => (r === role ? randomPlayer(r, seed) : createBot(scenario, r, 'balanced', seed))),
    botVsRandomOpponents: rate((r, seed) => (r === role ? createBot(scenario, r, 'balanced', seed) : randomPlayer(r, seed))),
    randomVsRandomOpponents: rate((r, seed) => randomPlayer(r, seed)),
  };
}

const perSecond = (x: { games: number; seconds: number }) => Math.round((x.games / x.seconds) * 10) / 10;
process.stdout.write(
  JSON.stringify(
    {
      compare: {
        scenario: 'senkaku-gray-zone',
        bots: 'balanced',
        oneWorker: { ...one, gamesPerSecond: perSecond(one) },
        twoWorkers: { ...two, gamesPerSecond: perSecond(two) },
        speedup: Math.round((one.seconds / two.seconds) * 100) / 100,
        estimatedSecondsFor40000Games: Math.round(40000 / perSecond(two)),
        targets: { seconds40000: 90, speedup: 1.7 },
        note: 'wall time includes process and worker start-up',
      },
      objectiveRates: { seeds: N, note: 'share of the role objectives met; bot = balanced bot with balanced-bot opponents; random = random-legal player with balanced-bot opponents', ...rates },
    },
    null,
    2,
  ) + '\n',
);
