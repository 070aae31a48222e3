// Validating parsed scenario data: first the schema (shapes, types, ranges), then every
// cross-reference and sanity rule, each problem as one positioned line saying what is
// wrong and, in parentheses, what was expected. Only a scenario that passes everything is
// compiled for the engine.
import { z } from 'zod';
import type { Result } from '../types.ts';
import { authorityHolder } from '../latency.ts';
import { compileScenario, type Scenario } from './compile.ts';
import { formatScenarioError, type Path, type Positions, type ScenarioError } from './parse.ts';
import { ARRANGEMENT_IDS, SHARING_IDS, ScenarioFile, type Condition, type Effect, type ScenarioData } from './schema.ts';

export { formatScenarioError, type ScenarioError };

// ---------------------------------------------------------------- schema introspection

type Issue = z.core.$ZodIssue;
interface Def {
  type: string;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/default/nullable/lazy wrappers. */
function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let cur = schema;
  for (let i = 0; i < 10 && cur; i++) {
    const def = defOf(cur);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') cur = def.innerType;
    else if (def.type === 'lazy' && def.getter) cur = def.getter();
    else break;
  }
  return cur;
}

function isOptional(schema: z.ZodType): boolean {
  const t = defOf(schema).type;
  return t === 'optional' || t === 'default' || t === 'prefault';
}

/** The schema node at a path (through objects, arrays, tuples and records). */
function schemaAt(root: z.ZodType | undefined, path: Path): z.ZodType | undefined {
  let node = unwrap(root);
  for (const segment of path) {
    if (!node) return undefined;
    const def = defOf(node);
    if (def.type === 'union') {
      // The alternative that has this member (conditions: { rung: ... }, { all: [...] }, ...).
      node = (def.options ?? []).map((o) => schemaAt(o, [segment])).find((o) => o !== undefined);
      node = unwrap(node);
      continue;
    }
    if (def.type === 'object') node = def.shape?.[String(segment)];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else if (def.type === 'tuple') node = def.items?.[Number(segment)];
    else return undefined;
    node = unwrap(node);
  }
  return node;
}

function objectKeys(schema: z.ZodType | undefined): string[] {
  const node = unwrap(schema);
  if (!node) return [];
  const def = defOf(node);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Which JSON kind a schema accepts: object, array, string, number, boolean (or '' for a union). */
function kindOf(schema: z.ZodType | undefined): string {
  const node = unwrap(schema);
  if (!node) return '';
  const def = defOf(node);
  switch (def.type) {
    case 'object':
    case 'record':
      return 'object';
    case 'tuple':
    case 'array':
      return 'array';
    case 'string':
    case 'enum':
      return 'string';
    case 'number':
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'literal':
      return typeof def.values?.[0];
    default:
      return '';
  }
}

function kindOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const DISTRIBUTION_SHAPES = '{ fixed: h }, { uniform: [min, max] }, { triangular: [min, mode, max] }, each with a source';

/** A short description of what a schema accepts, for "(expected ...)". */
function expectation(schema: z.ZodType | undefined): string {
  const node = unwrap(schema);
  if (!node) return 'a valid value';
  const def = defOf(node);
  switch (def.type) {
    case 'object': {
      const keys = Object.entries(def.shape ?? {}).map(([k, s]) => (isOptional(s) ? `${k}?` : k));
      return `{ ${keys.join(', ')} }`;
    }
    case 'tuple':
      return `a list of ${def.items?.length ?? 0} ${(def.items ?? []).every((s) => kindOf(s) === 'number') ? 'numbers' : 'items'}`;
    case 'array':
      return 'a list';
    case 'record':
      return 'a mapping';
    case 'string':
      return 'a text string';
    case 'number':
    case 'int':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'literal':
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(', ');
    case 'enum':
      return `one of: ${Object.values(def.entries ?? {}).join(', ')}`;
    case 'union': {
      const options = def.options ?? [];
      const keys = new Set(options.flatMap((o) => objectKeys(o)));
      if (keys.has('fixed') && keys.has('triangular')) return `a distribution, one of: ${DISTRIBUTION_SHAPES}`;
      if (keys.has('all') && keys.has('not')) return `a condition, one of: ${options.map((o) => `{ ${objectKeys(o)[0]} }`).join(', ')}`;
      if (def.discriminator) return `a ${def.discriminator} of: ${options.map((o) => String(defOf(unwrap(defOf(o).shape?.[def.discriminator as string]) as z.ZodType).values?.[0])).join(', ')}`;
      if (options.every((o) => defOf(unwrap(o) as z.ZodType).type === 'literal')) return `one of: ${options.map((o) => expectation(o)).join(', ')}`;
      return `one of: ${options.map((o) => (kindOf(o) === 'array' && defOf(unwrap(o) as z.ZodType).type === 'tuple' && defOf(unwrap(o) as z.ZodType).items?.length === 2 ? '[longitude, latitude]' : kindOf(o) === 'string' ? 'an id' : expectation(o))).join(', or ')}`;
    }
    default:
      return 'a valid value';
  }
}

// ---------------------------------------------------------------- schema issues -> lines

function pathText(path: Path): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out || 'the file';
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return value.length <= 4 && value.every((v) => typeof v !== 'object') ? `[${value.map((v) => describe(v)).join(', ')}]` : `a list of ${value.length}`;
  if (typeof value === 'object') return `{ ${Object.keys(value).join(', ')} }`;
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  return String(value);
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a text string';
  return describe(value);
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a text string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  tuple: 'a list',
};

function valueAt(data: unknown, path: Path): unknown {
  let cur = data;
  for (const segment of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[segment];
  }
  return cur;
}

/** Is the issue a sign that the value is of another shape (a root type mismatch, a foreign key, a missing key)? */
function shapeMismatch(issue: Issue, value: unknown): boolean {
  if (issue.path.length === 0) return issue.code === 'invalid_type' || issue.code === 'unrecognized_keys' || issue.code === 'invalid_value';
  return issue.code === 'invalid_type' && issue.path.length === 1 && valueAt(value, issue.path as Path) === undefined;
}

/** Of a union's failed alternatives, the one the author evidently meant, if any. */
function intendedAlternative(options: readonly z.ZodType[], alternatives: readonly Issue[][], value: unknown): { issues: Issue[]; schema: z.ZodType } | undefined {
  const kind = kindOfValue(value);
  const candidates = alternatives.map((issues, i) => ({ issues, schema: options[i] })).filter((a) => a.schema && kindOf(a.schema) === kind);
  if (candidates.length === 1) return candidates[0];
  if (kind !== 'object' || candidates.length === 0) return undefined;
  // Mappings: the alternative sharing the most distinguishing keys with the value.
  const keysOf = candidates.map((c) => new Set(objectKeys(c.schema)));
  const common = new Set([...keysOf[0]].filter((k) => keysOf.every((s) => s.has(k))));
  const given = Object.keys(value as object).filter((k) => !common.has(k));
  const scores = keysOf.map((keys) => given.filter((k) => keys.has(k)).length);
  const best = Math.max(...scores);
  if (best > 0 && scores.filter((s) => s === best).length === 1) return candidates[scores.indexOf(best)];
  // Or the only alternative whose problems lie inside the value rather than in its shape.
  const fitting = candidates.filter((c) => !c.issues.some((i) => shapeMismatch(i, value)));
  return fitting.length === 1 ? fitting[0] : undefined;
}

/**
 * One issue -> its lines. `base` and `root` are set inside a union: the path of the union
 * and the alternative the author meant, against which the issue's path is relative.
 */
function issueLines(issue: Issue, raw: unknown, positions: Positions, file: string, base: Path = [], root: z.ZodType = ScenarioFile): ScenarioError[] {
  const path: Path = [...base, ...(issue.path as (string | number)[])];
  const schemaOf = (p: Path) => (root === ScenarioFile ? schemaAt(ScenarioFile, p) : schemaAt(root, p.slice(base.length)));
  const line = (pos: { line: number; col: number }, message: string): ScenarioError => ({ file, line: pos.line, col: pos.col, message });
  const here = () => positions.locate(path);
  const name = pathText(path);
  const value = valueAt(raw, path);
  const schema = schemaOf(path);
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined && path.length > 0) {
        const parent = path.slice(0, -1);
        if (parent.length === 0) return [line(positions.locate(path), `missing required section "${String(path[0])}" (expected ${schema && kindOf(schema) === 'array' ? 'a list' : 'a mapping'})`)];
        return [line(positions.locate(path), `missing required field "${String(path[path.length - 1])}" in ${pathText(parent)} (expected ${schema && kindOf(schema) !== 'object' ? expectation(schema) : (TYPE_NAMES[issue.expected] ?? issue.expected)})`)];
      }
      if (path.length === 0) return [line(here(), `the file is ${describeKind(value)} (expected a mapping of sections: ${objectKeys(ScenarioFile).join(', ')})`)];
      const kind = kindOf(schema);
      const expected = issue.expected === 'int' ? 'a whole number' : schema && kind !== 'number' && kind !== 'object' ? expectation(schema) : (TYPE_NAMES[issue.expected] ?? issue.expected);
      return [line(here(), `${name} is ${describe(value)} (expected ${expected})`)];
    }
    case 'unrecognized_keys': {
      const known = objectKeys(schemaOf(path));
      if (issue.message.startsWith('typo:')) {
        const intended = issue.message.slice(5);
        return [line(positions.locateKey(path, issue.keys[0]), `unknown field "${issue.keys[0]}" in ${name} (expected "${intended}", which is missing; fields: ${known.join(', ')})`)];
      }
      return issue.keys.map((key) => line(positions.locateKey(path, key), `unknown field "${key}" in ${name}${known.length ? ` (expected one of: ${known.join(', ')})` : ''}`));
    }
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator !== undefined) {
        // A discriminated union (effects): the discriminator names no alternative.
        const at = path[path.length - 1] === discriminator ? path : [...path, discriminator];
        const union = path[path.length - 1] === discriminator ? schemaOf(path.slice(0, -1)) : schema;
        return [line(positions.locate(at), `${pathText(at)} is ${describe(valueAt(raw, at))} (expected ${expectation(union)})`)];
      }
      const options = (schema && defOf(schema).type === 'union' ? defOf(schema).options : undefined) ?? [];
      const intended = intendedAlternative(options, issue.errors as Issue[][], value);
      if (intended) return intended.issues.flatMap((i) => issueLines(i, raw, positions, file, path, intended.schema));
      return [line(here(), `${name} is ${describe(value)} (expected ${expectation(schema)})`)];
    }
    case 'too_small': {
      const min = String(issue.minimum);
      const custom = issue.message && !issue.message.startsWith('Too small') ? issue.message : undefined;
      if (issue.origin === 'array') {
        const wanted = custom ?? (schema && defOf(schema).type === 'tuple' ? expectation(schema) : `at least ${min}`);
        return [line(here(), `${name} has ${Array.isArray(value) ? value.length : 'too few'} item${Array.isArray(value) && value.length === 1 ? '' : 's'} (expected ${wanted})`)];
      }
      if (issue.origin === 'string') return [line(here(), `${name} is ${value === '' ? 'empty' : `too short: ${describe(value)}`} (expected ${custom ?? `at least ${min} characters`})`)];
      return [line(here(), `${name} is ${describe(value)} (expected ${issue.inclusive ? 'at least' : 'more than'} ${min})`)];
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'array') return [line(here(), `${name} has ${Array.isArray(value) ? value.length : 'too many'} items (expected ${schema && defOf(schema).type === 'tuple' ? expectation(schema) : `at most ${max}`})`)];
      if (issue.origin === 'string') return [line(here(), `${name} is too long (expected at most ${max} characters)`)];
      return [line(here(), `${name} is ${describe(value)} (expected ${issue.inclusive ? 'at most' : 'less than'} ${max})`)];
    }
    case 'invalid_value':
      return [line(here(), `${name} is ${describe(value)} (expected one of: ${issue.values.map(String).join(', ')})`)];
    case 'invalid_format':
      return [line(here(), `${name} is ${describe(value)} (expected ${issue.message})`)];
    case 'invalid_key': {
      // Record keys (escalation, processingAt) must be ids.
      const key = String(path[path.length - 1]);
      const inner = (issue.issues[0] as Issue | undefined)?.message ?? 'an id';
      return [line(positions.locateKey(path.slice(0, -1), key), `key "${key}" in ${pathText(path.slice(0, -1))} is not valid (expected ${inner})`)];
    }
    case 'not_multiple_of':
      return [line(here(), `${name} is ${describe(value)} (expected a multiple of ${String(issue.divisor)})`)];
    default:
      return [line(here(), `${name} is not valid (${issue.message})`)];
  }
}

// ---------------------------------------------------------------- cross-references

class Checker {
  readonly errors: ScenarioError[] = [];
  constructor(
    readonly data: ScenarioData,
    readonly positions: Positions,
    readonly file: string,
  ) {}

  at(path: Path, message: string): void {
    this.errors.push({ file: this.file, ...this.positions.locate(path), message });
  }

  /** Reports an unknown id with the list of known ones; true when the id is known. */
  ref(path: Path, value: string, known: ReadonlySet<string>, what: string): boolean {
    if (known.has(value)) return true;
    const list = [...known].sort();
    const shown = list.length === 0 ? 'none defined' : list.length > 12 ? `${list.slice(0, 12).join(', ')}, ...` : list.join(', ');
    this.at(path, `${pathText(path)} "${value}" is not ${what} (expected one of: ${shown})`);
    return false;
  }

  /** Reports repeated ids in a list (or in several lists sharing one id space). */
  unique(lists: readonly { items: readonly { id: string }[]; base: Path }[], what: string, among = `${what}s`): Set<string> {
    const seen = new Map<string, Path>();
    for (const { items, base } of lists) {
      items.forEach((item, i) => {
        const first = seen.get(item.id);
        if (first !== undefined) this.at([...base, i, 'id'], `duplicate ${what} id "${item.id}" (first defined at ${pathText(first)}; expected ids unique among ${among})`);
        else seen.set(item.id, [...base, i]);
      });
    }
    return new Set(seen.keys());
  }
}

function checkDistribution(c: Checker, path: Path, dist: unknown): void {
  const d = dist as { uniform?: number[]; triangular?: number[] };
  if (d.uniform && d.uniform[0] > d.uniform[1]) {
    c.at([...path, 'uniform'], `${pathText(path)}.uniform is [${d.uniform.join(', ')}] (expected [min, max] with min <= max)`);
  }
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

function checkRungRef(c: Checker, ids: Ids, path: Path, ref: { theatre: string; atLeast?: string; atMost?: string }): void {
  if (!c.ref([...path, 'theatre'], ref.theatre, ids.theatres, 'a theatre')) return;
  const rungs = ids.rungs.get(ref.theatre) ?? new Set<string>();
  if (ref.atLeast !== undefined) c.ref([...path, 'atLeast'], ref.atLeast, rungs, `a rung of theatre ${ref.theatre}`);
  if (ref.atMost !== undefined) c.ref([...path, 'atMost'], ref.atMost, rungs, `a rung of theatre ${ref.theatre}`);
}

function checkCondition(c: Checker, ids: Ids, path: Path, cond: Condition): void {
  if ('all' in cond) cond.all.forEach((x, i) => checkCondition(c, ids, [...path, 'all', i], x));
  else if ('any' in cond) cond.any.forEach((x, i) => checkCondition(c, ids, [...path, 'any', i], x));
  else if ('not' in cond) checkCondition(c, ids, [...path, 'not'], cond.not);
  else if ('rung' in cond) checkRungRef(c, ids, [...path, 'rung'], cond.rung);
  else if ('legal' in cond) cond.legal.forEach((s, i) => c.ref([...path, 'legal', i], s, ids.statuses, 'a legal status'));
  else if ('presence' in cond) {
    c.ref([...path, 'presence', 'zone'], cond.presence.zone, ids.zones, 'a zone');
    if (cond.presence.role !== undefined) c.ref([...path, 'presence', 'role'], cond.presence.role, ids.roles, 'a role');
  } else if ('cohesion' in cond) c.ref([...path, 'cohesion', 'role'], cond.cohesion.role, ids.roles, 'a role');
  else if ('posture' in cond) c.ref([...path, 'posture', 'role'], cond.posture.role, ids.roles, 'a role');
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

/** Breadth-first reachability over undirected pairs. */
function reachable(neighbours: (id: string) => readonly string[], from: string): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const next of neighbours(queue[i])) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

/** Ids, references and impossible values. Returns whether the command graph's references are sound (so routes can be checked). */
function checkReferences(c: Checker): { ids: Ids; graphSound: boolean } {
  const d = c.data;
  c.unique([{ items: d.meta.sources, base: ['meta', 'sources'] }], 'source');
  const theatres = c.unique([{ items: d.theatres, base: ['theatres'] }], 'theatre');
  const zones = c.unique([{ items: d.zones, base: ['zones'] }], 'zone');
  const roles = c.unique([{ items: d.roles, base: ['roles'] }], 'role');
  const nodes = c.unique([{ items: d.commandNodes, base: ['commandNodes'] }], 'command node');
  const unitTypes = c.unique([{ items: d.unitTypes, base: ['unitTypes'] }], 'unit type');
  c.unique([{ items: d.units, base: ['units'] }], 'unit');
  const tables = c.unique([{ items: d.tables, base: ['tables'] }], 'table');
  d.tables.forEach((t, i) => c.unique([{ items: t.outcomes, base: ['tables', i, 'outcomes'] }], 'table outcome', `the outcomes of table ${t.id}`));
  c.unique([{ items: d.actions, base: ['actions'] }], 'action');
  const statuses = c.unique([{ items: d.legal.statuses, base: ['legal', 'statuses'] }], 'legal status', 'legal statuses');
  c.unique([{ items: d.events, base: ['events'] }, { items: d.injects, base: ['injects'] }], 'event or inject', 'events and injects');
  c.unique([{ items: d.outcomes, base: ['outcomes'] }], 'outcome');
  c.unique([{ items: d.objectives, base: ['objectives'] }], 'objective');
  const rungs = new Map<string, Set<string>>();
  d.theatres.forEach((t, i) => {
    if (!rungs.has(t.id)) rungs.set(t.id, c.unique([{ items: t.ladder.rungs, base: ['theatres', i, 'ladder', 'rungs'] }], 'rung', `the rungs of theatre ${t.id}`));
  });
  const ids: Ids = { zones, roles, nodes, theatres, rungs, statuses, tables, unitTypes };

  if (!isRealDate(d.clock.start)) c.at(['clock', 'start'], `clock.start "${d.clock.start}" is not a real date (expected a calendar date and hour, e.g. 2027-05-14T21:00:00Z)`);

  d.theatres.forEach((t, i) => {
    c.ref(['theatres', i, 'ladder', 'initial'], t.ladder.initial, rungs.get(t.id) ?? new Set(), `a rung of theatre ${t.id}`);
    t.ladder.rungs.forEach((r, j) => {
      if (r.requires) checkCondition(c, ids, ['theatres', i, 'ladder', 'rungs', j, 'requires'], r.requires);
    });
  });
  d.coupling.forEach((cp, i) => {
    c.ref(['coupling', i, 'from'], cp.from, theatres, 'a theatre');
    c.ref(['coupling', i, 'to'], cp.to, theatres, 'a theatre');
    if (cp.from === cp.to) c.at(['coupling', i, 'to'], `coupling[${i}] couples theatre "${cp.from}" to itself (expected two different theatres)`);
  });

  d.zones.forEach((zone, i) => {
    if (zone.theatre !== undefined) c.ref(['zones', i, 'theatre'], zone.theatre, theatres, 'a theatre');
    zone.adjacent.forEach((a, j) => {
      c.ref(['zones', i, 'adjacent', j], a, zones, 'a zone');
      if (a === zone.id) c.at(['zones', i, 'adjacent', j], `zone "${zone.id}" lists itself as adjacent (expected other zones)`);
    });
  });

  d.commandNodes.forEach((n, i) => {
    const [start, end] = n.staffing.dutyHours;
    if (start >= end) c.at(['commandNodes', i, 'staffing', 'dutyHours'], `commandNodes[${i}].staffing.dutyHours is [${start}, ${end}] (expected [start, end) local hours with start < end)`);
    checkDistribution(c, ['commandNodes', i, 'processingHours'], n.processingHours);
  });

  // The command graph: everything routes depend on.
  const graphErrorsBefore = c.errors.length;
  const offmap = new Set(d.zones.filter((z) => z.kind === 'offmap').map((z) => z.id));
  const nodeRole = new Map(d.commandNodes.map((n) => [n.id, n.role]));
  d.commandNodes.forEach((n, i) => {
    c.ref(['commandNodes', i, 'role'], n.role, roles, 'a role');
    if (typeof n.location === 'string') c.ref(['commandNodes', i, 'location'], n.location, offmap, 'an off-map zone');
  });
  d.roles.forEach((r, i) => {
    if (c.ref(['roles', i, 'hq'], r.hq, nodes, 'a command node') && nodeRole.get(r.hq) !== r.id) {
      c.at(['roles', i, 'hq'], `roles[${i}].hq "${r.hq}" is a node of ${nodeRole.get(r.hq)} (expected a node of ${r.id})`);
    }
  });
  const checkLinks = (links: readonly { between: readonly [string, string]; delayHours: unknown }[], base: Path) =>
    links.forEach((l, i) => {
      l.between.forEach((n, j) => c.ref([...base, i, 'between', j], n, nodes, 'a command node'));
      if (l.between[0] === l.between[1]) c.at([...base, i, 'between'], `${pathText([...base, i])} joins "${l.between[0]}" to itself (expected two different nodes)`);
    });
  const checkGrants = (grants: readonly { node: string; theatre?: string }[], base: Path) =>
    grants.forEach((g, i) => {
      c.ref([...base, i, 'node'], g.node, nodes, 'a command node');
      if (g.theatre !== undefined) c.ref([...base, i, 'theatre'], g.theatre, theatres, 'a theatre');
    });
  checkLinks(d.links, ['links']);
  for (const id of ARRANGEMENT_IDS) {
    const a = d.arrangements[id];
    checkLinks(a.links, ['arrangements', id, 'links']);
    checkGrants(a.authorities, ['arrangements', id, 'authorities']);
    if (a.activation) {
      const act = a.activation;
      if (c.ref(['arrangements', id, 'activation', 'theatre'], act.theatre, theatres, 'a theatre')) {
        c.ref(['arrangements', id, 'activation', 'rung'], act.rung, rungs.get(act.theatre) ?? new Set(), `a rung of theatre ${act.theatre}`);
      }
      checkLinks(act.links, ['arrangements', id, 'activation', 'links']);
      checkGrants(act.authorities, ['arrangements', id, 'activation', 'authorities']);
    }
  }
  d.units.forEach((u, i) => {
    c.ref(['units', i, 'type'], u.type, unitTypes, 'a unit type');
    c.ref(['units', i, 'zone'], u.zone, zones, 'a zone');
    const roleOk = c.ref(['units', i, 'role'], u.role, roles, 'a role');
    const nodeOk = c.ref(['units', i, 'node'], u.node, nodes, 'a command node');
    if (roleOk && nodeOk && nodeRole.get(u.node) !== u.role) {
      c.at(['units', i, 'node'], `unit "${u.id}" of ${u.role} is commanded by "${u.node}", a node of ${nodeRole.get(u.node)} (expected a node of ${u.role})`);
    }
  });
  d.actions.forEach((a, i) => {
    const p: Path = ['actions', i];
    const roleOk = c.ref([...p, 'role'], a.role, roles, 'a role');
    c.ref([...p, 'theatre'], a.theatre, theatres, 'a theatre');
    c.ref([...p, 'path', 'from'], a.path.from, nodes, 'a command node');
    const typesOk = (a.unitTypes ?? []).map((t, j) => c.ref([...p, 'unitTypes', j], t, unitTypes, 'a unit type')).every(Boolean);
    if (roleOk && typesOk && a.unitTypes && !d.units.some((u) => u.role === a.role && a.unitTypes?.includes(u.type))) {
      c.at([...p, 'unitTypes'], `action "${a.id}": ${a.role} has no unit of type ${a.unitTypes.join(' or ')} (expected at least one unit that can carry it out)`);
    }
  });
  const graphSound = c.errors.length === graphErrorsBefore;

  const allLinks: Path[] = [['links'], ...ARRANGEMENT_IDS.flatMap((id): Path[] => [['arrangements', id, 'links'], ['arrangements', id, 'activation', 'links']])];
  for (const base of allLinks) {
    const links = valueAt(d, base) as { delayHours: unknown }[] | undefined;
    (links ?? []).forEach((l, i) => checkDistribution(c, [...base, i, 'delayHours'], l.delayHours));
  }
  for (const id of ARRANGEMENT_IDS) {
    const a = d.arrangements[id];
    if (a.cohesionCostPerTurn) c.ref(['arrangements', id, 'cohesionCostPerTurn', 'role'], a.cohesionCostPerTurn.role, roles, 'a role');
    if (a.activation) checkDistribution(c, ['arrangements', id, 'activation', 'delayHours'], a.activation.delayHours);
  }

  for (const mode of SHARING_IDS) {
    const links = d.sharing[mode].links;
    let sound = true;
    links.forEach((l, i) => {
      l.between.forEach((r, j) => (sound = c.ref(['sharing', mode, 'links', i, 'between', j], r, roles, 'a role') && sound));
      if (l.between[0] === l.between[1]) c.at(['sharing', mode, 'links', i, 'between'], `sharing.${mode}.links[${i}] joins "${l.between[0]}" to itself (expected two different roles)`);
      checkDistribution(c, ['sharing', mode, 'links', i, 'delayHours'], l.delayHours);
    });
    const allied = d.roles.filter((r) => r.side === 'allied').map((r) => r.id);
    if (sound && allied.length > 1) {
      const net = (role: string) => links.flatMap((l) => (l.between[0] === role ? [l.between[1]] : l.between[1] === role ? [l.between[0]] : []));
      const seen = reachable(net, allied[0]);
      for (const r of allied.slice(1)) {
        if (!seen.has(r)) c.at(['sharing', mode, 'links'], `sharing mode "${mode}" does not connect allied roles ${allied[0]} and ${r} (expected a chain of sharing links between every two allied roles)`);
      }
    }
  }

  d.tables.forEach((t, i) => {
    const sum = t.outcomes.reduce((s, o) => s + o.p, 0);
    if (Math.abs(sum - 1) > 1e-6) c.at(['tables', i, 'outcomes'], `table "${t.id}": outcome probabilities p sum to ${round(sum)} (expected 1)`);
    if (t.outcomes.some((o) => o.pOpposed !== undefined)) {
      const opposed = t.outcomes.reduce((s, o) => s + (o.pOpposed ?? o.p), 0);
      if (Math.abs(opposed - 1) > 1e-6) c.at(['tables', i, 'outcomes'], `table "${t.id}": opposed probabilities (pOpposed, else p) sum to ${round(opposed)} (expected 1)`);
    }
    t.outcomes.forEach((o, j) => checkEffects(c, ids, ['tables', i, 'outcomes', j, 'effects'], o.effects));
  });

  const zoneTheatre = new Map(d.zones.map((z) => [z.id, z.theatre]));
  d.actions.forEach((a, i) => {
    const p: Path = ['actions', i];
    for (const node of Object.keys(a.path.processingAt ?? {})) {
      c.ref([...p, 'path', 'processingAt', node], node, nodes, 'a command node');
      const dist = a.path.processingAt?.[node];
      if (dist) checkDistribution(c, [...p, 'path', 'processingAt', node], dist);
    }
    for (const t of Object.keys(a.escalation)) c.ref([...p, 'escalation', t], t, theatres, 'a theatre');
    (a.targetZones ?? []).forEach((zone, j) => {
      if (!c.ref([...p, 'targetZones', j], zone, zones, 'a zone')) return;
      const theatre = zoneTheatre.get(zone);
      if (theatre !== undefined && theatre !== a.theatre) c.at([...p, 'targetZones', j], `action "${a.id}" of theatre ${a.theatre} targets zone "${zone}" of theatre ${theatre} (expected zones of ${a.theatre} or without a theatre)`);
    });
    if (a.target === 'range' && a.range === undefined) c.at([...p, 'target'], `action "${a.id}" has target "range" but no range (expected range: the number of adjacency steps)`);
    if (a.target !== 'range' && a.range !== undefined) c.at([...p, 'range'], `action "${a.id}" has a range but target "${a.target}" (expected target: range, or no range)`);
    const physical = a.effects.some((e) => e.type === 'move' || e.type === 'onScene');
    if (physical && a.target === 'none') c.at([...p, 'target'], `action "${a.id}" has a move or onScene effect but target "none" (expected target: here or range)`);
    if (physical && !a.unitTypes) c.at([...p, 'effects'], `action "${a.id}" has a move or onScene effect but no unitTypes (expected the unit types that carry it out)`);
    if (a.target === 'here' && !a.unitTypes) c.at([...p, 'target'], `action "${a.id}" has target "here" but no unitTypes (expected unitTypes, or target: range or none)`);
    const selfEffect = a.effects.find((e) => (e.type === 'strength' || e.type === 'remove') && e.target === 'self');
    if (selfEffect && !a.unitTypes) c.at([...p, 'effects'], `action "${a.id}" has a ${selfEffect.type} effect on "self" but no unitTypes (expected the unit types that carry it out)`);
    (a.requires.legal ?? []).forEach((s, j) => c.ref([...p, 'requires', 'legal', j], s, statuses, 'a legal status'));
    if (a.requires.rung) checkRungRef(c, ids, [...p, 'requires', 'rung'], a.requires.rung);
    if (a.requires.when) checkCondition(c, ids, [...p, 'requires', 'when'], a.requires.when);
    checkEffects(c, ids, [...p, 'effects'], a.effects);
  });

  c.ref(['legal', 'role'], d.legal.role, roles, 'a role');
  const initialOk = c.ref(['legal', 'initial'], d.legal.initial, statuses, 'a legal status');
  let stepsOk = true;
  d.legal.steps.forEach((s, i) => {
    s.from.forEach((f, j) => (stepsOk = c.ref(['legal', 'steps', i, 'from', j], f, statuses, 'a legal status') && stepsOk));
    stepsOk = c.ref(['legal', 'steps', i, 'to'], s.to, statuses, 'a legal status') && stepsOk;
  });
  if (initialOk && stepsOk) {
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
      if (!seen.has(s.id)) c.at(['legal', 'statuses', i, 'id'], `legal status "${s.id}" cannot be reached from "${d.legal.initial}" (expected a chain of legal.steps leading to it)`);
    });
  }

  const checkEvents = (list: typeof d.events, base: Path) =>
    list.forEach((e, i) => {
      if (e.when) checkCondition(c, ids, [...base, i, 'when'], e.when);
      (e.roles ?? []).forEach((r, j) => c.ref([...base, i, 'roles', j], r, roles, 'a role'));
      checkEffects(c, ids, [...base, i, 'effects'], e.effects);
      const unitEffect = e.effects.find((x) => x.type === 'move' || x.type === 'onScene' || x.type === 'strength' || x.type === 'remove');
      if (unitEffect) c.at([...base, i, 'effects'], `${pathText([...base, i])} "${e.id}" has a ${unitEffect.type} effect, which needs an ordered unit (expected table, legal, posture, flag, addFlag, pressure, cohesion or notify effects)`);
      if (e.effects.some((x) => x.type === 'posture' && x.role === undefined)) c.at([...base, i, 'effects'], `${pathText([...base, i])} "${e.id}" has a posture effect without a role (expected role: the role whose headquarters change posture)`);
      if (e.atTurn !== undefined && e.atTurn > d.clock.maxTurns) c.at([...base, i, 'atTurn'], `event "${e.id}" is scheduled for turn ${e.atTurn} (expected at most clock.maxTurns = ${d.clock.maxTurns})`);
    });
  checkEvents(d.events, ['events']);
  checkEvents(d.injects, ['injects']);
  d.events.forEach((e, i) => {
    if (e.atTurn === undefined && e.when === undefined) c.at(['events', i], `event "${e.id}" has neither atTurn nor when and so never fires (expected atTurn or when; hand-fired events belong in injects)`);
  });
  d.outcomes.forEach((o, i) => {
    if (o.when) checkCondition(c, ids, ['outcomes', i, 'when'], o.when);
    o.winners.forEach((w, j) => c.ref(['outcomes', i, 'winners', j], w, roles, 'a role'));
  });
  if (!d.outcomes.some((o) => o.check === 'end' && o.when === undefined)) {
    c.at(['outcomes'], 'no default outcome (expected an outcome with check: end and no "when", for games that reach the time limit)');
  }
  d.objectives.forEach((o, i) => {
    c.ref(['objectives', i, 'role'], o.role, roles, 'a role');
    checkCondition(c, ids, ['objectives', i, 'when'], o.when);
  });
  d.metrics.sceneZones.forEach((z, i) => c.ref(['metrics', 'sceneZones', i], z, zones, 'a zone'));
  (d.metrics.triggerZones ?? []).forEach((z, i) => c.ref(['metrics', 'triggerZones', i], z, zones, 'a zone'));
  return { ids, graphSound };
}

/**
 * Every action must be orderable under every arrangement (before and after its
 * activation): some node holds its authority, and the command links join path.from to
 * that holder and the holder to the node of every unit that could carry it out. Uses the
 * engine's own graphs and holder rule, so validation and play cannot disagree.
 */
function checkRoutes(c: Checker, scenario: Scenario): void {
  const d = c.data;
  d.actions.forEach((a, i) => {
    const p: Path = ['actions', i];
    const unitNodes = a.unitTypes ? [...new Set(d.units.filter((u) => u.role === a.role && a.unitTypes?.includes(u.type)).map((u) => u.node))].sort() : [];
    const phases = ARRANGEMENT_IDS.flatMap((id) => (d.arrangements[id].activation ? [false, true] : [false]).map((activated) => ({ id, activated, graph: scenario.graph(id, activated) })));
    const holders = phases.map((phase) => authorityHolder(phase.graph, a.path.authority, a.theatre));
    if (holders.every((h) => h === undefined)) {
      c.at([...p, 'path', 'authority'], `action "${a.id}": no node holds authority "${a.path.authority}" under any arrangement (expected a node listing it in authorities, or an arrangement grant)`);
      return;
    }
    phases.forEach(({ id, activated, graph }, k) => {
      const under = `arrangement ${id}${activated ? ' (after activation)' : ''}`;
      const holder = holders[k];
      if (holder === undefined) {
        c.at([...p, 'path', 'authority'], `action "${a.id}": no node holds authority "${a.path.authority}" for theatre ${a.theatre} under ${under} (expected a node listing it in authorities, or a grant in the arrangement)`);
        return;
      }
      const neighbours = (node: string) => (graph.adjacency.get(node) ?? []).map((e) => e.to);
      if (!reachable(neighbours, a.path.from).has(holder)) {
        c.at([...p, 'path', 'from'], `action "${a.id}": no route from ${a.path.from} to ${holder} under ${under} (expected command links joining path.from to ${holder}, which holds "${a.path.authority}")`);
        return;
      }
      const fromHolder = reachable(neighbours, holder);
      for (const node of unitNodes) {
        if (!fromHolder.has(node)) c.at([...p, 'path', 'authority'], `action "${a.id}": no route from ${holder} to ${node} under ${under} (expected command links joining ${holder}, which holds "${a.path.authority}", to ${node}, which commands units that can carry it out)`);
      }
    });
  });
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

function sorted(errors: ScenarioError[]): ScenarioError[] {
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

/** Edit distance, for telling a misspelt field from an unrelated one. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/**
 * A misspelt field is one mistake, not two: an unknown key close to a required key that is
 * missing from the same mapping becomes one issue naming the intended key.
 */
function mergeTypos(issues: readonly Issue[], raw: unknown): Issue[] {
  const missing = issues.filter((i) => i.code === 'invalid_type' && i.path.length > 0 && valueAt(raw, i.path as Path) === undefined);
  const used = new Set<Issue>();
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') {
      out.push(issue);
      continue;
    }
    const parent = (issue.path as Path).join('\u0000');
    const rest: string[] = [];
    for (const key of issue.keys) {
      const intended = missing.find((m) => !used.has(m) && (m.path as Path).slice(0, -1).join('\u0000') === parent && distance(key, String(m.path[m.path.length - 1])) <= Math.max(1, Math.floor(key.length / 3)));
      if (intended) {
        used.add(intended);
        out.push({ ...issue, keys: [key], message: `typo:${String(intended.path[intended.path.length - 1])}` });
      } else rest.push(key);
    }
    if (rest.length > 0) out.push({ ...issue, keys: rest });
  }
  return out.filter((i) => !used.has(i));
}

/**
 * Validate parsed scenario data (`raw`, with `positions` mapping paths back to the file).
 * On success, the compiled scenario; otherwise every problem found, one positioned line
 * each, in file order.
 */
export function validateScenario(raw: unknown, positions: Positions, file: string): Result<Scenario, ScenarioError[]> {
  const result = ScenarioFile.safeParse(raw, { reportInput: true });
  if (!result.success) {
    return { ok: false, error: sorted(mergeTypos(result.error.issues, raw).flatMap((issue) => issueLines(issue, raw, positions, file))) };
  }
  const checker = new Checker(result.data, positions, file);
  const { graphSound } = checkReferences(checker);
  // Routes are only meaningful once every node and link reference resolves.
  if (!graphSound) return { ok: false, error: sorted(checker.errors) };
  const scenario = compileScenario(result.data);
  checkRoutes(checker, scenario);
  if (checker.errors.length > 0) return { ok: false, error: sorted(checker.errors) };
  return { ok: true, value: scenario };
}
