// Invariants under random play (fast-check drives the seeds and the random commands).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apply, hash, legalCommands, loadState, newGame, saveState, type Command, type GameState } from '../src/engine/index.ts';
import { ARRANGEMENT_IDS } from '../src/engine/scenario/schema.ts';
import { randomPlayer } from '../src/engine/bots/random.ts';
import { flagship } from './helpers.ts';

const scenario = flagship();
const maxTurns = scenario.data.clock.maxTurns;

function checkInvariants(before: GameState, after: GameState): void {
  const ctx = after.context;
  expect(ctx.hour).toBeGreaterThanOrEqual(before.context.hour);
  expect(ctx.turn).toBeGreaterThanOrEqual(before.context.turn);
  expect(ctx.turn).toBeLessThanOrEqual(maxTurns);
  for (const unit of Object.values(ctx.units)) {
    expect(unit.strength).toBeGreaterThanOrEqual(0);
    expect(scenario.zones.has(unit.zone)).toBe(true);
    if (unit.movingTo !== undefined) expect(unit.arriveHour).toBeGreaterThanOrEqual(ctx.hour);
  }
  for (const theatre of scenario.data.theatres) {
    const rung = ctx.rungs[theatre.id];
    expect(rung).toBeGreaterThanOrEqual(0);
    expect(rung).toBeLessThan(theatre.ladder.rungs.length);
    // The ladder region and its published rung agree.
    expect((after.value as { ladders: Record<string, string> }).ladders[theatre.id]).toBe(theatre.ladder.rungs[rung].id);
  }
  expect((after.value as { legal: string }).legal).toBe(ctx.legal);
  for (const msg of ctx.messages) {
    expect(msg.hops.length).toBeLessThanOrEqual(msg.path.length);
    for (const hop of msg.hops) expect(hop.waitHours).toBeGreaterThanOrEqual(0);
  }
}

/** Plays a whole game with random-legal players, checking invariants after every command. */
function playChecked(seed: string, arrangement: (typeof ARRANGEMENT_IDS)[number]): { state: GameState; commands: Command[] } {
  let state = newGame(scenario, { seed, arrangement, sharing: seed.length % 2 ? 'hub' : 'direct' });
  const players = scenario.roleIds.map((role) => randomPlayer(role, seed));
  const commands: Command[] = [];
  let guard = 0;
  while (!state.context.outcome) {
    for (const player of players) {
      while (!state.context.submitted[player.role] && !state.context.outcome) {
        const decision = player.next({ turn: state.context.turn, legal: legalCommands(state, player.role), view: undefined as never });
        const result = apply(state, decision.command);
        expect(result.ok).toBe(true);
        if (!result.ok) throw new Error(result.error.code);
        checkInvariants(state, result.state);
        commands.push(decision.command);
        state = result.state;
        if (++guard > 10_000) throw new Error('game did not end');
      }
    }
  }
  return { state, commands };
}

describe('random legal play', () => {
  it('keeps the invariants and always ends within max turns', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom(...ARRANGEMENT_IDS), (seed, arrangement) => {
        const { state } = playChecked(seed, arrangement);
        expect(state.context.outcome).not.toBeNull();
        expect(state.context.turn).toBeLessThanOrEqual(maxTurns);
        expect((state.value as { turn: string }).turn).toBe('ended');
      }),
      { numRuns: 25 },
    );
  });

  it('is deterministic: the same seed and commands give the same hash', () => {
    const a = playChecked('determinism', 'jtf');
    let state = newGame(scenario, { seed: 'determinism', arrangement: 'jtf', sharing: 'hub' });
    for (const command of a.commands) {
      const result = apply(state, command);
      if (!result.ok) throw new Error(result.error.code);
      state = result.state;
    }
    expect(hash(state)).toBe(hash(a.state));
  });
});

describe('rejected commands', () => {
  const ids = {
    roles: [...scenario.roleIds, 'nobody'],
    actions: [...scenario.actions.keys(), 'no-such-action'],
    units: [...Object.keys(newGame(scenario, { seed: 'x', arrangement: 'legacy', sharing: 'hub' }).context.units), 'no-unit', undefined],
    zones: [...scenario.zones.keys(), 'atlantis', undefined],
  };
  const command = fc.oneof(
    fc.record({
      type: fc.constant('order' as const),
      role: fc.constantFrom(...ids.roles),
      action: fc.constantFrom(...ids.actions),
      unit: fc.constantFrom(...ids.units),
      zone: fc.constantFrom(...ids.zones),
    }),
    fc.record({ type: fc.constant('cancel' as const), role: fc.constantFrom(...ids.roles), order: fc.constantFrom('o1', 'o2', 'o99') }),
    fc.record({ type: fc.constant('submit' as const), role: fc.constantFrom(...ids.roles) }),
  );

  it('are refused with a stable code and leave the state and its hash unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.array(command, { minLength: 1, maxLength: 30 }), (warmup, commands) => {
        // Reach some mid-game state first, then throw arbitrary commands at it.
        let state = newGame(scenario, { seed: `reject-${warmup}`, arrangement: 'legacy', sharing: 'hub' });
        const players = scenario.roleIds.map((role) => randomPlayer(role, `reject-${warmup}`));
        for (let i = 0; i < warmup && !state.context.outcome; i++) {
          const player = players[i % players.length];
          const decision = player.next({ turn: state.context.turn, legal: legalCommands(state, player.role), view: undefined as never });
          const r = apply(state, decision.command);
          if (r.ok) state = r.state;
        }
        for (const raw of commands) {
          const cmd = JSON.parse(JSON.stringify(raw)) as Command;
          const before = hash(state);
          const result = apply(state, cmd);
          if (result.ok) {
            state = result.state;
            continue;
          }
          expect(result.error.code).toMatch(/^[A-Z_]+$/);
          expect(result.state).toBe(state);
          expect(hash(result.state)).toBe(before);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('names the rule that was broken', () => {
    const state = newGame(scenario, { seed: 'codes', arrangement: 'legacy', sharing: 'hub' });
    const code = (cmd: unknown) => {
      const r = apply(state, cmd as Command);
      return r.ok ? 'OK' : r.error.code;
    };
    expect(code({ type: 'order', role: 'japan', action: 'msdf-escort', unit: 'jmsdf-dd', zone: 'senkaku-cz' })).toBe('LEGAL_GATE_CLOSED');
    expect(code({ type: 'order', role: 'japan', action: 'jcg-shadow', unit: 'jcg-naha', zone: 'senkaku-ts' })).toBe('OUT_OF_RANGE');
    expect(code({ type: 'order', role: 'japan', action: 'jcg-shadow', unit: 'jcg-naha', zone: 'uotsuri' })).toBe('BAD_TARGET_KIND');
    expect(code({ type: 'order', role: 'prc', action: 'prc-taiwan-drill' })).toBe('RUNG_GATE_CLOSED');
    expect(code({ type: 'order', role: 'prc', action: 'prc-land', unit: 'landing-1', zone: 'uotsuri' })).toBe('RUNG_GATE_CLOSED');
    expect(code({ type: 'order', role: 'prc', action: 'prc-stage-landing', unit: 'landing-1', zone: 'senkaku-ts' })).toBe('OUT_OF_RANGE');
    expect(code({ type: 'order', role: 'us', action: 'jcg-shadow', unit: 'jcg-naha', zone: 'senkaku-cz' })).toBe('NOT_YOUR_ACTION');
    expect(code({ type: 'order', role: 'japan', action: 'jcg-shadow', unit: 'us-ddg', zone: 'senkaku-cz' })).toBe('NOT_YOUR_UNIT');
    expect(code({ type: 'order', role: 'japan', action: 'jcg-block', unit: 'jcg-ishigaki', zone: 'ishigaki' })).toBe('BAD_TARGET_KIND');
    expect(code({ type: 'order', role: 'martians', action: 'jcg-shadow' })).toBe('UNKNOWN_ROLE');
    expect(code({ type: 'launch', role: 'us' })).toBe('BAD_COMMAND');
    expect(code(null)).toBe('BAD_COMMAND');
    const submitted = apply(state, { type: 'submit', role: 'us' });
    expect(submitted.ok && apply(submitted.state, { type: 'submit', role: 'us' }).ok).toBe(false);
  });
});

describe('save and load', () => {
  it('save -> load -> continue gives the same hashes as never saving', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.constantFrom(...ARRANGEMENT_IDS), (cut, arrangement) => {
        const { state: uninterrupted, commands } = playChecked(`save-${cut}`, arrangement);
        let state = newGame(scenario, { seed: `save-${cut}`, arrangement, sharing: `save-${cut}`.length % 2 ? 'hub' : 'direct' });
        const at = Math.min(cut, commands.length);
        for (const c of commands.slice(0, at)) state = (apply(state, c) as { state: GameState }).state;
        const saved = JSON.parse(JSON.stringify(saveState(state)));
        let restored = loadState(scenario, saved);
        expect(hash(restored)).toBe(hash(state));
        for (const c of commands.slice(at)) {
          const r = apply(restored, c);
          expect(r.ok).toBe(true);
          restored = (r as { state: GameState }).state;
        }
        expect(hash(restored)).toBe(hash(uninterrupted));
      }),
      { numRuns: 15 },
    );
  });
});
