// What a role's objectives ask of it, read from the scenario's data, so a bot plays a new
// scenario without new code: flags to raise or keep down, zones to hold at the end,
// escalation ceilings, cohesion floors — and, from the other side's actions and tables,
// the zones where its presence cuts the odds of what it must prevent. Partners' objectives
// count too, at half weight: a side wins together.
import type { Scenario } from '../scenario/compile.ts';
import type { ActionData, Condition, Effect, TableData } from '../scenario/schema.ts';
import { subMap } from '../cache.ts';

/** A place the role wants to be at the end (a presence objective). */
export interface PresenceGoal {
  weight: number;
  /** The objective's text, for reasons. */
  text: string;
}

/** A place where this side's presence blunts an action of the other side. */
export interface DenialGoal {
  weight: number;
  action: ActionData;
  /** Chance of the harmful result unopposed and opposed. */
  from: number;
  to: number;
}

export interface Goals {
  /** flag -> weight: > 0 the side wants it raised, < 0 kept down. */
  flags: Map<string, number>;
  /** flag -> the objective text that asks for it (own objectives first). */
  flagText: Map<string, string>;
  presence: Map<string, PresenceGoal>;
  /** theatre -> highest rung index the side's objectives accept. */
  ceilings: Map<string, number>;
  /** theatre -> flags that open rungs above the ceiling (e.g. shots fired). */
  gateFlags: Map<string, Set<string>>;
  /** role -> lowest cohesion the objectives accept. */
  cohesionFloors: Map<string, number>;
  denial: Map<string, DenialGoal>;
  /** zone -> expected extra gate flags (e.g. shots fired) when the other side acts there against opposition. */
  provocation: Map<string, number>;
}

/** What an order is expected to do, table outcomes weighted by their chances. */
export interface Expected {
  /** flag -> expected change (+1 raised/incremented, -1 cleared). */
  flags: Map<string, number>;
  /** theatre -> expected escalation pressure (the action's weight plus table outcomes). */
  pressure: Map<string, number>;
  /** role -> expected cohesion change. */
  cohesion: Map<string, number>;
}

function bump(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Scenario events that a flag or legal status sets off directly (their effects follow the order's). Clearing a flag sets off nothing. */
function consequences(scenario: Scenario, effect: Effect): Effect[] {
  const out: Effect[] = [];
  for (const event of scenario.data.events) {
    const when = event.when;
    if (!when) continue;
    const fires =
      (effect.type === 'legal' && 'legal' in when && when.legal.includes(effect.status)) ||
      ((effect.type === 'flag' || effect.type === 'addFlag') && 'flag' in when && when.flag === effect.flag && (effect.type === 'flag' ? effect.value : effect.delta) >= (when.atLeast ?? 1));
    if (fires) out.push(...event.effects);
  }
  return out;
}

function accumulate(scenario: Scenario, effects: readonly Effect[], weight: number, opposed: boolean, into: Expected, depth = 0): void {
  for (const effect of effects) {
    switch (effect.type) {
      case 'flag':
        bump(into.flags, effect.flag, weight * (effect.value > 0 ? 1 : -1));
        break;
      case 'addFlag':
        bump(into.flags, effect.flag, weight * Math.sign(effect.delta));
        break;
      case 'pressure':
        bump(into.pressure, effect.theatre, weight * effect.delta);
        break;
      case 'cohesion':
        bump(into.cohesion, effect.role, weight * effect.delta);
        break;
      case 'table': {
        const table = scenario.tables.get(effect.table);
        for (const outcome of table?.outcomes ?? []) accumulate(scenario, outcome.effects, weight * (opposed ? (outcome.pOpposed ?? outcome.p) : outcome.p), opposed, into, depth);
        break;
      }
      default:
        break;
    }
    if (depth === 0 && (effect.type === 'flag' || effect.type === 'addFlag' || effect.type === 'legal')) accumulate(scenario, consequences(scenario, effect), weight, opposed, into, 1);
  }
}

const expectedCache = new WeakMap<ActionData, [Expected, Expected]>();

/** What an action is expected to do, unopposed and opposed (cached per action). */
export function expectedOf(scenario: Scenario, action: ActionData, opposed: boolean): Expected {
  let pair = expectedCache.get(action);
  if (!pair) {
    const make = (o: boolean): Expected => {
      const e: Expected = { flags: new Map(), pressure: new Map(), cohesion: new Map() };
      for (const [theatre, w] of Object.entries(action.escalation)) bump(e.pressure, theatre, w);
      accumulate(scenario, action.effects, 1, o, e);
      return e;
    };
    pair = [make(false), make(true)];
    expectedCache.set(action, pair);
  }
  return pair[opposed ? 1 : 0];
}

/** The first table an action draws on, if any. */
export function tableOf(scenario: Scenario, action: ActionData): TableData | undefined {
  const effect = action.effects.find((e) => e.type === 'table');
  return effect && effect.type === 'table' ? scenario.tables.get(effect.table) : undefined;
}

/** Zones an action can be aimed at, whatever unit carries it (for reading the other side's threats). */
function possibleTargets(scenario: Scenario, action: ActionData): string[] {
  if (action.target === 'none') return [];
  if (action.targetZones) return [...action.targetZones];
  return [...scenario.zones.values()]
    .filter((z) => (z.theatre === undefined || z.theatre === action.theatre) && (action.targetKinds ? action.targetKinds.includes(z.kind) : z.kind !== 'offmap'))
    .map((z) => z.id);
}

/** How much an order's flag changes serve the side (sum of goal weights times changes). */
export function flagValue(goals: Goals, flags: ReadonlyMap<string, number>): number {
  let value = 0;
  for (const [flag, change] of flags) value += (goals.flags.get(flag) ?? 0) * change;
  return value;
}

const goalCache = new WeakMap<Scenario, Map<string, Goals>>();

/** The goals of a role (cached per scenario and role). */
export function goalsFor(scenario: Scenario, role: string): Goals {
  const byRole = subMap(goalCache, scenario);
  let goals = byRole.get(role);
  if (!goals) {
    goals = readGoals(scenario, role);
    byRole.set(role, goals);
  }
  return goals;
}

function readGoals(scenario: Scenario, role: string): Goals {
  const side = scenario.roles.get(role)?.side;
  const goals: Goals = { flags: new Map(), flagText: new Map(), presence: new Map(), ceilings: new Map(), gateFlags: new Map(), cohesionFloors: new Map(), denial: new Map(), provocation: new Map() };
  const objectives = [...scenario.data.objectives].sort((a, b) => (a.role === role ? 0 : 1) - (b.role === role ? 0 : 1));
  for (const objective of objectives) {
    const own = objective.role === role;
    if (!own && scenario.roles.get(objective.role)?.side !== side) continue;
    const weight = own ? 1 : 0.5;
    const walk = (cond: Condition, negated: boolean): void => {
      if ('all' in cond) cond.all.forEach((c) => walk(c, negated));
      else if ('any' in cond) cond.any.forEach((c) => walk(c, negated));
      else if ('not' in cond) walk(cond.not, !negated);
      else if ('flag' in cond) {
        bump(goals.flags, cond.flag, negated ? -weight : weight);
        if (!goals.flagText.has(cond.flag)) goals.flagText.set(cond.flag, objective.text);
      } else if ('presence' in cond && !negated) {
        const p = cond.presence;
        const ours = p.role === role || (p.role === undefined && p.side === side);
        if (ours && !goals.presence.has(p.zone)) goals.presence.set(p.zone, { weight, text: objective.text });
      } else if ('rung' in cond && !negated && cond.rung.atMost !== undefined) {
        const index = scenario.rungIndex.get(cond.rung.theatre)?.get(cond.rung.atMost);
        if (index !== undefined) goals.ceilings.set(cond.rung.theatre, Math.min(goals.ceilings.get(cond.rung.theatre) ?? Infinity, index));
      } else if ('cohesion' in cond && !negated && cond.cohesion.atLeast !== undefined) {
        goals.cohesionFloors.set(cond.cohesion.role, Math.max(goals.cohesionFloors.get(cond.cohesion.role) ?? -Infinity, cond.cohesion.atLeast));
      }
    };
    walk(objective.when, false);
  }
  // Rungs above a ceiling that only a deliberate act opens: the flags of that act.
  for (const theatre of scenario.data.theatres) {
    const ceiling = goals.ceilings.get(theatre.id);
    if (ceiling === undefined) continue;
    const flags = new Set<string>();
    const collect = (cond: Condition): void => {
      if ('flag' in cond) flags.add(cond.flag);
      else if ('all' in cond) cond.all.forEach(collect);
      else if ('any' in cond) cond.any.forEach(collect);
    };
    theatre.ladder.rungs.forEach((rung, i) => {
      if (i > ceiling && rung.requires) collect(rung.requires);
    });
    goals.gateFlags.set(theatre.id, flags);
  }
  // The other side's actions whose results hurt these goals less when opposed: our presence
  // where they land (and as far around as their table counts opposition) blunts them.
  for (const action of scenario.data.actions) {
    if (scenario.roles.get(action.role)?.side === side) continue;
    const table = tableOf(scenario, action);
    if (!table) continue;
    const harm = (opposed: boolean) => -flagValue(goals, expectedOf(scenario, action, opposed).flags);
    const saved = harm(false) - harm(true);
    if (saved <= 0.05) continue;
    // The single outcome that does the harm, for the reason's odds.
    const worst = [...table.outcomes].sort((a, b) => {
      const value = (o: typeof a) => {
        const e: Expected = { flags: new Map(), pressure: new Map(), cohesion: new Map() };
        accumulate(scenario, o.effects, 1, false, e);
        return flagValue(goals, e.flags);
      };
      return value(a) - value(b);
    })[0];
    for (const target of possibleTargets(scenario, action)) {
      for (const zone of scenario.zonesWithin(target, table.opposedWithin, true)) {
        const previous = goals.denial.get(zone);
        if (!previous || previous.weight < saved) goals.denial.set(zone, { weight: saved, action, from: worst?.p ?? 0, to: worst?.pOpposed ?? worst?.p ?? 0 });
      }
    }
  }
  // ...and the zones where merely being there turns their acts into contests that can open
  // a rung above a ceiling (a boarding that meets resistance may end in shots).
  const gates = new Set([...goals.gateFlags.values()].flatMap((flags) => [...flags]));
  if (gates.size > 0) {
    for (const action of scenario.data.actions) {
      if (scenario.roles.get(action.role)?.side === side) continue;
      const table = tableOf(scenario, action);
      if (!table) continue;
      const gateChange = (opposed: boolean) => [...expectedOf(scenario, action, opposed).flags].reduce((n, [flag, change]) => n + (gates.has(flag) ? Math.max(0, change) : 0), 0);
      const extra = gateChange(true) - gateChange(false);
      if (extra <= 0.01) continue;
      for (const target of possibleTargets(scenario, action)) {
        for (const zone of scenario.zonesWithin(target, table.opposedWithin, true)) goals.provocation.set(zone, Math.max(goals.provocation.get(zone) ?? 0, extra));
      }
    }
  }
  return goals;
}
