// `kuroshio validate <file...>`: one summary line per valid file; one positioned line per
// problem otherwise (exit 1).
import type { Command } from 'commander';
import { loadScenario } from '../engine/scenario/load.ts';
import { formatScenarioError } from '../engine/scenario/parse.ts';
import { readText } from './scenarios.ts';
import { UsageError } from './errors.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scenario files: one summary line per valid file, file:line:col lines for problems')
    .argument('<file...>', 'scenario files (.yaml)')
    .action((files: string[]) => {
      let failed = 0;
      for (const file of files) {
        let text: string;
        try {
          text = readText(file);
        } catch (error) {
          process.stderr.write(`${(error as UsageError).message}\n`);
          failed += 1;
          continue;
        }
        const result = loadScenario(text, file);
        if (!result.ok) {
          for (const e of result.error) process.stderr.write(formatScenarioError(e) + '\n');
          failed += 1;
          continue;
        }
        const d = result.value.data;
        process.stdout.write(
          `ok  ${file}  ${d.meta.id} "${d.meta.title}" — ${d.clock.maxTurns} turns × ${d.clock.hoursPerTurn} h, ${d.roles.length} roles, ` +
            `${d.units.length} units, ${d.actions.length} actions, ${d.commandNodes.length} command nodes, ${d.theatres.length} theatre${d.theatres.length === 1 ? '' : 's'}\n`,
        );
      }
      if (failed > 0) process.exitCode = 1;
    });
}
