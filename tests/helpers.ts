// Shared test helpers: load scenarios the way the CLI does, and play games.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/engine/scenario/load.ts';
import type { Scenario } from '../src/engine/scenario/compile.ts';
import { formatScenarioError } from '../src/engine/scenario/validate.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function loadScenarioFile(relativePath: string): Scenario {
  const text = readFileSync(ROOT + relativePath, 'utf8');
  const result = loadScenario(text, relativePath);
  if (!result.ok) throw new Error(result.error.map(formatScenarioError).join('\n'));
  return result.value;
}

export const flagship = () => loadScenarioFile('scenarios/senkaku-gray-zone.yaml');
export const latencyFixture = () => loadScenarioFile('tests/fixtures/scenarios/latency.yaml');
