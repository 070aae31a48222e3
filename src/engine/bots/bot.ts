// Rule-based bots that explain themselves. A bot reads only its role's view and chooses only
// among its legal commands; it knows the scenario's rules (actions, zones) as any player does.
// Its behaviour comes from scoring each legal order by what the order does (move, contest,
// legal determination, posture, de-escalation) against what the role can see (contacts by
// zone, ladder rungs, legal status), with temperament parameters, not scenario-specific code.
import seedrandom from 'seedrandom';
import type { Scenario } from '../scenario/compile.ts';
import type { ActionData, Condition, Effect } from '../scenario/schema.ts';
import type { OrderCommand, RoleView, UnitView } from '../types.ts';
import type { Decision, Player, PlayerInput } from './types.ts';

export type TemperamentId = 'cautious' | 'balanced' | 'hawkish';
export const TEMPERAMENT_IDS: readonly TemperamentId[] = ['cautious', 'balanced', 'hawkish'];

export interface Temperament {
  /** Weight on orders that press the other side (patrols, intrusions, landings, interdiction). */
  assertiveness: number;
  /** Escalation the bot tolerates: above this rung, escalation weights count against an order. */
  comfortRung: number;
  /** How strongly escalation above the comfort rung is avoided. */
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

interface Situation {
  view: RoleView;
  /** Hostile strength per zone, as this role knows it. */
  threat: Map<string, number>;
  /** Hostile contacts per zone. */
  contacts: Map<string, UnitView[]>;
  /** Own and partner strength per zone. */
  friends: Map<string, number>;
  rung: (theatre: string) => number;
  allied: boolean;
  units: Map<string, UnitView>;
  /** Hostile strength in hot zones (territorial sea, islands, contiguous zone), on islands, and own strength in hot zones. */
  hotThreat: number;
  islandThreat: number;
  ownHot: number;
}

const HOT_KINDS = new Set(['territorial-sea', 'island', 'contiguous-zone']);

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function situation(scenario: Scenario, view: RoleView, role: string): Situation {
  const threat = new Map<string, number>();
  const contacts = new Map<string, UnitView[]>();
  const friends = new Map<string, number>();
  for (const unit of view.units) {
    if (unit.affiliation === 'hostile') {
      add(threat, unit.zone, unit.strength);
      contacts.set(unit.zone, [...(contacts.get(unit.zone) ?? []), unit]);
    } else if (unit.affiliation === 'friendly') {
      add(friends, unit.movingTo ?? unit.zone, unit.strength);
    }
  }
  const rungs = new Map(view.ladders.map((l) => [l.theatre, l.rung]));
  const kind = (zone: string) => scenario.zones.get(zone)?.kind ?? '';
  let hotThreat = 0;
  let islandThreat = 0;
  let ownHot = 0;
  for (const [zone, strength] of threat) {
    if (HOT_KINDS.has(kind(zone))) hotThreat += strength;
    if (kind(zone) === 'island') islandThreat += strength;
  }
  for (const [zone, strength] of friends) if (HOT_KINDS.has(kind(zone))) ownHot += strength;
  return {
    view,
    threat,
    contacts,
    friends,
    rung: (t) => rungs.get(t) ?? 0,
    allied: scenario.roles.get(role)?.side === 'allied',
    units: new Map(view.units.map((u) => [u.id, u])),
    hotThreat,
    islandThreat,
    ownHot,
  };
}

function zoneName(scenario: Scenario, zone: string | undefined): string {
  return zone ? (scenario.zones.get(zone)?.name ?? zone) : '';
}

function describeContacts(scenario: Scenario, s: Situation, zone: string): string {
  const here = s.contacts.get(zone) ?? [];
  const groups = here.length === 1 ? here[0].name : `${here.length} hostile groups (strength ${s.threat.get(zone) ?? 0})`;
  return `${groups} reported in ${zoneName(scenario, zone)}`;
}

/** Flags a role's objectives want raised (wanted) or kept down (unwanted). */
function objectiveFlags(scenario: Scenario, role: string): { wanted: Set<string>; unwanted: Set<string> } {
  const wanted = new Set<string>();
  const unwanted = new Set<string>();
  const walk = (cond: Condition, negated: boolean): void => {
    if ('flag' in cond) (negated ? unwanted : wanted).add(cond.flag);
    else if ('all' in cond) cond.all.forEach((c) => walk(c, negated));
    else if ('any' in cond) cond.any.forEach((c) => walk(c, negated));
    else if ('not' in cond) walk(cond.not, !negated);
  };
  for (const objective of scenario.data.objectives) if (objective.role === role) walk(objective.when, false);
  return { wanted, unwanted };
}

/** Expected change of each flag when an order takes effect (table outcomes weighted by chance). */
function flagEffects(scenario: Scenario, effects: readonly Effect[], weight = 1, out = new Map<string, number>()): Map<string, number> {
  for (const effect of effects) {
    if (effect.type === 'flag') out.set(effect.flag, (out.get(effect.flag) ?? 0) + weight * (effect.value > 0 ? 1 : -1));
    else if (effect.type === 'addFlag') out.set(effect.flag, (out.get(effect.flag) ?? 0) + weight * Math.sign(effect.delta));
    else if (effect.type === 'table') for (const outcome of scenario.tables.get(effect.table)?.outcomes ?? []) flagEffects(scenario, outcome.effects, weight * ((outcome.p + (outcome.pOpposed ?? outcome.p)) / 2), out);
  }
  return out;
}

/** What an action does, computed once per action: its effect types, and its expected flag changes. */
interface ActionFacts {
  effects: Set<string>;
  flags: Map<string, number>;
}
const actionFactCache = new WeakMap<ActionData, ActionFacts>();

function actionFacts(scenario: Scenario, action: ActionData): ActionFacts {
  let facts = actionFactCache.get(action);
  if (!facts) {
    facts = { effects: new Set(action.effects.map((e) => e.type)), flags: flagEffects(scenario, action.effects) };
    actionFactCache.set(action, facts);
  }
  return facts;
}

/** The bot's reading of one legal order: how much it wants it, and why, in one sentence. */
function scoreOrder(scenario: Scenario, role: string, t: Temperament, s: Situation, cmd: OrderCommand, action: ActionData, goals: { wanted: Set<string>; unwanted: Set<string> }): Scored | null {
  const roleName = scenario.roles.get(role)?.name ?? role;
  const facts = actionFacts(scenario, action);
  const effects = facts.effects;
  const unit = cmd.unit ? s.units.get(cmd.unit) : undefined;
  const target = cmd.zone ?? unit?.zone;
  const targetKind = target ? scenario.zones.get(target)?.kind : undefined;
  const hot = targetKind !== undefined && HOT_KINDS.has(targetKind);
  const escalation = Object.entries(action.escalation).reduce((sum, [theatre, w]) => sum + w * Math.max(0, s.rung(theatre) - t.comfortRung + 1), 0);
  const calming = Object.values(action.escalation).reduce((sum, w) => sum + Math.min(0, w), 0);
  const rung = s.rung(action.theatre);
  let score = 0;
  let reason: () => string = () => '';
  const say = (why: () => string) => () => `${roleName} — ${action.name}${unit ? ` (${unit.name})` : ''}: ${why()}.`;

  const legal = action.effects.find((e) => e.type === 'legal');
  const posture = action.effects.find((e) => e.type === 'posture');
  const threatThere = target ? (s.threat.get(target) ?? 0) : 0;
  const { hotThreat, islandThreat } = s;

  if (legal && legal.type === 'legal') {
    const status = legal.status;
    const name = scenario.data.legal.statuses.find((x) => x.id === status)?.name ?? status;
    if (status === scenario.data.legal.initial) {
      score = hotThreat === 0 ? 1.5 * t.caution : 0;
      reason = say(() => `no hostile vessels are reported near the islands, so the ${s.view.legal.name.toLowerCase()} can end`);
    } else if (islandThreat > 0) {
      score = 3 + islandThreat + (status === 'armed-attack' ? (t.assertiveness - 1) * 3 - t.caution : 0);
      reason = say(() => `hostile personnel are reported ashore (${islandThreat}) and the JSDF needs a ${name.toLowerCase()} to act`);
    } else if (hotThreat > 0) {
      const own = s.ownHot;
      score = (status === 'armed-attack' ? 0.5 : 2.5) + (hotThreat > own ? 1.5 : 0) * t.assertiveness;
      reason = say(() => `hostile vessels near the islands (strength ${hotThreat}) ${hotThreat > own ? `outnumber Japan's ships on scene (${own})` : 'keep pressing'}, and the Cabinet must authorise a ${name.toLowerCase()} before the JSDF can act`);
    } else {
      score = rung >= 3 ? 1 * t.assertiveness : 0;
      reason = say(() => `escalation has reached "${s.view.ladders.find((l) => l.theatre === action.theatre)?.rungName}", so the legal ground is prepared early`);
    }
  } else if (posture) {
    score = rung >= 2 || hotThreat > 0 ? 2.5 : 0.3;
    reason = say(() => rung >= 2 ? `escalation is at rung ${rung}: headquarters must not wait for office hours` : `hostile activity near the islands (strength ${hotThreat}) means staffing around the clock`);
  } else if (effects.has('table') && !effects.has('move')) {
    // A contest where the unit stands: block, interdict, inspect.
    // Contests at sea can go wrong (collisions, shots): an ally near its comfort rung holds back.
    const risk = s.allied ? t.caution * Math.max(0, rung - (t.comfortRung - 2)) : 0;
    score = threatThere > 0 ? (1.5 + threatThere * 0.6) * t.assertiveness - risk : 0.2 * t.assertiveness;
    reason = threatThere > 0 ? say(() => `${describeContacts(scenario, s, target ?? '')}; act on them now`) : say(() => 'assert control of these waters');
    if (!s.allied && targetKind === 'territorial-sea') {
      score = 1.6 * t.assertiveness;
      reason = say(() => `Japanese boats in the territorial sea can be "inspected" under the CCG Law to show jurisdiction`);
    }
  } else if (effects.has('move') && effects.has('table')) {
    // Moving in to contest: landings and arrests.
    if (s.allied) {
      score = threatThere > 0 ? 4 + threatThere : 0;
      reason = say(() => `${describeContacts(scenario, s, target ?? '')}: police officers must remove them`);
    } else {
      const defenders = target ? (s.friends.get(target) ?? 0) : 0;
      score = 3.2 * t.assertiveness - defenders;
      reason = say(() => defenders === 0 ? `no Japanese personnel are on ${zoneName(scenario, target)}; a landing now creates a fait accompli` : `${defenders} defenders are reported; the landing is a gamble`);
    }
  } else if (effects.has('move') || effects.has('onScene')) {
    const already = unit && (unit.zone === target || unit.movingTo === target);
    if (already) return null;
    if (s.allied) {
      const near = target ? threatThere + [...scenario.zonesWithin(target, 1)].reduce((n, z) => n + (s.threat.get(z) ?? 0), 0) * 0.4 : 0;
      const military = unit?.tags.includes('interdiction') ? 0.6 : 0;
      // Leaving waters near the islands empty invites a landing: hold the line there.
      const hereKind = unit ? scenario.zones.get(unit.zone)?.kind : undefined;
      const lastOnStation = unit !== undefined && HOT_KINDS.has(hereKind ?? '') && (s.friends.get(unit.zone) ?? 0) <= unit.strength;
      score = (near > 0 ? 1.2 + near * 0.5 + military : hot ? 0.7 : 0.15) * (effects.has('onScene') ? 1.2 : 1) - (lastOnStation ? 1.5 : 0);
      reason = near > 0 ? say(() => `${describeContacts(scenario, s, threatThere > 0 ? (target ?? '') : ([...scenario.zonesWithin(target ?? '', 1)].find((z) => s.threat.get(z)) ?? target ?? ''))}; get there before they act`) : say(() => `keep watch over ${zoneName(scenario, target)}`);
    } else {
      const landing = unit?.tags.includes('landing-force');
      const pressure = targetKind === 'territorial-sea' ? 1.8 : targetKind === 'contiguous-zone' ? 1.3 : 0.4;
      score = pressure * t.assertiveness + (landing && hot ? 0.8 * t.assertiveness : 0);
      reason = say(() => targetKind === 'territorial-sea' ? `entering the 12-nm territorial sea asserts the claim and tests Japan's response` : targetKind === 'contiguous-zone' ? 'a daily presence in the contiguous zone normalises the claim' : `bring forces forward toward ${zoneName(scenario, target)}`);
    }
  } else if (calming < 0) {
    score = (rung >= t.comfortRung ? 2 : 0.3) * t.caution;
    reason = say(() => `escalation at "${s.view.ladders.find((l) => l.theatre === action.theatre)?.rungName}" is past what this government wants; lower the temperature`);
  } else {
    // Signals and other headquarters acts that raise pressure.
    score = (s.allied ? (hotThreat > 0 ? 1.3 : 0.4) : 1.2 * t.assertiveness) + (effects.has('flag') ? 0.3 : 0);
    reason = s.allied ? say(() => hotThreat > 0 ? `hostile pressure near the islands (strength ${hotThreat}) calls for a visible response` : 'signal resolve') : say(() => 'raise the political stakes while the coast guard holds the waters');
  }
  // Orders that move this role's objectives (flags it wants raised or kept down) weigh more.
  let goal = 0;
  for (const [flag, change] of facts.flags) {
    if (goals.wanted.has(flag)) goal += change;
    if (goals.unwanted.has(flag)) goal -= change;
  }
  if (goal > 0.05) {
    score += 2.2 * goal * t.assertiveness;
    if (score > 1) {
      const plain = reason;
      reason = () => {
        const text = plain();
        return text.endsWith('.') ? text.slice(0, -1) + ', which serves our objectives.' : text;
      };
    }
  } else if (goal < -0.05) score += 2 * goal;
  score -= escalation * t.caution * 0.8;
  return { command: cmd, score, reason };
}

/** A bot for one role with a temperament; deterministic for (seed, role, turn). */
export function createBot(scenario: Scenario, role: string, temperament: TemperamentId, seed: string): Player {
  const t = TEMPERAMENTS[temperament];
  const goals = objectiveFlags(scenario, role);
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
          const result = scoreOrder(scenario, role, t, s, cmd, action, goals);
          if (result) scored.push({ ...result, score: result.score + (rng() - 0.5) * t.noise });
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
