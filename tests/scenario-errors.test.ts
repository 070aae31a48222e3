// Malformed scenarios: each gets exactly these one-line, positioned errors — never a
// stack trace. The corpus is built from tests/fixtures/scenarios/latency.yaml by one edit each.
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/engine/scenario/load.ts';
import { formatScenarioError } from '../src/engine/scenario/parse.ts';
import { ROOT } from './helpers.ts';

const dir = 'tests/fixtures/bad-scenarios/';

/** file (without .yaml) -> the exact error lines, without the leading "file:". */
const EXPECTED: Record<string, string[]> = {
  'alias-bomb': [
    "12:8: too many YAML aliases (more than 100; expected plain data, not an alias bomb)",
  ],
  'bad-arrangement-key': [
    "92:3: missing required field \"combined\" in arrangements (expected a mapping)",
    "127:3: unknown field \"combind\" in arrangements (expected one of: legacy, upgraded, jtf, combined)",
  ],
  'bad-condition': [
    "173:67: outcomes[1].when is not valid: { flagg } (expected one of: { flag, atLeast }, { rung }, { legal }, { turn }, { presence }, { cohesion }, { arrangement }, { posture }, { all }, { any }, { not })",
  ],
  'bad-date': [
    "10:17: clock.start \"2027-02-30T12:00:00Z\" is not a real date (expected e.g. 2027-05-14T21:00:00Z)",
  ],
  'bad-distribution': [
    "52:22: commandNodes[2].processingHours is not valid: { mode, source } (expected one of: { fixed, source }, { uniform, source }, { triangular, source })",
  ],
  'bad-duty-hours': [
    "51:45: commandNodes[2].staffing.dutyHours [19, 7] ends before it starts (expected [start, end) local hours with start < end)",
  ],
  'bad-effect-type': [
    "152:23: actions[0].effects[0].type is \"teleport\" (expected a type of: move, onScene, table, legal, posture, flag, addFlag, pressure, cohesion, strength, remove, notify)",
  ],
  'bad-sidc': [
    "139:48: unitTypes[0].sidc is \"frigate\" (expected a 15-character MIL-STD-2525C SIDC)",
  ],
  'duplicate-id': [
    "142:11: duplicate unit id \"us-ship\" (first defined at units[0]; ids must be unique)",
  ],
  'duplicate-key': [
    "9:3: YAML syntax: duplicate key (each key may appear once in a mapping)",
  ],
  'empty': [
    "1:1: file is empty (expected a scenario mapping with meta, clock, zones, ...)",
  ],
  'missing-field': [
    "10:8: missing required field \"hoursPerTurn\" in clock (expected a number)",
  ],
  'negative-hours': [
    "10:55: clock.hoursPerTurn is -6 (expected at least 1)",
  ],
  'no-route': [
    "150:11: no route from TOKYO-A to COMBINED (holder of \"us-defence\") under arrangement combined (expected links connecting them)",
  ],
  'table-probabilities': [
    "148:7: table \"contest\" outcome probabilities p sum to 0.9 (expected 1)",
  ],
  'triangular-order': [
    "66:36: commandNodes[4].processingHours.triangular is [1, 4, 2] (expected [min, mode, max] with min <= mode <= max)",
  ],
  'unit-unknown-zone': [
    "141:63: units[0].zone \"harbour\" is not a zone (expected one of: port, sea)",
  ],
  'unit-wrong-node-role': [
    "142:97: unit \"jp-ship\" of japan is commanded by \"SHIP-HQ\", a node of us (expected a node of japan)",
  ],
  'unknown-field': [
    "8:3: unknown field \"sumary\" in meta (expected one of: id, title, summary, version, sources)",
  ],
  'unknown-link-node': [
    "89:28: links[0].between[1] \"FLEET-HQ\" is not a command node (expected one of: COMBINED, FLEET-HI, HAWAII-HQ, JFHQ, JTF, LIAISON, SHIP-HQ, TOKYO-A)",
    "151:11: no route from HAWAII-HQ to SHIP-HQ (node of units that can \"us-respond\") under arrangement legacy (expected links connecting them)",
    "151:11: no route from HAWAII-HQ to SHIP-HQ (node of units that can \"us-respond\") under arrangement jtf (expected links connecting them)",
  ],
  'unknown-rung-ref': [
    "15:16: theatres[0].ladder.initial \"tension\" is not a rung of theatre main (expected one of: calm, tense, war)",
  ],
  'unreachable-legal': [
    "168:7: legal status \"mso\" cannot be reached from \"policing\" (expected a step leading to it)",
  ],
  'wrong-type': [
    "10:55: clock.hoursPerTurn is \"a day\" (expected a number)",
  ],
  'yaml-syntax': [
    "6:3: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ],
};

function errorsOf(text: string, file: string): string[] {
  const result = loadScenario(text, file);
  return result.ok ? [] : result.error.map(formatScenarioError);
}

describe('malformed scenario corpus', () => {
  const files = readdirSync(ROOT + dir).filter((f) => f.endsWith('.yaml')).sort();
  it('has an expectation for every file and a file for every expectation', () => {
    expect(files.map((f) => f.replace(/\.yaml$/, ''))).toEqual(Object.keys(EXPECTED).sort());
  });
  for (const name of Object.keys(EXPECTED)) {
    it(name, () => {
      const file = `${dir}${name}.yaml`;
      expect(errorsOf(readFileSync(ROOT + file, 'utf8'), file)).toEqual(EXPECTED[name].map((line) => `${file}:${line}`));
    });
  }

  it('refuses absurd sizes with one line', () => {
    const text = `# padding\n${'#'.repeat(2 * 1024 * 1024)}\n`;
    expect(errorsOf(text, 'huge.yaml')).toEqual([`huge.yaml:1:1: file is too large (${text.length} bytes; expected at most 2097152 bytes)`]);
  });

  it('refuses lists of absurd length', () => {
    const text = `zones:\n${'  - x\n'.repeat(10_001)}`;
    expect(errorsOf(text, 'long.yaml')).toEqual(['long.yaml:2:3: list has 10001 items (expected at most 10000)']);
  });
});

describe('valid scenarios', () => {
  for (const file of [...readdirSync(ROOT + 'scenarios').filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`), 'tests/fixtures/scenarios/latency.yaml']) {
    it(`${file} validates`, () => {
      expect(errorsOf(readFileSync(ROOT + file, 'utf8'), file)).toEqual([]);
    });
  }
});

describe('kuroshio validate (CLI)', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ROOT + 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('prints a summary line per valid file and exits 0', () => {
    const run = cli('validate', 'scenarios/senkaku-gray-zone.yaml');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok {2}scenarios\/senkaku-gray-zone\.yaml {2}senkaku-gray-zone ".+" — 16 turns × 6 h, 3 roles/);
  });

  it('prints one positioned line per problem, no stack trace, and exits 1', () => {
    const run = cli('validate', `${dir}unknown-field.yaml`, `${dir}wrong-type.yaml`);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'));
    expect(lines).toEqual([`${dir}unknown-field.yaml:${EXPECTED['unknown-field'][0]}`, `${dir}wrong-type.yaml:${EXPECTED['wrong-type'][0]}`]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing file in one line', () => {
    const run = cli('validate', 'no/such/file.yaml');
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('no/such/file.yaml: no such file');
  });
});
