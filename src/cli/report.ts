// `kuroshio report <game.json> --out aar.html|aar.md`: the after-action review of one game,
// rebuilt by replaying its file (so every figure is verified). The review itself is built by
// src/report/aar.ts, which the browser client's export uses too; this keeps file I/O and flags.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { verifyGame } from '../engine/gamefile.ts';
import { buildAar, latencyRows, renderAarHtml, renderAarMarkdown } from '../report/aar.ts';
import { readGameFile } from './replay.ts';
import { readScenario } from './scenarios.ts';
import { UsageError } from './errors.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the after-action review of a game file as self-contained HTML (or Markdown for .md)')
    .argument('<game>', 'game file (JSON)')
    .requiredOption('--out <file>', 'aar.html, or aar.md for Markdown')
    .action((path: string, opts: { out: string }) => {
      const file = readGameFile(path);
      const scenario = readScenario(file.scenario.id);
      const verified = verifyGame(scenario, file);
      if (!verified.ok && verified.problem) {
        process.stderr.write(`step ${verified.problem.step}: ${verified.problem.message}\n`);
        process.exitCode = 2;
        return;
      }
      const report = buildAar(scenario, file, verified.state);
      const text = opts.out.endsWith('.md') ? renderAarMarkdown(report) : renderAarHtml(report);
      try {
        writeFileSync(opts.out, text);
      } catch (error) {
        throw new UsageError(`cannot write ${opts.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      process.stdout.write(`wrote ${opts.out}: ${report.decisions.length} decisions, ${report.notes.length} team notes, ${report.whiteCell.length} White Cell acts, ${latencyRows(report).length} orders with latency records, outcome ${report.truth.outcome?.name ?? 'unfinished'}\n`);
    });
}
