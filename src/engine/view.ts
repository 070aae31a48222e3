// What a role may see. Bots, screens and replays see the game only through this.
// Own and same-side units are exact; opposing units appear only as contacts, where and
// when the role (or a partner, after the sharing delay) last saw them.
import type { Scenario } from './scenario/compile.ts';
import type { GameState, Message, MessageView, RoleView, UnitView } from './types.ts';
import { WHITE_CELL } from './types.ts';
import { sideOf } from './conditions.ts';
import { dutyState, estimateArrival } from './latency.ts';
import { formatLocal } from './clock.ts';
import { meanHours } from './rng.ts';

export const TRUTH = 'truth';
/**
 * What everyone in the room may see (a seminar projector): the ladders, legal status, clock,
 * command network and the announcements made to all roles; no units, orders or messages.
 */
export const PUBLIC = 'public';

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

function messageView(scenario: Scenario, state: GameState, msg: Message): MessageView {
  const action = scenario.actions.get(msg.order.action);
  const estimate = () => {
    const graph = scenario.graph(state.context.arrangement, msg.activated);
    const links = msg.path.slice(0, -1).map((node, i) => graph.adjacency.get(node)?.find((e) => e.to === msg.path[i + 1])?.link);
    return action ? estimateArrival(scenario, state.context, msg, action, links.filter((l) => l !== undefined)) : msg.nextHour;
  };
  const eta = msg.arrivedHour ?? (msg.failed ? msg.nextHour : estimate());
  return {
    id: msg.id,
    action: msg.order.action,
    actionName: action?.name ?? msg.order.action,
    role: msg.order.role,
    unit: msg.order.unit,
    zone: msg.order.zone,
    issuedHour: msg.issuedHour,
    path: msg.path,
    reasons: msg.reasons,
    hops: msg.hops,
    at: msg.at,
    phase: msg.phase,
    etaHour: eta,
    arrivedHour: msg.arrivedHour,
    effectHour: msg.effectHour,
    routedUnder: msg.routedUnder,
  };
}

export function view(state: GameState, role: string): RoleView {
  const { scenario, context: ctx } = state;
  const data = scenario.data;
  const truth = role === TRUTH || role === WHITE_CELL;
  const everyone = role === PUBLIC;
  if (!truth && !everyone && !scenario.roles.has(role)) throw new Error(`no role "${role}" (expected ${TRUTH}, ${PUBLIC} or one of: ${scenario.roleIds.join(', ')})`);
  const side = truth ? undefined : sideOf(scenario, role);

  const units: UnitView[] = [];
  for (const id of everyone ? [] : Object.keys(ctx.units).sort()) {
    const unit = ctx.units[id];
    const unitSide = sideOf(scenario, unit.role);
    const friendly = truth ? unitSide === 'allied' : unitSide === side;
    if (truth || unitSide === side) {
      if (unit.removedHour !== undefined) continue;
      units.push({
        id,
        name: scenario.unitName(id),
        role: unit.role,
        type: unit.type,
        zone: unit.zone,
        strength: unit.strength,
        affiliation: friendly ? 'friendly' : unitSide === 'neutral' ? 'neutral' : 'hostile',
        exact: true,
        movingTo: unit.movingTo,
        arriveHour: unit.arriveHour,
        tags: unit.tags,
      });
      continue;
    }
    const contact = ctx.knowledge[role]?.[id];
    if (!contact || unit.removedHour !== undefined && unit.removedHour <= contact.knownHour) continue;
    units.push({
      id,
      name: scenario.unitName(id),
      role: unit.role,
      type: contact.type,
      zone: contact.zone,
      strength: contact.strength,
      affiliation: unitSide === 'neutral' ? 'neutral' : 'hostile',
      exact: false,
      seenHour: contact.seenHour,
      knownHour: contact.knownHour,
      tags: [],
    });
  }

  const epoch = scenario.startEpochHours + ctx.hour;
  const statusName = (id: string) => data.legal.statuses.find((s) => s.id === id)?.name ?? id;
  const legalHistory = Object.entries(ctx.metrics.legalDeterminations)
    .map(([status, hour]) => ({ status, hour }))
    .sort((a, b) => a.hour - b.hour);
  const spec = data.arrangements[ctx.arrangement];
  const activeNow = ctx.activation.activeHour !== null && ctx.activation.activeHour <= ctx.hour;
  const mine = (msg: Message) => truth || msg.order.role === role;
  // The command network, messages and log are computed when first read: bots rarely need them.
  const network = lazy(() => {
    const nodes = data.commandNodes
      .filter((n) => truth || everyone || sideOf(scenario, n.role) === side)
      .map((n) => {
        const duty = dutyState(n, scenario, ctx.hour, ctx.posture[n.role] === 'crisis');
        return { id: n.id, name: n.name, role: n.role, utcOffsetHours: n.utcOffsetHours, localTime: formatLocal(epoch, n.utcOffsetHours), onDuty: duty.onDuty, nightShift: duty.nightShift };
      });
    const visible = new Set(nodes.map((n) => n.id));
    const graph = scenario.graph(ctx.arrangement, activeNow);
    const links: RoleView['links'] = [];
    for (const [from, edges] of graph.adjacency) {
      for (const edge of edges) if (from < edge.to && visible.has(from) && visible.has(edge.to)) links.push({ between: [from, edge.to], mechanism: edge.link.mechanism });
    }
    const authorityHolders: Record<string, string> = {};
    for (const [key, node] of graph.holders) if (visible.has(node)) authorityHolders[key] = node;
    return { nodes, links, authorityHolders };
  });
  const messages = lazy(() => ctx.messages.filter(mine).map((m) => messageView(scenario, state, m)));
  const delivered = lazy(() => ctx.delivered.filter(mine).map((m) => messageView(scenario, state, m)));
  const log = lazy(() => (truth ? ctx.log : ctx.log.filter((e) => !e.roles || (!everyone && e.roles.includes(role)))));

  return {
    role,
    scenarioId: data.meta.id,
    turn: ctx.turn,
    maxTurns: data.clock.maxTurns,
    hoursPerTurn: data.clock.hoursPerTurn,
    hour: ctx.hour,
    utc: formatLocal(epoch, 0),
    arrangement: ctx.arrangement,
    arrangementPhase: activeNow && spec.activation ? spec.activation.name : spec.name,
    sharing: ctx.sharing,
    phase: ctx.outcome ? 'ended' : 'orders',
    paused: ctx.whiteCell.paused,
    submitted: { ...ctx.submitted },
    units,
    ladders: data.theatres.map((t) => {
      const rung = ctx.rungs[t.id] ?? 0;
      return {
        theatre: t.id,
        name: t.name,
        rung,
        rungId: t.ladder.rungs[rung].id,
        rungName: t.ladder.rungs[rung].name,
        rungs: t.ladder.rungs.map((r) => ({ id: r.id, name: r.name })),
        pressure: ctx.pressure[t.id] ?? 0,
        peak: ctx.metrics.peakRung[t.id] ?? rung,
      };
    }),
    legal: { status: ctx.legal, name: statusName(ctx.legal), history: legalHistory },
    posture: { ...ctx.posture },
    cohesion: { ...ctx.cohesion },
    get nodes() {
      return network().nodes;
    },
    get links() {
      return network().links;
    },
    get authorityHolders() {
      return network().authorityHolders;
    },
    orders: ctx.orders.filter((o) => truth || o.role === role),
    get messages() {
      return messages();
    },
    get delivered() {
      return delivered();
    },
    get log() {
      return log();
    },
    flags: truth || ctx.outcome ? { ...ctx.flags } : {},
    outcome: ctx.outcome,
    objectives: data.objectives
      .filter((o) => truth || o.role === role || ctx.outcome)
      .map((o) => ({ id: o.id, role: o.role, text: o.text, met: ctx.objectives[o.id] ?? false })),
    metrics: ctx.metrics,
  };
}

/** Mean processing hours of a node (for displays). */
export function nodeMeanProcessing(scenario: Scenario, nodeId: string): number {
  const node = scenario.nodes.get(nodeId);
  return node ? meanHours(node.processingHours) : 0;
}
