// The same order, issued at 21:00 in Tokyo (02:00 in Hawaii), travels a different route
// under each arrangement. Every delay in the fixture is fixed, so the arrival hour at the
// ship's command can be summed by hand. Notation: node processing, [link transmission].
import { describe, expect, it } from 'vitest';
import { apply, newGame, type ArrangementId, type GameState, type Message } from '../src/engine/index.ts';
import { latencyFixture } from './helpers.ts';

const scenario = latencyFixture();

function ok(state: GameState, command: Parameters<typeof apply>[1]): GameState {
  const result = apply(state, command);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.state;
}

/** Play turns (both roles submit), ordering us-respond on the listed turns. */
function play(arrangement: ArrangementId, orderTurns: number[], turns: number): GameState {
  let state = newGame(scenario, { seed: 'latency', arrangement, sharing: 'hub' });
  for (let turn = 1; turn <= turns; turn++) {
    if (orderTurns.includes(turn)) state = ok(state, { type: 'order', role: 'us', action: 'us-respond', unit: 'us-ship' });
    state = ok(state, { type: 'submit', role: 'japan' });
    state = ok(state, { type: 'submit', role: 'us' });
  }
  return state;
}

function delivered(state: GameState): Message[] {
  return state.context.delivered.filter((m) => m.order.action === 'us-respond');
}

describe('command latency, worked by hand', () => {
  it('legacy: via the liaison cell to Hawaii, which is asleep until 07:00', () => {
    const [msg] = delivered(play('legacy', [1], 1));
    // TOKYO-A 1 h x1.5 night factor (21:00 JST is inside its 21-06 night shift) = 1.5
    // [0.5] LIAISON 1 = 3.0  [0.5] arrives HAWAII-HQ at 3.5 = 05:30 HST:
    //   waits 1.5 h for the 07:00 duty start, then 2 h = 7.0
    // [0.1] FLEET-HI 1 = 8.1  [0.5] SHIP-HQ 1 = 9.6
    const expected = 1.5 + 0.5 + 1 + 0.5 + 1.5 + 2 + 0.1 + 1 + 0.5 + 1;
    expect(expected).toBeCloseTo(9.6, 10);
    expect(msg.path).toEqual(['TOKYO-A', 'LIAISON', 'HAWAII-HQ', 'FLEET-HI', 'SHIP-HQ']);
    expect(msg.arrivedHour).toBeCloseTo(expected, 10);
    const hawaii = msg.hops[2];
    expect(hawaii).toMatchObject({ node: 'HAWAII-HQ', reason: 'authority', waitHours: 1.5, processingHours: 2 });
    expect(hawaii.arrivedHour).toBeCloseTo(3.5, 10);
    expect(msg.hops[0]).toMatchObject({ node: 'TOKYO-A', reason: 'origin', nightShift: true, processingHours: 1.5 });
    expect(msg.hops.map((h) => h.transmissionHours)).toEqual([0, 0.5, 0.5, 0.1, 0.5]);
  });

  it('upgraded: the joint force HQ in Tokyo settles it', () => {
    const [msg] = delivered(play('upgraded', [1], 1));
    // TOKYO-A 1.5 (night) [0.25] JFHQ 1.5 = 3.25 [0.1] SHIP-HQ 1 = 4.35
    const expected = 1.5 + 0.25 + 1.5 + 0.1 + 1;
    expect(msg.path).toEqual(['TOKYO-A', 'JFHQ', 'SHIP-HQ']);
    expect(msg.arrivedHour).toBeCloseTo(expected, 10);
    expect(msg.hops.every((h) => h.waitHours === 0)).toBe(true);
  });

  it('combined: one chain', () => {
    const [msg] = delivered(play('combined', [1], 1));
    // TOKYO-A 1.5 (night) [0.1] COMBINED 0.5 = 2.1 [0.1] SHIP-HQ 1 = 3.2
    const expected = 1.5 + 0.1 + 0.5 + 0.1 + 1;
    expect(msg.path).toEqual(['TOKYO-A', 'COMBINED', 'SHIP-HQ']);
    expect(msg.arrivedHour).toBeCloseTo(expected, 10);
  });

  it('jtf: legacy until the task force stands up, then like upgraded', () => {
    // The ladder starts at the activation rung, so the JTF is ordered at the first
    // assessment (hour 24) and stands up 12 h later, at hour 36.
    const state = play('jtf', [2, 3], 3);
    expect(state.context.activation).toEqual({ dueHour: 36, activeHour: 36 });
    const [before, after] = delivered(state);
    // Turn 2 starts at hour 24 (21:00 JST again): still the legacy route, 24 + 9.6.
    expect(before.path).toEqual(['TOKYO-A', 'LIAISON', 'HAWAII-HQ', 'FLEET-HI', 'SHIP-HQ']);
    expect(before.arrivedHour).toBeCloseTo(24 + 1.5 + 0.5 + 1 + 0.5 + 1.5 + 2 + 0.1 + 1 + 0.5 + 1, 10);
    // Turn 3 starts at hour 48, after activation: TOKYO-A 1.5 [0.25] JTF 1.5 [0.1] SHIP-HQ 1.
    expect(after.path).toEqual(['TOKYO-A', 'JTF', 'SHIP-HQ']);
    expect(after.arrivedHour).toBeCloseTo(48 + 1.5 + 0.25 + 1.5 + 0.1 + 1, 10);
    expect(after.routedUnder).toBe('JTF active');
  });

  it('crisis posture staffs Hawaii around the clock: no wait, but the night shift is slower', () => {
    // Same legacy order, but with the US on crisis posture the Hawaii HQ works at 05:30;
    // its nightFactor is 1, so only the 1.5 h wait disappears: 9.6 - 1.5 = 8.1.
    let state = newGame(scenario, { seed: 'latency', arrangement: 'legacy', sharing: 'hub' });
    state = { ...state, context: { ...state.context, posture: { ...state.context.posture, us: 'crisis' } } };
    state = ok(state, { type: 'order', role: 'us', action: 'us-respond', unit: 'us-ship' });
    state = ok(state, { type: 'submit', role: 'japan' });
    state = ok(state, { type: 'submit', role: 'us' });
    const [msg] = delivered(state);
    expect(msg.arrivedHour).toBeCloseTo(9.6 - 1.5, 10);
    expect(msg.hops[2].waitHours).toBe(0);
  });
});
