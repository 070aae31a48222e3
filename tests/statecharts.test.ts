// The statechart is the spec of the ladders and of Japan's legal status: walk it with
// xstate/graph to prove every rung and legal status is reachable, and that every rung
// below the terminal one has a way back down to the bottom.
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import { newGame } from '../src/engine/index.ts';
import { machineFor, type MachineEvent } from '../src/engine/machine.ts';
import { flagship } from './helpers.ts';

const scenario = flagship();
const machine = machineFor(scenario);
const start = newGame(scenario, { seed: 'graph', arrangement: 'legacy', sharing: 'hub' });

const ladderEvents: MachineEvent[] = scenario.data.theatres.flatMap((t) => [
  { type: 'LADDER', theatre: t.id, direction: 'up' } as const,
  { type: 'LADDER', theatre: t.id, direction: 'down' } as const,
]);
const legalEvents: MachineEvent[] = scenario.data.legal.statuses.map((s) => ({ type: 'LEGAL', status: s.id }) as const);
// Only the statechart's shape matters here, not the context the entry actions write.
const serializeState = (s: { value: unknown }) => JSON.stringify(s.value);

type Value = { ladders: Record<string, string>; legal: string };

describe('escalation ladders', () => {
  for (const theatre of scenario.data.theatres) {
    const rungs = theatre.ladder.rungs.map((r) => r.id);
    it(`${theatre.id}: every rung is reachable from the initial rung`, () => {
      const fromState = machine.resolveState({ value: start.value, context: start.context });
      const paths = getShortestPaths(machine, { events: ladderEvents.filter((e) => e.type === 'LADDER' && e.theatre === theatre.id), fromState, serializeState });
      const reached = new Set(paths.map((p) => (p.state.value as unknown as Value).ladders[theatre.id]));
      expect([...reached].sort()).toEqual([...rungs].sort());
    });

    it(`${theatre.id}: every non-terminal rung has a path back down to "${rungs[0]}"`, () => {
      const events = ladderEvents.filter((e) => e.type === 'LADDER' && e.theatre === theatre.id);
      for (const rung of rungs.slice(0, -1)) {
        const value = { ...(start.value as object), ladders: { ...(start.value as unknown as Value).ladders, [theatre.id]: rung } };
        const fromState = machine.resolveState({ value, context: start.context });
        const paths = getShortestPaths(machine, { events, fromState, serializeState });
        const bottom = paths.find((p) => (p.state.value as unknown as Value).ladders[theatre.id] === rungs[0]);
        expect(bottom, `no way down from ${rung}`).toBeDefined();
      }
    });

    it(`${theatre.id}: the top rung "${rungs[rungs.length - 1]}" is terminal`, () => {
      const value = { ...(start.value as object), ladders: { ...(start.value as unknown as Value).ladders, [theatre.id]: rungs[rungs.length - 1] } };
      const fromState = machine.resolveState({ value, context: start.context });
      const paths = getShortestPaths(machine, { events: ladderEvents, fromState, serializeState });
      const rungsReached = new Set(paths.map((p) => (p.state.value as unknown as Value).ladders[theatre.id]));
      expect([...rungsReached]).toEqual([rungs[rungs.length - 1]]);
    });
  }
});

describe("Japan's legal status", () => {
  it('every legal status is reachable from peacetime policing through allowed determinations', () => {
    const fromState = machine.resolveState({ value: start.value, context: start.context });
    const paths = getShortestPaths(machine, { events: legalEvents, fromState, serializeState });
    const reached = new Set(paths.map((p) => (p.state.value as unknown as Value).legal));
    expect([...reached].sort()).toEqual(scenario.data.legal.statuses.map((s) => s.id).sort());
  });

  it('a determination the steps do not allow is refused (policing cannot jump to survival-threatening)', () => {
    const fromState = machine.resolveState({ value: start.value, context: start.context });
    const [next] = getShortestPaths(machine, { events: [{ type: 'LEGAL', status: 'survival-threatening' }], fromState, serializeState });
    expect((next.state.value as unknown as Value).legal).toBe('policing');
  });
});
