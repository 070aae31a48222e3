// Reading a scenario file: YAML text -> plain data plus a way to find the line and column
// of any path in it, so every later error can point at the offending spot. Pure: the
// caller reads the file. Hostile input (huge files, alias bombs, absurd nesting, huge
// lists) is refused with one line before it can cost time or memory.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import type { Result } from '../types.ts';

/** One problem in a scenario file, printed as `file:line:col: message`. Lines and columns count from 1. */
export interface ScenarioError {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatScenarioError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`;
}

/** A path into the data: mapping keys and list indices, e.g. ['units', 3, 'zone']. */
export type Path = readonly (string | number)[];

export interface Position {
  line: number;
  col: number;
}

/** Maps paths in the parsed data back to the file. */
export interface Positions {
  /** Where the value at `path` starts; for a missing member, where its nearest existing parent's key (or value) is. */
  locate(path: Path): Position;
  /** Where the key `key` of the mapping at `path` is (for unknown fields); else as `locate(path)`. */
  locateKey(path: Path, key: string): Position;
}

export interface ParsedText {
  /** Plain JSON-like data (mappings, lists, strings, numbers, booleans, null). */
  data: unknown;
  positions: Positions;
}

export const LIMITS = {
  bytes: 2 * 1024 * 1024,
  aliases: 100,
  /** Levels of nested mappings and lists (a real scenario needs about 8). */
  depth: 64,
  /** Items in one list, or keys in one mapping. */
  items: 10_000,
  /** List items and mapping keys in the whole file (a large real scenario has a few thousand). */
  entries: 100_000,
} as const;

const ORIGIN: Position = { line: 1, col: 1 };

function positionOf(lines: LineCounter, offset: number | undefined): Position {
  if (offset === undefined) return ORIGIN;
  const pos = lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

/**
 * A fast scan of the raw text for input the YAML parser would take seconds or minutes
 * over (or overflow its stack on): flow brackets nested deeper than the limit, block lines
 * indented or compacted (`- - - x`) beyond any plausible depth, collections with far more
 * entries than allowed, or far too many entries in all. Quoted scalars and comments are
 * skipped; the counts are approximate (generous), and the exact checks run on the parsed
 * tree afterwards. Returns the offset and message of the first problem, or undefined.
 */
function prescan(text: string): { offset: number; message: string } | undefined {
  const deep = { message: `nesting is too deep (expected at most ${LIMITS.depth} levels)` };
  const tooMany = (list: boolean) => (list ? `list has more than ${LIMITS.items} items (expected at most ${LIMITS.items})` : `mapping has more than ${LIMITS.items} keys (expected at most ${LIMITS.items})`);
  const roughLimit = LIMITS.items * 2;
  let total = 0;
  const flow: { list: boolean; count: number; start: number }[] = [];
  const block: { indent: number; items: number; keys: number; start: number }[] = [];
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (text[j] === ' ') j++;
      if (j - i > LIMITS.depth * 4) return { offset: j, ...deep };
      const content = text[j] !== undefined && text[j] !== '\n' && text[j] !== '\r' && text[j] !== '#';
      if (content && flow.length === 0) {
        // One entry of the block collection at this indentation.
        const indent = j - i;
        while (block.length > 0 && block[block.length - 1].indent > indent) block.pop();
        let level = block[block.length - 1];
        if (!level || level.indent < indent) {
          level = { indent, items: 0, keys: 0, start: j };
          block.push(level);
        }
        const item = text[j] === '-' && (text[j + 1] === ' ' || text[j + 1] === '\n' || text[j + 1] === undefined);
        if (item) level.items += 1;
        else level.keys += 1;
        total += 1;
        if (level.items > roughLimit || level.keys > roughLimit) return { offset: level.start, message: tooMany(item) };
      }
      let compact = 0;
      while ((text[j] === '-' || text[j] === '?' || text[j] === ':') && (text[j + 1] === ' ' || text[j + 1] === '\n')) {
        compact += 1;
        if (compact > LIMITS.depth) return { offset: j, ...deep };
        j += 2;
        while (text[j] === ' ') j++;
      }
      i = j - 1;
      continue;
    }
    if (c === '\n') {
      lineStart = true;
    } else if (c === '#' && (i === 0 || ' \t\n'.includes(text[i - 1]))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if ((c === '"' || c === "'") && (i === 0 || ' \t\n[{,:'.includes(text[i - 1]))) {
      for (i++; i < text.length; i++) {
        if (c === '"' && text[i] === '\\') i++;
        else if (text[i] === c) {
          if (c === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
    } else if (c === '[' || c === '{') {
      flow.push({ list: c === '[', count: 1, start: i });
      total += 1;
      if (flow.length > LIMITS.depth) return { offset: i, ...deep };
    } else if ((c === ']' || c === '}') && flow.length > 0) {
      flow.pop();
    } else if (c === ',' && flow.length > 0) {
      const top = flow[flow.length - 1];
      top.count += 1;
      total += 1;
      if (top.count > roughLimit) return { offset: top.start, message: tooMany(top.list) };
    }
    if (total > LIMITS.entries) return { offset: i, message: `file has more than ${LIMITS.entries} entries in all (expected at most ${LIMITS.entries} list items and mapping keys)` };
  }
  return undefined;
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'MULTIPLE_DOCS':
      return 'more than one YAML document (expected one scenario per file, without "---" separators)';
    case 'MISSING_CHAR':
      return `YAML syntax: ${first.charAt(0).toLowerCase()}${first.slice(1)} (expected every quote and bracket to be closed)`;
    case 'BAD_INDENT':
      return `YAML syntax: ${first.charAt(0).toLowerCase()}${first.slice(1)} (expected items of a mapping or list to line up, and every bracket to be closed)`;
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed as indentation (expected spaces)';
    default:
      if (/Maximum call stack/.test(first)) return `nesting is too deep (expected at most ${LIMITS.depth} levels)`;
      return `YAML syntax: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
  }
}

function child(node: unknown, segment: string | number): { value: YamlNode | undefined; key: YamlNode | undefined } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (key === segment || String(key) === String(segment)) return { value: (pair.value ?? undefined) as YamlNode | undefined, key: pair.key as YamlNode };
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as YamlNode | undefined;
    return item === undefined ? undefined : { value: item, key: undefined };
  }
  return undefined;
}

function startOf(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
}

/** Parse YAML text; refuses oversized input, alias bombs, absurd nesting and huge lists. */
export function parseScenarioText(text: string, file: string): Result<ParsedText, ScenarioError[]> {
  const at = (pos: Position, message: string): ScenarioError => ({ file, line: pos.line, col: pos.col, message });
  const fail = (errors: ScenarioError[]): Result<ParsedText, ScenarioError[]> => ({ ok: false, error: errors });

  const size = new TextEncoder().encode(text).length;
  if (size > LIMITS.bytes) return fail([at(ORIGIN, `file is too large (${size} bytes; expected at most ${LIMITS.bytes / 1024 / 1024} MB)`)]);

  const lines = new LineCounter();
  const refused = prescan(text);
  if (refused) {
    const before = text.slice(0, refused.offset);
    return fail([at({ line: before.split('\n').length, col: refused.offset - before.lastIndexOf('\n') }, refused.message)]);
  }

  const doc: Document = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    // The first syntax error only: after one, the parser's later complaints are mostly
    // knock-on effects of it.
    const e = doc.errors[0];
    return fail([at(positionOf(lines, e.pos[0]), yamlMessage(e.code, e.message))]);
  }

  const problems: ScenarioError[] = [];
  let aliases = 0;
  const depthOf = (path: readonly unknown[]) => path.filter((p) => isMap(p) || isSeq(p)).length;
  visit(doc, {
    Alias(_key, node) {
      aliases += 1;
      if (aliases > LIMITS.aliases) {
        problems.push(at(positionOf(lines, startOf(node)), `too many YAML aliases (more than ${LIMITS.aliases}; expected plain data, not an alias bomb)`));
        return visit.BREAK;
      }
      if (node.resolve(doc) === undefined) {
        problems.push(at(positionOf(lines, startOf(node)), `YAML alias *${node.source} has no anchor &${node.source} before it (expected an anchor defined earlier in the file)`));
        return visit.BREAK;
      }
      return undefined;
    },
    Seq(_key, node, path) {
      if (node.items.length > LIMITS.items) {
        problems.push(at(positionOf(lines, startOf(node)), `list has ${node.items.length} items (expected at most ${LIMITS.items})`));
        return visit.BREAK;
      }
      if (depthOf(path) >= LIMITS.depth) {
        problems.push(at(positionOf(lines, startOf(node)), `nesting is too deep (expected at most ${LIMITS.depth} levels)`));
        return visit.BREAK;
      }
      return undefined;
    },
    Map(_key, node, path) {
      if (node.items.length > LIMITS.items) {
        problems.push(at(positionOf(lines, startOf(node)), `mapping has ${node.items.length} keys (expected at most ${LIMITS.items})`));
        return visit.BREAK;
      }
      if (depthOf(path) >= LIMITS.depth) {
        problems.push(at(positionOf(lines, startOf(node)), `nesting is too deep (expected at most ${LIMITS.depth} levels)`));
        return visit.BREAK;
      }
      // Duplicate keys, found here in linear time (yaml's own uniqueKeys check is quadratic).
      const keys = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (keys.has(key)) problems.push(at(positionOf(lines, startOf(pair.key)), `duplicate key "${key}" (each key may appear once in a mapping)`));
        keys.add(key);
      }
      return undefined;
    },
  });
  if (problems.length > 0) return fail(problems.sort((a, b) => a.line - b.line || a.col - b.col));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.aliases });
  } catch (error) {
    // yaml refuses aliases whose expansion would explode ("resource exhaustion attack").
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    let first: Position = ORIGIN;
    visit(doc, {
      Alias(_key, node) {
        first = positionOf(lines, startOf(node));
        return visit.BREAK;
      },
    });
    const bomb = /Excessive alias count/.test(message);
    return fail([at(first, bomb ? 'YAML aliases expand to too much data (an alias bomb; expected plain data)' : `cannot read YAML: ${message}`)]);
  }
  if (data === null || data === undefined) return fail([at(ORIGIN, 'file is empty (expected a scenario mapping with meta, clock, theatres, zones, ...)')]);

  /** Walks `path` as far as it exists: the deepest node reached and the key node that led to it. */
  const walk = (path: Path): { node: unknown; key: unknown; complete: boolean } => {
    let node: unknown = doc.contents;
    let key: unknown;
    for (const segment of path) {
      const next = child(node, segment);
      if (next === undefined) return { node, key, complete: false };
      // `key:` with no value: point at the key.
      if (next.value === undefined || (isScalar(next.value) && next.value.value === null && startOf(next.value) === undefined)) {
        return { node: next.key, key: next.key, complete: false };
      }
      node = isAlias(next.value) ? next.value.resolve(doc) : next.value;
      key = next.key;
    }
    return { node, key, complete: true };
  };

  const positions: Positions = {
    locate(path) {
      const found = walk(path);
      if (found.complete) return positionOf(lines, startOf(found.node));
      return positionOf(lines, startOf(found.key ?? found.node));
    },
    locateKey(path, key) {
      const found = walk(path);
      if (found.complete && isMap(found.node)) {
        for (const pair of found.node.items) {
          if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return positionOf(lines, startOf(pair.key));
        }
      }
      return positions.locate(path);
    },
  };
  return { ok: true, value: { data, positions } };
}
