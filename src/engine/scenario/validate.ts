// Validating a parsed scenario: the schema (shapes, types, ranges), then every
// cross-reference and sanity rule, each problem as one positioned line. Only a scenario
// that passes everything is compiled for the engine.
import { z } from 'zod';
import type { Result } from '../types.ts';
import { compileScenario, type Scenario } from './compile.ts';
import { formatScenarioError, type ParsedText, type Path, type ScenarioError } from './parse.ts';
import { ARRANGEMENT_IDS, ScenarioFile, type Condition, type Effect, type ScenarioData } from './schema.ts';

export { formatScenarioError, type ScenarioError };

// ---------------------------------------------------------------- schema issues

type Issue = z.core.$ZodIssue;

function pathText(path: Path): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out || 'the file';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  string: 'a text string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  tuple: 'a list',
  int: 'a whole number',
};

/** The schema node at a path (through objects, arrays, records, optionals, lazies). */
function schemaAt(schema: z.ZodType, path: Path): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType | undefined): z.ZodType | undefined => {
    let cur = s;
    for (let i = 0; i < 10 && cur; i++) {
      const def = (cur as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; getter?: () => z.ZodType } } })._zod.def;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') cur = def.innerType;
      else if (def.type === 'lazy' && def.getter) cur = def.getter();
      else break;
    }
    return cur;
  };
  node = unwrap(node);
  for (const segment of path) {
    if (!node) return undefined;
    const def = (node as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    if (def.type === 'object') node = (def.shape as Record<string, z.ZodType>)[String(segment)];
    else if (def.type === 'array') node = def.element as z.ZodType;
    else if (def.type === 'record') node = def.valueType as z.ZodType;
    else if (def.type === 'tuple') node = (def.items as z.ZodType[])[Number(segment)];
    else return undefined;
    node = unwrap(node);
  }
  return node;
}

function objectKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, unknown> } } })._zod.def;
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** "one of: {fixed, source}, {uniform, source}" or the discriminator values, for a union at a path. */
function unionExpectation(path: Path): string {
  const node = schemaAt(ScenarioFile, path);
  if (!node) return 'a valid value';
  const def = (node as unknown as { _zod: { def: { type: string; options?: z.ZodType[]; discriminator?: string } } })._zod.def;
  if (def.type !== 'union' || !def.options) return 'a valid value';
  if (def.discriminator) {
    const values = def.options.map((o) => {
      const shape = (o as unknown as { _zod: { def: { shape: Record<string, { _zod: { def: { values?: unknown[] } } }> } } })._zod.def.shape;
      return String(shape[def.discriminator as string]?._zod.def.values?.[0]);
    });
    return `a ${def.discriminator} of: ${values.join(', ')}`;
  }
  const alternatives = def.options.map((o) => {
    const keys = objectKeys(o);
    if (keys.length > 0) return `{ ${keys.join(', ')} }`;
    const t = (o as unknown as { _zod: { def: { type: string } } })._zod.def.type;
    return t === 'tuple' ? '[longitude, latitude]' : t === 'string' ? 'an id' : t;
  });
  return `one of: ${alternatives.join(', ')}`;
}

function valueAt(data: unknown, path: Path): unknown {
  let cur = data;
  for (const segment of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[segment];
  }
  return cur;
}

function issueLines(issue: Issue, parsed: ParsedText, file: string, base: Path = []): ScenarioError[] {
  const path: Path = [...base, ...(issue.path as (string | number)[])];
  const here = () => parsed.locate(path);
  const line = (pos: { line: number; col: number }, message: string): ScenarioError => ({ file, ...pos, message });
  const name = pathText(path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      const input = valueAt(parsed.data, path);
      if (input === undefined) {
        const field = path[path.length - 1];
        return [line(parsed.locate(path.slice(0, -1)), `missing required field "${String(field)}" in ${pathText(path.slice(0, -1))} (expected ${expected})`)];
      }
      return [line(here(), `${name} is ${describe(input)} (expected ${expected})`)];
    }
    case 'unrecognized_keys': {
      const known = objectKeys(schemaAt(ScenarioFile, path));
      return issue.keys.map((key) => line(parsed.locateKey(path, key), `unknown field "${key}" in ${name}${known.length ? ` (expected one of: ${known.join(', ')})` : ''}`));
    }
    case 'invalid_union': {
      // A union whose alternative matched the shape reports that alternative's own problems.
      const alternatives = (issue.errors ?? []) as Issue[][];
      const value = valueAt(parsed.data, path);
      const discriminated = (issue as { discriminator?: string }).discriminator;
      if (discriminated === undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value);
        const fitting = alternatives.filter((issues) => !issues.some((i) => (i.code === 'unrecognized_keys' && i.path.length === 0) || (i.code === 'invalid_type' && i.path.length === 1 && keys.length > 0 && valueAt(value, i.path as Path) === undefined)));
        if (fitting.length > 0) {
          const best = fitting.reduce((a, b) => (b.length < a.length ? b : a));
          return best.flatMap((i) => issueLines(i, parsed, file, path));
        }
      }
      const parent = path.slice(0, -1);
      if (path[path.length - 1] === 'type' && unionExpectation(path) === 'a valid value' && unionExpectation(parent) !== 'a valid value') {
        return [line(here(), `${name} is ${describe(value)} (expected ${unionExpectation(parent)})`)];
      }
      const shown = value !== null && typeof value === 'object' && !Array.isArray(value) ? `{ ${Object.keys(value).join(', ')} }` : describe(value);
      return [line(here(), `${name} is not valid: ${shown} (expected ${unionExpectation(path)})`)];
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'array') return [line(here(), `${name} has too few items (expected at least ${min})`)];
      if (issue.origin === 'string') return [line(here(), `${name} is too short (${issue.message})`)];
      return [line(here(), `${name} is ${describe(valueAt(parsed.data, path))} (expected ${issue.inclusive ? 'at least' : 'more than'} ${min}${issue.message && !issue.message.startsWith('Too small') ? `: ${issue.message}` : ''})`)];
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'array') return [line(here(), `${name} has too many items (expected at most ${max})`)];
      return [line(here(), `${name} is ${describe(valueAt(parsed.data, path))} (expected ${issue.inclusive ? 'at most' : 'less than'} ${max}${issue.message && !issue.message.startsWith('Too big') ? `: ${issue.message}` : ''})`)];
    }
    case 'invalid_value':
      return [line(here(), `${name} is ${describe(valueAt(parsed.data, path))} (expected one of: ${issue.values.map(String).join(', ')})`)];
    case 'invalid_format':
      return [line(here(), `${name} is ${describe(valueAt(parsed.data, path))} (expected ${issue.message})`)];
    default:
      return [line(here(), `${name}: ${issue.message}`)];
  }
}

// ---------------------------------------------------------------- cross-references

class Checker {
  readonly errors: ScenarioError[] = [];
  constructor(
    readonly data: ScenarioData,
    readonly parsed: ParsedText,
    readonly file: string,
  ) {}

  at(path: Path, message: string): void {
    this.errors.push({ file: this.file, ...this.parsed.locate(path), message });
  }

  /** Reports an unknown id with the list of known ones. */
  ref(path: Path, value: string, known: ReadonlySet<string> | readonly string[], what: string): void {
    const set = known instanceof Set ? known : new Set(known as readonly string[]);
    if (set.has(value)) return;
    const list = [...set].sort();
    const shown = list.length > 12 ? `${list.slice(0, 12).join(', ')}, …` : list.join(', ');
    this.at(path, `${pathText(path)} "${value}" is not ${what} (expected one of: ${shown})`);
  }

  unique<T extends { id: string }>(items: readonly T[], base: Path, what: string): Set<string> {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.id);
      if (first !== undefined) this.at([...base, i, 'id'], `duplicate ${what} id "${item.id}" (first defined at ${pathText([...base, first])}; ids must be unique)`);
      else seen.set(item.id, i);
    });
    return new Set(seen.keys());
  }
}

function checkDistribution(c: Checker, path: Path, dist: unknown): void {
  const d = dist as { uniform?: number[]; triangular?: number[] };
  if (d.uniform && d.uniform[0] > d.uniform[1]) c.at([...path, 'uniform'], `${pathText(path)}.uniform has min ${d.uniform[0]} above max ${d.uniform[1]} (expected [min, max] with min <= max)`);
  if (d.triangular) {
    const [min, mode, max] = d.triangular;
    if (!(min <= mode && mode <= max)) c.at([...path, 'triangular'], `${pathText(path)}.triangular is [${d.triangular.join(', ')}] (expected [min, mode, max] with min <= mode <= max)`);
  }
}

interface Ids {
  zones: Set<string>;
  roles: Set<string>;
  nodes: Set<string>;
  theatres: Set<string>;
  rungs: Map<string, Set<string>>;
  statuses: Set<string>;
  tables: Set<string>;
  unitTypes: Set<string>;
}

function checkCondition(c: Checker, ids: Ids, path: Path, cond: Condition): void {
  if ('all' in cond) cond.all.forEach((x, i) => checkCondition(c, ids, [...path, 'all', i], x));
  else if ('any' in cond) cond.any.forEach((x, i) => checkCondition(c, ids, [...path, 'any', i], x));
  else if ('not' in cond) checkCondition(c, ids, [...path, 'not'], cond.not);
  else if ('rung' in cond) checkRungRef(c, ids, [...path, 'rung'], cond.rung);
  else if ('legal' in cond) cond.legal.forEach((s, i) => c.ref([...path, 'legal', i], s, ids.statuses, 'a legal status'));
  else if ('presence' in cond) {
    c.ref([...path, 'presence', 'zone'], cond.presence.zone, ids.zones, 'a zone');
    if (cond.presence.role) c.ref([...path, 'presence', 'role'], cond.presence.role, ids.roles, 'a role');
  } else if ('cohesion' in cond) c.ref([...path, 'cohesion', 'role'], cond.cohesion.role, ids.roles, 'a role');
  else if ('posture' in cond) c.ref([...path, 'posture', 'role'], cond.posture.role, ids.roles, 'a role');
}

function checkRungRef(c: Checker, ids: Ids, path: Path, ref: { theatre: string; atLeast?: string; atMost?: string }): void {
  if (!ids.theatres.has(ref.theatre)) return c.ref([...path, 'theatre'], ref.theatre, ids.theatres, 'a theatre');
  const rungs = ids.rungs.get(ref.theatre) ?? new Set<string>();
  if (ref.atLeast !== undefined) c.ref([...path, 'atLeast'], ref.atLeast, rungs, `a rung of theatre ${ref.theatre}`);
  if (ref.atMost !== undefined) c.ref([...path, 'atMost'], ref.atMost, rungs, `a rung of theatre ${ref.theatre}`);
}

function checkEffects(c: Checker, ids: Ids, path: Path, effects: readonly Effect[]): void {
  effects.forEach((e, i) => {
    const p = [...path, i];
    if (e.type === 'table') c.ref([...p, 'table'], e.table, ids.tables, 'a table');
    if (e.type === 'legal') c.ref([...p, 'status'], e.status, ids.statuses, 'a legal status');
    if (e.type === 'posture' && e.role !== undefined) c.ref([...p, 'role'], e.role, ids.roles, 'a role');
    if (e.type === 'pressure') c.ref([...p, 'theatre'], e.theatre, ids.theatres, 'a theatre');
    if (e.type === 'cohesion') c.ref([...p, 'role'], e.role, ids.roles, 'a role');
    if (e.type === 'notify') (e.roles ?? []).forEach((r, j) => c.ref([...p, 'roles', j], r, ids.roles, 'a role'));
  });
}

/** Breadth-first reachability over undirected links. */
function reachable(links: readonly { between: readonly [string, string] }[], from: string): Set<string> {
  const adj = new Map<string, string[]>();
  for (const l of links) {
    const [a, b] = l.between;
    adj.set(a, [...(adj.get(a) ?? []), b]);
    adj.set(b, [...(adj.get(b) ?? []), a]);
  }
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const n of adj.get(queue[i]) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      queue.push(n);
    }
  }
  return seen;
}

function crossCheck(c: Checker): void {
  const d = c.data;
  c.unique(d.meta.sources, ['meta', 'sources'], 'source');
  const theatres = c.unique(d.theatres, ['theatres'], 'theatre');
  const zones = c.unique(d.zones, ['zones'], 'zone');
  const roles = c.unique(d.roles, ['roles'], 'role');
  const nodes = c.unique(d.commandNodes, ['commandNodes'], 'command node');
  const unitTypes = c.unique(d.unitTypes, ['unitTypes'], 'unit type');
  c.unique(d.units, ['units'], 'unit');
  const tables = c.unique(d.tables, ['tables'], 'table');
  c.unique(d.actions, ['actions'], 'action');
  const statuses = c.unique(d.legal.statuses, ['legal', 'statuses'], 'legal status');
  c.unique([...d.events, ...d.injects], ['events'], 'event or inject');
  c.unique(d.outcomes, ['outcomes'], 'outcome');
  c.unique(d.objectives, ['objectives'], 'objective');
  const rungs = new Map<string, Set<string>>();
  d.theatres.forEach((t, i) => rungs.set(t.id, c.unique(t.ladder.rungs, ['theatres', i, 'ladder', 'rungs'], 'rung')));
  const ids: Ids = { zones, roles, nodes, theatres, rungs, statuses, tables, unitTypes };

  if (!isRealDate(d.clock.start)) c.at(['clock', 'start'], `clock.start "${d.clock.start}" is not a real date (expected e.g. 2027-05-14T21:00:00Z)`);

  d.theatres.forEach((t, i) => {
    c.ref(['theatres', i, 'ladder', 'initial'], t.ladder.initial, rungs.get(t.id) ?? new Set(), `a rung of theatre ${t.id}`);
    t.ladder.rungs.forEach((r, j) => r.requires && checkCondition(c, ids, ['theatres', i, 'ladder', 'rungs', j, 'requires'], r.requires));
  });
  d.coupling.forEach((cp, i) => {
    c.ref(['coupling', i, 'from'], cp.from, theatres, 'a theatre');
    c.ref(['coupling', i, 'to'], cp.to, theatres, 'a theatre');
  });

  d.zones.forEach((z, i) => {
    if (z.theatre !== undefined) c.ref(['zones', i, 'theatre'], z.theatre, theatres, 'a theatre');
    z.adjacent.forEach((a, j) => {
      c.ref(['zones', i, 'adjacent', j], a, zones, 'a zone');
      if (a === z.id) c.at(['zones', i, 'adjacent', j], `zone "${z.id}" lists itself as adjacent (expected other zones)`);
    });
  });

  const offmap = new Set(d.zones.filter((z) => z.kind === 'offmap').map((z) => z.id));
  d.roles.forEach((r, i) => c.ref(['roles', i, 'hq'], r.hq, nodes, 'a command node'));
  d.commandNodes.forEach((n, i) => {
    c.ref(['commandNodes', i, 'role'], n.role, roles, 'a role');
    if (typeof n.location === 'string') c.ref(['commandNodes', i, 'location'], n.location, offmap, 'an off-map zone');
    const [start, end] = n.staffing.dutyHours;
    if (start >= end) c.at(['commandNodes', i, 'staffing', 'dutyHours'], `commandNodes[${i}].staffing.dutyHours [${start}, ${end}] ends before it starts (expected [start, end) local hours with start < end)`);
    checkDistribution(c, ['commandNodes', i, 'processingHours'], n.processingHours);
  });
  const checkLinks = (links: readonly { between: readonly [string, string]; delayHours: unknown }[], base: Path) =>
    links.forEach((l, i) => {
      l.between.forEach((n, j) => c.ref([...base, i, 'between', j], n, nodes, 'a command node'));
      if (l.between[0] === l.between[1]) c.at([...base, i, 'between'], `a link joins "${l.between[0]}" to itself (expected two different nodes)`);
      checkDistribution(c, [...base, i, 'delayHours'], l.delayHours);
    });
  checkLinks(d.links, ['links']);
  for (const id of ARRANGEMENT_IDS) {
    const a = d.arrangements[id];
    checkLinks(a.links, ['arrangements', id, 'links']);
    a.authorities.forEach((g, i) => {
      c.ref(['arrangements', id, 'authorities', i, 'node'], g.node, nodes, 'a command node');
      if (g.theatre !== undefined) c.ref(['arrangements', id, 'authorities', i, 'theatre'], g.theatre, theatres, 'a theatre');
    });
    if (a.cohesionCostPerTurn) c.ref(['arrangements', id, 'cohesionCostPerTurn', 'role'], a.cohesionCostPerTurn.role, roles, 'a role');
    if (a.activation) {
      const act = a.activation;
      if (theatres.has(act.theatre)) c.ref(['arrangements', id, 'activation', 'rung'], act.rung, rungs.get(act.theatre) ?? new Set(), `a rung of theatre ${act.theatre}`);
      else c.ref(['arrangements', id, 'activation', 'theatre'], act.theatre, theatres, 'a theatre');
      checkDistribution(c, ['arrangements', id, 'activation', 'delayHours'], act.delayHours);
      checkLinks(act.links, ['arrangements', id, 'activation', 'links']);
      act.authorities.forEach((g, i) => c.ref(['arrangements', id, 'activation', 'authorities', i, 'node'], g.node, nodes, 'a command node'));
    }
  }

  for (const mode of ['hub', 'direct'] as const) {
    d.sharing[mode].links.forEach((l, i) => {
      l.between.forEach((r, j) => c.ref(['sharing', mode, 'links', i, 'between', j], r, roles, 'a role'));
      checkDistribution(c, ['sharing', mode, 'links', i, 'delayHours'], l.delayHours);
    });
    const allied = d.roles.filter((r) => r.side === 'allied').map((r) => r.id);
    if (allied.length > 1) {
      const seen = reachable(d.sharing[mode].links, allied[0]);
      for (const r of allied.slice(1)) if (!seen.has(r)) c.at(['sharing', mode, 'links'], `sharing mode "${mode}" does not connect allied roles ${allied[0]} and ${r} (expected a link path between every pair of allies)`);
    }
  }

  const nodeRole = new Map(d.commandNodes.map((n) => [n.id, n.role]));
  d.units.forEach((u, i) => {
    c.ref(['units', i, 'type'], u.type, unitTypes, 'a unit type');
    c.ref(['units', i, 'role'], u.role, roles, 'a role');
    c.ref(['units', i, 'zone'], u.zone, zones, 'a zone');
    c.ref(['units', i, 'node'], u.node, nodes, 'a command node');
    if (nodes.has(u.node) && roles.has(u.role) && nodeRole.get(u.node) !== u.role) c.at(['units', i, 'node'], `unit "${u.id}" of ${u.role} is commanded by "${u.node}", a node of ${nodeRole.get(u.node)} (expected a node of ${u.role})`);
  });

  d.tables.forEach((t, i) => {
    const sum = t.outcomes.reduce((s, o) => s + o.p, 0);
    if (Math.abs(sum - 1) > 1e-6) c.at(['tables', i, 'outcomes'], `table "${t.id}" outcome probabilities p sum to ${round(sum)} (expected 1)`);
    if (t.outcomes.some((o) => o.pOpposed !== undefined)) {
      const opposed = t.outcomes.reduce((s, o) => s + (o.pOpposed ?? o.p), 0);
      if (Math.abs(opposed - 1) > 1e-6) c.at(['tables', i, 'outcomes'], `table "${t.id}" opposed probabilities (pOpposed, else p) sum to ${round(opposed)} (expected 1)`);
    }
    t.outcomes.forEach((o, j) => checkEffects(c, ids, ['tables', i, 'outcomes', j, 'effects'], o.effects));
  });

  const unitTypesOf = (role: string) => d.units.filter((u) => u.role === role);
  d.actions.forEach((a, i) => {
    const p: Path = ['actions', i];
    c.ref([...p, 'role'], a.role, roles, 'a role');
    c.ref([...p, 'theatre'], a.theatre, theatres, 'a theatre');
    (a.unitTypes ?? []).forEach((t, j) => c.ref([...p, 'unitTypes', j], t, unitTypes, 'a unit type'));
    c.ref([...p, 'path', 'from'], a.path.from, nodes, 'a command node');
    for (const node of Object.keys(a.path.processingAt ?? {})) {
      c.ref([...p, 'path', 'processingAt', node], node, nodes, 'a command node');
      const dist = a.path.processingAt?.[node];
      if (dist) checkDistribution(c, [...p, 'path', 'processingAt', node], dist);
    }
    for (const t of Object.keys(a.escalation)) c.ref([...p, 'escalation', t], t, theatres, 'a theatre');
    (a.targetZones ?? []).forEach((z, j) => c.ref([...p, 'targetZones', j], z, zones, 'a zone'));
    if (a.target === 'range' && a.range === undefined) c.at([...p, 'target'], `action "${a.id}" targets by range but has no "range" (expected range: number of adjacency steps)`);
    const physical = a.effects.some((e) => e.type === 'move' || e.type === 'onScene');
    if (physical && a.target === 'none') c.at([...p, 'target'], `action "${a.id}" has move/onScene effects but target "none" (expected "here" or "range")`);
    if (physical && !a.unitTypes) c.at([...p, 'effects'], `action "${a.id}" has move/onScene effects but no unitTypes (expected the unit types that carry it out)`);
    if (a.target === 'here' && !a.unitTypes) c.at([...p, 'target'], `action "${a.id}" targets "here" but has no unitTypes (expected unitTypes, or target "range"/"none")`);
    if (a.requires.legal) a.requires.legal.forEach((s, j) => c.ref([...p, 'requires', 'legal', j], s, statuses, 'a legal status'));
    if (a.requires.rung) checkRungRef(c, ids, [...p, 'requires', 'rung'], a.requires.rung);
    if (a.requires.when) checkCondition(c, ids, [...p, 'requires', 'when'], a.requires.when);
    checkEffects(c, ids, [...p, 'effects'], a.effects);
    if (!roles.has(a.role) || !nodes.has(a.path.from) || !theatres.has(a.theatre)) return;
    // Every arrangement must hold the authority and connect origin -> holder -> executing units.
    const unitNodes = a.unitTypes ? [...new Set(unitTypesOf(a.role).filter((u) => a.unitTypes?.includes(u.type)).map((u) => u.node))].sort() : [];
    for (const id of ARRANGEMENT_IDS) {
      const spec = d.arrangements[id];
      const phases = spec.activation ? [false, true] : [false];
      for (const activated of phases) {
        const links = [...d.links, ...spec.links, ...(activated && spec.activation ? spec.activation.links : [])];
        const grants = [...spec.authorities, ...(activated && spec.activation ? spec.activation.authorities : [])];
        const grant = [...grants].reverse().find((g) => g.authority === a.path.authority && g.theatre === a.theatre) ?? [...grants].reverse().find((g) => g.authority === a.path.authority && g.theatre === undefined);
        const holder = grant?.node ?? d.commandNodes.find((n) => n.authorities.includes(a.path.authority))?.id;
        const phase = activated ? `${id} (after activation)` : id;
        if (!holder) {
          c.at([...p, 'path', 'authority'], `no node holds authority "${a.path.authority}" under arrangement ${phase} (expected a node's authorities or an arrangement grant)`);
          continue;
        }
        const fromOrigin = reachable(links, a.path.from);
        if (!fromOrigin.has(holder)) {
          c.at([...p, 'path'], `no route from ${a.path.from} to ${holder} (holder of "${a.path.authority}") under arrangement ${phase} (expected links connecting them)`);
          continue;
        }
        const fromHolder = reachable(links, holder);
        for (const node of unitNodes) if (!fromHolder.has(node)) c.at([...p, 'path'], `no route from ${holder} to ${node} (node of units that can "${a.id}") under arrangement ${phase} (expected links connecting them)`);
      }
    }
  });

  c.ref(['legal', 'role'], d.legal.role, roles, 'a role');
  c.ref(['legal', 'initial'], d.legal.initial, statuses, 'a legal status');
  d.legal.steps.forEach((s, i) => {
    s.from.forEach((f, j) => c.ref(['legal', 'steps', i, 'from', j], f, statuses, 'a legal status'));
    c.ref(['legal', 'steps', i, 'to'], s.to, statuses, 'a legal status');
  });
  if (statuses.has(d.legal.initial)) {
    const seen = new Set([d.legal.initial]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of d.legal.steps) {
        if (seen.has(s.to) || !s.from.some((f) => seen.has(f))) continue;
        seen.add(s.to);
        grew = true;
      }
    }
    d.legal.statuses.forEach((s, i) => {
      if (!seen.has(s.id)) c.at(['legal', 'statuses', i], `legal status "${s.id}" cannot be reached from "${d.legal.initial}" (expected a step leading to it)`);
    });
  }

  const checkEvents = (list: typeof d.events, base: Path) =>
    list.forEach((e, i) => {
      if (e.when) checkCondition(c, ids, [...base, i, 'when'], e.when);
      (e.roles ?? []).forEach((r, j) => c.ref([...base, i, 'roles', j], r, roles, 'a role'));
      checkEffects(c, ids, [...base, i, 'effects'], e.effects);
      if (e.atTurn !== undefined && e.atTurn > d.clock.maxTurns) c.at([...base, i, 'atTurn'], `event "${e.id}" is scheduled for turn ${e.atTurn} (expected at most clock.maxTurns = ${d.clock.maxTurns})`);
    });
  checkEvents(d.events, ['events']);
  checkEvents(d.injects, ['injects']);
  d.outcomes.forEach((o, i) => {
    if (o.when) checkCondition(c, ids, ['outcomes', i, 'when'], o.when);
    o.winners.forEach((w, j) => c.ref(['outcomes', i, 'winners', j], w, roles, 'a role'));
  });
  if (!d.outcomes.some((o) => o.check === 'end' && o.when === undefined)) {
    c.at(['outcomes'], 'no default outcome (expected a last outcome with check: end and no "when", for games that reach the time limit)');
  }
  d.objectives.forEach((o, i) => {
    c.ref(['objectives', i, 'role'], o.role, roles, 'a role');
    checkCondition(c, ids, ['objectives', i, 'when'], o.when);
  });
  d.metrics.sceneZones.forEach((z, i) => c.ref(['metrics', 'sceneZones', i], z, zones, 'a zone'));
  (d.metrics.triggerZones ?? []).forEach((z, i) => c.ref(['metrics', 'triggerZones', i], z, zones, 'a zone'));
}

/** A calendar check without the wall clock: month 1-12, day within the month, hour 0-23. */
function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})/.exec(iso);
  if (!m) return false;
  const [year, month, day, hour] = m.slice(1).map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days && hour <= 23;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Validate parsed scenario data; on success, the compiled scenario. */
export function validateScenario(parsed: ParsedText, file: string): Result<Scenario, ScenarioError[]> {
  const result = ScenarioFile.safeParse(parsed.data, { reportInput: true });
  if (!result.success) {
    const errors = result.error.issues.flatMap((issue) => issueLines(issue, parsed, file));
    return { ok: false, error: dedupe(errors) };
  }
  const checker = new Checker(result.data, parsed, file);
  crossCheck(checker);
  if (checker.errors.length > 0) return { ok: false, error: dedupe(checker.errors) };
  return { ok: true, value: compileScenario(result.data) };
}

function dedupe(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const key = formatScenarioError(e);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}
