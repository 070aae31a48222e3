// Reading a scenario file: YAML text -> plain data plus a way to find the line and column
// of any path in it, so every later error can point at the offending spot. Pure: the
// caller reads the file.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import type { Result } from '../types.ts';

export interface ScenarioError {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatScenarioError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`;
}

export type Path = readonly (string | number)[];

export interface ParsedText {
  data: unknown;
  /** Position of the value at `path`; for a missing member, the position of its nearest parent. */
  locate(path: Path): { line: number; col: number };
  /** Position of the key `key` inside the mapping at `path` (for unknown or duplicate fields). */
  locateKey(path: Path, key: string): { line: number; col: number };
}

export const LIMITS = {
  bytes: 2 * 1024 * 1024,
  aliases: 100,
  depth: 64,
  items: 10_000,
} as const;

function positionOf(lines: LineCounter, offset: number | undefined): { line: number; col: number } {
  if (offset === undefined) return { line: 1, col: 1 };
  const pos = lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

function child(node: unknown, segment: string | number): YamlNode | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (key === segment || String(key) === String(segment)) return (pair.value ?? pair.key) as YamlNode;
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') return node.items[segment] as YamlNode | undefined;
  return undefined;
}

/** Parse YAML text; refuses oversized input, alias bombs, absurd nesting and huge lists. */
export function parseScenarioText(text: string, file: string): Result<ParsedText, ScenarioError[]> {
  const at = (line: number, col: number, message: string): ScenarioError => ({ file, line, col, message });
  const size = new TextEncoder().encode(text).length;
  if (size > LIMITS.bytes) return { ok: false, error: [at(1, 1, `file is too large (${size} bytes; expected at most ${LIMITS.bytes} bytes)`)] };

  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    // Later YAML errors are usually knock-on effects of the first: report that one.
    return {
      ok: false,
      error: doc.errors.slice(0, 1).map((e) => {
        const pos = e.linePos?.[0] ?? positionOf(lines, e.pos[0]);
        const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        return at(pos.line, pos.col, `YAML syntax: ${e.code === 'DUPLICATE_KEY' ? 'duplicate key (each key may appear once in a mapping)' : message}`);
      }),
    };
  }

  const problems: ScenarioError[] = [];
  let aliases = 0;
  visit(doc, {
    Alias(_key, node) {
      aliases += 1;
      if (aliases === LIMITS.aliases + 1) {
        const pos = positionOf(lines, node.range?.[0]);
        problems.push(at(pos.line, pos.col, `too many YAML aliases (more than ${LIMITS.aliases}; expected plain data, not an alias bomb)`));
        return visit.BREAK;
      }
      return undefined;
    },
    Seq(_key, node, path) {
      if (node.items.length > LIMITS.items) {
        const pos = positionOf(lines, node.range?.[0]);
        problems.push(at(pos.line, pos.col, `list has ${node.items.length} items (expected at most ${LIMITS.items})`));
        return visit.BREAK;
      }
      if (path.length > LIMITS.depth * 2) {
        const pos = positionOf(lines, node.range?.[0]);
        problems.push(at(pos.line, pos.col, `nesting is deeper than ${LIMITS.depth} levels`));
        return visit.BREAK;
      }
      return undefined;
    },
    Map(_key, node, path) {
      if (path.length > LIMITS.depth * 2) {
        const pos = positionOf(lines, node.range?.[0]);
        problems.push(at(pos.line, pos.col, `nesting is deeper than ${LIMITS.depth} levels`));
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (problems.length > 0) return { ok: false, error: problems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.aliases });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, error: [at(1, 1, `cannot read YAML: ${message} (expected plain data without alias expansion bombs)`)] };
  }
  if (data === null || data === undefined) return { ok: false, error: [at(1, 1, 'file is empty (expected a scenario mapping with meta, clock, zones, ...)')] };

  const locate = (path: Path) => {
    let node: unknown = doc.contents;
    let last: unknown = node;
    for (const segment of path) {
      const next = child(node, segment);
      if (next === undefined) break;
      node = isAlias(next) ? next.resolve(doc) : next;
      last = node;
    }
    const range = (last as { range?: [number, number, number] } | null)?.range;
    return positionOf(lines, range?.[0]);
  };
  const locateKey = (path: Path, key: string) => {
    let node: unknown = doc.contents;
    for (const segment of path) {
      const next = child(node, segment);
      if (next === undefined) return locate(path);
      node = next;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return positionOf(lines, pair.key.range?.[0]);
      }
    }
    return locate(path);
  };
  return { ok: true, value: { data, locate, locateKey } };
}
