// Golden replays: recorded games must replay to the same hashes, and any edit to a
// recorded seed, command or hash must be caught at the right step.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGameFile, verifyGame, type GameFile } from '../src/engine/gamefile.ts';
import { ROOT, loadScenarioFile } from './helpers.ts';

const goldenDir = ROOT + 'tests/golden/';
const files = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort();
const scenarios = new Map<string, ReturnType<typeof loadScenarioFile>>();
const scenarioFor = (id: string) => {
  let s = scenarios.get(id);
  if (!s) {
    s = loadScenarioFile(`scenarios/${id}.yaml`);
    scenarios.set(id, s);
  }
  return s;
};
const read = (name: string): GameFile => {
  const parsed = parseGameFile(JSON.parse(readFileSync(goldenDir + name, 'utf8')));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const copy = (file: GameFile): GameFile => JSON.parse(JSON.stringify(file));

describe('golden game files', () => {
  it('exist for the flagship under every arrangement', () => {
    for (const arrangement of ['legacy', 'upgraded', 'jtf', 'combined']) expect(files).toContain(`senkaku-gray-zone.${arrangement}.json`);
  });

  for (const name of files) {
    it(`${name} replays to every recorded hash`, () => {
      const file = read(name);
      const report = verifyGame(scenarioFor(file.scenario.id), file);
      expect(report.problem).toBeUndefined();
      expect(report.ok).toBe(true);
      expect(report.turnsChecked).toBe(file.turnHashes.length);
    });
  }
});

describe('tampered game files fail at the right step', () => {
  const original = read('senkaku-gray-zone.legacy.json');
  const scenario = scenarioFor(original.scenario.id);

  it('an edited command fails at that command', () => {
    const file = copy(original);
    const index = file.commands.findIndex((e) => e.command.type === 'order');
    const entry = file.commands[index];
    if (entry.command.type === 'order') entry.command.action = 'prc-hotline';
    const report = verifyGame(scenario, file);
    expect(report.ok).toBe(false);
    expect(report.problem?.step).toBe(index + 1);
    expect(report.problem?.message).toMatch(/command hash does not match/);
  });

  it('an edited command with a recomputed chain fails at the end of its turn', () => {
    const file = copy(original);
    // Drop one order and re-chain everything after it, as a careful forger would.
    const index = file.commands.findIndex((e) => e.command.type === 'order' && e.command.role === 'japan');
    file.commands.splice(index, 1);
    // Fix up chain hashes and turn-hash steps.
    let chain = '';
    return import('../src/engine/gamefile.ts').then(({ chainHash, genesisHash }) => {
      chain = genesisHash(scenario.hash, file.seed, file.arrangement, file.sharing);
      for (const e of file.commands) {
        chain = chainHash(chain, e.command);
        e.chain = chain;
      }
      for (const t of file.turnHashes) if (t.step > index) t.step -= 1;
      const report = verifyGame(scenario, file);
      expect(report.ok).toBe(false);
      const endOfTurn = file.turnHashes.find((t) => t.step > index);
      expect(report.problem?.step).toBe(endOfTurn?.step);
      expect(report.problem?.message).toMatch(/state hash after turn \d+ differs/);
    });
  });

  it('an edited seed fails at step 1', () => {
    const file = copy(original);
    file.seed = 'another-seed';
    const report = verifyGame(scenario, file);
    expect(report.problem?.step).toBe(1);
  });

  it('an edited turn hash fails at the step that ended that turn', () => {
    const file = copy(original);
    const t = file.turnHashes[3];
    t.hash = t.hash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const report = verifyGame(scenario, file);
    expect(report.problem?.step).toBe(t.step);
    expect(report.problem?.message).toMatch(`turn ${t.turn}`);
  });

  it('an edited final hash is caught', () => {
    const file = copy(original);
    file.finalHash = '0'.repeat(64);
    const report = verifyGame(scenario, file);
    expect(report.ok).toBe(false);
    expect(report.problem?.message).toMatch(/final state hash differs/);
  });
});

describe('verifiable dice (seed commitment)', () => {
  it('accepts the true seed and salt and rejects another seed', async () => {
    const { commitSeed } = await import('../src/engine/gamefile.ts');
    const file = read('senkaku-gray-zone.combined.json');
    expect(commitSeed(file.seed, file.commitment.salt)).toBe(file.commitment.hash);
    expect(commitSeed('another-seed', file.commitment.salt)).not.toBe(file.commitment.hash);
    expect(commitSeed(file.seed, 'another-salt')).not.toBe(file.commitment.hash);
  });

  it('a seed swapped after the commitment was published fails verification at step 1', () => {
    const file = copy(read('senkaku-gray-zone.combined.json'));
    file.seed = 'golden-2';
    const report = verifyGame(scenarioFor(file.scenario.id), file);
    expect(report.problem?.step).toBe(1);
    expect(report.problem?.message).toMatch(/commitment/);
  });
});
