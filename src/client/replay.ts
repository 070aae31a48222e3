// The replay viewer (replay.html): open a game file, scrub it step by step or turn by turn,
// see the game as ground truth or exactly as any role knew it at that step (units, contacts,
// messages in transit, log), verify its hashes, branch a live game from any step, and run a
// counterfactual: the same commands under another arrangement, and where the two diverge.
import { apply, hash, newGame, view, ARRANGEMENT_IDS, type ArrangementId, type GameState, type RoleView } from '../engine/index.ts';
import { branchGame, parseGameFile, verifyGame, type GameFile } from '../engine/gamefile.ts';
import { compileScenario, type Scenario } from '../engine/scenario/compile.ts';
import { formatLocal } from '../engine/clock.ts';
import scenarioIndex from 'virtual:kuroshio-scenarios';
import { byId, h, toast } from './ui/dom.ts';
import { renderCommandPanel, type ClockFormat } from './ui/command-panel.ts';
import { AUTOSAVE_KEY, type Autosave } from './session.ts';

interface Loaded {
  file: GameFile;
  scenario: Scenario;
  /** State after each step (index 0 = the start). */
  states: GameState[];
  verified: string;
}

let loaded: Loaded | null = null;
let step = 0;
let viewpoint = 'truth';
let playing: number | null = null;

async function scenarioFor(id: string): Promise<Scenario> {
  const entry = scenarioIndex.find((e) => e.id === id);
  if (!entry) throw new Error(`unknown scenario "${id}" (this build has: ${scenarioIndex.map((e) => e.id).join(', ')})`);
  return compileScenario(await entry.load());
}

function replayStates(scenario: Scenario, file: GameFile, arrangement: ArrangementId = file.arrangement): { states: GameState[]; rejectedAt: number | null } {
  let state = newGame(scenario, { seed: file.seed, arrangement, sharing: file.sharing });
  const states = [state];
  for (let i = 0; i < file.commands.length; i++) {
    const result = apply(state, file.commands[i].command);
    if (!result.ok) return { states, rejectedAt: i + 1 };
    state = result.state;
    states.push(state);
  }
  return { states, rejectedAt: null };
}

async function open(text: string, name: string): Promise<void> {
  try {
    const parsed = parseGameFile(JSON.parse(text));
    if (!parsed.ok) throw new Error(parsed.error);
    const file = parsed.value;
    const scenario = await scenarioFor(file.scenario.id);
    const report = verifyGame(scenario, file);
    const verified = report.ok ? `all ${report.turnsChecked} turn hashes and the final hash match` : `FAILS at step ${report.problem?.step}: ${report.problem?.message}`;
    const { states } = replayStates(scenario, file);
    loaded = { file, scenario, states, verified };
    step = states.length - 1;
    viewpoint = 'truth';
    document.title = `Replay — ${name}`;
    render();
  } catch (error) {
    toast(`Cannot open ${name}: ${(error as Error).message}`, 6000);
  }
}

function clockFor(scenario: Scenario): ClockFormat {
  return {
    utc: (hour) => `${formatLocal(scenario.startEpochHours + hour, 0).slice(5)} UTC`,
    local: (hour, offset) => formatLocal(scenario.startEpochHours + hour, offset).slice(11),
  };
}

function describeStep(file: GameFile, index: number): string {
  if (index === 0) return 'start of the game';
  const entry = file.commands[index - 1];
  const c = entry.command;
  const what = c.type === 'order' ? `${c.role} orders ${c.action}${c.unit ? ` (${c.unit})` : ''}${c.zone ? ` → ${c.zone}` : ''}` : c.type === 'submit' ? `${c.role} ends its turn` : c.type === 'cancel' ? `${c.role} withdraws ${c.order}` : `White Cell: ${c.type}${'reason' in c && c.reason ? ` — ${c.reason}` : ''}`;
  // A team's note for the after-action review rides on its submit.
  const note = c.type === 'submit' && typeof c.note === 'string' ? ` — team note: “${c.note}”` : '';
  return `${what}${entry.reason && c.type === 'order' ? ` — “${entry.reason}”` : ''}${note}`;
}

function unitsTable(v: RoleView, scenario: Scenario): HTMLElement {
  const rows = [...v.units].sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : a.id < b.id ? -1 : 1));
  return h(
    'table',
    { class: 'keys small', id: 'replay-units' },
    h('tr', {}, h('th', {}, 'zone'), h('th', {}, 'unit'), h('th', {}, 'side'), h('th', {}, 'strength'), h('th', {}, 'as known')),
    ...rows.map((u) =>
      h(
        'tr',
        {},
        h('td', {}, scenario.zones.get(u.zone)?.name ?? u.zone),
        h('td', {}, u.name),
        h('td', {}, u.affiliation),
        h('td', {}, String(u.strength)),
        h('td', {}, u.exact ? 'exact' : `contact seen +${u.seenHour?.toFixed(0)} h, known +${u.knownHour?.toFixed(1)} h`),
      ),
    ),
  );
}

function render(): void {
  const main = byId('replay-main');
  if (!loaded) {
    main.replaceChildren(h('p', { class: 'muted' }, 'Open a game file (button, drag and drop, or ?game=<url>).'));
    return;
  }
  const { file, scenario, states } = loaded;
  const state = states[step];
  const v = view(state, viewpoint);
  const clock = clockFor(scenario);
  const slider = h('input', { type: 'range', min: 0, max: states.length - 1, value: step, id: 'replay-slider', 'aria-label': 'Step', style: 'width:100%' });
  slider.addEventListener('input', () => {
    step = Number(slider.value);
    render();
  });
  const roleSelect = h('select', { id: 'replay-viewpoint', 'aria-label': 'Viewpoint' }, h('option', { value: 'truth' }, 'Ground truth'), ...scenario.data.roles.map((r) => h('option', { value: r.id }, r.name)));
  roleSelect.value = viewpoint;
  roleSelect.addEventListener('change', () => {
    viewpoint = roleSelect.value;
    render();
  });
  const arrangementSelect = h('select', { id: 'replay-counterfactual', 'aria-label': 'Counterfactual arrangement' }, ...ARRANGEMENT_IDS.filter((a) => a !== file.arrangement).map((a) => h('option', { value: a }, a)));
  const ladders = v.ladders.map((l) => `${l.name}: ${l.rungName} (${l.rung})`).join(' · ');
  const commandPanel = h('section', { id: 'replay-command' });
  renderCommandPanel(commandPanel, v, clock, false, () => undefined, (id) => scenario.zones.get(id)?.name ?? id);
  main.replaceChildren(
    h('p', {}, h('b', {}, scenario.data.meta.title), ` · seed ${file.seed} · ${file.arrangement} · ${file.sharing} sharing · `, file.parent ? h('span', { id: 'replay-parent', title: `parent commitment ${file.parent.commitment}, chain at the branch ${file.parent.chain}, parent final hash ${file.parent.finalHash}` }, `branched at step ${file.parent.step} from game ${file.parent.commitment.slice(0, 12)}… · `) : '', h('span', { id: 'replay-verified' }, `verification: ${loaded.verified}`)),
    h('div', { class: 'row' }, h('button', { onclick: () => move(-1), title: 'Previous step (←)' }, '◀'), h('button', { onclick: () => togglePlay(), title: 'Play / pause (Space)' }, playing ? 'Pause' : 'Play'), h('button', { onclick: () => move(1), title: 'Next step (→)' }, '▶'), h('button', { onclick: () => moveTurn(-1), title: 'Previous turn (PageUp)' }, '« turn'), h('button', { onclick: () => moveTurn(1), title: 'Next turn (PageDown)' }, 'turn »'), h('span', { id: 'replay-position' }, `step ${step} / ${states.length - 1} · turn ${state.context.turn} · ${clock.utc(state.context.hour)}`), h('label', {}, 'Viewpoint ', roleSelect)),
    slider,
    h('p', { class: 'small', id: 'replay-step' }, describeStep(file, step)),
    h('p', {}, h('b', {}, 'Ladders: '), ladders, ' · ', h('b', {}, 'Legal status: '), v.legal.name, v.outcome ? h('span', {}, ' · ', h('b', {}, 'Outcome: '), v.outcome.name) : ''),
    h(
      'div',
      { class: 'row' },
      h('button', { id: 'replay-branch', onclick: branch, title: 'Continue as a live game from this step (B)' }, `Branch from step ${step}`),
      h('label', {}, 'Counterfactual under ', arrangementSelect),
      h('button', { id: 'replay-compare', onclick: () => counterfactual(arrangementSelect.value as ArrangementId) }, 'Compare'),
      h('span', { id: 'replay-counterfactual-result', class: 'small' }),
    ),
    h('div', { class: 'cmd-columns' }, h('div', {}, h('h2', {}, viewpoint === 'truth' ? 'Units (ground truth)' : `Units as ${viewpoint} knew them`), unitsTable(v, scenario)), h('div', {}, h('h2', {}, 'Log up to this step'), h('div', { id: 'replay-log', style: 'max-height:320px;overflow:auto' }, ...v.log.slice(-60).map((e) => h('div', { class: `log-entry k-${e.kind}` }, h('span', { class: 't' }, `T${e.turn} ${clock.local(e.hour, 0)}Z`), e.text))))),
    commandPanel,
  );
}

function move(delta: number): void {
  if (!loaded) return;
  step = Math.max(0, Math.min(loaded.states.length - 1, step + delta));
  render();
}

function moveTurn(delta: number): void {
  if (!loaded) return;
  const ends = [0, ...loaded.file.turnHashes.map((t) => t.step), loaded.states.length - 1];
  const next = delta > 0 ? ends.find((s) => s > step) : [...ends].reverse().find((s) => s < step);
  step = next ?? step;
  render();
}

function togglePlay(): void {
  if (playing !== null) {
    window.clearInterval(playing);
    playing = null;
  } else {
    playing = window.setInterval(() => {
      if (!loaded || step >= loaded.states.length - 1) return togglePlay();
      move(1);
    }, Number((document.getElementById('replay-speed') as HTMLSelectElement | null)?.value ?? 300));
  }
  render();
}

/** Hand the first `step` commands to the game client as an autosave (a new game naming this one as its parent), then open it there. */
function branch(): void {
  if (!loaded) return;
  const { file, scenario } = loaded;
  let branched: ReturnType<typeof branchGame>;
  try {
    branched = branchGame(scenario, file, step);
  } catch (error) {
    toast(`Cannot branch here: ${(error as Error).message}`, 6000);
    return;
  }
  const role = scenario.roleIds.includes('japan') ? 'japan' : scenario.roleIds[0];
  const save: Autosave = { version: 1, options: { scenarioId: file.scenario.id, role, arrangement: file.arrangement, sharing: file.sharing, seed: file.seed, temperament: 'balanced' }, file: branched.file, hash: hash(branched.state) };
  localStorage.setItem(AUTOSAVE_KEY, JSON.stringify(save));
  toast(`Branched at step ${step}: opening the game (Resume)…`);
  window.location.href = './index.html';
}

/** The same commands under another arrangement: the first step whose events differ, and the response times. */
function counterfactual(arrangement: ArrangementId): void {
  if (!loaded) return;
  const other = replayStates(loaded.scenario, loaded.file, arrangement);
  const a = loaded.states;
  const b = other.states;
  let diverge: number | null = null;
  for (let i = 1; i < Math.min(a.length, b.length); i++) {
    const ea = a[i].context.log.map((e) => `${e.hour.toFixed(3)}|${e.text}`).join('\n');
    const eb = b[i].context.log.map((e) => `${e.hour.toFixed(3)}|${e.text}`).join('\n');
    if (ea !== eb) {
      diverge = i;
      break;
    }
  }
  const ra = a[a.length - 1].context.metrics.alliedResponseHours;
  const rb = b[b.length - 1].context.metrics.alliedResponseHours;
  const fmt = (x: number | null) => (x === null ? 'no response' : `${x.toFixed(1)} h`);
  const rejected = other.rejectedAt !== null ? ` The recorded command at step ${other.rejectedAt} is not legal under ${arrangement}; the comparison stops there.` : '';
  byId('replay-counterfactual-result').textContent = `${diverge === null ? 'No divergence in events' : `First divergent step: ${diverge}`} · allied response ${fmt(ra)} (${loaded.file.arrangement}) vs ${fmt(rb)} (${arrangement})${ra !== null && rb !== null ? `, difference ${(rb - ra).toFixed(1)} h` : ''}.${rejected}`;
}

// ---------------------------------------------------------------- boot

const picker = h('input', { type: 'file', accept: '.json,application/json', id: 'replay-file', 'aria-label': 'Open a game file' });
picker.addEventListener('change', async () => {
  const f = picker.files?.[0];
  if (f) await open(await f.text(), f.name);
});
byId('replay-bar').replaceChildren(
  h('span', { class: 'title' }, 'KUROSHIO ', h('small', {}, 'replay viewer')),
  picker,
  h('label', {}, 'Speed ', h('select', { id: 'replay-speed' }, h('option', { value: '600' }, 'slow'), h('option', { value: '250', selected: true }, 'normal'), h('option', { value: '60' }, 'fast'))),
  h('a', { href: './index.html' }, 'Play'),
);
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', async (e) => {
  e.preventDefault();
  const f = e.dataTransfer?.files?.[0];
  if (f) await open(await f.text(), f.name);
});
window.addEventListener('keydown', (e) => {
  if ((e.target as HTMLElement).tagName === 'INPUT' && (e.target as HTMLInputElement).type !== 'range') return;
  if (e.key === 'ArrowLeft') move(-1);
  else if (e.key === 'ArrowRight') move(1);
  else if (e.key === 'PageUp') moveTurn(-1);
  else if (e.key === 'PageDown') moveTurn(1);
  else if (e.key === ' ') {
    e.preventDefault();
    togglePlay();
  } else if (e.key === 'b' || e.key === 'B') branch();
});
const gameUrl = new URLSearchParams(window.location.search).get('game');
if (gameUrl) {
  fetch(gameUrl)
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((text) => open(text, gameUrl))
    .catch((error: Error) => toast(`Cannot fetch ${gameUrl}: ${error.message}`, 6000));
}
render();
