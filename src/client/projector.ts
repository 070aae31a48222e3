// The projector (projector.html, or index.html?view=projector): a large-type, read-only
// display of the live game in another tab of this browser — map, ladders, Japan's legal
// status, clocks and the latest events — from the viewpoint the White Cell console chooses
// (what everyone is told, ground truth, or one team's view). It replays and checks the game
// file it is sent, and draws only view(state, viewpoint). Its one control is full screen.
import type * as PhaserType from 'phaser';
import { apply, hash, PUBLIC, TRUTH, view, type GameState, type RoleView } from '../engine/index.ts';
import { chainAt, chainHash, verifyGame, type GameFile } from '../engine/gamefile.ts';
import { compileScenario, type Scenario } from '../engine/scenario/compile.ts';
import { formatLocal } from '../engine/clock.ts';
import scenarioIndex from 'virtual:kuroshio-scenarios';
import type { MapScene } from './map/map-scene.ts';
import { LIVE_CHANNEL, type LiveMessage } from './live.ts';
import { byId, h } from './ui/dom.ts';

interface Followed {
  file: GameFile;
  scenario: Scenario;
  state: GameState;
  /** Commands replayed so far, and the chain hash after them. */
  steps: number;
  chain: string;
  problem: string | null;
}

let followed: Followed | null = null;
let viewpoint = PUBLIC;
let scene: MapScene | null = null;
let game: PhaserType.Game | null = null;
let mapFor: string | null = null;
/** The live page went back to its start screen after a game: a new one is being set up. */
let settingUp = false;
/** The live page was closed (pagehide): the last picture stays, marked as such. */
let liveGone = false;
const compiled = new Map<string, Scenario>();

/**
 * Map labels and counters in proportion to the screen's height: a projected image is the same
 * size on the wall whatever its resolution, so text keeps its share of the screen (about
 * twice the desk client's size at 1080 lines).
 */
const mapTextScale = () => Math.min(2.2, Math.max(1.2, window.innerHeight / 600));

async function scenarioFor(id: string): Promise<Scenario> {
  let scenario = compiled.get(id);
  if (scenario) return scenario;
  const entry = scenarioIndex.find((e) => e.id === id);
  if (!entry) throw new Error(`unknown scenario "${id}"`);
  scenario = compileScenario(await entry.load());
  compiled.set(id, scenario);
  return scenario;
}

/**
 * Bring the followed game up to `file`: replay only the new commands when the file extends
 * the one already shown (same chain so far), else check the whole file again (a new game,
 * a load, or a White Cell rewind).
 */
async function follow(file: GameFile): Promise<void> {
  const scenario = await scenarioFor(file.scenario.id);
  const current = followed;
  const extends_ = current && current.scenario === scenario && current.problem === null && file.commands.length >= current.steps && chainAt(file, current.steps) === current.chain && file.seed === current.file.seed;
  if (!extends_) {
    const report = verifyGame(scenario, file);
    followed = { file, scenario, state: report.state, steps: report.steps, chain: chainAt(file, report.ok ? file.commands.length : Math.max(0, report.steps - 1)), problem: report.ok ? null : `does not verify at step ${report.problem?.step}: ${report.problem?.message}` };
    return;
  }
  const turnEnds = new Map(file.turnHashes.map((t) => [t.step, t.hash]));
  let { state, chain } = current;
  for (let i = current.steps; i < file.commands.length; i++) {
    const entry = file.commands[i];
    chain = chainHash(chain, entry.command);
    const result = apply(state, entry.command);
    const turnHash = turnEnds.get(i + 1);
    const problem = chain !== entry.chain ? 'command hash does not match' : !result.ok ? `command refused: ${result.error.code}` : turnHash !== undefined && turnHash !== hash(result.state) ? 'turn hash differs' : null;
    if (problem || !result.ok) {
      followed = { ...current, file, state, steps: i, chain, problem: `does not verify at step ${i + 1}: ${problem}` };
      return;
    }
    state = result.state;
  }
  followed = { file, scenario, state, steps: file.commands.length, chain, problem: null };
}

async function ensureMap(scenario: Scenario): Promise<void> {
  if (mapFor === scenario.data.meta.id && scene) return;
  const [Phaser, map] = await Promise.all([import('phaser'), import('./map/map-scene.ts')]);
  // Phaser destroys a game at its next step and the map's loop may be asleep: wake it after asking.
  game?.destroy(true);
  game?.loop.wake();
  // Read-only: the map answers pointing with tooltips only; nothing can be selected or ordered.
  scene = new map.MapScene({ onHover: () => undefined, onSelectZone: () => undefined, onSelectTarget: () => undefined }, { textScale: mapTextScale() });
  scene.configure(scenario.data.zones, scenario.data.unitTypes);
  game = new Phaser.Game({ type: Phaser.AUTO, parent: 'proj-canvas', backgroundColor: '#0b2a40', scale: { mode: Phaser.Scale.RESIZE, width: '100%', height: '100%' }, scene, banner: false, disableContextMenu: true });
  mapFor = scenario.data.meta.id;
}

function viewpointLabel(scenario: Scenario, id: string): string {
  if (id === TRUTH) return 'Ground truth (White Cell)';
  if (id === PUBLIC) return 'What every team is told';
  return `As seen by ${scenario.roles.get(id)?.name ?? id}`;
}

function render(): void {
  const wait = byId('proj-wait');
  const gone = byId('proj-gone');
  gone.hidden = !(liveGone && followed);
  gone.textContent = followed ? `The live game’s page was closed: this is its last picture (turn ${followed.state.context.turn}, step ${followed.steps}). This screen follows the game again when it is reopened in this browser.` : '';
  if (!followed) {
    wait.hidden = false;
    const what = liveGone
      ? ['The live game’s page was closed.', 'Open the game again in this browser (Resume on its start screen): this screen follows it.']
      : settingUp
        ? ['The facilitator is setting up a new game.', 'This screen follows it as soon as it starts.']
        : ['Waiting for a live game.', 'Start or resume a game in another tab or window of this browser: this screen follows it.'];
    wait.replaceChildren(
      h(
        'div',
        {},
        h('h1', {}, 'KUROSHIO — projector'),
        h('p', { id: 'proj-wait-text' }, what.join(' ')),
        h('p', { class: 'muted' }, 'What it shows (what every team is told, ground truth, or one team’s view) is chosen in the White Cell console (W) of the live game.'),
      ),
    );
    return;
  }
  wait.hidden = true;
  const { scenario, state, file } = followed;
  const role = viewpoint === TRUTH || viewpoint === PUBLIC || scenario.roles.has(viewpoint) ? viewpoint : PUBLIC;
  const v: RoleView = view(state, role);
  const utc = (hour: number) => formatLocal(scenario.startEpochHours + hour, 0);
  const tokyo = (hour: number) => formatLocal(scenario.startEpochHours + hour, 9).slice(11);
  byId('proj-bar').replaceChildren(
    h('span', { class: 'title' }, 'KUROSHIO', h('small', {}, scenario.data.meta.title)),
    h('span', { class: 'big', id: 'proj-turn' }, v.phase === 'ended' ? 'Game over' : `Turn ${v.turn} / ${v.maxTurns}`),
    h('span', { class: 'big', id: 'proj-clock' }, h('span', { class: 'lbl' }, 'UTC'), utc(v.hour).slice(5)),
    h('span', { class: 'big' }, h('span', { class: 'lbl' }, 'Tokyo'), tokyo(v.hour)),
    h('span', { class: 'spacer' }),
    v.paused ? h('span', { id: 'proj-paused' }, 'PAUSED') : '',
    h('span', { id: 'proj-viewpoint', class: role === TRUTH ? 'truth' : '' }, viewpointLabel(scenario, role)),
  );
  const statuses = scenario.data.legal.statuses;
  const status = statuses.find((s) => s.id === v.legal.status);
  // The latest events in game-time order (the log is in the order they were worked out).
  const events = v.log
    .filter((e) => e.kind !== 'move' && (role !== TRUTH || e.kind !== 'detection'))
    .slice(-9)
    .sort((a, b) => a.hour - b.hour);
  byId('proj-side').replaceChildren(
    h('h2', {}, 'Escalation'),
    ...v.ladders.map((l) =>
      h(
        'div',
        { class: 'pladder', 'data-theatre': l.theatre },
        h('div', { class: 'name' }, h('span', {}, l.name), h('b', {}, `${l.rungName} (${l.rung})`)),
        h('div', { class: 'rungs', role: 'img', 'aria-label': `${l.name} rung ${l.rung} of ${l.rungs.length - 1}: ${l.rungName}` }, ...l.rungs.map((r, i) => h('div', { class: `rung${i <= l.rung ? ' reached' : ''}${i < 3 ? ' low' : ''}${i === l.rung ? ' current' : ''}`, title: r.name }))),
      ),
    ),
    h('h2', {}, "Japan's legal status"),
    h('div', { id: 'proj-legal' }, v.legal.name, h('small', {}, status ? `${status.basis}` : '')),
    h('h2', {}, 'Latest events'),
    h('div', { id: 'proj-events' }, ...(events.length ? events.map((e) => h('div', { class: `ev k-${e.kind}` }, h('span', { class: 't' }, `T${e.turn} ${tokyo(e.hour)} Tokyo`), e.text)) : [h('div', { class: 'ev muted' }, 'No events yet.')])),
  );
  // Only whole events: drop the oldest while the list overflows its box (a cut-off line reads as nonsense from the back of a room).
  const list = byId('proj-events');
  // (The list is bottom-aligned, so what overflows sticks out above its top.)
  const top = list.getBoundingClientRect().top;
  while (list.children.length > 1 && (list.firstElementChild?.getBoundingClientRect().top ?? top) < top - 1) list.firstElementChild?.remove();
  // Say why the map is empty, so the room does not read it as "no forces at sea".
  const caption = byId('proj-caption');
  caption.hidden = role !== PUBLIC || liveGone;
  caption.textContent = 'Forces are not shown on this screen: the White Cell chooses what it shows.';
  const outcome = byId('proj-outcome');
  outcome.hidden = !v.outcome;
  outcome.textContent = v.outcome ? `${v.outcome.name}: ${v.outcome.text}` : '';
  byId('proj-footer').replaceChildren(
    h('span', { id: 'proj-verified' }, followed.problem ? `Game file ${followed.problem}` : `Game file verified to step ${followed.steps} · state ${hash(state).slice(0, 12)}…`),
    h('span', {}, `${file.arrangement} · ${file.sharing} sharing · seed commitment ${file.commitment.hash.slice(0, 12)}…${file.parent ? ` · branched at step ${file.parent.step}` : ''}`),
    h('span', { style: 'flex:1' }),
    h('button', { id: 'proj-fullscreen', onclick: toggleFullscreen, title: 'Full screen (F)' }, 'Full screen (F)'),
  );
  void ensureMap(scenario).then(() => scene?.render(v));
}

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

// Messages are handled one at a time, in order (a replay may take a moment).
let queue: Promise<void> = Promise.resolve();
function receive(message: LiveMessage): void {
  queue = queue.then(async () => {
    if (message.type === 'none') {
      settingUp = followed !== null || settingUp;
      liveGone = false;
      followed = null;
    } else if (message.type === 'gone') liveGone = true;
    else if (message.type === 'game') {
      viewpoint = message.viewpoint;
      settingUp = liveGone = false;
      try {
        await follow(message.file);
      } catch (error) {
        followed = null;
        byId('proj-wait').textContent = `Cannot follow the live game: ${(error as Error).message}`;
        return;
      }
    } else return;
    render();
  });
}

declare global {
  interface Window {
    kuroshioProjector?: { hash(): string | null; steps(): number; viewpoint(): string; mapUnitIds(): string[]; mapScreenSizes(): { label: number; counter: number | null; cut: string[] } | null };
  }
}
// Read-only hooks for tests: what the projector is showing.
window.kuroshioProjector = {
  hash: () => (followed ? hash(followed.state) : null),
  steps: () => followed?.steps ?? 0,
  viewpoint: () => viewpoint,
  mapUnitIds: () => scene?.unitIds() ?? [],
  mapScreenSizes: () => (scene?.sys.isActive() ? scene.screenSizes() : null),
};

const channel = new BroadcastChannel(LIVE_CHANNEL);
channel.addEventListener('message', (event: MessageEvent<LiveMessage>) => receive(event.data));
window.addEventListener('keydown', (event) => {
  if (event.key === 'f' || event.key === 'F') toggleFullscreen();
});
// A resized window (full screen, or another projector): map text to the new height, and the side panel's events again.
window.addEventListener('resize', () => {
  scene?.setTextScale(mapTextScale());
  render();
});
render();
channel.postMessage({ type: 'hello' } satisfies LiveMessage);
