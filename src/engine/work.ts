// A mutable working copy of the context for one resolution step. The statechart's
// actions clone the context once, let the rules mutate the clone, and hand it back,
// so earlier states (kept by replays, branches and undo) are never touched.
import type { Scenario } from './scenario/compile.ts';
import { Stream } from './rng.ts';
import type { GameContext, GameEvent } from './types.ts';

export interface Work {
  readonly scenario: Scenario;
  readonly ctx: GameContext;
  readonly stream: Stream;
  log(event: Omit<GameEvent, 'turn'>): void;
}

/** Copies every part of the context that rules mutate; immutable leaves are shared. */
export function cloneContext(ctx: GameContext): GameContext {
  const units: GameContext['units'] = {};
  for (const id in ctx.units) units[id] = { ...ctx.units[id] };
  const knowledge: GameContext['knowledge'] = {};
  for (const role in ctx.knowledge) knowledge[role] = { ...ctx.knowledge[role] };
  return {
    ...ctx,
    units,
    orders: ctx.orders.slice(),
    submitted: { ...ctx.submitted },
    messages: ctx.messages.slice(),
    delivered: ctx.delivered.slice(),
    knowledge,
    intel: ctx.intel.slice(),
    pressure: { ...ctx.pressure },
    rungs: { ...ctx.rungs },
    posture: { ...ctx.posture },
    cohesion: { ...ctx.cohesion },
    flags: { ...ctx.flags },
    firedEvents: ctx.firedEvents.slice(),
    activation: { ...ctx.activation },
    metrics: {
      ...ctx.metrics,
      legalDeterminations: { ...ctx.metrics.legalDeterminations },
      peakRung: { ...ctx.metrics.peakRung },
      delayHours: { ...ctx.metrics.delayHours },
    },
    objectives: { ...ctx.objectives },
    whiteCell: { ...ctx.whiteCell },
    pendingSignals: ctx.pendingSignals.slice(),
    log: ctx.log.slice(),
  };
}

/**
 * Copies only what the end-of-turn assessment changes (pressure, cohesion, activation,
 * pending ladder signals, the log and the random stream); everything else is shared.
 */
export function cloneForAssessment(ctx: GameContext): GameContext {
  return {
    ...ctx,
    pressure: { ...ctx.pressure },
    cohesion: { ...ctx.cohesion },
    activation: { ...ctx.activation },
    pendingSignals: ctx.pendingSignals.slice(),
    log: ctx.log.slice(),
  };
}

/** Run `step` on a clone of `ctx` with the game's random stream; returns the new context. */
export function withWork(scenario: Scenario, ctx: GameContext, step: (work: Work) => void, clone: (ctx: GameContext) => GameContext = cloneContext): GameContext {
  const next = clone(ctx);
  const stream = new Stream(next.rng);
  const work: Work = {
    scenario,
    ctx: next,
    stream,
    log: (event) => {
      (event as GameEvent).turn = next.turn;
      next.log.push(event as GameEvent);
    },
  };
  step(work);
  next.rng = stream.state();
  return next;
}

export function nextId(ctx: GameContext, prefix: string): string {
  ctx.nextId += 1;
  return `${prefix}${ctx.nextId}`;
}

export function byIdOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
