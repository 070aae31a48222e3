// Monte Carlo benchmark (part of `npm run bench`): compare throughput with 1 and 2 workers,
// and bots vs the random-legal player on each role's objectives in every scenario over 200
// seeds. JSON out.
// The 10,000-seed × 4-arrangement run is `kuroshio compare --seeds 10000` (see README).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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

// Objective rates: for every scenario and role, the balanced bot vs the random-legal player in
// that role (every other role a balanced bot), over the same seeds and arrangements.
const N = quick ? 60 : 200;
const rates: Record<string, Record<string, { bot: number; random: number; botAllMet: number; randomAllMet: number }>> = {};
const scenarioIds = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
for (const id of scenarioIds) {
  const file = `scenarios/${id}.yaml`;
  const loaded = loadScenario(readFileSync(join(root, file), 'utf8'), file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const scenario = loaded.value;
  rates[id] = {};
  for (const role of scenario.roleIds) {
    const objectives = scenario.data.objectives.filter((o) => o.role === role);
    if (objectives.length === 0) continue;
    const rate = (make: (r: string, seed: string) => Player) => {
      let met = 0;
      let all = 0;
      for (let i = 0; i < N; i++) {
        const seed = `objectives-${i}`;
        const state = playGame(scenario, { seed, arrangement: ARRANGEMENT_IDS[i % 4], sharing: 'hub' }, new Map(scenario.roleIds.map((r) => [r, make(r, seed)])));
        const here = objectives.filter((o) => state.context.objectives[o.id]).length;
        met += here;
        if (here === objectives.length) all += 1;
      }
      return { share: Math.round((met / (N * objectives.length)) * 1000) / 1000, all: Math.round((all / N) * 1000) / 1000 };
    };
    const bot = rate((r, seed) => createBot(scenario, r, 'balanced', seed));
    const random = rate((r, seed) => (r === role ? randomPlayer(r, seed) : createBot(scenario, r, 'balanced', seed)));
    rates[id][role] = { bot: bot.share, random: random.share, botAllMet: bot.all, randomAllMet: random.all };
  }
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
      objectiveRates: { seeds: N, note: 'per scenario and role: share of the role objectives met (bot, random) and share of games with all of them met (botAllMet, randomAllMet); bot = balanced bot, random = random-legal player in that role; every other role a balanced bot', ...rates },
    },
    null,
    2,
  ) + '\n',
);
