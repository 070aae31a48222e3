// Finding and reading scenario files for the CLI (ids resolve inside the package's scenarios/).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../engine/scenario/load.ts';
import { formatScenarioError } from '../engine/scenario/parse.ts';
import type { Scenario } from '../engine/scenario/compile.ts';
import { UsageError } from './errors.ts';

export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCENARIO_DIR = PACKAGE_ROOT + 'scenarios/';

export function listScenarios(): string[] {
  if (!existsSync(SCENARIO_DIR)) return [];
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

/** A scenario id (in scenarios/) or a path to a .yaml file -> the path to read. */
export function scenarioPath(idOrPath: string): string {
  if (/[/\\]|\.ya?ml$/.test(idOrPath)) {
    if (!existsSync(idOrPath) || !statSync(idOrPath).isFile()) throw new UsageError(`${idOrPath}: no such scenario file`);
    return idOrPath;
  }
  const path = SCENARIO_DIR + idOrPath + '.yaml';
  if (!existsSync(path)) throw new UsageError(`no scenario "${idOrPath}" (expected a path to a .yaml file or one of: ${listScenarios().join(', ')})`);
  return path;
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path}: no such file` : code === 'EISDIR' ? `${path}: is a directory (expected a .yaml file)` : `${path}: cannot read (${code ?? 'error'})`);
  }
}

/** Loads and validates a scenario; invalid files throw a UsageError listing every problem, one per line. */
export function readScenario(idOrPath: string): Scenario {
  const path = scenarioPath(idOrPath);
  const shown = path.startsWith(PACKAGE_ROOT) ? path.slice(PACKAGE_ROOT.length) : path;
  const result = loadScenario(readText(path), shown);
  if (!result.ok) throw new UsageError(result.error.map(formatScenarioError).join('\n'));
  return result.value;
}
