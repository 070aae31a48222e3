// White Cell acts are commands: validated, logged for every team, recorded and replayed.
import { describe, expect, it } from 'vitest';
import { apply, hash, newGame, PUBLIC, view, WHITE_CELL, type Command, type GameState } from '../src/engine/index.ts';
import { branchGame, chainAt, GameRecorder, parseGameFile, verifyGame } from '../src/engine/gamefile.ts';
import { flagship, latencyFixture } from './helpers.ts';

const scenario = flagship();

function ok(state: GameState, command: Command): GameState {
  const result = apply(state, command);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.state;
}
const code = (state: GameState, command: unknown) => {
  const r = apply(state, command as Command);
  return r.ok ? 'OK' : r.error.code;
};
const start = () => newGame(scenario, { seed: 'white', arrangement: 'legacy', sharing: 'hub' });

describe('White Cell', () => {
  it('injects a library event; every team is told', () => {
    const state = ok(start(), { type: 'inject', role: WHITE_CELL, event: 'typhoon' });
    expect(state.context.pressure.senkaku).toBeLessThan(0);
    for (const role of scenario.roleIds) expect(view(state, role).log.some((e) => e.kind === 'whitecell' && /typhoon/i.test(e.text))).toBe(true);
  });

  it('overrides a rung and the legal status, with a reason every team sees', () => {
    let state = ok(start(), { type: 'override', role: WHITE_CELL, reason: 'Facilitator ruling: the incident at sea was a collision', rung: { theatre: 'senkaku', rung: 'quarantine' } });
    expect((state.value as { ladders: Record<string, string> }).ladders.senkaku).toBe('quarantine');
    expect(state.context.rungs.senkaku).toBe(3);
    state = ok(state, { type: 'override', role: WHITE_CELL, reason: 'Cabinet met early', legal: 'mso' });
    expect((state.value as { legal: string }).legal).toBe('mso');
    expect(view(state, 'prc').log.filter((e) => e.kind === 'whitecell').map((e) => e.text)).toEqual([
      'White Cell override: Facilitator ruling: the incident at sea was a collision',
      'White Cell override: Cabinet met early',
    ]);
  });

  it('refuses overrides without a reason, impossible legal steps, and teams acting as White Cell', () => {
    const state = start();
    expect(code(state, { type: 'override', role: WHITE_CELL, rung: { theatre: 'senkaku', rung: 'steady' } })).toBe('REASON_REQUIRED');
    expect(code(state, { type: 'override', role: WHITE_CELL, reason: 'x-ruling', legal: 'survival-threatening' })).toBe('BAD_OVERRIDE');
    expect(code(state, { type: 'inject', role: 'japan', event: 'typhoon' })).toBe('NOT_WHITE_CELL');
    expect(code(state, { type: 'inject', role: WHITE_CELL, event: 'nope' })).toBe('UNKNOWN_EVENT');
    expect(code(state, { type: 'adjust', role: WHITE_CELL, reason: 'faster HQ', node: 'NOWHERE', processingHours: { fixed: 1 } })).toBe('UNKNOWN_NODE');
  });

  it('pauses: teams are refused until the White Cell resumes', () => {
    let state = ok(start(), { type: 'pause', role: WHITE_CELL });
    expect(code(state, { type: 'submit', role: 'japan' })).toBe('PAUSED');
    expect(view(state, 'japan').paused).toBe(true);
    state = ok(state, { type: 'resume', role: WHITE_CELL });
    expect(code(state, { type: 'submit', role: 'japan' })).toBe('OK');
  });

  it('adjusts a node processing time from the next turn (hand-worked on the latency fixture)', () => {
    const fixture = latencyFixture();
    let state = newGame(fixture, { seed: 'adjust', arrangement: 'legacy', sharing: 'hub' });
    // Hawaii HQ normally takes 2 h; from turn 2 on it takes 5 h.
    state = ok(state, { type: 'adjust', role: WHITE_CELL, reason: 'What if INDOPACOM were slower?', node: 'HAWAII-HQ', processingHours: { fixed: 5, source: 'White Cell' } as never });
    for (let turn = 1; turn <= 2; turn++) {
      state = ok(state, { type: 'order', role: 'us', action: 'us-respond', unit: 'us-ship' });
      state = ok(state, { type: 'submit', role: 'japan' });
      state = ok(state, { type: 'submit', role: 'us' });
    }
    const [first, second] = state.context.delivered;
    expect(first.arrivedHour).toBeCloseTo(9.6, 10); // unchanged this turn
    expect(second.arrivedHour).toBeCloseTo(24 + 9.6 + 3, 10); // 3 h more at Hawaii
  });

  it('replays to the same hashes from a game file, and an edited override fails at its step', () => {
    const recorder = new GameRecorder(scenario, { seed: 'white-replay', arrangement: 'upgraded', sharing: 'direct' });
    const commands: Command[] = [
      { type: 'inject', role: WHITE_CELL, event: 'collision-video' },
      { type: 'submit', role: 'japan' },
      { type: 'submit', role: 'prc' },
      { type: 'submit', role: 'us' },
      { type: 'override', role: WHITE_CELL, reason: 'Ruling: the boats were detained', effects: [{ type: 'addFlag', flag: 'boats-detained', delta: 1 }] },
      { type: 'submit', role: 'japan' },
      { type: 'submit', role: 'prc' },
      { type: 'submit', role: 'us' },
    ];
    for (const c of commands) expect(recorder.apply(c).ok).toBe(true);
    const file = recorder.finish();
    const report = verifyGame(scenario, JSON.parse(JSON.stringify(file)));
    expect(report.ok).toBe(true);
    expect(hash(report.state)).toBe(file.finalHash);

    const edited = JSON.parse(JSON.stringify(file));
    edited.commands[4].command.reason = 'Ruling: nothing happened';
    const bad = verifyGame(scenario, edited);
    expect(bad.ok).toBe(false);
    expect(bad.problem?.step).toBe(5);
  });
});

describe('Rewind and branch', () => {
  const recorder = new GameRecorder(scenario, { seed: 'branch', arrangement: 'legacy', sharing: 'hub', salt: 'branch-salt' });
  const turn = (): Command[] => scenario.roleIds.map((role) => ({ type: 'submit', role }) as Command);
  for (const c of [...turn(), { type: 'inject', role: WHITE_CELL, event: 'typhoon' } as Command, ...turn(), ...turn()]) expect(recorder.apply(c).ok).toBe(true);
  const parent = JSON.parse(JSON.stringify(recorder.finish()));

  it('a branch keeps the first steps, names its parent and verifies; its commands are a prefix of the parent', () => {
    const step = scenario.roleIds.length + 1; // after turn 1 and the inject
    const { file, state } = branchGame(scenario, parent, step);
    expect(file.parent).toEqual({ commitment: parent.commitment.hash, chain: parent.commands[step - 1].chain, finalHash: parent.finalHash, step });
    expect(file.commands).toEqual(parent.commands.slice(0, step));
    expect(file.turnHashes).toEqual(parent.turnHashes.filter((t: { step: number }) => t.step <= step));
    expect(chainAt(file, step)).toBe(chainAt(parent, step));
    const copy = JSON.parse(JSON.stringify(file));
    expect(parseGameFile(copy).ok).toBe(true);
    const report = verifyGame(scenario, copy);
    expect(report.ok).toBe(true);
    expect(hash(report.state)).toBe(hash(state));

    // The branch goes on differently and still verifies (the parent reference is checked at its step).
    const live = new GameRecorder(scenario, { seed: file.seed, arrangement: file.arrangement, sharing: file.sharing, salt: file.commitment.salt, parent: file.parent });
    for (const entry of file.commands) live.apply(entry.command, entry.reason);
    expect(live.apply({ type: 'override', role: WHITE_CELL, reason: 'Branch: the typhoon turned north', effects: [{ type: 'pressure', theatre: 'senkaku', delta: 1 }] }).ok).toBe(true);
    for (const c of turn()) expect(live.apply(c).ok).toBe(true);
    expect(verifyGame(scenario, JSON.parse(JSON.stringify(live.finish()))).ok).toBe(true);
  });

  it('branches at step 0 (the start) and at the last step', () => {
    expect(verifyGame(scenario, JSON.parse(JSON.stringify(branchGame(scenario, parent, 0).file))).ok).toBe(true);
    expect(verifyGame(scenario, JSON.parse(JSON.stringify(branchGame(scenario, parent, parent.commands.length).file))).ok).toBe(true);
    expect(() => branchGame(scenario, parent, parent.commands.length + 1)).toThrow(/steps 0 to/);
  });

  it('an edited parent reference fails verification', () => {
    const { file } = branchGame(scenario, parent, 4);
    const moved = { ...JSON.parse(JSON.stringify(file)), parent: { ...file.parent, step: 3 } };
    expect(verifyGame(scenario, moved).problem).toEqual({ step: 3, message: "the first 3 commands are not the parent game's (its chain hash at the branch step differs)" });
    const other = { ...JSON.parse(JSON.stringify(file)), parent: { ...file.parent, commitment: 'ab'.repeat(32) } };
    expect(verifyGame(scenario, other).problem?.step).toBe(0);
    expect(parseGameFile({ ...file, parent: { step: 'two' } })).toEqual({ ok: false, error: '"parent" must be { commitment, chain, finalHash: "<sha256>", step: <integer >= 0> }' });
  });
});

describe('the public viewpoint (projector)', () => {
  it('shows ladders, legal status and announcements to all, never units, orders, messages or role-only events', () => {
    let state = ok(start(), { type: 'inject', role: WHITE_CELL, event: 'cyber-jcg' });
    state = ok(state, { type: 'override', role: WHITE_CELL, reason: 'Ruling for the projector test', rung: { theatre: 'senkaku', rung: scenario.data.theatres[0].ladder.rungs[3].id } });
    for (const role of scenario.roleIds) state = ok(state, { type: 'submit', role });
    const pub = view(state, PUBLIC);
    const truth = view(state, 'truth');
    expect(pub.units).toEqual([]);
    expect(pub.orders).toEqual([]);
    expect(pub.messages).toEqual([]);
    expect(pub.ladders).toEqual(truth.ladders);
    expect(pub.legal).toEqual(truth.legal);
    expect(pub.log.filter((e) => e.kind === 'whitecell').map((e) => e.text)).toEqual(truth.log.filter((e) => e.kind === 'whitecell').map((e) => e.text));
    expect(pub.log.every((e) => e.roles === undefined)).toBe(true);
    // The cyber inject's notice goes to Japan only: not on the projector.
    expect(view(state, 'japan').log.some((e) => e.text === 'JCG reports degraded communications.')).toBe(true);
    expect(pub.log.some((e) => e.text === 'JCG reports degraded communications.')).toBe(false);
    expect(() => view(state, 'nobody')).toThrow(/expected truth, public or one of/);
  });
});
