// Malformed scenarios: each gets exactly these one-line, positioned errors — never a stack
// trace. The corpus (tests/fixtures/bad-scenarios/) is tests/fixtures/scenarios/minimal.yaml
// with one mistake each, named in each file's first line (so every line number is one more
// than in minimal.yaml). Hostile inputs (huge, deep, alias bombs) are generated here.
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenario } from '../src/engine/scenario/load.ts';
import { parseScenarioText } from '../src/engine/scenario/parse.ts';
import { formatScenarioError, validateScenario } from '../src/engine/scenario/validate.ts';
import { ROOT } from './helpers.ts';

const dir = 'tests/fixtures/bad-scenarios/';
const minimalPath = 'tests/fixtures/scenarios/minimal.yaml';
const minimal = readFileSync(ROOT + minimalPath, 'utf8');

/** file (without .yaml) -> the exact error lines, without the leading "file:". */
const EXPECTED: Record<string, string[]> = {
  'alias-bomb': [
    "13:8: too many YAML aliases (more than 100; expected plain data, not an alias bomb)",
  ],
  'bad-condition-field': [
    "342:109: unknown field \"atleast\" in outcomes[0].when.rung (expected one of: theatre, atLeast, atMost)",
  ],
  'bad-condition': [
    "343:94: outcomes[1].when is { flagg } (expected a condition, one of: { flag }, { rung }, { legal }, { turn }, { presence }, { cohesion }, { arrangement }, { posture }, { all }, { any }, { not })",
  ],
  'bad-date': [
    "13:10: clock.start \"2027-02-30T21:00:00Z\" is not a real date (expected a calendar date and hour, e.g. 2027-05-14T21:00:00Z)",
  ],
  'bad-distribution-arity': [
    "87:33: commandNodes[2].processingHours.uniform has 3 items (expected a list of 2 numbers)",
  ],
  'bad-distribution': [
    "110:22: commandNodes[5].processingHours is { mode, source } (expected a distribution, one of: { fixed: h }, { uniform: [min, max] }, { triangular: [min, mode, max] }, each with a source)",
  ],
  'bad-duty-hours': [
    "94:45: commandNodes[3].staffing.dutyHours is [19, 7] (expected [start, end) local hours with start < end)",
  ],
  'bad-effect-type': [
    "241:23: actions[2].effects[0].type is \"teleport\" (expected a type of: move, onScene, table, legal, posture, flag, addFlag, pressure, cohesion, strength, remove, notify)",
  ],
  'bad-enum': [
    "62:35: roles[2].side is \"enemy\" (expected one of: allied, adversary, neutral)",
  ],
  'bad-location': [
    "85:15: commandNodes[2].location has 1 item (expected a list of 2 numbers)",
  ],
  'bad-sidc': [
    "193:58: unitTypes[1].sidc is \"destroyer\" (expected a 15-character MIL-STD-2525C SIDC)",
  ],
  'condition-unknown-rung': [
    "336:136: events[1].when.rung.atLeast \"drills\" is not a rung of theatre senkaku (expected one of: coercion, force, gray-zone, steady)",
  ],
  'duplicate-event-id': [
    "339:11: duplicate event or inject id \"fishing-season\" (first defined at events[0]; expected ids unique among events and injects)",
  ],
  'duplicate-id': [
    "199:11: duplicate unit id \"jmsdf-1\" (first defined at units[1]; expected ids unique among units)",
  ],
  'duplicate-key': [
    "7:3: duplicate key \"version\" (each key may appear once in a mapping)",
  ],
  'effect-unknown-theatre': [
    "339:108: injects[0].effects[0].theatre \"senkakus\" is not a theatre (expected one of: senkaku, taiwan)",
  ],
  'empty': [
    "1:1: file is empty (expected a scenario mapping with meta, clock, theatres, zones, ...)",
  ],
  'missing-field': [
    "11:1: missing required field \"hoursPerTurn\" in clock (expected a number)",
  ],
  'negative-delay': [
    "135:53: links[0].delayHours.fixed is -0.1 (expected at least 0)",
  ],
  'no-authority-holder': [
    "240:38: action \"crisis-posture\": no node holds authority \"cabinett\" under any arrangement (expected a node listing it in authorities, or an arrangement grant)",
  ],
  'no-route': [
    "262:19: action \"us-presence\": no route from JJOC to USFJ under arrangement upgraded (expected command links joining path.from to USFJ, which holds \"us-ops\")",
  ],
  'none-with-move': [
    "316:13: action \"strait-drill\" has a move or onScene effect but target \"none\" (expected target: here or range)",
    "319:14: action \"strait-drill\" has a move or onScene effect but no unitTypes (expected the unit types that carry it out)",
  ],
  'not-a-mapping': [
    "2:1: the file is a list (expected a mapping of sections: meta, clock, theatres, coupling, zones, roles, commandNodes, links, arrangements, sharing, unitTypes, units, tables, actions, legal, events, injects, outcomes, objectives, metrics)",
  ],
  'not-whole-number': [
    "15:13: clock.maxTurns is 6.5 (expected a whole number)",
  ],
  'offmap-location': [
    "85:15: commandNodes[2].location \"ishigaki\" is not an off-map zone (expected one of: hawaii, tokyo)",
  ],
  'range-missing': [
    "219:13: action \"jcg-patrol\" has target \"range\" but no range (expected range: the number of adjacency steps)",
  ],
  'sharing-disconnected': [
    "188:12: sharing mode \"direct\" does not connect allied roles japan and us (expected a chain of sharing links between every two allied roles)",
  ],
  'table-opposed-probabilities': [
    "209:7: table \"landing\": opposed probabilities (pOpposed, else p) sum to 1.1 (expected 1)",
  ],
  'table-probabilities': [
    "209:7: table \"landing\": outcome probabilities p sum to 0.9 (expected 1)",
  ],
  'triangular-order': [
    "95:36: commandNodes[3].processingHours.triangular is [3, 2, 6] (expected [min, mode, max] with min <= mode <= max)",
  ],
  'uniform-order': [
    "87:33: commandNodes[2].processingHours.uniform is [1, 0.25] (expected [min, max] with min <= max)",
  ],
  'unit-unknown-zone': [
    "199:73: units[2].zone \"east-china-see\" is not a zone (expected one of: east-china-sea, hawaii, ishigaki, senkaku-cz, senkaku-ts, taiwan-strait, tokyo, uotsuri)",
  ],
  'unit-wrong-node-role': [
    "198:114: unit \"jmsdf-1\" of japan is commanded by \"C7F\", a node of us (expected a node of japan)",
  ],
  'unknown-adjacent-zone': [
    "52:161: zones[2].adjacent[1] \"ishigaki-sea\" is not a zone (expected one of: east-china-sea, hawaii, ishigaki, senkaku-cz, senkaku-ts, taiwan-strait, tokyo, uotsuri)",
  ],
  'unknown-field': [
    "5:3: unknown field \"sumary\" in meta (expected \"summary\", which is missing; fields: id, title, summary, version, sources)",
  ],
  'unknown-link-node': [
    "138:28: links[3].between[1] \"C7G\" is not a command node (expected one of: C7F, CCMD, CMC, INDOPACOM, JCG, JJOC, JTF, KANTEI, USFJ)",
  ],
  'unknown-route-node': [
    "240:19: actions[2].path.from \"KANTEI-X\" is not a command node (expected one of: C7F, CCMD, CMC, INDOPACOM, JCG, JJOC, JTF, KANTEI, USFJ)",
  ],
  'unknown-rung-ref': [
    "22:16: theatres[0].ladder.initial \"grey-zone\" is not a rung of theatre senkaku (expected one of: coercion, force, gray-zone, steady)",
  ],
  'unreachable-legal': [
    "328:13: legal status \"armed-attack\" cannot be reached from \"policing\" (expected a chain of legal.steps leading to it)",
  ],
  'wrong-type': [
    "14:17: clock.hoursPerTurn is \"half a day\" (expected a number)",
  ],
  'yaml-syntax': [
    "15:3: YAML syntax: flow sequence in block collection must be sufficiently indented and end with a ] (expected items of a mapping or list to line up, and every bracket to be closed)",
  ],
  'yaml-tab-indent': [
    "14:1: tabs are not allowed as indentation (expected spaces)",
  ],
  'yaml-unclosed-quote': [
    "4:32: YAML syntax: missing closing \"quote (expected every quote and bracket to be closed)",
  ],
  'yaml-undefined-alias': [
    "15:13: YAML alias *turns has no anchor &turns before it (expected an anchor defined earlier in the file)",
  ],
};

function errorsOf(text: string, file: string): string[] {
  const result = loadScenario(text, file);
  return result.ok ? [] : result.error.map(formatScenarioError);
}

describe('malformed scenario corpus', () => {
  const files = readdirSync(ROOT + dir).filter((f) => f.endsWith('.yaml')).sort();
  it('has at least 20 files, an expectation for every file and a file for every expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  for (const name of Object.keys(EXPECTED)) {
    it(name, () => {
      const file = `${dir}${name}.yaml`;
      expect(errorsOf(readFileSync(ROOT + file, 'utf8'), file)).toEqual(EXPECTED[name].map((line) => `${file}:${line}`));
    });
  }
});

describe('hostile input is refused quickly, in one line', () => {
  const timed = (text: string, file: string) => {
    const start = performance.now();
    const errors = errorsOf(text, file);
    return { errors, ms: performance.now() - start };
  };

  it('a file over 2 MB', () => {
    const text = `# padding\n${'#'.repeat(2 * 1024 * 1024)}\n`;
    expect(errorsOf(text, 'huge.yaml')).toEqual([`huge.yaml:1:1: file is too large (${text.length} bytes; expected at most 2 MB)`]);
  });

  it('a list of more than 10,000 items', () => {
    expect(errorsOf(`zones:\n${'  - x\n'.repeat(10_001)}`, 'long.yaml')).toEqual(['long.yaml:2:3: list has 10001 items (expected at most 10000)']);
  });

  it('a mapping of more than 10,000 keys', () => {
    const text = `zones:\n${Array.from({ length: 10_001 }, (_, i) => `  k${i}: 1\n`).join('')}`;
    expect(errorsOf(text, 'wide.yaml')).toEqual(['wide.yaml:2:3: mapping has 10001 keys (expected at most 10000)']);
  });

  it('a million nested brackets (refused before parsing)', () => {
    const { errors, ms } = timed(`meta: ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}\n`, 'deep.yaml');
    expect(errors).toEqual(['deep.yaml:1:71: nesting is too deep (expected at most 64 levels)']);
    expect(ms).toBeLessThan(2000);
  });

  it('deeply nested block mappings and compact lists', () => {
    const block = 'meta:\n' + Array.from({ length: 70 }, (_, i) => `${' '.repeat(2 * i + 2)}k${i}:`).join('\n') + ' 1\n';
    expect(errorsOf(block, 'block.yaml')).toEqual(['block.yaml:65:129: nesting is too deep (expected at most 64 levels)']);
    expect(errorsOf(`meta:\n  ${'- '.repeat(500_000)}x\n`, 'compact.yaml')).toEqual(['compact.yaml:2:131: nesting is too deep (expected at most 64 levels)']);
  });

  it('brackets inside quotes and comments do not count as nesting', () => {
    const text = `meta: "${'['.repeat(100)}"\nclock: '${'{'.repeat(100)}'\n# ${'['.repeat(100)}\n`;
    expect(errorsOf(text, 'quoted.yaml')).not.toContainEqual(expect.stringContaining('nesting'));
  });

  it('an alias bomb with few aliases but an exploding expansion', () => {
    const letter = (i: number) => String.fromCharCode(97 + i);
    const text =
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n' +
      Array.from({ length: 8 }, (_, i) => `${letter(i + 1)}: &${letter(i + 1)} [${Array(10).fill('*' + letter(i)).join(',')}]\n`).join('');
    const { errors, ms } = timed(text, 'bomb.yaml');
    expect(errors).toEqual(['bomb.yaml:2:8: YAML aliases expand to too much data (an alias bomb; expected plain data)']);
    expect(ms).toBeLessThan(2000);
  });

  it('several YAML documents in one file', () => {
    expect(errorsOf('meta: 1\n---\nclock: 2\n', 'multi.yaml')).toEqual(['multi.yaml:2:1: more than one YAML document (expected one scenario per file, without "---" separators)']);
  });

  it('a plain string instead of a scenario', () => {
    expect(errorsOf('just text\n', 'text.yaml')).toEqual([
      'text.yaml:1:1: the file is a text string (expected a mapping of sections: meta, clock, theatres, coupling, zones, roles, commandNodes, links, arrangements, sharing, unitTypes, units, tables, actions, legal, events, injects, outcomes, objectives, metrics)',
    ]);
  });

  it('every duplicate key is reported, each at its own position', () => {
    const text = minimal.replace('  version: 1\n', '  version: 1\n  version: 2\n').replace('  maxTurns: 6\n', '  maxTurns: 6\n  maxTurns: 7\n');
    expect(errorsOf(text, 'dups.yaml')).toEqual([
      'dups.yaml:11:3: duplicate key "version" (each key may appear once in a mapping)',
      'dups.yaml:21:3: duplicate key "maxTurns" (each key may appear once in a mapping)',
    ]);
  });
});

describe('positions', () => {
  const parsed = parseScenarioText(minimal, minimalPath);
  if (!parsed.ok) throw new Error('minimal.yaml does not parse');
  const { positions } = parsed.value;
  const lineOf = (text: string) => minimal.split('\n').findIndex((l) => l.includes(text)) + 1;

  it('locate points at a value', () => {
    expect(positions.locate(['clock', 'hoursPerTurn'])).toEqual({ line: lineOf('hoursPerTurn: 12'), col: 17 });
    expect(positions.locate(['units', 2, 'zone'])).toEqual({ line: lineOf('id: us-ddg'), col: minimal.split('\n')[lineOf('id: us-ddg') - 1].indexOf('east-china-sea') + 1 });
  });

  it('locate points at the parent key when a member is missing', () => {
    expect(positions.locate(['clock', 'nothing'])).toEqual({ line: lineOf('clock:'), col: 1 });
  });

  it('locateKey points at a key', () => {
    expect(positions.locateKey(['meta'], 'title')).toEqual({ line: lineOf('title: Minimal'), col: 3 });
  });

  it('validateScenario takes raw data, positions and the file name', () => {
    const result = validateScenario(parsed.value.data, positions, minimalPath);
    expect(result.ok).toBe(true);
  });
});

describe('loading never throws and every error is one positioned line', () => {
  const lines = minimal.split('\n');
  it('survives random edits of a valid scenario', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(lines.length - 1), fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }), fc.constantFrom('  - x', ': :', '[', '{ a: 1 }', '*a', '&a x', '\t', '"', '1e999', '-1', 'null'))), { minLength: 1, maxLength: 4 }),
        (edits) => {
          const copy = [...lines];
          for (const [at, text] of edits) copy[at] = copy[at].slice(0, copy[at].length >> 1) + text;
          const text = copy.join('\n');
          const result = loadScenario(text, 'fuzz.yaml');
          if (result.ok) return;
          expect(result.error.length).toBeGreaterThan(0);
          for (const e of result.error) {
            const line = formatScenarioError(e);
            expect(line).toMatch(/^fuzz\.yaml:\d+:\d+: \S/);
            expect(line).not.toContain('\n');
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.line).toBeLessThanOrEqual(copy.length + 1);
            expect(e.message).not.toMatch(/\bat .*\.ts:\d+/);
          }
        },
      ),
      { numRuns: 150, seed: 20270513 },
    );
  });
});

describe('valid scenarios', () => {
  const shipped = readdirSync(ROOT + 'scenarios').filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);
  const fixtures = readdirSync(ROOT + 'tests/fixtures/scenarios').filter((f) => f.endsWith('.yaml')).map((f) => `tests/fixtures/scenarios/${f}`);
  it('include the minimal fixture', () => {
    expect(fixtures).toContain(minimalPath);
  });
  for (const file of [...shipped, ...fixtures]) {
    it(`${file} validates`, () => {
      expect(errorsOf(readFileSync(ROOT + file, 'utf8'), file)).toEqual([]);
    });
  }
  it('the complete example in docs/scenario-format.md is minimal.yaml and validates', () => {
    const doc = readFileSync(ROOT + 'docs/scenario-format.md', 'utf8');
    const example = /## A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expect(example).toBe(minimal);
    expect(errorsOf(example ?? '', 'docs/scenario-format.md')).toEqual([]);
  });
});

describe('kuroshio validate (CLI)', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ROOT + 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Error: /);

  it('prints one summary line per valid file and exits 0', () => {
    const run = cli('validate', 'scenarios/senkaku-gray-zone.yaml', minimalPath);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ok {2}scenarios\/senkaku-gray-zone\.yaml {2}senkaku-gray-zone ".+" — \d+ turns × \d+ h, \d+ roles, \d+ units, \d+ actions, \d+ theatres$/);
    expect(lines[1]).toBe(`ok  ${minimalPath}  minimal "Minimal Senkaku drill" — 6 turns × 12 h, 3 roles, 5 units, 10 actions, 2 theatres`);
    expect(run.stderr).toBe('');
  });

  it('accepts a scenario id', () => {
    const run = cli('validate', 'senkaku-gray-zone');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok {2}scenarios\/senkaku-gray-zone\.yaml /);
  });

  it('prints one positioned line per problem, no stack trace, and exits 1 (valid files still get their summary)', () => {
    const run = cli('validate', `${dir}unknown-field.yaml`, minimalPath, `${dir}none-with-move.yaml`);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `${dir}unknown-field.yaml:${EXPECTED['unknown-field'][0]}`,
      ...EXPECTED['none-with-move'].map((line) => `${dir}none-with-move.yaml:${line}`),
    ]);
    expect(run.stdout).toMatch(/^ok {2}tests\/fixtures\/scenarios\/minimal\.yaml /);
    noStack(run.stderr);
  });

  it('reports a missing file or unknown id in one line', () => {
    const run = cli('validate', 'no/such/file.yaml', 'nope');
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('no/such/file.yaml: no such file');
    expect(lines[1]).toMatch(/^no scenario "nope" \(expected a path to a \.yaml file or one of: .*senkaku-gray-zone/);
    expect(lines).toHaveLength(2);
    noStack(run.stderr);
  });

  it('run with an invalid scenario fails with the same lines, no stack trace', () => {
    const run = cli('run', '--scenario', `${dir}no-route.yaml`, '--seed', '1', '--arrangement', 'legacy');
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`kuroshio: ${dir}no-route.yaml:${EXPECTED['no-route'][0]}`);
    noStack(run.stderr);
  });
});
