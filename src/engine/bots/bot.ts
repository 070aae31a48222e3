// Rule-based bots that explain themselves. A bot reads only its role's view and chooses only
// among its legal commands; it knows the scenario's rules (actions, tables, objectives) as
// any player does. Each legal order is scored from what it does (move, contest, legal
// determination, posture, signal) against what the role can see (contacts by zone, ladder
// rungs and pressure, legal status, cohesion) and against the side's objectives as the
// scenario states them (goals.ts): flags to raise or keep down, zones to hold, zones where
// presence blunts the other side, escalation ceilings, cohesion floors. Temperaments are
// parameters of the same code. Nothing here names a scenario, a zone or a role.
import seedrandom from 'seedrandom';
import type { Scenario } from '../scenario/compile.ts';
import type { ActionData } from '../scenario/schema.ts';
import type { OrderCommand, RoleView, UnitView } from '../types.ts';
import type { Decision, Player, PlayerInput } from './types.ts';
import { expectedOf, flagValue, goalsFor, tableOf, type Goals } from './goals.ts';
import { targetZones } from '../orders.ts';
import { subMap } from '../cache.ts';

export type TemperamentId = 'cautious' | 'balanced' | 'hawkish';
export const TEMPERAMENT_IDS: readonly TemperamentId[] = ['cautious', 'balanced', 'hawkish'];

export interface Temperament {
  /** Weight on orders that press the other side (patrols, intrusions, landings, interdiction). */
  assertiveness: number;
  /** Escalation the bot tolerates: above this rung, escalation weights count against an order. */
  comfortRung: number;
  /** How strongly escalation above the comfort rung (or toward an objective's ceiling) is avoided. */
  caution: number;
  /** At most this many orders a turn. */
  maxOrders: number;
  /** Orders scoring below this are not given. */
  threshold: number;
  /** Random spread added to scores, so bots are not perfectly predictable. */
  noise: number;
}

export const TEMPERAMENTS: Record<TemperamentId, Temperament> = {
  cautious: { assertiveness: 0.6, comfortRung: 2, caution: 1.4, maxOrders: 2, threshold: 1.2, noise: 0.3 },
  balanced: { assertiveness: 1, comfortRung: 3, caution: 0.8, maxOrders: 3, threshold: 1, noise: 0.4 },
  hawkish: { assertiveness: 1.6, comfortRung: 5, caution: 0.3, maxOrders: 4, threshold: 0.8, noise: 0.5 },
};

interface Scored {
  command: OrderCommand;
  score: number;
  /** Built only for the orders actually given: most candidates are never explained. */
  reason: () => string;
}

/** Zones where a theatre is contested: its waters and land near the coasts, and its scene zones. */
const CONTESTED_KINDS = new Set(['territorial-sea', 'contiguous-zone', 'island', 'land']);
const SHORE_KINDS = new Set(['island', 'land']);

interface Situation {
  view: RoleView;
  role: string;
  roleName: string;
  goals: Goals;
  /** Hostile strength per zone, as this role knows it. */
  threat: Map<string, number>;
  /** Hostile contacts per zone. */
  contacts: Map<string, UnitView[]>;
  /** Own and partner strength per zone (units under way count where they are going). */
  friends: Map<string, number>;
  /** Own units per zone (under way: where they are going). */
  own: Map<string, number>;
  rung: (theatre: string) => number;
  pressure: (theatre: string) => number;
  ladders: Map<string, RoleView['ladders'][number]>;
  /** theatrePressure per theatre, computed on first use: many candidates ask for the same. */
  theatrePressure: Map<string, Pressure>;
  allied: boolean;
  units: Map<string, UnitView>;
  /** Hostile unit types known anywhere. */
  hostileTypes: Set<string>;
  /** Actions of the role's headquarters orders still on their way (read from the view when first asked). */
  hqInTransit: () => Set<string>;
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function situation(scenario: Scenario, view: RoleView, role: string): Situation {
  const threat = new Map<string, number>();
  const contacts = new Map<string, UnitView[]>();
  const friends = new Map<string, number>();
  const own = new Map<string, number>();
  const hostileTypes = new Set<string>();
  for (const unit of view.units) {
    if (unit.affiliation === 'hostile') {
      add(threat, unit.zone, unit.strength);
      const here = contacts.get(unit.zone);
      if (here) here.push(unit);
      else contacts.set(unit.zone, [unit]);
      hostileTypes.add(unit.type);
    } else if (unit.affiliation === 'friendly') {
      add(friends, unit.movingTo ?? unit.zone, unit.strength);
      if (unit.role === role) add(own, unit.movingTo ?? unit.zone, unit.strength);
    }
  }
  const ladders = new Map(view.ladders.map((l) => [l.theatre, l]));
  let hqInTransit: Set<string> | undefined;
  return {
    view,
    role,
    roleName: scenario.roles.get(role)?.name ?? role,
    goals: goalsFor(scenario, role),
    threat,
    contacts,
    friends,
    own,
    rung: (t) => ladders.get(t)?.rung ?? 0,
    pressure: (t) => ladders.get(t)?.pressure ?? 0,
    ladders,
    theatrePressure: new Map(),
    allied: scenario.roles.get(role)?.side === 'allied',
    units: new Map(view.units.map((u) => [u.id, u])),
    hostileTypes,
    hqInTransit: () => (hqInTransit ??= new Set(view.messages.filter((m) => m.role === role && m.unit === undefined).map((m) => m.action))),
  };
}

const contestedCache = new WeakMap<Scenario, Map<string, { list: string[]; set: Set<string> }>>();

function contested(scenario: Scenario, theatre: string): { list: string[]; set: Set<string> } {
  const byTheatre = subMap(contestedCache, scenario);
  let zones = byTheatre.get(theatre);
  if (!zones) {
    const scene = new Set([...scenario.data.metrics.sceneZones, ...(scenario.data.metrics.triggerZones ?? [])]);
    const list = [...scenario.zones.values()].filter((z) => z.theatre === theatre && (CONTESTED_KINDS.has(z.kind) || scene.has(z.id))).map((z) => z.id);
    zones = { list, set: new Set(list) };
    byTheatre.set(theatre, zones);
  }
  return zones;
}

/** A theatre's contested zones (coastal waters, islands and land, scene zones), by id. */
function contestedZones(scenario: Scenario, theatre: string): string[] {
  return contested(scenario, theatre).list;
}

interface Pressure {
  /** Hostile strength in the theatre's contested zones, ashore there, and ours (side) there. */
  threat: number;
  ashore: number;
  ours: number;
  /** The contested zones with hostile forces, most first. */
  hot: string[];
}

function theatrePressure(scenario: Scenario, s: Situation, theatre: string): Pressure {
  const known = s.theatrePressure.get(theatre);
  if (known) return known;
  let threat = 0;
  let ashore = 0;
  let ours = 0;
  const hot: [string, number][] = [];
  for (const zone of contestedZones(scenario, theatre)) {
    const here = s.threat.get(zone) ?? 0;
    threat += here;
    if (here > 0) {
      hot.push([zone, here]);
      if (SHORE_KINDS.has(scenario.zones.get(zone)?.kind ?? '')) ashore += here;
    }
    ours += s.friends.get(zone) ?? 0;
  }
  hot.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const pressure = { threat, ashore, ours, hot: hot.map(([z]) => z) };
  s.theatrePressure.set(theatre, pressure);
  return pressure;
}

function zoneName(scenario: Scenario, zone: string | undefined): string {
  return zone ? (scenario.zones.get(zone)?.name ?? zone) : '';
}

function zoneList(scenario: Scenario, zones: readonly string[]): string {
  const names = zones.slice(0, 2).map((z) => zoneName(scenario, z));
  return zones.length > 2 ? `${names.join(', ')} and nearby waters` : names.join(' and ');
}

function describeContacts(scenario: Scenario, s: Situation, zone: string): string {
  const here = s.contacts.get(zone) ?? [];
  const groups = here.length === 1 ? here[0].name : `${here.length} hostile groups (strength ${s.threat.get(zone) ?? 0})`;
  return `${groups} reported in ${zoneName(scenario, zone)}`;
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);
const sentence = (text: string) => text.replace(/\.$/, '');
const percent = (p: number) => `${Math.round(p * 100)}%`;

/** Value of an own-role action toward the goals, unopposed (for staging and legal unlocks). */
function goalValue(scenario: Scenario, goals: Goals, action: ActionData): number {
  return flagValue(goals, expectedOf(scenario, action, false).flags);
}

type Staging = { value: number; action?: ActionData };
/** scenario -> role -> unit type -> zone -> staging value (no key strings: asked twice per move candidate). */
const stagingCache = new WeakMap<Scenario, Map<string, Map<string, Map<string, Staging>>>>();

/**
 * What a unit of a type gains by standing in a zone: its role's goal-serving actions it
 * could carry out from there ('here', or within range of their targets), less for every
 * step it would still have to go. Cached per role, unit type and zone.
 */
function stagingValue(scenario: Scenario, goals: Goals, role: string, type: string, zone: string): Staging {
  const cache = subMap(subMap(subMap(stagingCache, scenario), role), type);
  const hit = cache.get(zone);
  if (hit) return hit;
  let best: Staging = { value: 0 };
  for (const action of scenario.actionsByRole.get(role) ?? []) {
    if (!action.unitTypes?.includes(type) || action.target === 'none' || !action.targetZones) continue;
    const serves = goalValue(scenario, goals, action);
    if (serves <= 0.05) continue;
    const targets = action.targetZones;
    const from = (z: string) => (action.target === 'here' ? targets.includes(z) : targets.some((t) => t !== z && scenario.zonesWithin(z, action.range ?? 1).includes(t)));
    let steps = Infinity;
    for (const z of scenario.zones.keys()) {
      if (from(z)) steps = Math.min(steps, z === zone ? 0 : (scenario.zonePath(zone, z)?.length ?? Infinity));
    }
    const value = steps < Infinity ? serves * (action.target === 'here' ? 1 : 0.7) * 0.6 ** steps : 0;
    if (value > best.value) best = { value, action };
  }
  cache.set(zone, best);
  return best;
}

interface Ready {
  value: number;
  action?: ActionData;
  /** The zone of the contact the order would be aimed at. */
  at?: string;
}

/**
 * The goal-serving order a unit of a type could give from a zone right now against a contact
 * the role sees (orders that need a known opposing unit in their target, e.g. an arrest of a
 * party ashore): worth more than staging in general, since the chance is here and passing.
 */
function readyValue(scenario: Scenario, s: Situation, type: string, zone: string): Ready {
  let best: Ready = { value: 0 };
  for (const action of scenario.actionsByRole.get(s.role) ?? []) {
    if (!action.requires.contactInTarget || !action.unitTypes?.includes(type) || action.target === 'none') continue;
    if (action.requires.legal && !action.requires.legal.includes(s.view.legal.status)) continue;
    const serves = goalValue(scenario, s.goals, action);
    if (serves <= best.value || serves <= 0.05) continue;
    const at = targetZones(scenario, action, zone).find((z) => (s.threat.get(z) ?? 0) > 0);
    if (at) best = { value: serves, action, at };
  }
  return best;
}

/** Hostile strength a table would count as opposition at a target. */
function opposition(scenario: Scenario, s: Situation, action: ActionData, target: string | undefined): number {
  if (!target) return 0;
  const within = tableOf(scenario, action)?.opposedWithin ?? 0;
  let n = 0;
  for (const zone of scenario.zonesWithin(target, within, true)) n += s.threat.get(zone) ?? 0;
  return n;
}

/** The bot's reading of one legal order: how much it wants it, and why, in one sentence. */
function scoreOrder(scenario: Scenario, t: Temperament, s: Situation, cmd: OrderCommand, action: ActionData): Scored | null {
  const effects = action.effects;
  // A headquarters order that raises a flag or sets a posture is not given again while an
  // earlier one is on its way: that is already coming, and its requirement (e.g. "not yet
  // stated") only turns false when the first arrives. Signals whose effects add up may be
  // repeated; so may a legal determination (a second one fails on arrival).
  if (cmd.unit === undefined && effects.some((e) => e.type === 'flag' || e.type === 'posture') && s.hqInTransit().has(action.id)) return null;
  const moves = effects.some((e) => e.type === 'move');
  const onScene = effects.some((e) => e.type === 'onScene');
  const table = tableOf(scenario, action);
  const legal = effects.find((e) => e.type === 'legal');
  const posture = effects.find((e) => e.type === 'posture');
  const unit = cmd.unit ? s.units.get(cmd.unit) : undefined;
  const target = cmd.zone ?? unit?.zone;
  const targetKind = target ? scenario.zones.get(target)?.kind : undefined;
  const contestedHere = target !== undefined && contested(scenario, action.theatre).set.has(target);
  const rung = s.rung(action.theatre);
  const ladder = s.ladders.get(action.theatre);
  const threatThere = target ? (s.threat.get(target) ?? 0) : 0;
  const opposers = opposition(scenario, s, action, target);
  const expected = expectedOf(scenario, action, opposers > 0);
  const goals = s.goals;
  const a = t.assertiveness;
  let score = 0;
  let why: () => string = () => 'it serves the plan';

  if (legal && legal.type === 'legal') {
    const statuses = scenario.data.legal.statuses;
    const status = statuses.find((x) => x.id === legal.status);
    const name = (status?.name ?? legal.status).toLowerCase();
    const basis = status?.basis ? ` (${status.basis})` : '';
    const p = theatrePressure(scenario, s, action.theatre);
    // Own actions this determination opens that serve the goals (e.g. support an ally).
    let unlock = 0;
    for (const other of scenario.actionsByRole.get(s.role) ?? []) {
      const gate = other.requires.legal;
      if (gate && gate.includes(legal.status) && !gate.includes(s.view.legal.status)) unlock += Math.max(0, goalValue(scenario, goals, other)) + (other.effects.some((e) => e.type === 'onScene') ? 0.3 : 0);
    }
    const gravest = legal.status === statuses[statuses.length - 1]?.id;
    if (legal.status === scenario.data.legal.initial) {
      score = p.threat === 0 ? 1.5 * t.caution : 0;
      why = () => `no hostile forces are reported in ${zoneList(scenario, contestedZones(scenario, action.theatre))}, so the ${s.view.legal.name.toLowerCase()} can end`;
    } else if (p.ashore > 0) {
      score = 3 + p.ashore + (gravest ? (a - 1) * 3 - t.caution : 0);
      why = () => `hostile forces are reported ashore in ${zoneList(scenario, p.hot.filter((z) => SHORE_KINDS.has(scenario.zones.get(z)?.kind ?? '')))} (strength ${p.ashore}), and forces may act only under ${article(name)}${basis}`;
    } else if (p.threat > 0) {
      score = (gravest ? 0.5 : 2.5) + (p.threat > p.ours ? 1.5 : 0) * a;
      why = () => `hostile forces in ${zoneList(scenario, p.hot)} (strength ${p.threat}) ${p.threat > p.ours ? `outnumber ours there (${p.ours})` : 'keep pressing'}, and ${article(name)}${basis} must come first`;
    } else {
      score = rung >= 3 ? a : 0;
      why = () => `escalation has reached "${ladder?.rungName}", so the legal ground is prepared early`;
    }
    if (unlock > 0.05) {
      score += 1.5 * unlock * a;
      const base = why;
      why = () => `${base()}; it opens orders that serve our objectives`;
    }
  } else if (posture) {
    const p = theatrePressure(scenario, s, action.theatre);
    score = rung >= 2 || p.threat > 0 ? 2.5 : 0.3;
    why = () => (rung >= 2 ? `escalation is at "${ladder?.rungName}": headquarters must not wait for office hours` : `hostile activity in ${zoneList(scenario, p.hot)} (strength ${p.threat}) means staffing around the clock`);
  } else if (table && !moves) {
    // A contest where the unit stands: block, interdict, inspect, strike.
    // Contests can go wrong (collisions, shots): an ally near its comfort rung holds back.
    const risk = s.allied ? t.caution * Math.max(0, rung - (t.comfortRung - 2)) : 0;
    score = threatThere > 0 ? (1.5 + threatThere * 0.6) * a - risk : 0.2 * a;
    why = threatThere > 0 ? () => `${describeContacts(scenario, s, target ?? '')}; act on them now` : () => `assert control of ${zoneName(scenario, target)}`;
  } else if (table && moves) {
    // Moving in to contest: landings, arrests, assaults, convoys, strikes at range.
    if (s.allied && threatThere > 0) {
      score = 4 + threatThere;
      why = () => `${describeContacts(scenario, s, target ?? '')}; act before they consolidate`;
    } else {
      // The odds (opposed or not) are in the objective term below; here only the will to try.
      score = 1.8 * a;
      why = () =>
        opposers === 0
          ? `no opposing forces are reported in or next to ${zoneName(scenario, target)}, so "${table.name}" faces no opposition`
          : `opposing forces (strength ${opposers}) are reported in or next to ${zoneName(scenario, target)}; the odds are worse but the moment matters`;
    }
  } else if (moves || onScene) {
    const already = unit && (unit.zone === target || unit.movingTo === target);
    if (already) return null;
    if (s.allied) {
      const around = target ? scenario.zonesWithin(target, 1) : [];
      const near = target ? threatThere + around.reduce((n, z) => n + (s.threat.get(z) ?? 0), 0) * 0.4 : 0;
      const military = unit?.tags.includes('interdiction') ? 0.6 : 0;
      // Chasing contacts is worth a little on its own; holding, denying and staging (below) more.
      score = (near > 0 ? 0.8 + Math.min(near, 6) * 0.25 + military : contestedHere ? 0.6 : 0.15) * (onScene ? 1.2 : 1);
      why = () => {
        if (threatThere > 0) return `${describeContacts(scenario, s, target ?? '')}; get there before they act`;
        const next = around.find((z) => s.threat.get(z));
        return next ? `${describeContacts(scenario, s, next)}, next to ${zoneName(scenario, target)}; move up before they act` : `keep watch over ${zoneName(scenario, target)}`;
      };
    } else {
      const pressure = targetKind === 'territorial-sea' ? 1.8 : targetKind === 'contiguous-zone' ? 1.3 : contestedHere ? 0.8 : 0.4;
      score = pressure * a;
      why = () =>
        targetKind === 'territorial-sea' || targetKind === 'contiguous-zone'
          ? `a presence in ${zoneName(scenario, target)} asserts the claim and tests the other side's response`
          : `bring forces forward toward ${zoneName(scenario, target)}`;
    }
  } else if ([...expected.pressure.values()].some((v) => v < 0)) {
    score = (rung >= t.comfortRung ? 2 : 0.3) * t.caution;
    why = () => `escalation at "${ladder?.rungName}" is past what this government wants; lower the temperature`;
  } else {
    // Signals and other headquarters acts that raise pressure.
    const p = theatrePressure(scenario, s, action.theatre);
    score = (s.allied ? (p.threat > 0 ? 1.3 : 0.4) : 1.2 * a) + (effects.some((e) => e.type === 'flag') ? 0.3 : 0);
    why = () => (s.allied ? (p.threat > 0 ? `hostile pressure in ${zoneList(scenario, p.hot)} (strength ${p.threat}) calls for a visible response` : 'signal resolve') : `raise the political stakes while ${ladder?.name ?? action.theatre} is at "${ladder?.rungName}"`);
  }

  // ---- the side's objectives, as the scenario states them
  // The strongest objective term names itself in the reason.
  const best: { value: number; why: (() => string) | null } = { value: 0, why: null };
  const note = (value: number, text: () => string) => {
    if (value > best.value) {
      best.value = value;
      best.why = text;
    }
  };
  // Flags the objectives want raised or kept down (table outcomes by their odds, opposed or not).
  const flags = flagValue(goals, expected.flags);
  if (flags > 0.05) {
    const add = 2.6 * flags * a;
    score += add;
    const wanted = [...expected.flags].filter(([f, c]) => (goals.flags.get(f) ?? 0) * c > 0).map(([f]) => goals.flagText.get(f) ?? f);
    note(add, () => `objective: ${sentence(wanted[0] ?? '')}`);
  } else if (flags < -0.05) score += 2 * flags;

  let serving = 0;
  if (moves && unit && target) {
    const late = 1 + s.view.turn / Math.max(1, s.view.maxTurns);
    const from = unit.zone;
    // Presence the objectives ask for at the end.
    const hold = goals.presence.get(target);
    if (hold && (s.own.get(target) ?? 0) === 0) {
      const add = 1.6 * hold.weight * late;
      score += add;
      note(add, () => `objective: ${sentence(hold.text)}`);
    }
    const left = goals.presence.get(from);
    if (left && (s.own.get(from) ?? 0) <= unit.strength) score -= 1.6 * left.weight * late;
    // Where presence blunts the other side's harmful acts — once forces able to do them are seen.
    const deny = goals.denial.get(target);
    const seen = (d: typeof deny) => d !== undefined && (d.action.unitTypes?.some((type) => s.hostileTypes.has(type)) ?? false);
    if (deny && seen(deny) && (s.friends.get(target) ?? 0) === 0) {
      const add = 3 * deny.weight;
      score += add;
      note(add, () => `forces in ${zoneName(scenario, target)} cut the odds of "${deny.action.name}" from ${percent(deny.from)} to ${percent(deny.to)}`);
    }
    const guarding = goals.denial.get(from);
    if (guarding && seen(guarding) && (s.friends.get(from) ?? 0) <= unit.strength) score -= 3 * guarding.weight;
    // Standing where the other side's acts against us may end in shots above a ceiling.
    const provoking = goals.provocation.get(target) ?? 0;
    if (provoking > 0 && (s.friends.get(target) ?? 0) === 0) score -= provoking * 20 * t.caution * nearCeiling(goals, s, action.theatre);
    // Standing where a goal-serving order can be given now against a contact in reach (for a
    // plain move: a contest that moves the unit is that order, or another one worth its own score).
    if (!table) {
      const ready = readyValue(scenario, s, unit.type, target);
      const readyHere = readyValue(scenario, s, unit.type, from);
      if (ready.value > readyHere.value + 0.02) {
        const add = 3 * (ready.value - readyHere.value) * a;
        score += add;
        note(add, () => `from ${zoneName(scenario, target)} it can "${ready.action?.name ?? ''}" against ${describeContacts(scenario, s, ready.at ?? '')}`);
      } else if (readyHere.value > ready.value + 0.02) score -= 3 * (readyHere.value - ready.value);
    }
    // Standing where the role's goal-serving orders can be carried out.
    const staging = stagingValue(scenario, goals, s.role, unit.type, target);
    const here = stagingValue(scenario, goals, s.role, unit.type, from);
    if (staging.value > here.value + 0.02) {
      serving = staging.value - here.value;
      const add = 2 * serving * a;
      score += add;
      const next = staging.action;
      note(add, () => `from ${zoneName(scenario, target)} it can "${next?.name ?? ''}"`);
    }
  }

  // Escalation: pressure climbs toward the rungs the role's goal-serving orders need, and
  // stops short of the ceilings its objectives set; beyond the comfort rung it is a cost.
  let penalty = 0;
  for (const [theatre, w] of expected.pressure) {
    const r = s.rung(theatre);
    // Orders that serve the objectives are worth some discomfort.
    penalty += (w * Math.max(0, r - t.comfortRung + 1) * t.caution * 0.8) / (1 + 3 * (Math.max(0, flags) + serving));
    const ceiling = goals.ceilings.get(theatre);
    if (ceiling !== undefined && w > 0) {
      const gap = ceiling - r;
      const threshold = scenario.data.theatres.find((x) => x.id === theatre)?.ladder.upThreshold ?? 3;
      const risk = gap <= 0 ? 1 + Math.max(0, s.pressure(theatre)) / threshold : gap === 1 ? 0.1 : 0;
      penalty += w * risk * t.caution * 2.5;
    }
    const climb = climbTarget(scenario, goals, s.role, theatre);
    if (w > 0 && r < climb && (ceiling === undefined || r < ceiling)) {
      const add = 0.8 * w * a;
      score += add;
      note(add, () => `escalation must reach "${scenario.data.theatres.find((x) => x.id === theatre)?.ladder.rungs[climb]?.name}" before our objectives are in reach`);
    }
  }
  for (const [theatre, gates] of goals.gateFlags) {
    for (const flag of gates) penalty += Math.max(0, expected.flags.get(flag) ?? 0) * 8 * t.caution * nearCeiling(goals, s, theatre);
  }
  // Cohesion floors (e.g. a government that must keep the country together), projected to
  // the end with the arrangement's per-turn cost.
  const cost = scenario.data.arrangements[s.view.arrangement].cohesionCostPerTurn;
  for (const [role, delta] of expected.cohesion) {
    const floor = goals.cohesionFloors.get(role);
    if (floor === undefined) continue;
    const drift = cost && cost.role === role ? cost.amount * Math.max(0, s.view.maxTurns - s.view.turn + 1) : 0;
    const margin = (s.view.cohesion[role] ?? 100) - drift + delta - floor;
    if (delta < 0) penalty += -delta * (margin < 5 ? 1.5 : margin < 15 ? 0.4 : 0.1);
    else if (margin < 20) score += delta * 0.2;
  }
  score -= penalty;

  const primary = why;
  const secondary = best.value >= 0.8 ? best.why : null;
  const reason = () => `${s.roleName} — ${action.name}${unit ? ` (${unit.name})` : ''}: ${primary()}${secondary ? `; ${secondary()}` : ''}.`;
  return { command: cmd, score, reason };
}

/** 1 when a theatre is at or one rung below the side's ceiling, less further down. */
function nearCeiling(goals: Goals, s: Situation, theatre: string): number {
  return s.rung(theatre) >= (goals.ceilings.get(theatre) ?? Infinity) - 1 ? 1 : 0.3;
}

/** scenario -> role -> theatre -> rung index. */
const climbCache = new WeakMap<Scenario, Map<string, Map<string, number>>>();

/** The lowest rung of a theatre at which all the role's goal-serving orders there are open. */
function climbTarget(scenario: Scenario, goals: Goals, role: string, theatre: string): number {
  const cache = subMap(subMap(climbCache, scenario), role);
  let target = cache.get(theatre);
  if (target === undefined) {
    target = -1;
    for (const action of scenario.actionsByRole.get(role) ?? []) {
      const need = action.requires.rung;
      if (!need || need.theatre !== theatre || need.atLeast === undefined) continue;
      if (goalValue(scenario, goals, action) <= 0.05) continue;
      target = Math.max(target, scenario.rungIndex.get(theatre)?.get(need.atLeast) ?? -1);
    }
    cache.set(theatre, target);
  }
  return target;
}

/** A bot for one role with a temperament; deterministic for (seed, role, turn). */
export function createBot(scenario: Scenario, role: string, temperament: TemperamentId, seed: string): Player {
  const t = TEMPERAMENTS[temperament];
  let turn = -1;
  let plan: Scored[] = [];
  return {
    role,
    name: `${temperament} bot`,
    next(input: PlayerInput): Decision {
      if (input.turn !== turn) {
        turn = input.turn;
        const rng = seedrandom.alea(`${seed}|bot|${temperament}|${role}|${turn}`);
        const s = situation(scenario, input.view, role);
        const scored: Scored[] = [];
        for (const cmd of input.legal) {
          if (cmd.type !== 'order') continue;
          const action = scenario.actions.get(cmd.action);
          if (!action) continue;
          const result = scoreOrder(scenario, t, s, cmd, action);
          if (!result) continue;
          result.score = result.score + (rng() - 0.5) * t.noise;
          scored.push(result);
        }
        scored.sort((a, b) => b.score - a.score || (a.command.action < b.command.action ? -1 : 1));
        // Best orders first; one order per unit and per action, as a staff would plan them.
        plan = [];
        const units = new Set<string>();
        const actions = new Set<string>();
        for (const option of scored) {
          if (plan.length >= t.maxOrders || option.score < t.threshold) break;
          if ((option.command.unit && units.has(option.command.unit)) || actions.has(option.command.action)) continue;
          plan.push(option);
          if (option.command.unit) units.add(option.command.unit);
          actions.add(option.command.action);
        }
      }
      const next = plan.shift();
      if (next) return { command: next.command, reason: next.reason() };
      return { command: { type: 'submit', role }, reason: 'Orders complete for this turn.' };
    },
  };
}
