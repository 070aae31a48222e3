// `kuroshio replay <game.json> --verify`: exit 0 when every hash matches, 2 and
// "step N: ..." when not, 1 when the file is not a valid game file.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseGameFile, verifyGame } from '../engine/gamefile.ts';
import { readScenario } from './scenarios.ts';
import { UsageError } from './errors.ts';

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function readGameFile(path: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // V8 says "... at position N": point at it as file:line:col like every other input error.
    const message = (error as Error).message.replace(/, "[\s\S]*$/, '');
    const position = /at position (\d+)/.exec(message);
    const at = position ? lineColumn(text, Number(position[1])) : null;
    throw new UsageError(`${path}${at ? `:${at.line}:${at.column}` : ''}: not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')}; expected a game file written by \`kuroshio run --out\` or the browser client)`);
  }
  const parsed = parseGameFile(raw);
  if (!parsed.ok) throw new UsageError(`${path}: ${parsed.error}`);
  return parsed.value;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay a game file; with --verify, check every command and state hash')
    .argument('<game>', 'game file (JSON) written by `kuroshio run --out` or the browser client')
    .option('--verify', 'check the chained command hashes, per-turn state hashes and final hash')
    .option('--scenario <id|path>', 'scenario to replay against (default: the id recorded in the file)')
    .action((path: string, opts: { verify?: boolean; scenario?: string }) => {
      const file = readGameFile(path);
      const scenario = readScenario(opts.scenario ?? file.scenario.id);
      const started = performance.now();
      const report = verifyGame(scenario, file);
      const ms = performance.now() - started;
      if (!report.ok && report.problem) {
        if (report.problem.step === 0) throw new UsageError(`${path}: ${report.problem.message}`);
        process.stderr.write(`step ${report.problem.step}: ${report.problem.message}\n`);
        process.exitCode = 2;
        return;
      }
      const outcome = report.state.context.outcome;
      process.stdout.write(
        `${opts.verify ? 'verified' : 'replayed'} ${path}: ${report.steps} commands, ${report.turnsChecked} turn hashes, final hash ${file.finalHash.slice(0, 16)}… match` +
          ` (${ms.toFixed(1)} ms) — outcome ${outcome?.name ?? 'none (game unfinished)'}\n`,
      );
    });
}
