// Finding and reading scenario files for the CLI. Ids resolve inside the package's own
// scenarios/ folder (found from this file's location, not the working directory); anything
// with a slash or a .yaml/.yml ending is a path.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../engine/scenario/load.ts';
import { formatScenarioError } from '../engine/scenario/parse.ts';
import type { Scenario } from '../engine/scenario/compile.ts';
import { UsageError } from './errors.ts';

export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCENARIO_DIR = PACKAGE_ROOT + 'scenarios/';

/** Ids of the scenarios shipped in scenarios/, sorted. */
export function listScenarios(): string[] {
  if (!existsSync(SCENARIO_DIR)) return [];
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

function expected(): string {
  const ids = listScenarios();
  return `expected a path to a .yaml file${ids.length ? ` or one of: ${ids.join(', ')}` : ''}`;
}

export function looksLikePath(idOrPath: string): boolean {
  return /[/\\]|\.ya?ml$/i.test(idOrPath);
}

/** A scenario id (in scenarios/) or a path to a .yaml file -> the path to read. */
export function scenarioPath(idOrPath: string): string {
  if (looksLikePath(idOrPath)) {
    if (!existsSync(idOrPath)) throw new UsageError(`no scenario file "${idOrPath}" (${expected()})`);
    if (!statSync(idOrPath).isFile()) throw new UsageError(`"${idOrPath}" is not a file (${expected()})`);
    return idOrPath;
  }
  const path = SCENARIO_DIR + idOrPath + '.yaml';
  if (!existsSync(path)) throw new UsageError(`no scenario "${idOrPath}" (${expected()})`);
  return path;
}

/** How a path is shown in messages: relative to the package for its own scenarios. */
export function shownPath(path: string): string {
  return path.startsWith(PACKAGE_ROOT) ? path.slice(PACKAGE_ROOT.length) : path;
}

/** The text of a file; a missing or unreadable file is a one-line UsageError. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${path}: is a directory (expected a file)`);
    throw new UsageError(`${path}: cannot read (${code ?? 'unknown error'})`);
  }
}

/** Loads and validates a scenario; an invalid file throws a UsageError listing every problem, one per line. */
export function readScenario(idOrPath: string): Scenario {
  const path = scenarioPath(idOrPath);
  const result = loadScenario(readText(path), shownPath(path));
  if (!result.ok) throw new UsageError(result.error.map(formatScenarioError).join('\n'));
  return result.value;
}
