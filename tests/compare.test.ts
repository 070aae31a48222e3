// kuroshio compare: the same numbers whatever the worker count; shards merge into exactly
// the files a single run writes; sweeps; bad flags.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ROOT + 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'kuroshio-compare-'));
const read = (d: string, f: string) => readFileSync(join(dir, d, f), 'utf8');
const base = ['compare', '--scenario', 'senkaku-gray-zone', '--seeds', '8'];

describe('kuroshio compare', () => {
  it('writes runs.csv, summary.json and a self-contained report.html; results do not depend on --workers', () => {
    const one = cli(...base, '--workers', '1', '--out', join(dir, 'w1'));
    expect(one.status).toBe(0);
    const two = cli(...base, '--workers', '2', '--out', join(dir, 'w2'));
    expect(two.status).toBe(0);
    expect(read('w2', 'runs.csv')).toBe(read('w1', 'runs.csv'));
    expect(read('w2', 'summary.json')).toBe(read('w1', 'summary.json'));
    const csv = read('w1', 'runs.csv').trim().split('\n');
    expect(csv).toHaveLength(1 + 8 * 4);
    expect(csv[0]).toMatch(/^scenario,variant,arrangement,sharing,seed,outcome,/);
    const summary = JSON.parse(read('w1', 'summary.json'));
    expect(summary.groups.map((g: { arrangement: string }) => g.arrangement)).toEqual(['legacy', 'upgraded', 'jtf', 'combined']);
    for (const g of summary.groups) {
      expect(g.games).toBe(8);
      expect(Object.keys(g.alliedResponseHours)).toEqual(expect.arrayContaining(['median', 'p10', 'p90', 'mean']));
      expect(Object.keys(g.delayPerOrderHours)).toEqual(['transmission', 'staffing', 'processing', 'authority']);
      expect(g.peakRung).toHaveProperty('senkaku');
    }
    const html = read('w1', 'report.html');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  }, 120_000);

  it('--shard k/n outputs merge into exactly the single-run files', () => {
    expect(cli(...base, '--workers', '1', '--shard', '1/3', '--out', join(dir, 's1')).status).toBe(0);
    expect(cli(...base, '--workers', '1', '--shard', '2/3', '--out', join(dir, 's2')).status).toBe(0);
    expect(cli(...base, '--workers', '1', '--shard', '3/3', '--out', join(dir, 's3')).status).toBe(0);
    const merge = cli('merge', join(dir, 's3'), join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged'));
    expect(merge.status).toBe(0);
    expect(read('merged', 'runs.csv')).toBe(read('w1', 'runs.csv'));
    expect(read('merged', 'summary.json')).toBe(read('w1', 'summary.json'));
  }, 120_000);

  it('--vary sweeps a node processing time', () => {
    const run = cli('compare', '--scenario', 'senkaku-gray-zone', '--seeds', '3', '--arrangements', 'legacy', '--vary', 'node.INDOPACOM.processingHours=1,12', '--workers', '1', '--out', join(dir, 'vary'));
    expect(run.status).toBe(0);
    const summary = JSON.parse(read('vary', 'summary.json'));
    expect(summary.groups.map((g: { variant: string }) => g.variant)).toEqual(['node.INDOPACOM.processingHours=1', 'node.INDOPACOM.processingHours=12']);
  }, 120_000);

  it('rejects bad flags with one line', () => {
    for (const [args, pattern] of [
      [['--seeds', 'many'], /--seeds "many" is not a seed count or range/],
      [['--seeds', '5', '--arrangements', 'legacy,nato'], /--arrangements "nato" is not valid/],
      [['--seeds', '5', '--shard', '4/3'], /--shard "4\/3" is not a shard/],
      [['--seeds', '5', '--vary', 'node.NOPE.processingHours=2'], /--vary: no command node "NOPE"/],
      [['--seeds', '5', '--workers', 'lots'], /--workers "lots"/],
    ] as const) {
      const run = cli('compare', '--scenario', 'senkaku-gray-zone', ...args, '--out', join(dir, 'bad'));
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'))).toHaveLength(1);
      expect(run.stderr).toMatch(pattern);
    }
  }, 60_000);
});
