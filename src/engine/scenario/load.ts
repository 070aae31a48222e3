// Scenario text -> validated Scenario, or one positioned error line per problem. Never
// throws: anything unexpected becomes one line at 1:1.
import type { Result } from '../types.ts';
import type { Scenario } from './compile.ts';
import { parseScenarioText, type ScenarioError } from './parse.ts';
import { validateScenario } from './validate.ts';

export function loadScenario(text: string, file: string): Result<Scenario, ScenarioError[]> {
  try {
    const parsed = parseScenarioText(text, file);
    if (!parsed.ok) return parsed;
    return validateScenario(parsed.value.data, parsed.value.positions, file);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, error: [{ file, line: 1, col: 1, message: `cannot load scenario: ${message} (expected a readable scenario; this is a bug in the loader, please report it)` }] };
  }
}
