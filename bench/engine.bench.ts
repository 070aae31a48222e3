// Engine benchmark (`npm run bench`): prints one JSON object. Single thread, flagship
// scenario, seeded random-legal players. Targets (issue 3): >= 200 games/s in batch mode,
// replay --verify of a 20-turn game <= 20 ms, median apply() <= 20 us, 20-turn game file <= 200 KB.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/engine/scenario/load.ts';
import { compileScenario, type Scenario } from '../src/engine/scenario/compile.ts';
import { apply, hash, legalCommands, newGame, type GameState } from '../src/engine/index.ts';
import { playGame, playRecorded } from '../src/engine/play.ts';
import { randomPlayer } from '../src/engine/bots/random.ts';
import { verifyGame } from '../src/engine/gamefile.ts';
import { ARRANGEMENT_IDS } from '../src/engine/scenario/schema.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = 'scenarios/senkaku-gray-zone.yaml';
const loaded = loadScenario(readFileSync(root + file, 'utf8'), file);
if (!loaded.ok) throw new Error('flagship scenario does not load');
const scenario = loaded.value;
const quick = process.argv.includes('--quick');

const players = (s: Scenario, seed: string) => new Map(s.roleIds.map((role) => [role, randomPlayer(role, seed)]));
const arrangement = (i: number) => ARRANGEMENT_IDS[i % ARRANGEMENT_IDS.length];
const now = () => performance.now();

function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write('\n');
}

// Warm up the JIT and the route caches.
for (let i = 0; i < 30; i++) playGame(scenario, { seed: `warm-${i}`, arrangement: arrangement(i), sharing: 'hub' }, players(scenario, `warm-${i}`));

// 1. Batch mode: whole games, only the final state hashed.
const batchGames = quick ? 200 : 1000;
let t = now();
for (let i = 0; i < batchGames; i++) {
  const state = playGame(scenario, { seed: `batch-${i}`, arrangement: arrangement(i), sharing: i % 2 ? 'hub' : 'direct' }, players(scenario, `batch-${i}`));
  hash(state);
  if (i % 50 === 49) progress('batch games', i + 1, batchGames);
}
const batchSeconds = (now() - t) / 1000;

// 2. Recording mode: game files with a chained hash per command and a state hash per turn.
const recordGames = quick ? 100 : 300;
t = now();
for (let i = 0; i < recordGames; i++) {
  playRecorded(scenario, { seed: `rec-${i}`, arrangement: arrangement(i), sharing: 'hub' }, players(scenario, `rec-${i}`));
  if (i % 25 === 24) progress('recorded games', i + 1, recordGames);
}
const recordSeconds = (now() - t) / 1000;

// 2b. For reference: a full state hash after every command.
const everyGames = quick ? 20 : 60;
t = now();
for (let i = 0; i < everyGames; i++) {
  let state = newGame(scenario, { seed: `every-${i}`, arrangement: arrangement(i), sharing: 'hub' });
  const ps = players(scenario, `every-${i}`);
  while (!state.context.outcome) {
    for (const role of scenario.roleIds) {
      const player = ps.get(role);
      while (player && !state.context.submitted[role] && !state.context.outcome) {
        const decision = player.next({ turn: state.context.turn, legal: legalCommands(state, role), view: undefined as never });
        state = (apply(state, decision.command) as { state: GameState }).state;
        hash(state);
      }
    }
  }
}
const everySeconds = (now() - t) / 1000;

// 3. Median apply() cost over the commands of many games (decision time excluded).
const samples: number[] = [];
for (let i = 0; i < (quick ? 50 : 200); i++) {
  let state = newGame(scenario, { seed: `apply-${i}`, arrangement: arrangement(i), sharing: 'hub' });
  const ps = players(scenario, `apply-${i}`);
  while (!state.context.outcome) {
    for (const role of scenario.roleIds) {
      const player = ps.get(role);
      while (player && !state.context.submitted[role] && !state.context.outcome) {
        const decision = player.next({ turn: state.context.turn, legal: legalCommands(state, role), view: undefined as never });
        const start = process.hrtime.bigint();
        const result = apply(state, decision.command);
        samples.push(Number(process.hrtime.bigint() - start) / 1000);
        if (result.ok) state = result.state;
      }
    }
  }
}
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];

// 4. A 20-turn game: file size and replay --verify time (engine time, process start excluded).
const long = compileScenario({ ...scenario.data, clock: { ...scenario.data.clock, maxTurns: 20 } });
const longGame = playRecorded(long, { seed: 'long-20', arrangement: 'legacy', sharing: 'hub' }, players(long, 'long-20'));
const fileBytes = Buffer.byteLength(JSON.stringify(longGame.file, null, 1));
const verifyTimes: number[] = [];
for (let i = 0; i < 20; i++) {
  t = now();
  const report = verifyGame(long, longGame.file);
  verifyTimes.push(now() - t);
  if (!report.ok) throw new Error('verify failed: ' + report.problem?.message);
}
verifyTimes.sort((a, b) => a - b);

const result = {
  scenario: scenario.data.meta.id,
  node: process.version,
  batch: { games: batchGames, gamesPerSecond: round(batchGames / batchSeconds), target: 200 },
  recording: { games: recordGames, gamesPerSecond: round(recordGames / recordSeconds), note: 'chained hash per command + full state hash per turn' },
  hashEveryCommand: { games: everyGames, gamesPerSecond: round(everyGames / everySeconds) },
  applyMicros: { commands: samples.length, median: round(pct(0.5)), p90: round(pct(0.9)), p99: round(pct(0.99)), target: 20 },
  replayVerify20Turns: { commands: longGame.file.commands.length, turns: longGame.file.turnHashes.length, medianMs: round(verifyTimes[10]), target: 20 },
  gameFile20Turns: { bytes: fileBytes, kilobytes: round(fileBytes / 1024), target: 200 },
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
