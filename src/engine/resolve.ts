// Turn resolution, hour by hour: orders become messages, messages move through the
// command graph, delivered orders act (after the unit's transit), sensors look, partners'
// reports arrive. Then the assessment turns pressure into ladder moves, and the aftermath
// fires triggered events and checks outcomes.
import type { ActionData, LinkData } from './scenario/schema.ts';
import type { Scenario } from './scenario/compile.ts';
import type { GameContext, Message } from './types.ts';
import { applyEffects, type EffectScope } from './effects.ts';
import { holds, sideOf } from './conditions.ts';
import { routeFor, workAtNode } from './latency.ts';
import { deliverIntel, detectionSweep } from './detection.ts';
import { byIdOrder, type Work } from './work.ts';

function linkAfter(scenario: Scenario, ctx: GameContext, msg: Message): LinkData | undefined {
  if (msg.at >= msg.path.length - 1) return undefined;
  const graph = scenario.graph(ctx.arrangement, msg.activated);
  return graph.adjacency.get(msg.path[msg.at])?.find((e) => e.to === msg.path[msg.at + 1])?.link;
}

function unitName(scenario: Scenario, id: string | undefined): string {
  if (!id) return '';
  return scenario.unitName(id);
}

function labelOf(scenario: Scenario, action: ActionData, unit: string | undefined): string {
  return unit ? `${unitName(scenario, unit)}: ${action.name}` : `${scenario.roles.get(action.role)?.name ?? action.role}: ${action.name}`;
}

/** Hours for one leg between adjacent zones, centre to centre. */
function legHours(scenario: Scenario, from: string, to: string, speedKmh: number): number {
  return scenario.distanceKm(from, to) / speedKmh;
}

/** Turn this turn's sealed orders into messages at the turn's start hour. */
function issueOrders(work: Work): void {
  const { ctx, scenario } = work;
  const orders = ctx.orders.slice().sort((a, b) => byIdOrder(a.id, b.id));
  for (const order of orders) {
    const action = scenario.actions.get(order.action);
    if (!action) continue;
    const unitNode = order.unit ? ctx.units[order.unit]?.node : undefined;
    const route = routeFor(scenario, ctx, action, unitNode, ctx.hour);
    if (!route) {
      work.log({ hour: ctx.hour, kind: 'order-failed', text: `${labelOf(scenario, action, order.unit)}: no command route.`, roles: [order.role] });
      continue;
    }
    ctx.messages.push({
      id: order.id,
      order,
      theatre: action.theatre,
      issuedHour: ctx.hour,
      path: route.path,
      reasons: route.reasons,
      hops: [],
      at: 0,
      nextHour: ctx.hour,
      phase: 'arriving',
      pendingTransmission: 0,
      activated: route.path.length > 0 && ctx.activation.activeHour !== null && ctx.activation.activeHour <= ctx.hour,
      routedUnder: route.routedUnder,
    });
    work.log({
      hour: ctx.hour,
      kind: 'order-issued',
      text: `${labelOf(scenario, action, order.unit)} — route ${route.path.join(' → ')}.`,
      roles: [order.role],
      data: { order: order.id, action: action.id },
    });
  }
  ctx.orders = [];
}

function recordDelays(work: Work, msg: Message): void {
  const { ctx, scenario } = work;
  if (sideOf(scenario, msg.order.role) !== 'allied') return;
  const d = ctx.metrics.delayHours;
  for (const hop of msg.hops) {
    d.transmission += hop.transmissionHours;
    if (hop.reason === 'authority' && msg.path.length > 1 && hop !== msg.hops[0]) {
      d.authority += hop.waitHours + hop.processingHours;
    } else {
      d.staffing += hop.waitHours;
      d.processing += hop.processingHours;
    }
  }
  ctx.metrics.ordersDelivered += 1;
}

function countsAsResponse(scenario: Scenario, tags: readonly string[] | undefined): boolean {
  const wanted = scenario.data.metrics.responseTags;
  if (!wanted || wanted.length === 0) return true;
  return tags !== undefined && tags.some((t) => wanted.includes(t));
}

/** The order acts: effects, escalation weight, response-time metric; then it is filed. */
function takeEffect(work: Work, msg: Message, hour: number): void {
  const { ctx, scenario } = work;
  const action = scenario.actions.get(msg.order.action);
  if (!action) return;
  const unit = msg.order.unit ? ctx.units[msg.order.unit] : undefined;
  const zone = msg.order.zone ?? unit?.zone;
  const scope: EffectScope = { role: msg.order.role, unit: msg.order.unit, zone, theatre: action.theatre, hour, label: labelOf(scenario, action, msg.order.unit) };
  for (const theatre of Object.keys(action.escalation).sort()) {
    ctx.pressure[theatre] = (ctx.pressure[theatre] ?? 0) + action.escalation[theatre];
  }
  work.log({
    hour,
    kind: 'order-effect',
    text: `${scope.label} takes effect${zone ? ` in ${scenario.zones.get(zone)?.name ?? zone}` : ''} (issued ${(hour - msg.issuedHour).toFixed(1)} h ago).`,
    roles: sameSideRoles(scenario, msg.order.role),
    data: { order: msg.id, action: action.id, zone: zone ?? null },
  });
  applyEffects(work, action.effects, scope);

  const physical = action.effects.some((e) => e.type === 'move' || e.type === 'onScene');
  const m = ctx.metrics;
  if (
    physical &&
    zone !== undefined &&
    m.firstAlliedEffectHour === null &&
    m.triggerDetectedHour !== null &&
    hour >= m.triggerDetectedHour &&
    sideOf(scenario, msg.order.role) === 'allied' &&
    scenario.data.metrics.sceneZones.includes(zone) &&
    countsAsResponse(scenario, unit?.tags)
  ) {
    m.firstAlliedEffectHour = hour;
    m.alliedResponseHours = hour - m.triggerDetectedHour;
  }
  const filed: Message = { ...msg, effectHour: hour };
  dropMessage(ctx, msg.id);
  ctx.delivered.push(filed);
  recordDelays(work, filed);
}

function dropMessage(ctx: GameContext, id: string): void {
  const index = ctx.messages.findIndex((x) => x.id === id);
  if (index >= 0) ctx.messages.splice(index, 1);
}

function failOrder(work: Work, msg: Message, hour: number, why: string): void {
  const { ctx, scenario } = work;
  const action = scenario.actions.get(msg.order.action);
  work.log({ hour, kind: 'order-failed', text: `${action ? labelOf(scenario, action, msg.order.unit) : msg.id}: ${why}.`, roles: [msg.order.role] });
  dropMessage(ctx, msg.id);
  ctx.delivered.push({ ...msg, failed: why });
}

/** Advance one message by one step (arrive at a node, finish at the executing node, or end transit). */
function stepMessage(work: Work, msg: Message): void {
  const { ctx, scenario } = work;
  const action = scenario.actions.get(msg.order.action);
  if (!action) return;
  const replace = (next: Message) => {
    // ctx.messages is this step's own copy (see cloneContext), so it can be updated in place.
    const index = ctx.messages.findIndex((x) => x.id === next.id);
    if (index >= 0) ctx.messages[index] = next;
  };
  if (msg.phase === 'arriving') {
    replace(workAtNode(scenario, ctx, msg, action, work.stream, linkAfter(scenario, ctx, msg)));
    return;
  }
  const hour = msg.nextHour;
  const unit = msg.order.unit ? ctx.units[msg.order.unit] : undefined;
  if (msg.phase === 'delivering') {
    const arrived: Message = { ...msg, arrivedHour: hour };
    work.log({ hour, kind: 'order-arrived', text: `${labelOf(scenario, action, msg.order.unit)}: order reached ${scenario.nodes.get(msg.path[msg.path.length - 1])?.name ?? ''}.`, roles: [msg.order.role], data: { order: msg.id } });
    if (unit && unit.removedHour !== undefined) {
      failOrder(work, arrived, hour, 'the unit is no longer in play');
      return;
    }
    const moves = action.effects.some((e) => e.type === 'move');
    const target = msg.order.zone;
    const zonePath = moves && unit && target && target !== unit.zone ? scenario.zonePath(unit.zone, target) : null;
    if (unit && target && zonePath && zonePath.length > 0) {
      const speed = scenario.unitTypes.get(unit.type)?.speedKmh ?? 1;
      unit.movingTo = target;
      unit.arriveHour = hour + legHours(scenario, unit.zone, zonePath[0], speed);
      replace({ ...arrived, phase: 'transit', nextHour: unit.arriveHour, transitPath: [...zonePath] });
      return;
    }
    replace(arrived);
    takeEffect(work, arrived, hour);
    return;
  }
  // transit: the unit enters the next zone on its way; at the target, the order acts.
  const remaining = msg.transitPath ?? [];
  if (unit) {
    if (unit.removedHour !== undefined) {
      failOrder(work, msg, hour, 'the unit was lost on the way');
      return;
    }
    const from = unit.zone;
    unit.zone = remaining[0] ?? unit.zone;
    work.log({ hour, kind: 'move', text: `${unitName(scenario, unit.id)} enters ${scenario.zones.get(unit.zone)?.name ?? unit.zone} from ${scenario.zones.get(from)?.name ?? from}.`, roles: sameSideRoles(scenario, unit.role), data: { unit: unit.id, zone: unit.zone } });
    if (remaining.length > 1) {
      const speed = scenario.unitTypes.get(unit.type)?.speedKmh ?? 1;
      const next = hour + legHours(scenario, unit.zone, remaining[1], speed);
      unit.arriveHour = next;
      replace({ ...msg, nextHour: next, transitPath: remaining.slice(1) });
      return;
    }
    unit.movingTo = undefined;
    unit.arriveHour = undefined;
  }
  takeEffect(work, msg, hour);
}

function sameSideRoles(scenario: Scenario, role: string): string[] {
  const side = sideOf(scenario, role);
  return scenario.roleIds.filter((r) => sideOf(scenario, r) === side);
}

function nextDue(ctx: GameContext, before: number): Message | undefined {
  let best: Message | undefined;
  for (const msg of ctx.messages) {
    if (msg.nextHour >= before) continue;
    if (!best || msg.nextHour < best.nextHour || (msg.nextHour === best.nextHour && msg.id < best.id)) best = msg;
  }
  return best;
}

export function fireEvent(work: Work, id: string, hour: number, injectedBy?: 'white-cell'): void {
  const { ctx, scenario } = work;
  const def = scenario.data.events.find((e) => e.id === id) ?? scenario.data.injects.find((e) => e.id === id);
  if (!def) return;
  ctx.firedEvents.push(id);
  if (injectedBy) work.log({ hour, kind: 'whitecell', text: `White Cell inject: ${def.text}`, data: { act: 'inject', event: id } });
  else work.log({ hour, kind: 'event', text: def.text, roles: def.roles, data: { event: id } });
  applyEffects(work, def.effects, { hour, label: def.text });
}

/** Adjudication of one turn: the hour-by-hour simulation. */
export function resolveTurn(work: Work): void {
  const { ctx, scenario } = work;
  const start = ctx.hour;
  const end = start + scenario.data.clock.hoursPerTurn;
  work.log({ hour: start, kind: 'turn', text: `Turn ${ctx.turn} resolves.` });
  for (const def of scenario.data.events) {
    if (def.atTurn === ctx.turn && !ctx.firedEvents.includes(def.id)) fireEvent(work, def.id, start);
  }
  issueOrders(work);
  for (const role of scenario.roleIds) ctx.submitted[role] = false;

  for (let hour = start; hour < end; hour++) {
    const activation = ctx.activation;
    if (activation.dueHour !== null && activation.activeHour === null && activation.dueHour < hour + 1) {
      activation.activeHour = activation.dueHour;
      const spec = scenario.data.arrangements[ctx.arrangement].activation;
      work.log({ hour: activation.dueHour, kind: 'jtf', text: `${spec?.name ?? 'Activation'}: new orders now route through it.` });
    }
    for (let msg = nextDue(ctx, hour + 1); msg; msg = nextDue(ctx, hour + 1)) stepMessage(work, msg);
    deliverIntel(work, hour + 1);
    detectionSweep(work, hour + 1);
  }
}

/** End of turn: cohesion costs, pressure into ladder signals, arrangement activation. */
export function assess(work: Work): void {
  const { ctx, scenario } = work;
  const spec = scenario.data.arrangements[ctx.arrangement];
  const turnEnd = ctx.hour + scenario.data.clock.hoursPerTurn;
  if (spec.cohesionCostPerTurn) {
    const { role, amount } = spec.cohesionCostPerTurn;
    ctx.cohesion[role] = Math.max(0, (ctx.cohesion[role] ?? 100) - amount);
  }
  const before = { ...ctx.pressure };
  const nextRung: Record<string, number> = { ...ctx.rungs };
  for (const theatre of scenario.data.theatres) {
    const ladder = theatre.ladder;
    let total = before[theatre.id] ?? 0;
    for (const c of scenario.data.coupling) if (c.to === theatre.id) total += c.factor * Math.max(0, before[c.from] ?? 0);
    const rung = ctx.rungs[theatre.id] ?? 0;
    const top = ladder.rungs.length - 1;
    const gate = rung < top ? ladder.rungs[rung + 1].requires : undefined;
    const gateOpen = gate === undefined || holds(scenario, ctx, gate);
    if (total >= ladder.upThreshold && rung < top && gateOpen) {
      ctx.pendingSignals.push({ type: 'ladder', theatre: theatre.id, direction: 'up' });
      nextRung[theatre.id] = rung + 1;
      total -= ladder.upThreshold;
    } else if (total >= ladder.upThreshold && !gateOpen) {
      // Tension saturates below a gated rung: pressure alone does not start a war.
      total = ladder.upThreshold;
    } else if (total <= ladder.downThreshold && rung > 0 && rung < top) {
      ctx.pendingSignals.push({ type: 'ladder', theatre: theatre.id, direction: 'down' });
      nextRung[theatre.id] = rung - 1;
      total -= ladder.downThreshold;
    } else {
      total = total > 0 ? Math.max(0, total - ladder.decayPerTurn) : Math.min(0, total + ladder.decayPerTurn);
    }
    ctx.pressure[theatre.id] = Math.round(total * 1000) / 1000;
  }
  const activation = spec.activation;
  if (activation && ctx.activation.dueHour === null) {
    const needed = scenario.rungIndex.get(activation.theatre)?.get(activation.rung) ?? Infinity;
    if ((nextRung[activation.theatre] ?? 0) >= needed) {
      ctx.activation.dueHour = turnEnd + work.stream.hours(activation.delayHours);
      work.log({ hour: turnEnd, kind: 'jtf', text: `${activation.name} ordered; expected to stand up in about ${Math.round(ctx.activation.dueHour - turnEnd)} h.` });
    }
  }
}

/** Whether the aftermath would change anything (an event fires, the game ends). */
export function aftermathHasWork(scenario: Scenario, ctx: GameContext): boolean {
  if (ctx.turn >= scenario.data.clock.maxTurns) return true;
  if (scenario.data.events.some((def) => def.when && !ctx.firedEvents.includes(def.id) && holds(scenario, ctx, def.when))) return true;
  return scenario.data.outcomes.some((o) => o.check === 'any' && o.when !== undefined && holds(scenario, ctx, o.when));
}

/** After the ladders moved: triggered events, outcomes, next turn. */
export function aftermath(work: Work): void {
  const { ctx, scenario } = work;
  const turnEnd = ctx.hour + scenario.data.clock.hoursPerTurn;
  for (const def of scenario.data.events) {
    if (def.when && !ctx.firedEvents.includes(def.id) && holds(scenario, ctx, def.when)) fireEvent(work, def.id, turnEnd);
  }
  const last = ctx.turn >= scenario.data.clock.maxTurns;
  let outcome = scenario.data.outcomes.find((o) => o.check === 'any' && o.when && holds(scenario, ctx, o.when));
  if (!outcome && last) outcome = scenario.data.outcomes.find((o) => o.check === 'end' && (!o.when || holds(scenario, ctx, o.when)));
  if (!outcome && !last) return;
  ctx.outcome = outcome
    ? { id: outcome.id, name: outcome.name, text: outcome.text, winners: outcome.winners, hour: turnEnd }
    : { id: 'time-limit', name: 'Time limit', text: 'The crisis is unresolved when the clock runs out.', winners: [], hour: turnEnd };
  for (const objective of scenario.data.objectives) ctx.objectives[objective.id] = holds(scenario, ctx, objective.when);
  // Orders still in transit never arrive: record them as such so latency records are complete.
  for (const msg of ctx.messages) ctx.delivered.push({ ...msg, failed: 'still in transit when the game ended' });
  ctx.messages = [];
  work.log({ hour: turnEnd, kind: 'outcome', text: `${ctx.outcome.name}: ${ctx.outcome.text}`, data: { outcome: ctx.outcome.id } });
}

