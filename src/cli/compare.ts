// `kuroshio compare` (all cores, worker threads, progress bar) and `kuroshio merge` (shards).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { Command } from 'commander';
import { ARRANGEMENT_IDS, SHARING_IDS, type ArrangementId, type SharingId } from '../engine/ids.ts';
import { readScenario } from './scenarios.ts';
import { UsageError } from './errors.ts';
import { parseBots, type BotChoice } from './players.ts';
import { columns, fromCsv, jobsFor, parseSeeds, parseShard, parseVary, sortRows, summarise, toCsv, type Job, type Row, type Variant } from './compare-core.ts';
import { renderCompareReport } from './compare-report.ts';

function parseList<T extends string>(value: string, allowed: readonly T[], flag: string): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) if (!(allowed as readonly string[]).includes(item)) throw new UsageError(`${flag} "${item}" is not valid (expected a comma list of: ${allowed.join(', ')})`);
  if (items.length === 0) throw new UsageError(`${flag} needs at least one value (expected a comma list of: ${allowed.join(', ')})`);
  return [...new Set(items)] as T[];
}

function parseWorkers(value: string): number {
  if (value === 'auto') return Math.max(1, availableParallelism());
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers "${value}" is not a worker count (expected auto or a whole number 1-256)`);
  return n;
}

/** A progress line: a bar with ETA on a terminal, occasional plain lines otherwise. */
function progress(total: number): (done: number) => void {
  const started = Date.now();
  let lastPlain = -1;
  return (done) => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = done / Math.max(elapsed, 1e-3);
    const eta = rate > 0 ? (total - done) / rate : 0;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} games · ${rate.toFixed(0)}/s · ETA ${eta.toFixed(0)} s   `);
      if (done === total) process.stderr.write('\n');
    } else {
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastPlain || done === total) {
        lastPlain = tenth;
        process.stderr.write(`compare: ${done}/${total} games (${Math.round((done / total) * 100)}%), ${rate.toFixed(0)} games/s, ETA ${eta.toFixed(0)} s\n`);
      }
    }
  };
}

/**
 * The workers' code: compare-worker.ts and the engine, bundled once per run by esbuild (the
 * compiler tsx uses). The rest of the CLI runs through tsx, which compiles with keepNames:
 * every closure the bots create per candidate order then costs a defineProperty call, about a
 * quarter of a worker's time. The bundle holds no Node API but worker_threads.
 */
function workerSource(): string {
  const built = buildSync({
    entryPoints: [fileURLToPath(new URL('./compare-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return built.outputFiles[0].text;
}

/** Runs jobs on `workers` threads in fixed chunks; results are sorted, so the count does not matter. */
async function runJobs(jobs: Job[], workers: number, workerData: unknown, onProgress: (done: number) => void): Promise<Row[]> {
  const chunk = 25;
  const chunks: Job[][] = [];
  for (let i = 0; i < jobs.length; i += chunk) chunks.push(jobs.slice(i, i + chunk));
  const rows: Row[] = [];
  let next = 0;
  let done = 0;
  const source = workerSource();
  const pool = Array.from({ length: Math.min(workers, chunks.length) }, () => new Worker(source, { eval: true, workerData }));
  await Promise.all(
    pool.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const feed = () => {
            if (next >= chunks.length) {
              worker.postMessage(null);
              return;
            }
            worker.postMessage(chunks[next++]);
          };
          worker.on('message', (result: Row[]) => {
            rows.push(...result);
            done += result.length;
            onProgress(done);
            feed();
          });
          worker.on('error', reject);
          worker.on('exit', () => resolve());
          feed();
        }),
    ),
  );
  return rows;
}

function writeOutputs(dir: string, header: string[], rows: Row[], meta: { scenario: string; title: string; seeds: string; bots: string }, extra: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  const sorted = sortRows(rows);
  writeFileSync(join(dir, 'runs.csv'), toCsv(header, sorted));
  const summary = summarise(sorted);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ scenario: meta.scenario, seeds: meta.seeds, bots: meta.bots, games: sorted.length, ...extra, groups: summary.groups }, null, 2) + '\n');
  writeFileSync(join(dir, 'report.html'), renderCompareReport({ ...meta, games: sorted.length }, summary.groups, sorted));
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('run a scenario over many seeds under each arrangement (all cores) and write runs.csv, summary.json and report.html')
    .requiredOption('--scenario <id|path>', 'scenario id or path')
    .requiredOption('--seeds <N|a..b>', 'seeds 1..N, or a range a..b')
    .option('--arrangements <list>', 'comma list of arrangements', ARRANGEMENT_IDS.join(','))
    .option('--sharing <list>', 'comma list of sharing modes', 'hub')
    .option('--bots <kind>', 'cautious, balanced, hawkish or random', 'balanced')
    .option('--workers <auto|N>', 'worker threads', 'auto')
    .option('--shard <k/n>', 'run only the k-th of n slices of the seeds (merge the outputs with kuroshio merge)')
    .option('--vary <sweep>', 'parameter sweep, e.g. node.INDOPACOM.processingHours=2,6,12')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (opts: { scenario: string; seeds: string; arrangements: string; sharing: string; bots: string; workers: string; shard?: string; vary?: string; out: string }) => {
      const scenario = readScenario(opts.scenario);
      const seeds = parseSeeds(opts.seeds);
      const arrangements = parseList<ArrangementId>(opts.arrangements, ARRANGEMENT_IDS, '--arrangements');
      const sharings = parseList<SharingId>(opts.sharing, SHARING_IDS, '--sharing');
      const bots: BotChoice = parseBots(opts.bots);
      const workers = parseWorkers(opts.workers);
      const shard = opts.shard ? parseShard(opts.shard) : undefined;
      const variants: Variant[] = parseVary(opts.vary, scenario);
      const jobs = jobsFor(seeds, arrangements, sharings, variants, shard);
      if (jobs.length === 0) throw new UsageError('no games to run (this shard has no seeds)');
      const started = Date.now();
      process.stderr.write(`compare: ${jobs.length} games (${seeds.length} seeds${shard ? `, shard ${shard.k}/${shard.n}` : ''} × ${arrangements.length} arrangements × ${sharings.length} sharing × ${variants.length} variants) on ${workers} worker${workers === 1 ? '' : 's'}\n`);
      const rows = await runJobs(jobs, workers, { data: scenario.data, variants, bots }, progress(jobs.length));
      const seconds = (Date.now() - started) / 1000;
      writeOutputs(opts.out, columns(scenario), rows, { scenario: scenario.data.meta.id, title: scenario.data.meta.title, seeds: opts.seeds, bots }, {});
      process.stdout.write(`wrote ${join(opts.out, 'runs.csv')}, summary.json, report.html — ${rows.length} games in ${seconds.toFixed(1)} s (${(rows.length / seconds).toFixed(0)} games/s)\n`);
    });

  program
    .command('merge')
    .description('combine the outputs of compare shards into the files a single run would have written')
    .argument('<dir...>', 'shard output directories')
    .requiredOption('--out <dir>', 'output directory')
    .action((dirs: string[], opts: { out: string }) => {
      let header: string[] | null = null;
      const rows: Row[] = [];
      let meta: { scenario: string; title: string; seeds: string; bots: string } | null = null;
      for (const dir of dirs) {
        const csv = join(dir, 'runs.csv');
        if (!existsSync(csv)) throw new UsageError(`${dir}: no runs.csv (expected the output directory of kuroshio compare)`);
        const parsed = fromCsv(readFileSync(csv, 'utf8'));
        if (header && parsed.header.join(',') !== header.join(',')) throw new UsageError(`${csv}: columns differ from the first shard (expected shards of the same scenario)`);
        header = parsed.header;
        rows.push(...parsed.rows);
        const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { scenario: string; seeds: string; bots: string };
        meta ??= { scenario: summary.scenario, title: summary.scenario, seeds: summary.seeds, bots: summary.bots };
      }
      if (!header || !meta) throw new UsageError('nothing to merge');
      const seen = new Set<string>();
      const unique = rows.filter((r) => {
        const key = `${r.variant}|${r.sharing}|${r.arrangement}|${r.seed}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      try {
        meta.title = readScenario(meta.scenario).data.meta.title;
      } catch {
        // The scenario may not be installed where the merge runs: keep its id as the title.
      }
      writeOutputs(opts.out, header, unique, meta, {});
      process.stdout.write(`merged ${dirs.length} shard(s): ${unique.length} games into ${opts.out}\n`);
    });
}
