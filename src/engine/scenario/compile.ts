// A validated scenario, indexed for the engine. Only validate.ts builds one (after every
// cross-reference has been checked), so nothing downstream re-checks ids.
import { canonicalJson, sha256Hex } from '../hash.ts';
import type {
  ActionData,
  ArrangementId,
  AuthorityGrantData,
  CommandNodeData,
  LinkData,
  RoleData,
  ScenarioData,
  SharingId,
  TableData,
  UnitData,
  UnitTypeData,
  ZoneData,
} from './schema.ts';
import { ARRANGEMENT_IDS, SHARING_IDS } from '../ids.ts';
import { epochHoursOf } from '../clock.ts';

export interface ArrangementGraph {
  /** Node id -> links touching it, each with the far end (sorted by far end id). */
  readonly adjacency: ReadonlyMap<string, readonly { to: string; link: LinkData }[]>;
  /** `authority|theatre` (or `authority|*`) -> holding node. */
  readonly holders: ReadonlyMap<string, string>;
}

export interface Scenario {
  readonly data: ScenarioData;
  /** SHA-256 of the canonical JSON of `data`: what game files pin. */
  readonly hash: string;
  readonly startEpochHours: number;
  readonly zones: ReadonlyMap<string, ZoneData>;
  readonly nodes: ReadonlyMap<string, CommandNodeData>;
  readonly roles: ReadonlyMap<string, RoleData>;
  readonly roleIds: readonly string[];
  readonly unitTypes: ReadonlyMap<string, UnitTypeData>;
  readonly units: ReadonlyMap<string, UnitData>;
  /** Unit ids in canonical (sorted) order. */
  readonly unitIds: readonly string[];
  /** Display name of a unit (its id when unknown). */
  unitName(id: string): string;
  readonly actions: ReadonlyMap<string, ActionData>;
  readonly actionsByRole: ReadonlyMap<string, readonly ActionData[]>;
  readonly tables: ReadonlyMap<string, TableData>;
  /** theatre -> rung id -> index on its ladder. */
  readonly rungIndex: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly theatreIds: readonly string[];
  /** Great-circle distance between zone centres, km. */
  distanceKm(from: string, to: string): number;
  /** Zones reachable in 1..steps adjacency steps, sorted by id (the start zone first when includeStart). */
  zonesWithin(zone: string, steps: number, includeStart?: boolean): readonly string[];
  /** Adjacency path (zone ids, excluding start) from one zone to another, or null. */
  zonePath(from: string, to: string): readonly string[] | null;
  /** The command graph of an arrangement, before or after its activation. */
  graph(arrangement: ArrangementId, activated: boolean): ArrangementGraph;
  /** Sharing network of a mode: role -> neighbours with the link delay. */
  sharing(mode: SharingId): ReadonlyMap<string, readonly { to: string; delayHours: LinkData['delayHours'] }[]>;
}

const EARTH_RADIUS_KM = 6371.0088; // IUGG mean radius

export function haversineKm([lon1, lat1]: readonly number[], [lon2, lat2]: readonly number[]): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map([...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((item) => [item.id, item]));
}

function buildGraph(links: readonly LinkData[], grants: readonly AuthorityGrantData[], nodes: readonly CommandNodeData[]): ArrangementGraph {
  const adjacency = new Map<string, { to: string; link: LinkData }[]>();
  for (const node of nodes) adjacency.set(node.id, []);
  for (const link of links) {
    const [a, b] = link.between;
    adjacency.get(a)?.push({ to: b, link });
    adjacency.get(b)?.push({ to: a, link });
  }
  for (const list of adjacency.values()) list.sort((x, y) => (x.to < y.to ? -1 : x.to > y.to ? 1 : 0));
  const holders = new Map<string, string>();
  for (const node of [...nodes].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const authority of node.authorities) if (!holders.has(`${authority}|*`)) holders.set(`${authority}|*`, node.id);
  }
  for (const grant of grants) holders.set(`${grant.authority}|${grant.theatre ?? '*'}`, grant.node);
  return { adjacency, holders };
}

/** Index a scenario whose references have already been checked. */
export function compileScenario(data: ScenarioData): Scenario {
  const zones = byId(data.zones);
  const zoneIds = [...zones.keys()];
  const neighbours = new Map<string, string[]>();
  for (const zone of data.zones) neighbours.set(zone.id, [...zone.adjacent].sort());
  for (const zone of data.zones) {
    for (const other of zone.adjacent) {
      const list = neighbours.get(other);
      if (list && !list.includes(zone.id)) {
        list.push(zone.id);
        list.sort();
      }
    }
  }

  const distance = new Map<string, number>();
  const distanceKm = (from: string, to: string): number => {
    const key = from < to ? `${from}|${to}` : `${to}|${from}`;
    let km = distance.get(key);
    if (km === undefined) {
      const a = zones.get(from);
      const b = zones.get(to);
      km = a && b ? haversineKm(a.centre, b.centre) : Infinity;
      distance.set(key, km);
    }
    return km;
  };

  // Breadth-first paths from every zone, computed once: zone counts are small (tens).
  const parents = new Map<string, Map<string, string | null>>();
  const depth = new Map<string, Map<string, number>>();
  for (const start of zoneIds) {
    const parent = new Map<string, string | null>([[start, null]]);
    const dist = new Map<string, number>([[start, 0]]);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      const here = queue[i];
      for (const next of neighbours.get(here) ?? []) {
        if (parent.has(next)) continue;
        parent.set(next, here);
        dist.set(next, (dist.get(here) ?? 0) + 1);
        queue.push(next);
      }
    }
    parents.set(start, parent);
    depth.set(start, dist);
  }
  // zone -> [steps * 2 + includeStart] -> list. Called per candidate order by bots and per
  // table roll, so no key strings are built on a hit.
  const withinCache = new Map<string, string[][]>();
  const zonesWithin = (zone: string, steps: number, includeStart = false): string[] => {
    let byZone = withinCache.get(zone);
    if (!byZone) {
      byZone = [];
      withinCache.set(zone, byZone);
    }
    const slot = steps * 2 + (includeStart ? 1 : 0);
    let list = byZone[slot];
    if (!list) {
      list = [...(depth.get(zone) ?? new Map<string, number>()).entries()]
        .filter(([id, d]) => id !== zone && d <= steps)
        .map(([id]) => id)
        .sort();
      if (includeStart) list.unshift(zone);
      byZone[slot] = list;
    }
    return list;
  };
  const zonePath = (from: string, to: string): string[] | null => {
    const parent = parents.get(from);
    if (!parent || !parent.has(to)) return null;
    const path: string[] = [];
    for (let at: string | null | undefined = to; at && at !== from; at = parent.get(at)) path.push(at);
    return path.reverse();
  };

  const graphs = new Map<string, ArrangementGraph>();
  const graph = (arrangement: ArrangementId, activated: boolean): ArrangementGraph => {
    const key = activated ? `${arrangement}+` : arrangement;
    let built = graphs.get(key);
    if (!built) {
      const spec = data.arrangements[arrangement];
      const extra = activated && spec.activation ? spec.activation : { links: [], authorities: [] };
      built = buildGraph([...data.links, ...spec.links, ...extra.links], [...spec.authorities, ...extra.authorities], data.commandNodes);
      graphs.set(key, built);
    }
    return built;
  };
  for (const id of ARRANGEMENT_IDS) graph(id, false);

  const sharingNets = new Map<SharingId, Map<string, { to: string; delayHours: LinkData['delayHours'] }[]>>();
  for (const mode of SHARING_IDS) {
    const net = new Map<string, { to: string; delayHours: LinkData['delayHours'] }[]>();
    for (const role of data.roles) net.set(role.id, []);
    for (const link of data.sharing[mode].links) {
      const [a, b] = link.between;
      net.get(a)?.push({ to: b, delayHours: link.delayHours });
      net.get(b)?.push({ to: a, delayHours: link.delayHours });
    }
    for (const list of net.values()) list.sort((x, y) => (x.to < y.to ? -1 : 1));
    sharingNets.set(mode, net);
  }

  const actions = byId(data.actions);
  const actionsByRole = new Map<string, ActionData[]>();
  for (const role of data.roles) actionsByRole.set(role.id, []);
  for (const action of actions.values()) actionsByRole.get(action.role)?.push(action);

  const rungIndex = new Map<string, Map<string, number>>();
  for (const theatre of data.theatres) rungIndex.set(theatre.id, new Map(theatre.ladder.rungs.map((rung, i) => [rung.id, i])));

  const roles = byId(data.roles);
  const units = byId(data.units);
  return {
    data,
    hash: sha256Hex(canonicalJson(data)),
    startEpochHours: epochHoursOf(data.clock.start),
    zones,
    nodes: byId(data.commandNodes),
    roles,
    roleIds: [...roles.keys()],
    unitTypes: byId(data.unitTypes),
    units,
    unitIds: [...units.keys()],
    unitName: (id) => units.get(id)?.name ?? id,
    actions,
    actionsByRole,
    tables: byId(data.tables),
    rungIndex,
    theatreIds: data.theatres.map((t) => t.id).sort(),
    distanceKm,
    zonesWithin,
    zonePath,
    graph,
    sharing: (mode) => sharingNets.get(mode) ?? new Map(),
  };
}
