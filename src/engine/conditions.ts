// The scenario condition language (events, outcomes, objectives, order prerequisites).
import type { Scenario } from './scenario/compile.ts';
import type { Condition } from './scenario/schema.ts';
import type { GameContext, Side } from './types.ts';

export function sideOf(scenario: Scenario, role: string): Side {
  return scenario.roles.get(role)?.side ?? 'neutral';
}

/** Units active in play (not removed). Moving units count in their zone of departure. */
export function unitsIn(scenario: Scenario, ctx: GameContext, zone: string, filter: { role?: string; side?: Side; tag?: string }): number {
  let count = 0;
  for (const id in ctx.units) {
    const unit = ctx.units[id];
    if (unit.removedHour !== undefined || unit.zone !== zone) continue;
    if (filter.role && unit.role !== filter.role) continue;
    if (filter.side && sideOf(scenario, unit.role) !== filter.side) continue;
    if (filter.tag && !unit.tags.includes(filter.tag)) continue;
    count += unit.strength;
  }
  return count;
}

export function rungAt(scenario: Scenario, ctx: GameContext, theatre: string, rungId: string | undefined, fallback: number): number {
  if (rungId === undefined) return fallback;
  return scenario.rungIndex.get(theatre)?.get(rungId) ?? fallback;
}

export function holds(scenario: Scenario, ctx: GameContext, cond: Condition): boolean {
  if ('all' in cond) return cond.all.every((c) => holds(scenario, ctx, c));
  if ('any' in cond) return cond.any.some((c) => holds(scenario, ctx, c));
  if ('not' in cond) return !holds(scenario, ctx, cond.not);
  if ('flag' in cond) {
    const value = ctx.flags[cond.flag] ?? 0;
    return cond.atLeast === undefined ? value !== 0 : value >= cond.atLeast;
  }
  if ('rung' in cond) {
    const { theatre, atLeast, atMost } = cond.rung;
    const rung = ctx.rungs[theatre] ?? 0;
    return rung >= rungAt(scenario, ctx, theatre, atLeast, -Infinity) && rung <= rungAt(scenario, ctx, theatre, atMost, Infinity);
  }
  if ('legal' in cond) return cond.legal.includes(ctx.legal);
  if ('turn' in cond) return ctx.turn >= (cond.turn.atLeast ?? -Infinity) && ctx.turn <= (cond.turn.atMost ?? Infinity);
  if ('presence' in cond) {
    const p = cond.presence;
    return unitsIn(scenario, ctx, p.zone, p) >= (p.atLeast ?? 1);
  }
  if ('cohesion' in cond) {
    const value = ctx.cohesion[cond.cohesion.role] ?? 100;
    return value >= (cond.cohesion.atLeast ?? -Infinity) && value <= (cond.cohesion.atMost ?? Infinity);
  }
  if ('posture' in cond) return (ctx.posture[cond.posture.role] ?? 'normal') === cond.posture.level;
  if ('arrangement' in cond) return (cond.arrangement as string[]).includes(ctx.arrangement);
  return false;
}
