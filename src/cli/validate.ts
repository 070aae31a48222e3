// `kuroshio validate <file...>`: one summary line per valid file on stdout; one
// `file:line:col: message` line per problem on stderr otherwise, and exit 1.
import type { Command } from 'commander';
import { loadScenario } from '../engine/scenario/load.ts';
import { formatScenarioError } from '../engine/scenario/parse.ts';
import type { Scenario } from '../engine/scenario/compile.ts';
import { UsageError } from './errors.ts';
import { looksLikePath, readText, scenarioPath, shownPath } from './scenarios.ts';

export function summaryLine(file: string, scenario: Scenario): string {
  const d = scenario.data;
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return (
    `ok  ${file}  ${d.meta.id} "${d.meta.title}" — ${n(d.clock.maxTurns, 'turn')} × ${d.clock.hoursPerTurn} h, ` +
    `${n(d.roles.length, 'role')}, ${n(d.units.length, 'unit')}, ${n(d.actions.length, 'action')}, ${n(d.theatres.length, 'theatre')}`
  );
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scenario files: a summary line per valid file, one file:line:col line per problem (exit 1 if any file fails)')
    .argument('<file...>', 'scenario files (.yaml), or ids of scenarios in scenarios/')
    .action((files: string[]) => {
      let failed = 0;
      for (const arg of files) {
        let path: string;
        let text: string;
        try {
          path = looksLikePath(arg) ? arg : scenarioPath(arg);
          text = readText(path);
        } catch (error) {
          process.stderr.write(`${error instanceof UsageError ? error.message : String(error)}\n`);
          failed += 1;
          continue;
        }
        const shown = shownPath(path);
        const result = loadScenario(text, shown);
        if (result.ok) {
          process.stdout.write(summaryLine(shown, result.value) + '\n');
        } else {
          for (const e of result.error) process.stderr.write(formatScenarioError(e) + '\n');
          failed += 1;
        }
      }
      if (failed > 0) process.exitCode = 1;
    });
}
