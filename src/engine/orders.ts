// Which commands are legal. The statechart's guards, `apply` and `legalCommands` all ask
// this one module, so a screen, a bot and a replay can never disagree about legality.
import type { Scenario } from './scenario/compile.ts';
import type { ActionData } from './scenario/schema.ts';
import type { Command, GameContext, OrderCommand, RuleError, RuleErrorCode, WhiteCellCommand } from './types.ts';
import { WHITE_CELL } from './types.ts';
import { checkWhiteCell } from './whitecell.ts';
import { holds, rungAt, sideOf } from './conditions.ts';
import { routeFor } from './latency.ts';
import { subMap } from './cache.ts';

const fail = (code: RuleErrorCode, message: string): RuleError => ({ code, message });

export function isGameOver(ctx: GameContext): boolean {
  return ctx.outcome !== null;
}

const targetCache = new WeakMap<ActionData, Map<string, readonly string[]>>();

/** Zones an action may target for a unit (or for a headquarters order when unit is undefined). */
export function targetZones(scenario: Scenario, action: ActionData, unitZone: string | undefined): readonly string[] {
  const cache = subMap(targetCache, action);
  const key = unitZone ?? '';
  let zones = cache.get(key);
  if (!zones) {
    zones = computeTargetZones(scenario, action, unitZone);
    cache.set(key, zones);
  }
  return zones;
}

/** Range targets stay in the action's theatre (zones without a theatre are open to all). */
function computeTargetZones(scenario: Scenario, action: ActionData, unitZone: string | undefined): readonly string[] {
  if (action.target === 'none') return [];
  const candidates = action.target === 'here'
    ? (unitZone ? [unitZone] : [])
    : unitZone
    ? scenario.zonesWithin(unitZone, action.range ?? 1)
    : [...scenario.zones.values()].filter((z) => z.theatre === action.theatre).map((z) => z.id);
  return candidates.filter((id) => {
    const zone = scenario.zones.get(id);
    if (!zone) return false;
    if (zone.theatre !== undefined && zone.theatre !== action.theatre) return false;
    if (action.targetZones && !action.targetZones.includes(id)) return false;
    return action.targetKinds ? action.targetKinds.includes(zone.kind) : zone.kind !== 'offmap';
  });
}

/** Facts about the current turn that every order check needs; computed once per enumeration. */
interface TurnFacts {
  /** Units with an order sealed this turn or still in transit. */
  busy: Set<string>;
  /** role -> action -> orders sealed this turn (nested: asked once per action per enumeration). */
  sealed: Map<string, Map<string, number>>;
  /** role -> zones where it knows of an opposing unit (built on first use). */
  contactZones: Map<string, Set<string>>;
}

function turnFacts(ctx: GameContext): TurnFacts {
  const busy = new Set<string>();
  const sealed = new Map<string, Map<string, number>>();
  for (const order of ctx.orders) {
    if (order.unit) busy.add(order.unit);
    const byAction = subMap(sealed, order.role);
    byAction.set(order.action, (byAction.get(order.action) ?? 0) + 1);
  }
  for (const msg of ctx.messages) if (msg.order.unit) busy.add(msg.order.unit);
  return { busy, sealed, contactZones: new Map() };
}

function contactZones(scenario: Scenario, ctx: GameContext, facts: TurnFacts, role: string): Set<string> {
  let zones = facts.contactZones.get(role);
  if (!zones) {
    zones = new Set();
    const side = sideOf(scenario, role);
    const known = ctx.knowledge[role] ?? {};
    for (const id in known) {
      const unit = ctx.units[id];
      if (unit && unit.removedHour === undefined && sideOf(scenario, unit.role) !== side) zones.add(known[id].zone);
    }
    facts.contactZones.set(role, zones);
  }
  return zones;
}

/** Rules about the action itself, whatever unit or target: who may order it, now. */
function actionGate(scenario: Scenario, ctx: GameContext, role: string, action: ActionData, facts: TurnFacts): RuleError | null {
  if (action.role !== role) return fail('NOT_YOUR_ACTION', `"${action.id}" is an action of ${action.role}, not ${role}`);
  const sameThisTurn = facts.sealed.get(role)?.get(action.id) ?? 0;
  if (sameThisTurn >= action.perTurn) return fail('TURN_LIMIT', `at most ${action.perTurn} "${action.name}" order(s) per turn`);
  const req = action.requires;
  if (req.legal && !req.legal.includes(ctx.legal)) {
    return fail('LEGAL_GATE_CLOSED', `"${action.name}" needs Japan's legal status to be ${req.legal.join(' or ')} (now ${ctx.legal})`);
  }
  if (req.rung) {
    const rung = ctx.rungs[req.rung.theatre] ?? 0;
    const min = rungAt(scenario, ctx, req.rung.theatre, req.rung.atLeast, -Infinity);
    const max = rungAt(scenario, ctx, req.rung.theatre, req.rung.atMost, Infinity);
    if (rung < min || rung > max) return fail('RUNG_GATE_CLOSED', `"${action.name}" is not available at the current ${req.rung.theatre} escalation rung`);
  }
  if (req.when && !holds(scenario, ctx, req.when)) return fail('CONDITION_NOT_MET', `"${action.name}" is not available now`);
  return null;
}

/** Rules about the unit given the order. */
function unitGate(ctx: GameContext, role: string, action: ActionData, unitId: string | undefined, facts: TurnFacts): RuleError | null {
  if (!action.unitTypes) {
    return unitId === undefined ? null : fail('BAD_COMMAND', `"${action.name}" is a headquarters order and takes no unit`);
  }
  if (!unitId) return fail('BAD_COMMAND', `"${action.name}" needs a unit (one of types: ${action.unitTypes.join(', ')})`);
  const unit = ctx.units[unitId];
  if (!unit) return fail('UNKNOWN_UNIT', `no unit "${unitId}"`);
  if (unit.role !== role) return fail('NOT_YOUR_UNIT', `${unitId} belongs to ${unit.role}`);
  if (!action.unitTypes.includes(unit.type)) return fail('WRONG_UNIT_TYPE', `${unitId} (${unit.type}) cannot "${action.name}" (expected ${action.unitTypes.join(', ')})`);
  if (unit.removedHour !== undefined) return fail('UNIT_NOT_AVAILABLE', `${unitId} is out of play`);
  if (unit.movingTo !== undefined) return fail('UNIT_BUSY', `${unitId} is under way to ${unit.movingTo}`);
  if (facts.busy.has(unitId)) return fail('UNIT_BUSY', `${unitId} already has an order this turn or in transit`);
  return null;
}

/** Rules about the target zone (range, kind, a known contact there). */
function targetGate(scenario: Scenario, ctx: GameContext, role: string, action: ActionData, unitZone: string | undefined, zoneId: string | undefined, facts: TurnFacts): RuleError | null {
  if (action.target === 'none') return zoneId === undefined ? null : fail('BAD_COMMAND', `"${action.name}" takes no target zone`);
  const zone = zoneId ?? (action.target === 'here' ? unitZone : undefined);
  if (zone === undefined) return fail('TARGET_REQUIRED', `"${action.name}" needs a target zone`);
  const zoneData = scenario.zones.get(zone);
  if (!zoneData) return fail('UNKNOWN_ZONE', `no zone "${zone}"`);
  if (!targetZones(scenario, action, unitZone).includes(zone)) {
    const kindOk = action.targetKinds ? action.targetKinds.includes(zoneData.kind) : zoneData.kind !== 'offmap';
    if (!kindOk) return fail('BAD_TARGET_KIND', `"${action.name}" cannot target a ${zoneData.kind} zone`);
    if (action.targetZones && !action.targetZones.includes(zone)) return fail('BAD_TARGET_KIND', `"${action.name}" can only target ${action.targetZones.join(', ')}`);
    return fail('OUT_OF_RANGE', `${zone} is out of range for "${action.name}"${unitZone ? ` from ${unitZone}` : ''}`);
  }
  if (action.requires.contactInTarget && !contactZones(scenario, ctx, facts, role).has(zone)) {
    return fail('NO_CONTACT', `${role} knows of no opposing unit in ${zone}`);
  }
  return null;
}

function routeGate(scenario: Scenario, ctx: GameContext, action: ActionData, unitNode: string | undefined): RuleError | null {
  return routeFor(scenario, ctx, action, unitNode, ctx.hour) ? null : fail('NO_ROUTE', `no command route for "${action.name}" under ${ctx.arrangement}`);
}

function roleGate(scenario: Scenario, ctx: GameContext, role: string): RuleError | null {
  if (isGameOver(ctx)) return fail('GAME_OVER', 'the game is over');
  if (!scenario.roles.has(role)) return fail('UNKNOWN_ROLE', `no role "${role}" (expected one of: ${scenario.roleIds.join(', ')})`);
  if (ctx.submitted[role]) return fail('NOT_YOUR_TURN', `${role} has already submitted its orders for turn ${ctx.turn}`);
  return null;
}

/** Checks an order command; null when legal. Checks run from the action outward: role, action, unit, target, route. */
export function checkOrder(scenario: Scenario, ctx: GameContext, cmd: OrderCommand, facts: TurnFacts = turnFacts(ctx)): RuleError | null {
  const action = scenario.actions.get(cmd.action);
  const unit = cmd.unit !== undefined ? ctx.units[cmd.unit] : undefined;
  return (
    roleGate(scenario, ctx, cmd.role) ??
    (action ? null : fail('UNKNOWN_ACTION', `no action "${cmd.action}"`)) ??
    (action && actionGate(scenario, ctx, cmd.role, action, facts)) ??
    (action && unitGate(ctx, cmd.role, action, cmd.unit, facts)) ??
    (action && targetGate(scenario, ctx, cmd.role, action, unit?.zone, cmd.zone, facts)) ??
    (action && routeGate(scenario, ctx, action, unit?.node)) ??
    null
  );
}

const OPTIONAL_STRINGS: Record<string, readonly string[]> = {
  order: ['action', 'unit', 'zone'],
  cancel: ['order'],
  submit: [],
  inject: ['event', 'text'],
  override: ['reason', 'legal'],
  adjust: ['reason', 'node'],
  pause: [],
  resume: [],
};

/** Is this a well-formed command object at all? (Rules are checked by checkCommand.) */
export function checkShape(_scenario: Scenario, cmd: unknown): RuleError | null {
  if (cmd === null || typeof cmd !== 'object' || typeof (cmd as { type?: unknown }).type !== 'string') {
    return fail('BAD_COMMAND', 'a command is an object with a "type": order, cancel or submit');
  }
  const record = cmd as Record<string, unknown>;
  const fields = OPTIONAL_STRINGS[record.type as string];
  if (!fields) return fail('BAD_COMMAND', `unknown command type "${String(record.type)}" (expected order, cancel, submit, or a White Cell inject, override, adjust, pause, resume)`);
  if (typeof record.role !== 'string') return fail('BAD_COMMAND', 'a command needs a "role" (a role id)');
  for (const field of fields) {
    if (record[field] !== undefined && typeof record[field] !== 'string') return fail('BAD_COMMAND', `"${field}" must be a string id`);
  }
  if (record.type === 'submit' && record.note !== undefined) return checkNote(record.note);
  return null;
}

/** The longest team note a submit may carry (a short rationale, not a report). */
export const MAX_NOTE_LENGTH = 500;

/** Notes are recorded exactly as given, so the client trims them; an empty note is simply left out. */
function checkNote(note: unknown): RuleError | null {
  if (typeof note !== 'string') return fail('BAD_COMMAND', '"note" must be a string (the team\'s rationale for the turn)');
  if (note.length === 0 || note.trim() !== note) return fail('BAD_COMMAND', '"note" must be trimmed and non-empty (leave it out when there is nothing to say)');
  if (note.length > MAX_NOTE_LENGTH) return fail('BAD_COMMAND', `"note" is ${note.length} characters; at most ${MAX_NOTE_LENGTH} are allowed`);
  return null;
}

export function checkCommand(scenario: Scenario, ctx: GameContext, cmd: Command): RuleError | null {
  const shape = checkShape(scenario, cmd);
  if (shape) return shape;
  if (isWhiteCellCommand(cmd)) return checkWhiteCell(scenario, ctx, cmd);
  if (ctx.whiteCell.paused && !isGameOver(ctx)) return fail('PAUSED', 'the White Cell has paused the exercise');
  switch (cmd.type) {
    case 'order':
      return checkOrder(scenario, ctx, cmd);
    case 'cancel': {
      if (isGameOver(ctx)) return fail('GAME_OVER', 'the game is over');
      if (!scenario.roles.has(cmd.role)) return fail('UNKNOWN_ROLE', `no role "${cmd.role}"`);
      if (ctx.submitted[cmd.role]) return fail('NOT_YOUR_TURN', `${cmd.role} has already submitted its orders`);
      const order = ctx.orders.find((o) => o.id === cmd.order);
      if (!order || order.role !== cmd.role) return fail('UNKNOWN_ORDER', `${cmd.role} has no pending order "${cmd.order}"`);
      return null;
    }
    case 'submit':
      if (isGameOver(ctx)) return fail('GAME_OVER', 'the game is over');
      if (!scenario.roles.has(cmd.role)) return fail('UNKNOWN_ROLE', `no role "${cmd.role}"`);
      if (ctx.submitted[cmd.role]) return fail('NOT_YOUR_TURN', `${cmd.role} has already submitted its orders for turn ${ctx.turn}`);
      return null;
  }
}

export function isWhiteCellCommand(cmd: Command): cmd is WhiteCellCommand {
  return cmd.type === 'inject' || cmd.type === 'override' || cmd.type === 'adjust' || cmd.type === 'pause' || cmd.type === 'resume';
}

/** The White Cell's ready-made commands: the inject library and pause/resume (overrides need a reason). */
function whiteCellCommands(scenario: Scenario, ctx: GameContext): Command[] {
  if (isGameOver(ctx)) return [];
  const commands: Command[] = scenario.data.injects.map((e) => ({ type: 'inject' as const, role: WHITE_CELL, event: e.id }));
  commands.push({ type: ctx.whiteCell.paused ? 'resume' : 'pause', role: WHITE_CELL });
  return commands;
}

/** Every legal command for a role right now, in a stable order: orders, cancels, submit. */
export function legalCommandsFor(scenario: Scenario, ctx: GameContext, role: string): Command[] {
  if (role === WHITE_CELL) return whiteCellCommands(scenario, ctx);
  if (ctx.whiteCell.paused) return [];
  if (roleGate(scenario, ctx, role)) return [];
  const commands: Command[] = [];
  const facts = turnFacts(ctx);
  const ownUnits = scenario.unitIds.map((id) => ctx.units[id]).filter((u) => u.role === role && u.removedHour === undefined && u.movingTo === undefined && !facts.busy.has(u.id));
  // The same gates as checkOrder, applied level by level so each is evaluated once.
  for (const action of scenario.actionsByRole.get(role) ?? []) {
    if (actionGate(scenario, ctx, role, action, facts)) continue;
    const units = action.unitTypes ? ownUnits.filter((u) => action.unitTypes?.includes(u.type)) : [undefined];
    for (const unit of units) {
      if (routeGate(scenario, ctx, action, unit?.node)) continue;
      const zones: readonly (string | undefined)[] = action.target === 'none' ? [undefined] : targetZones(scenario, action, unit?.zone);
      for (const zone of zones) {
        if (targetGate(scenario, ctx, role, action, unit?.zone, zone, facts)) continue;
        const cmd: OrderCommand = { type: 'order', role, action: action.id };
        if (unit !== undefined) cmd.unit = unit.id;
        if (zone !== undefined) cmd.zone = zone;
        commands.push(cmd);
      }
    }
  }
  for (const order of ctx.orders) if (order.role === role) commands.push({ type: 'cancel', role, order: order.id });
  commands.push({ type: 'submit', role });
  return commands;
}
