// The command line as a newcomer meets it: run, replay --verify, bad input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ROOT + 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'kuroshio-cli-'));
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Error: /);

describe('kuroshio run and replay', () => {
  const game = join(dir, 'game.json');

  it('run --json prints one object with the summary fields', () => {
    const run = cli('run', '--scenario', 'senkaku-gray-zone', '--seed', '7', '--arrangement', 'jtf', '--sharing', 'direct', '--json');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ scenario: 'senkaku-gray-zone', seed: '7', arrangement: 'jtf', sharing: 'direct' });
    expect(typeof summary.turns).toBe('number');
    expect(summary.finalHash).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.metrics).toHaveProperty('alliedResponseHours');
    expect(summary.metrics.peakRung).toHaveProperty('senkaku');
    expect(summary).toHaveProperty('outcome');
  });

  it('run --out writes a game file that replay --verify accepts (same final hash as --json)', () => {
    const run = cli('run', '--scenario', 'senkaku-gray-zone', '--seed', '7', '--arrangement', 'legacy', '--out', game);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/final hash [0-9a-f]{64}/);
    const json = JSON.parse(cli('run', '--scenario', 'senkaku-gray-zone', '--seed', '7', '--arrangement', 'legacy', '--json').stdout);
    expect(JSON.parse(readFileSync(game, 'utf8')).finalHash).toBe(json.finalHash);
    const replay = cli('replay', game, '--verify');
    expect(replay.status).toBe(0);
    expect(replay.stdout).toMatch(/^verified .* match/);
  });

  it('replay --verify exits 2 and names the first bad step of a tampered file', () => {
    const file = JSON.parse(readFileSync(game, 'utf8'));
    file.commands[5].command = { type: 'submit', role: 'japan' };
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(file));
    const replay = cli('replay', tampered, '--verify');
    expect(replay.status).toBe(2);
    expect(replay.stderr.trim()).toMatch(/^step 6: /);
    noStack(replay.stderr);
  });

  it('replay exits 1 for a file that is not a game file', () => {
    const notGame = join(dir, 'not-game.json');
    writeFileSync(notGame, '{"hello": "world"}');
    const replay = cli('replay', notGame, '--verify');
    expect(replay.status).toBe(1);
    expect(replay.stderr.trim()).toBe(`kuroshio: ${notGame}: not a game file: "format" is undefined (expected "kuroshio-game")`);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "format": "kuroshio-game"\n  "seed": "1"\n}');
    const again = cli('replay', broken, '--verify');
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toMatch(new RegExp(`^kuroshio: ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:3: not valid JSON \\(`));
    noStack(again.stderr);
  });
});

describe('bad flags and values: one line, non-zero exit', () => {
  const cases: [string[], RegExp][] = [
    [['run', '--scenario', 'nope', '--seed', '1', '--arrangement', 'legacy'], /^kuroshio: no scenario "nope" \(expected a path to a \.yaml file or one of: .*senkaku-gray-zone/],
    [['run', '--scenario', 'senkaku-gray-zone', '--seed', '1', '--arrangement', 'nato'], /^kuroshio: --arrangement "nato" is not an arrangement \(expected one of: legacy, upgraded, jtf, combined\)$/],
    [['run', '--scenario', 'senkaku-gray-zone', '--seed', '1', '--arrangement', 'legacy', '--sharing', 'x'], /^kuroshio: --sharing "x" is not a sharing mode/],
    [['run', '--scenario', 'senkaku-gray-zone', '--seed', '1', '--arrangement', 'legacy', '--turbo'], /unknown option '--turbo'/],
    [['replay', '/no/such/game.json'], /^kuroshio: \/no\/such\/game\.json: no such file$/],
    [['launch'], /unknown command 'launch'/],
  ];
  for (const [args, pattern] of cases) {
    it(args.join(' '), () => {
      const run = cli(...args);
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn') && !l.startsWith('(run kuroshio'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      noStack(run.stderr);
    });
  }
});

describe('scenario format reference (docs/scenario-format.md, linked from the README)', () => {
  const reference = readFileSync(ROOT + 'docs/scenario-format.md', 'utf8');
  it('is linked from the README and documents every top-level scenario section', async () => {
    expect(readFileSync(ROOT + 'README.md', 'utf8')).toContain('docs/scenario-format.md');
    const { ScenarioFile } = await import('../src/engine/scenario/schema.ts');
    for (const key of Object.keys(ScenarioFile.shape)) expect(reference).toMatch(new RegExp(`^## .*\`${key}\``, 'm'));
  });
  it("the reference's complete example validates and plays through the CLI", () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(reference.slice(reference.indexOf('## A complete example')))?.[1];
    expect(example).toBeDefined();
    const path = join(dir, 'example.yaml');
    writeFileSync(path, example ?? '');
    expect(cli('validate', path).status).toBe(0);
    expect(cli('run', '--scenario', path, '--seed', '1', '--arrangement', 'combined', '--json').status).toBe(0);
  });
});
