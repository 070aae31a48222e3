// Command latency: how an order travels the command graph of an arrangement.
// Route = origin node -> the node holding the approving authority -> the unit's node,
// each leg the fewest hops over the arrangement's links (ties broken by node id).
// At each node: wait until staffed (local duty hours, or 24/7 under crisis posture),
// then staff work drawn from the node's distribution (slower on a night shift);
// between nodes: the link's transmission delay.
import type { ArrangementGraph, Scenario } from './scenario/compile.ts';
import type { ActionData, CommandNodeData, LinkData } from './scenario/schema.ts';
import type { GameContext, HopRecord, Message } from './types.ts';
import { localTime } from './clock.ts';
import { meanHours, type Stream } from './rng.ts';
import { subMap, subWeakMap } from './cache.ts';

export interface Route {
  path: string[];
  reasons: HopRecord['reason'][];
  /** links[i] joins path[i] and path[i + 1]. */
  links: LinkData[];
  routedUnder: string;
}

const legCache = new WeakMap<ArrangementGraph, Map<string, { path: string[]; links: LinkData[] } | null>>();

/** Fewest-hop path between two nodes; neighbours are pre-sorted by id, so ties are stable. */
function leg(graph: ArrangementGraph, from: string, to: string): { path: string[]; links: LinkData[] } | null {
  const cache = subMap(legCache, graph);
  const key = `${from}>${to}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let result: { path: string[]; links: LinkData[] } | null = null;
  if (from === to) result = { path: [from], links: [] };
  else {
    const parent = new Map<string, { node: string; link: LinkData }>();
    const seen = new Set([from]);
    const queue = [from];
    for (let i = 0; i < queue.length && !seen.has(to); i++) {
      for (const edge of graph.adjacency.get(queue[i]) ?? []) {
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        parent.set(edge.to, { node: queue[i], link: edge.link });
        queue.push(edge.to);
      }
    }
    if (seen.has(to)) {
      const path = [to];
      const links: LinkData[] = [];
      for (let at = to; at !== from; ) {
        const step = parent.get(at);
        if (!step) break;
        path.push(step.node);
        links.push(step.link);
        at = step.node;
      }
      result = { path: path.reverse(), links: links.reverse() };
    }
  }
  cache.set(key, result);
  return result;
}

export function isActivated(ctx: GameContext, atHour: number): boolean {
  return ctx.activation.activeHour !== null && ctx.activation.activeHour <= atHour;
}

export function authorityHolder(graph: ArrangementGraph, authority: string, theatre: string): string | undefined {
  return graph.holders.get(`${authority}|${theatre}`) ?? graph.holders.get(`${authority}|*`);
}

// Keyed by the (immutable) arrangement graph and action objects, then by unit node.
const routeCache = new WeakMap<ArrangementGraph, WeakMap<ActionData, Map<string, Route | null>>>();

/** The route an order would take if issued now; null when the arrangement has none. */
export function routeFor(scenario: Scenario, ctx: GameContext, action: ActionData, unitNode: string | undefined, atHour: number): Route | null {
  const activated = isActivated(ctx, atHour);
  const graph = scenario.graph(ctx.arrangement, activated);
  const cache = subMap(subWeakMap(routeCache, graph), action);
  const key = unitNode ?? '';
  let route = cache.get(key);
  if (route === undefined) {
    route = computeRoute(scenario, ctx.arrangement, activated, action, unitNode);
    cache.set(key, route);
  }
  return route;
}

function computeRoute(scenario: Scenario, arrangement: GameContext['arrangement'], activated: boolean, action: ActionData, unitNode: string | undefined): Route | null {
  const graph = scenario.graph(arrangement, activated);
  const holder = authorityHolder(graph, action.path.authority, action.theatre);
  if (!holder) return null;
  const up = leg(graph, action.path.from, holder);
  const down = leg(graph, holder, unitNode ?? holder);
  if (!up || !down) return null;
  const path = [...up.path, ...down.path.slice(1)];
  const links = [...up.links, ...down.links];
  const holderIndex = up.path.length - 1;
  const reasons = path.map((_, i): HopRecord['reason'] =>
    i === holderIndex ? 'authority' : i === 0 ? 'origin' : i === path.length - 1 ? 'executing' : 'relay',
  );
  const spec = scenario.data.arrangements[arrangement];
  const routedUnder = activated && spec.activation ? spec.activation.name : spec.name;
  return { path, reasons, links, routedUnder };
}

function inWindow(hourOfDay: number, [start, end]: readonly [number, number]): boolean {
  return start <= end ? hourOfDay >= start && hourOfDay < end : hourOfDay >= start || hourOfDay < end;
}

export interface Staffed {
  /** Game hour at which staff start work on the message. */
  startHour: number;
  nightShift: boolean;
}

/** When a node can start work on something that reaches it at `hour` (game hours). */
export function staffedFrom(node: CommandNodeData, scenario: Scenario, hour: number, crisis: boolean): Staffed {
  const epoch = scenario.startEpochHours + hour;
  const staffing = node.staffing;
  const now = localTime(epoch, node.utcOffsetHours);
  if (staffing.alwaysOn || crisis) {
    return { startHour: hour, nightShift: inWindow(now.hourOfDay, staffing.nightHours) };
  }
  const [dutyStart, dutyEnd] = staffing.dutyHours;
  if (staffing.workdays.includes(now.weekday) && now.hourOfDay >= dutyStart && now.hourOfDay < dutyEnd) {
    return { startHour: hour, nightShift: false };
  }
  // Held until the next duty start on a working day (at most a week ahead).
  let wait = dutyStart - now.hourOfDay;
  if (wait <= 0) wait += 24;
  let weekday = now.hourOfDay < dutyStart ? now.weekday : (now.weekday % 7) + 1;
  for (let i = 0; i < 7 && !staffing.workdays.includes(weekday); i++) {
    wait += 24;
    weekday = (weekday % 7) + 1;
  }
  return { startHour: hour + wait, nightShift: false };
}

/** Whether a node is working at `hour` (for views): on duty, and on its night shift. */
export function dutyState(node: CommandNodeData, scenario: Scenario, hour: number, crisis: boolean): { onDuty: boolean; nightShift: boolean } {
  const staffed = staffedFrom(node, scenario, hour, crisis);
  return { onDuty: staffed.startHour === hour, nightShift: staffed.nightShift };
}

/** Processing time at a node: a White Cell adjustment, else the action's own (e.g. a Cabinet decision), else the node's. */
function processingFor(ctx: GameContext, action: ActionData, node: CommandNodeData, hour: number) {
  const adjusted = ctx.whiteCell.adjustments[node.id];
  if (adjusted && adjusted.fromHour <= hour) return adjusted.processingHours;
  return action.path.processingAt?.[node.id] ?? node.processingHours;
}

/**
 * Handle a message that has just reached `path[at]` at `msg.nextHour`: wait for staff,
 * do the staff work, and either send it down the next link or mark it delivered.
 * Returns the updated message (the input is not modified).
 */
export function workAtNode(scenario: Scenario, ctx: GameContext, msg: Message, action: ActionData, stream: Stream, link: LinkData | undefined): Message {
  const nodeId = msg.path[msg.at];
  const node = scenario.nodes.get(nodeId);
  if (!node) return msg;
  const arrived = msg.nextHour;
  const staffed = staffedFrom(node, scenario, arrived, ctx.posture[node.role] === 'crisis');
  const dist = processingFor(ctx, action, node, arrived);
  const processing = stream.hours(dist) * (staffed.nightShift ? node.staffing.nightFactor : 1);
  const done = staffed.startHour + processing;
  const hop: HopRecord = {
    node: nodeId,
    arrivedHour: arrived,
    waitHours: staffed.startHour - arrived,
    processingHours: processing,
    transmissionHours: msg.hops.length === 0 ? 0 : msg.pendingTransmission,
    mechanism: msg.hops.length === 0 ? undefined : msg.pendingMechanism,
    reason: msg.reasons[msg.at],
    nightShift: staffed.nightShift,
  };
  const hops = [...msg.hops, hop];
  if (msg.at === msg.path.length - 1 || !link) {
    return { ...msg, hops, nextHour: done, phase: 'delivering', pendingTransmission: 0, pendingMechanism: undefined };
  }
  const transmission = stream.hours(link.delayHours);
  return {
    ...msg,
    hops,
    at: msg.at + 1,
    nextHour: done + transmission,
    phase: 'arriving',
    pendingTransmission: transmission,
    pendingMechanism: link.mechanism,
  };
}

/** Expected arrival at the executing node, from mean delays (for players' estimates only). */
export function estimateArrival(scenario: Scenario, ctx: GameContext, msg: Message, action: ActionData, links: readonly LinkData[]): number {
  if (msg.phase === 'delivering' || msg.phase === 'transit') return msg.nextHour;
  let hour = msg.nextHour;
  for (let i = msg.at; i < msg.path.length; i++) {
    const node = scenario.nodes.get(msg.path[i]);
    if (!node) continue;
    const staffed = staffedFrom(node, scenario, hour, ctx.posture[node.role] === 'crisis');
    const dist = processingFor(ctx, action, node, hour);
    hour = staffed.startHour + meanHours(dist) * (staffed.nightShift ? node.staffing.nightFactor : 1);
    const link = links[i];
    if (i < msg.path.length - 1 && link) hour += meanHours(link.delayHours);
  }
  return hour;
}
