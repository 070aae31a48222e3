// Monte Carlo comparison: jobs, one CSV row per game, and the summary computed from rows
// alone — so a single run, any worker count, and merged shards give identical files.
import seedrandom from 'seedrandom';
import type { Scenario } from '../engine/scenario/compile.ts';
import { compileScenario } from '../engine/scenario/compile.ts';
import type { ScenarioData } from '../engine/scenario/schema.ts';
import type { ArrangementId, SharingId } from '../engine/ids.ts';
import { hash } from '../engine/index.ts';
import { playGame } from '../engine/play.ts';
import { playersFor, type BotChoice } from './players.ts';
import { UsageError } from './errors.ts';

export interface Variant {
  /** "base" or e.g. "node.INDOPACOM.processingHours=2". */
  id: string;
  node?: string;
  processingHours?: number;
}

export interface Job {
  variant: string;
  arrangement: ArrangementId;
  sharing: SharingId;
  seed: string;
}

export type Row = Record<string, string>;

/** `N` (seeds 1..N) or `a..b`. */
export function parseSeeds(value: string): string[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(value);
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (b < a) throw new UsageError(`--seeds ${value}: the range ends before it starts (expected a..b with a <= b)`);
    if (b - a > 10_000_000) throw new UsageError(`--seeds ${value}: too many seeds`);
    return Array.from({ length: b - a + 1 }, (_, i) => String(a + i));
  }
  if (/^\d+$/.test(value) && Number(value) > 0) return Array.from({ length: Number(value) }, (_, i) => String(i + 1));
  throw new UsageError(`--seeds "${value}" is not a seed count or range (expected e.g. 200 or 1..200)`);
}

/** `k/n`: this process runs the k-th of n interleaved slices of the seeds. */
export function parseShard(value: string): { k: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) throw new UsageError(`--shard "${value}" is not a shard (expected k/n with 1 <= k <= n, e.g. 2/8)`);
  return { k, n };
}

/** `node.<ID>.processingHours=2,6,12` -> one variant per value. */
export function parseVary(value: string | undefined, scenario: Scenario): Variant[] {
  if (!value) return [{ id: 'base' }];
  const m = /^node\.([A-Za-z][A-Za-z0-9_-]*)\.processingHours=([0-9.,]+)$/.exec(value);
  if (!m) throw new UsageError(`--vary "${value}" is not a sweep (expected node.<NODE>.processingHours=<h>,<h>,..., e.g. node.INDOPACOM.processingHours=2,6,12)`);
  if (!scenario.nodes.has(m[1])) throw new UsageError(`--vary: no command node "${m[1]}" (expected one of: ${[...scenario.nodes.keys()].join(', ')})`);
  const hours = m[2].split(',').filter(Boolean).map(Number);
  if (hours.length === 0 || hours.some((h) => !Number.isFinite(h) || h < 0)) throw new UsageError(`--vary: processing hours must be numbers >= 0`);
  return hours.map((h) => ({ id: `node.${m[1]}.processingHours=${h}`, node: m[1], processingHours: h }));
}

export function variantScenario(data: ScenarioData, variant: Variant): Scenario {
  if (!variant.node) return compileScenario(data);
  return compileScenario({
    ...data,
    commandNodes: data.commandNodes.map((n) => (n.id === variant.node ? { ...n, processingHours: { fixed: variant.processingHours ?? 0, source: `parameter sweep ${variant.id}` } } : n)),
  });
}

export function jobsFor(seeds: readonly string[], arrangements: readonly ArrangementId[], sharings: readonly SharingId[], variants: readonly Variant[], shard?: { k: number; n: number }): Job[] {
  const mine = shard ? seeds.filter((_, i) => i % shard.n === shard.k - 1) : seeds;
  const jobs: Job[] = [];
  for (const variant of variants) for (const sharing of sharings) for (const arrangement of arrangements) for (const seed of mine) jobs.push({ variant: variant.id, arrangement, sharing, seed });
  return jobs;
}

const num = (x: number | null | undefined) => (x === null || x === undefined ? '' : (Math.round(x * 1000) / 1000).toString());

/** Play one game and describe it as a row. */
export function runJob(scenario: Scenario, job: Job, bots: BotChoice): Row {
  const state = playGame(scenario, { seed: job.seed, arrangement: job.arrangement, sharing: job.sharing }, playersFor(scenario, job.seed, bots));
  const ctx = state.context;
  const m = ctx.metrics;
  const row: Row = {
    scenario: ctx.scenarioId,
    variant: job.variant,
    arrangement: job.arrangement,
    sharing: job.sharing,
    seed: job.seed,
    outcome: ctx.outcome?.id ?? '',
    winners: (ctx.outcome?.winners ?? []).join(' '),
    turns: String(ctx.outcome ? ctx.turn : ctx.turn - 1),
    alliedResponseHours: num(m.alliedResponseHours),
    triggerDetectedHour: num(m.triggerDetectedHour),
    firstAlliedEffectHour: num(m.firstAlliedEffectHour),
    jtfActiveHour: num(ctx.activation.activeHour),
    ordersDelivered: String(m.ordersDelivered),
    delayTransmission: num(m.delayHours.transmission),
    delayStaffing: num(m.delayHours.staffing),
    delayProcessing: num(m.delayHours.processing),
    delayAuthority: num(m.delayHours.authority),
  };
  for (const theatre of scenario.theatreIds) row[`peakRung.${theatre}`] = String(m.peakRung[theatre] ?? 0);
  for (const status of scenario.data.legal.statuses) row[`legal.${status.id}`] = num(m.legalDeterminations[status.id]);
  row.finalHash = hash(state);
  return row;
}

export function columns(scenario: Scenario): string[] {
  return [
    'scenario', 'variant', 'arrangement', 'sharing', 'seed', 'outcome', 'winners', 'turns', 'alliedResponseHours', 'triggerDetectedHour', 'firstAlliedEffectHour', 'jtfActiveHour',
    'ordersDelivered', 'delayTransmission', 'delayStaffing', 'delayProcessing', 'delayAuthority',
    ...scenario.theatreIds.map((t) => `peakRung.${t}`),
    ...scenario.data.legal.statuses.map((s) => `legal.${s.id}`),
    'finalHash',
  ];
}

const ORDER = ['legacy', 'upgraded', 'jtf', 'combined'];
const seedKey = (seed: string) => (/^\d+$/.test(seed) ? seed.padStart(12, '0') : seed);

/** Canonical row order: variant, sharing, arrangement (in the usual order), seed. */
export function sortRows(rows: Row[]): Row[] {
  return [...rows].sort(
    (a, b) =>
      (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0) ||
      (a.sharing < b.sharing ? -1 : a.sharing > b.sharing ? 1 : 0) ||
      ORDER.indexOf(a.arrangement) - ORDER.indexOf(b.arrangement) ||
      (seedKey(a.seed) < seedKey(b.seed) ? -1 : seedKey(a.seed) > seedKey(b.seed) ? 1 : 0),
  );
}

export function toCsv(header: string[], rows: Row[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h] ?? '')).join(','))].join('\n') + '\n';
}

export function fromCsv(text: string): { header: string[]; rows: Row[] } {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        out.push(cur);
        cur = '';
      } else cur += c;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0] ?? '');
  const rows = lines.slice(1).map((line) => {
    const cells = split(line);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
  return { header, rows };
}

// ---------------------------------------------------------------- summary

function quantile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** 95% bootstrap interval of the median (seeded, so the same rows give the same interval). */
export function bootstrapMedianCi(values: number[], seed: string, samples = 400): [number, number] | null {
  if (values.length < 2) return null;
  const rng = seedrandom.alea(seed);
  const medians: number[] = [];
  // A typed array sorts numerically without a comparator: 400 sorts of 10,000 draws per group.
  const draw = new Float64Array(values.length);
  for (let b = 0; b < samples; b++) {
    for (let i = 0; i < draw.length; i++) draw[i] = values[Math.floor(rng() * values.length)];
    draw.sort();
    medians.push(quantile(draw, 0.5) ?? 0);
  }
  medians.sort((x, y) => x - y);
  return [round3(quantile(medians, 0.025)) ?? 0, round3(quantile(medians, 0.975)) ?? 0];
}

export interface GroupSummary {
  variant: string;
  arrangement: string;
  sharing: string;
  games: number;
  outcomeRates: Record<string, number>;
  alliedResponseHours: { n: number; median: number | null; p10: number | null; p90: number | null; mean: number | null; medianCi95: [number, number] | null };
  peakRung: Record<string, Record<string, number>>;
  legalDeterminations: Record<string, { rate: number; medianHour: number | null }>;
  /** Mean allied order delay per delivered order, by hop type (hours). */
  delayPerOrderHours: { transmission: number; staffing: number; processing: number; authority: number };
}

export function summarise(rows: Row[]): { groups: GroupSummary[] } {
  const groups = new Map<string, Row[]>();
  for (const row of sortRows(rows)) {
    const key = `${row.variant}|${row.sharing}|${row.arrangement}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const out: GroupSummary[] = [];
  for (const [key, list] of groups) {
    const [variant, sharing, arrangement] = key.split('|');
    const responses = list.map((r) => r.alliedResponseHours).filter((v) => v !== '').map(Number).sort((a, b) => a - b);
    const outcomeRates: Record<string, number> = {};
    for (const r of list) outcomeRates[r.outcome] = (outcomeRates[r.outcome] ?? 0) + 1 / list.length;
    const peakRung: Record<string, Record<string, number>> = {};
    const legal: Record<string, { rate: number; medianHour: number | null }> = {};
    for (const column of Object.keys(list[0] ?? {})) {
      if (column.startsWith('peakRung.')) {
        const dist: Record<string, number> = {};
        for (const r of list) dist[r[column]] = (dist[r[column]] ?? 0) + 1 / list.length;
        peakRung[column.slice('peakRung.'.length)] = Object.fromEntries(Object.entries(dist).map(([k, v]) => [k, round3(v) ?? 0]));
      }
      if (column.startsWith('legal.')) {
        const hours = list.map((r) => r[column]).filter((v) => v !== '').map(Number).sort((a, b) => a - b);
        legal[column.slice('legal.'.length)] = { rate: round3(hours.length / list.length) ?? 0, medianHour: round3(quantile(hours, 0.5)) };
      }
    }
    const orders = list.reduce((s, r) => s + Number(r.ordersDelivered), 0) || 1;
    const per = (c: string) => round3(list.reduce((s, r) => s + Number(r[c] || 0), 0) / orders) ?? 0;
    out.push({
      variant,
      arrangement,
      sharing,
      games: list.length,
      outcomeRates: Object.fromEntries(Object.entries(outcomeRates).sort().map(([k, v]) => [k, round3(v) ?? 0])),
      alliedResponseHours: {
        n: responses.length,
        median: round3(quantile(responses, 0.5)),
        p10: round3(quantile(responses, 0.1)),
        p90: round3(quantile(responses, 0.9)),
        mean: responses.length ? round3(responses.reduce((a, b) => a + b, 0) / responses.length) : null,
        medianCi95: bootstrapMedianCi(responses, key),
      },
      peakRung,
      legalDeterminations: legal,
      delayPerOrderHours: { transmission: per('delayTransmission'), staffing: per('delayStaffing'), processing: per('delayProcessing'), authority: per('delayAuthority') },
    });
  }
  return { groups: out };
}
