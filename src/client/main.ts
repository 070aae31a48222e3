// Kuroshio in the browser: a start screen, the Phaser map, and DOM panels around it.
// Everything shown comes from view(state, role); every change is a command to the engine.
import type * as PhaserType from 'phaser';
import { ARRANGEMENT_IDS, SHARING_IDS, type ArrangementId, type Command, type GameEvent, type OrderCommand, type RoleView, type SharingId } from '../engine/index.ts';
import { compileScenario, type Scenario } from '../engine/scenario/compile.ts';
import scenarioIndex from 'virtual:kuroshio-scenarios';
import { formatLocal } from '../engine/clock.ts';
import type { MapScene } from './map/map-scene.ts';
import { AUTOSAVE_KEY, Session, type Autosave, type SessionOptions } from './session.ts';
import { BOTS_ARE_RANDOM, TEMPERAMENTS, type Temperament } from './bots.ts';
import { byId, escapeHtml, h, toast } from './ui/dom.ts';
import { renderCommandPanel, type ClockFormat } from './ui/command-panel.ts';
import { renderAar } from './ui/aar.ts';

// ---------------------------------------------------------------- scenarios

// Validated at build time (see vite.config.ts); compiled here exactly as the CLI does, so
// the scenario content hash in game files matches between the browser and Node.
const entries = new Map(scenarioIndex.map((entry) => [entry.id, entry]));
const compiled = new Map<string, Scenario>();
/** The full scenario, fetched and compiled on first use. */
async function scenarioFor(id: string): Promise<Scenario | undefined> {
  const entry = entries.get(id);
  if (!entry) return undefined;
  let scenario = compiled.get(id);
  if (!scenario) {
    scenario = compileScenario(await entry.load());
    compiled.set(id, scenario);
  }
  return scenario;
}
const DEFAULT_SCENARIO = entries.has('senkaku-gray-zone') ? 'senkaku-gray-zone' : [...entries.keys()][0];

// ---------------------------------------------------------------- state

let session: Session | null = null;
let scene: MapScene | null = null;
let game: PhaserType.Game | null = null;
let selectedZone: string | null = null;
let selectedUnit: string | null = null;
let selectedAction: string | null = null;
let commandCollapsed = false;
let playback: { timer: number; rest: GameEvent[] } | null = null;
let freshLog = 0;

function clockFor(scenario: Scenario): ClockFormat {
  return {
    utc: (hour) => `${formatLocal(scenario.startEpochHours + hour, 0).slice(5)} UTC`,
    local: (hour, offset) => formatLocal(scenario.startEpochHours + hour, offset).slice(11),
  };
}

function randomSeed(): string {
  const words = ['kuroshio', 'tsushima', 'miyako', 'bashi', 'ryukyu', 'yaeyama', 'amami', 'senkaku'];
  const n = crypto.getRandomValues(new Uint32Array(1))[0];
  return `${words[n % words.length]}-${(n >>> 8) % 100000}`;
}

function readAutosave(): Autosave | null {
  try {
    const raw = localStorage.getItem(AUTOSAVE_KEY);
    return raw ? (JSON.parse(raw) as Autosave) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- start screen

function showStart(): void {
  const overlay = byId('overlay');
  overlay.hidden = false;
  const autosave = readAutosave();
  const scenarioSelect = h('select', { id: 'start-scenario' }, ...[...entries.values()].map((s) => h('option', { value: s.id }, s.title)));
  scenarioSelect.value = DEFAULT_SCENARIO;
  const roleSelect = h('select', { id: 'start-role' });
  const arrangementSelect = h('select', { id: 'start-arrangement' }, ...ARRANGEMENT_IDS.map((a) => h('option', { value: a }, a)));
  const sharingSelect = h('select', { id: 'start-sharing' }, ...SHARING_IDS.map((s) => h('option', { value: s }, s)));
  const seedInput = h('input', { id: 'start-seed', value: randomSeed(), size: 22, 'aria-label': 'Seed' });
  const temperamentSelect = h('select', { id: 'start-temperament', title: BOTS_ARE_RANDOM ? 'Rule-based bots are coming; for now every temperament plays the seeded random-legal bot.' : '' }, ...TEMPERAMENTS.map((t) => h('option', { value: t }, t)));
  temperamentSelect.value = 'balanced';
  const summary = h('p', { class: 'muted' });
  const briefing = h('div', { class: 'briefing', id: 'start-briefing' });
  const arrangementNote = h('p', { class: 'small muted' });

  const refresh = () => {
    const entry = entries.get(scenarioSelect.value);
    if (!entry) return;
    summary.textContent = entry.summary;
    const previous = roleSelect.value;
    roleSelect.replaceChildren(...entry.roles.map((r) => h('option', { value: r.id }, r.name)));
    roleSelect.value = entry.roles.some((r) => r.id === previous) ? previous : (entry.roles.find((r) => r.id === 'japan') ?? entry.roles[0]).id;
    briefing.textContent = entry.roles.find((r) => r.id === roleSelect.value)?.briefing ?? '';
    const spec = entry.arrangements[arrangementSelect.value as ArrangementId];
    arrangementNote.textContent = `${spec.name}: ${spec.summary} Sharing — ${entry.sharing[sharingSelect.value as SharingId]}`;
  };
  for (const select of [scenarioSelect, roleSelect, arrangementSelect, sharingSelect]) select.addEventListener('change', refresh);

  const start = async () => {
    const options: SessionOptions = {
      scenarioId: scenarioSelect.value,
      role: roleSelect.value,
      arrangement: arrangementSelect.value as ArrangementId,
      sharing: sharingSelect.value as SharingId,
      seed: seedInput.value.trim() || randomSeed(),
      temperament: temperamentSelect.value as Temperament,
    };
    const scenario = await scenarioFor(options.scenarioId);
    if (!scenario) return;
    const next = Session.start(scenario, options);
    await beginSession(next);
    toast(`Seed commitment: ${next.commitment.slice(0, 16)}… (revealed at the debrief)`, 4000);
  };

  const resume = autosave
    ? h('button', { id: 'start-resume', onclick: () => void resumeAutosave(autosave) }, `Resume (R) — ${autosave.options.scenarioId}, ${autosave.options.role}, turn ${autosave.file.turnHashes.length + 1}`)
    : null;
  overlay.replaceChildren(
    h(
      'div',
      { class: 'dialog', role: 'dialog', 'aria-label': 'New game', id: 'start-screen' },
      h('h1', {}, 'Kuroshio'),
      h('p', { class: 'muted' }, 'A crisis in the East China Sea where the US–Japan command arrangement decides how long orders take. Choose your side and press Enter.'),
      h(
        'div',
        { class: 'form-grid' },
        h('label', { for: 'start-scenario' }, 'Scenario'),
        scenarioSelect,
        h('span', {}),
        summary,
        h('label', { for: 'start-role' }, 'Your role'),
        roleSelect,
        h('label', { for: 'start-arrangement' }, 'Command arrangement'),
        arrangementSelect,
        h('label', { for: 'start-sharing' }, 'Information sharing'),
        sharingSelect,
        h('span', {}),
        arrangementNote,
        h('label', { for: 'start-seed' }, 'Seed'),
        h('div', { class: 'row' }, seedInput, h('button', { id: 'start-reseed', onclick: () => (seedInput.value = randomSeed()), title: 'New random seed' }, 'New seed'), h('span', { class: 'small muted' }, 'Same seed + same orders = same game.')),
        h('label', { for: 'start-temperament' }, 'Bot temperament'),
        h('div', { class: 'row' }, temperamentSelect, BOTS_ARE_RANDOM ? h('span', { class: 'small muted' }, 'bots currently play seeded random legal orders') : null),
      ),
      h('h2', {}, 'Briefing'),
      briefing,
      h(
        'div',
        { class: 'row', style: 'margin-top:14px' },
        h('button', { class: 'primary', id: 'start-play', onclick: () => void start() }, 'Start (Enter)'),
        resume,
        h('button', { onclick: loadFromDisk }, 'Load game file (L)'),
        h('span', { class: 'small muted' }, 'Press ? at any time for the keys.'),
      ),
    ),
  );
  refresh();
  (byId('start-play') as HTMLButtonElement).focus();
  startKeys = { start: () => void start(), resume: autosave ? () => void resumeAutosave(autosave) : null };
}
let startKeys: { start: () => void; resume: (() => void) | null } | null = null;

async function resumeAutosave(save: Autosave): Promise<void> {
  const scenario = await scenarioFor(save.options.scenarioId);
  if (!scenario) return toast(`Autosave is for an unknown scenario "${save.options.scenarioId}"`);
  try {
    const restored = Session.fromFile(scenario, save.options, save.file);
    if (restored.hash() !== save.hash) throw new Error('the restored state hash differs from the saved one');
    await beginSession(restored);
    toast(`Resumed turn ${restored.state.context.turn} — state hash ${restored.hash().slice(0, 12)}… matches`);
  } catch (error) {
    toast(`Cannot resume: ${(error as Error).message}`, 5000);
  }
}

function loadFromDisk(): void {
  const input = h('input', { type: 'file', accept: '.json,application/json' });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const gameFile = Session.parseFile(await file.text());
      const scenario = await scenarioFor(gameFile.scenario.id);
      if (!scenario) throw new Error(`unknown scenario "${gameFile.scenario.id}"`);
      const role = session?.options.role && scenario.roles.has(session.options.role) ? session.options.role : scenario.roleIds.includes('japan') ? 'japan' : scenario.roleIds[0];
      const options: SessionOptions = { scenarioId: scenario.data.meta.id, role, arrangement: gameFile.arrangement, sharing: gameFile.sharing, seed: gameFile.seed, temperament: 'balanced' };
      await beginSession(Session.fromFile(scenario, options, gameFile));
      toast(`Loaded ${file.name}: every hash verified`);
    } catch (error) {
      toast(`Cannot load ${file.name}: ${(error as Error).message}`, 6000);
    }
  });
  input.click();
}

// ---------------------------------------------------------------- the game screen

/** The map (Phaser, milsymbol, coastlines) loads on first use, so the start screen is quick. */
async function loadMap(): Promise<{ Phaser: typeof PhaserType; MapScene: typeof MapScene }> {
  const [Phaser, map] = await Promise.all([import('phaser'), import('./map/map-scene.ts')]);
  return { Phaser, MapScene: map.MapScene };
}

async function beginSession(next: Session): Promise<void> {
  const { Phaser, MapScene } = await loadMap();
  session = next;
  selectedZone = selectedUnit = selectedAction = null;
  startKeys = null;
  byId('overlay').hidden = true;
  const scenario = next.scenario;
  if (game) {
    game.destroy(true);
    game = null;
  }
  scene = new MapScene({
    onHover(text, x, y) {
      const tip = byId('map-tooltip');
      if (!text) {
        tip.hidden = true;
        return;
      }
      tip.hidden = false;
      tip.innerHTML = text;
      tip.style.left = `${x + 14}px`;
      tip.style.top = `${y + 14}px`;
    },
    onSelectZone(zone, units) {
      selectedZone = zone;
      const own = units.find((u) => u.role === next.options.role && u.exact);
      selectedUnit = own?.id ?? null;
      selectedAction = null;
      refresh();
    },
    onSelectTarget(zone) {
      if (selectedAction) giveOrder({ type: 'order', role: next.options.role, action: selectedAction, ...(selectedUnit ? { unit: selectedUnit } : {}), zone });
    },
  });
  scene.configure(scenario.data.zones, scenario.data.unitTypes);
  game = new Phaser.Game({
    type: Phaser.AUTO,
    parent: 'map',
    backgroundColor: '#0b2a40',
    scale: { mode: Phaser.Scale.RESIZE, width: '100%', height: '100%' },
    scene: scene,
    banner: false,
    disableContextMenu: true,
  });
  byId('map-legend').innerHTML = 'Drag or arrows to pan · wheel or +/− to zoom · F fit · G close-up · yellow ring: territorial sea (12 nm) · blue: contiguous zone (24 nm)';
  refresh();
}

function currentView(): RoleView | null {
  return session ? session.view() : null;
}

function refresh(): void {
  if (!session) return;
  const view = session.view();
  const clock = clockFor(session.scenario);
  renderTopbar(view, clock);
  renderStatus(view);
  renderOrders(view);
  renderLog(view, clock);
  renderCommandPanel(byId('command-panel'), view, clock, commandCollapsed, toggleCommandPanel, (id) => session?.scenario.zones.get(id)?.name ?? id);
  scene?.render(view);
  scene?.showSelection(selectedZone);
  if (view.phase === 'ended' && !playback) showAar();
}

function toggleCommandPanel(): void {
  commandCollapsed = !commandCollapsed;
  refresh();
}

function renderTopbar(view: RoleView, clock: ClockFormat): void {
  if (!session) return;
  const washington = session.scenario.nodes.get('WASHINGTON')?.utcOffsetHours ?? -5;
  const role = session.scenario.roles.get(session.options.role);
  byId('topbar').replaceChildren(
    h('span', { class: 'title' }, 'KUROSHIO ', h('small', {}, session.scenario.data.meta.title)),
    h('span', { class: 'badge', id: 'turn-badge' }, view.phase === 'ended' ? 'Game over' : `Turn ${view.turn} / ${view.maxTurns}`),
    h(
      'span',
      { class: 'clocks', 'aria-label': 'Clocks' },
      h('span', {}, h('b', {}, 'UTC'), clock.utc(view.hour).replace(' UTC', '')),
      h('span', {}, h('b', {}, 'Tokyo'), clock.local(view.hour, 9)),
      h('span', {}, h('b', {}, 'Hawaii'), clock.local(view.hour, -10)),
      h('span', {}, h('b', {}, 'Washington'), clock.local(view.hour, washington)),
    ),
    h('span', { class: 'badge', title: `Command arrangement in force: ${view.arrangementPhase}; information sharing: ${view.sharing}` }, `${view.arrangement}${view.arrangementPhase !== session.scenario.data.arrangements[view.arrangement].name ? ' (activated)' : ''} · ${view.sharing}`),
    h('span', { class: 'badge', title: role?.name ?? '' }, `you: ${session.options.role}`),
    h('span', { class: 'spacer' }),
    h('button', { onclick: saveToDisk, title: 'Download the game file (S)' }, 'Save'),
    h('button', { onclick: loadFromDisk, title: 'Open a game file (L)' }, 'Load'),
    h('button', { onclick: showStart, title: 'New game (N)' }, 'New'),
    h('a', { href: './replay.html', title: 'Open a game file in the replay viewer', class: 'badge' }, 'Replay viewer'),
    h('button', { onclick: showHelp, title: 'Keyboard (?)' }, '?'),
  );
}

function renderStatus(view: RoleView): void {
  const ladders = view.ladders.map((l) =>
    h(
      'div',
      { class: 'ladder' },
      h('div', { class: 'name' }, h('span', {}, `${l.name}: `, h('b', {}, l.rungName)), h('span', {}, `pressure ${l.pressure.toFixed(1)}`)),
      h(
        'div',
        { class: 'rungs', role: 'img', 'aria-label': `${l.name} rung ${l.rung} of ${l.rungs.length - 1}: ${l.rungName}` },
        ...l.rungs.map((r, i) => h('div', { class: `rung${i <= l.rung ? ' reached' : ''}${i < 3 ? ' low' : ''}${i === l.rung ? ' current' : ''}${i === l.peak && l.peak > l.rung ? ' peak' : ''}`, title: `${i}: ${r.name}` })),
      ),
    ),
  );
  const statuses = session?.scenario.data.legal.statuses ?? [];
  const past = new Set(view.legal.history.map((x) => x.status));
  const legal = h('div', { class: 'legal', 'aria-label': "Japan's legal status" }, ...statuses.map((s) => h('span', { class: s.id === view.legal.status ? 'current' : past.has(s.id) ? 'past' : '', title: `${s.basis}: ${s.summary}` }, s.name)));
  const posture = Object.entries(view.posture)
    .filter(([, p]) => p === 'crisis')
    .map(([r]) => r);
  const cohesion = Object.entries(view.cohesion).map(([r, c]) => `${r} cohesion ${c.toFixed(0)}`);
  byId('status-panel').replaceChildren(
    h('h2', {}, 'Escalation'),
    ...ladders,
    h('h2', {}, "Japan's legal status"),
    legal,
    h('p', { class: 'small muted' }, `24/7 crisis posture: ${posture.join(', ') || 'none'}${cohesion.length ? ' · ' + cohesion.join(', ') : ''}${view.paused ? ' · PAUSED by the White Cell' : ''}`),
  );
}

/** Legal orders for the current selection: a unit's, or the headquarters' (no unit). */
function ordersForSelection(legal: Command[]): OrderCommand[] {
  return legal.filter((c): c is OrderCommand => c.type === 'order' && (selectedUnit ? c.unit === selectedUnit : c.unit === undefined));
}

function renderOrders(view: RoleView): void {
  if (!session) return;
  const panel = byId('orders-panel');
  const ended = view.phase === 'ended';
  const legal = ended ? [] : session.legal();
  const own = view.units.filter((u) => u.role === session?.options.role);
  const items: HTMLElement[] = [];
  let index = 0;
  const unitName = (id?: string) => view.units.find((u) => u.id === id)?.name ?? id ?? '';

  const unitList = h(
    'ul',
    { class: 'plain choices', 'aria-label': 'Your units' },
    h('li', { class: selectedUnit === null ? 'active' : '', onclick: () => selectUnit(null), title: 'Orders that need no unit (H)' }, h('span', {}, '★ Headquarters orders'), h('span', { class: 'why' }, 'H')),
    ...own.map((u) => h('li', { class: u.id === selectedUnit ? 'active' : '', onclick: () => selectUnit(u.id) }, h('span', {}, `${u.name} (${u.strength})`), h('span', { class: 'why' }, u.movingTo ? `→ ${u.movingTo}` : u.zone))),
  );

  const options = ordersForSelection(legal);
  const actions = [...new Set(options.map((c) => c.action))];
  const choices = h('ul', { class: 'plain choices', id: 'order-choices', 'aria-label': 'Legal orders' });
  if (selectedAction && options.some((c) => c.action === selectedAction && c.zone !== undefined)) {
    const action = session.scenario.actions.get(selectedAction);
    const targets = options.filter((c) => c.action === selectedAction);
    items.push(h('li', { class: 'muted small' }, `${action?.name}: choose a target (or click a green ring on the map)`));
    for (const cmd of targets) {
      index += 1;
      const key = index;
      choices.append(h('li', { 'data-key': key, onclick: () => giveOrder(cmd) }, h('span', {}, `${key <= 9 ? `${key}. ` : ''}${session.scenario.zones.get(cmd.zone ?? '')?.name ?? cmd.zone}`), h('span', { class: 'why' }, 'target')));
    }
    scene?.showTargets(targets.map((c) => c.zone ?? ''));
  } else {
    scene?.showTargets([]);
    for (const actionId of actions) {
      const action = session.scenario.actions.get(actionId);
      if (!action) continue;
      index += 1;
      const key = index;
      const cmds = options.filter((c) => c.action === actionId);
      const pick = () => (cmds.length === 1 && cmds[0].zone === undefined ? giveOrder(cmds[0]) : cmds.length === 1 && action.target === 'here' ? giveOrder(cmds[0]) : selectAction(actionId));
      choices.append(h('li', { 'data-key': key, onclick: pick, title: action.summary }, h('span', {}, `${key <= 9 ? `${key}. ` : ''}${action.name}`), h('span', { class: 'why' }, cmds.some((c) => c.zone) && action.target === 'range' ? `${cmds.length} targets` : '')));
    }
    if (actions.length === 0 && !ended) choices.append(h('li', { class: 'muted small' }, selectedUnit ? 'No legal orders for this unit now (busy, gated by law or escalation, or nothing in range).' : 'No headquarters orders available now.'));
  }

  const queue = h(
    'ul',
    { class: 'plain orders-queue', 'aria-label': 'Orders this turn' },
    ...view.orders.map((o) =>
      h(
        'li',
        {},
        h('span', {}, `${session?.scenario.actions.get(o.action)?.name ?? o.action}${o.unit ? ` — ${unitName(o.unit)}` : ''}${o.zone ? ` → ${session?.scenario.zones.get(o.zone)?.name ?? o.zone}` : ''}`),
        h('button', { title: 'Withdraw this order', onclick: () => act({ type: 'cancel', role: session?.options.role ?? '', order: o.id }) }, '✕'),
      ),
    ),
  );
  panel.replaceChildren(
    h('h2', {}, selectedUnit ? `Orders for ${unitName(selectedUnit)}` : 'Headquarters orders', h('span', { class: 'muted small' }, '1–9 to choose')),
    ...items,
    choices,
    h('h2', {}, `Orders this turn (${view.orders.length}) — sealed until the turn resolves`),
    view.orders.length ? queue : h('p', { class: 'muted small' }, 'None yet.'),
    h('div', { class: 'row' }, h('button', { class: 'primary', id: 'end-turn', onclick: endTurn, disabled: ended || playback !== null }, ended ? 'Game over' : 'End turn (E)'), playback ? h('button', { onclick: skipPlayback, id: 'skip' }, 'Skip (Space)') : null),
    h('h2', {}, 'Your forces', h('span', { class: 'muted small' }, 'U next · H headquarters')),
    unitList,
  );
}

function selectUnit(id: string | null): void {
  selectedUnit = id;
  selectedAction = null;
  selectedZone = id ? (currentView()?.units.find((u) => u.id === id)?.zone ?? null) : null;
  refresh();
}

function selectAction(id: string): void {
  selectedAction = id;
  refresh();
}

function act(command: Command): void {
  if (!session) return;
  const error = session.act(command);
  if (error) toast(error, 4000);
  refresh();
}

function giveOrder(command: OrderCommand): void {
  selectedAction = null;
  act(command);
}

function renderLog(view: RoleView, clock: ClockFormat): void {
  const panel = byId('log-panel');
  const shown = playback ? view.log.slice(0, view.log.length - playback.rest.length) : view.log;
  const entries = shown.slice(-120).map((e, i, list) =>
    h('div', { class: `log-entry k-${e.kind}${i >= list.length - freshLog ? ' fresh' : ''}` }, h('span', { class: 't' }, `T${e.turn} ${clock.local(e.hour, 0)}Z`), e.text),
  );
  panel.replaceChildren(h('h2', {}, 'Event log'), ...entries);
  panel.scrollTop = panel.scrollHeight;
}

// ---------------------------------------------------------------- turns

function endTurn(): void {
  if (!session || playback || session.state.context.outcome) return;
  const { events } = session.endTurn();
  selectedAction = null;
  const visible = events.filter((e) => !e.roles || e.roles.includes(session?.options.role ?? ''));
  try {
    localStorage.setItem(AUTOSAVE_KEY, JSON.stringify(session.autosave()));
  } catch {
    toast('Autosave failed (storage full or disabled)');
  }
  // Show the resolution step by step, about two seconds in all: each event joins the log, the
  // clock in the banner runs to its hour, and its zone pings on the map. Space skips.
  playback = { timer: 0, rest: visible.slice() };
  const view = session.view();
  const clock = clockFor(session.scenario);
  const total = visible.length;
  const delayMs = Math.max(35, Math.min(150, 2200 / Math.max(1, total)));
  const step = () => {
    if (!playback) return;
    const event = playback.rest.shift();
    freshLog = 1;
    if (playback.rest.length === 0) return skipPlayback();
    renderLog(view, clock);
    showBanner(event, total - playback.rest.length, total, clock);
    const zone = event?.data?.zone;
    if (typeof zone === 'string') scene?.ping(zone);
    playback.timer = window.setTimeout(step, delayMs);
  };
  if (visible.length === 0) playback = null;
  refresh();
  if (playback) playback.timer = window.setTimeout(step, delayMs);
}

/** The resolution banner over the map: which turn, the hour of the event shown, progress. */
function showBanner(event: GameEvent | undefined, done: number, total: number, clock: ClockFormat): void {
  const banner = byId('resolution-banner');
  banner.hidden = !event;
  if (!event) return;
  banner.replaceChildren(
    h('b', {}, `Resolving turn ${event.turn}`),
    ` · ${clock.utc(event.hour)} (Tokyo ${clock.local(event.hour, 9)}) · event ${done} of ${total} · `,
    h('kbd', {}, 'Space'),
    ' skips',
  );
}

function skipPlayback(): void {
  if (!playback) return;
  window.clearTimeout(playback.timer);
  playback = null;
  freshLog = 0;
  byId('resolution-banner').hidden = true;
  refresh();
}

function saveToDisk(): void {
  if (!session) return;
  const file = session.file;
  const blob = new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
  const a = h('a', { href: URL.createObjectURL(blob), download: `kuroshio-${file.scenario.id}-${file.arrangement}-${file.seed}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  toast('Game file saved');
}

function showAar(): void {
  if (!session) return;
  const overlay = byId('overlay');
  if (!overlay.hidden && overlay.querySelector('#aar')) return;
  overlay.hidden = false;
  overlay.replaceChildren(
    renderAar(
      session.view(),
      session.file,
      session.options.role,
      clockFor(session.scenario),
      {
        save: saveToDisk,
        newGame: showStart,
        close: () => (overlay.hidden = true),
      },
      Object.fromEntries(session.scenario.data.theatres.map((t) => [t.id, t.ladder.rungs.findIndex((r) => r.id === t.ladder.initial)])),
    ),
  );
  localStorage.removeItem(AUTOSAVE_KEY);
}

function showHelp(): void {
  const overlay = byId('overlay');
  const keys: [string, string][] = [
    ['?', 'show this help'],
    ['E', 'end the turn: bots give their orders, then the turn resolves'],
    ['Space', 'skip the resolution replay'],
    ['U / Shift+U', 'next / previous own unit'],
    ['H', 'headquarters orders (no unit)'],
    ['1 – 9', 'choose an order, then a target'],
    ['Esc', 'back / clear the selection / close a dialog'],
    ['C', 'show or hide the command panel'],
    ['Arrows', 'pan the map'],
    ['+ / −', 'zoom'],
    ['F', 'fit the theatre'],
    ['G', 'go to the selected zone (or the Senkakus), close up'],
    ['S / L / N', 'save, load, new game'],
    ['R', 'resume the autosave (start screen)'],
  ];
  overlay.hidden = false;
  overlay.replaceChildren(
    h(
      'div',
      { class: 'dialog', role: 'dialog', 'aria-label': 'Keyboard', id: 'help' },
      h('h1', {}, 'Keys'),
      h('table', { class: 'keys' }, ...keys.map(([k, what]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, what)))),
      h('p', { class: 'small muted', html: 'Every order travels the command graph of the arrangement: it waits where staff are off duty (grey in the command panel) and for whoever holds the authority to approve it (thick border). <b>Sealed</b> orders are revealed only when the turn resolves.' }),
      h(
        'p',
        { class: 'small muted', html: '<b>Command panel</b>: headquarters in bands by time zone, west to east (Tokyo, Hawaii, Washington), with the local time; ● on duty, ◐ night shift (slower), ○ off duty. Links: solid direct, dashed liaison, blue bilateral or combined, purple political. Each of your orders in transit is a numbered dot where it is now, its route solid where travelled and dashed ahead.' },
      ),
      h('button', { onclick: () => (session ? (overlay.hidden = true) : showStart()) }, 'Close (Esc)'),
    ),
  );
}

// ---------------------------------------------------------------- keyboard

window.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') && event.key !== 'Escape' && event.key !== 'Enter') return;
  const overlay = byId('overlay');
  if (event.key === '?') return showHelp();
  if (!overlay.hidden) {
    if (startKeys && event.key === 'Enter') return startKeys.start();
    if (startKeys?.resume && (event.key === 'r' || event.key === 'R')) return startKeys.resume();
    if (event.key === 'Escape') {
      if (overlay.querySelector('#help') && !session) return showStart();
      if (session) overlay.hidden = true;
    }
    if (overlay.querySelector('#aar')) {
      if (event.key === 's' || event.key === 'S') saveToDisk();
      if (event.key === 'n' || event.key === 'N') showStart();
    }
    if (event.key === 'l' || event.key === 'L') loadFromDisk();
    return;
  }
  if (!session) return;
  const view = session.view();
  switch (event.key) {
    case 'e':
    case 'E':
      return endTurn();
    case ' ':
      event.preventDefault();
      return skipPlayback();
    case 'c':
    case 'C':
      return toggleCommandPanel();
    case 'f':
    case 'F':
      return scene?.fitTheatre();
    case 'g':
    case 'G':
      return scene?.focusZone(selectedZone ?? (session.scenario.zones.has('uotsuri') ? 'uotsuri' : (session.scenario.data.zones[0]?.id ?? '')));
    case '+':
    case '=':
      return scene?.zoomAt(1.25);
    case '-':
    case '_':
      return scene?.zoomAt(0.8);
    case 'ArrowLeft':
      return scene?.pan(-80, 0);
    case 'ArrowRight':
      return scene?.pan(80, 0);
    case 'ArrowUp':
      return scene?.pan(0, -80);
    case 'ArrowDown':
      return scene?.pan(0, 80);
    case 's':
    case 'S':
      return saveToDisk();
    case 'l':
    case 'L':
      return loadFromDisk();
    case 'n':
    case 'N':
      return showStart();
    case 'h':
    case 'H':
      return selectUnit(null);
    case 'u':
    case 'U': {
      const own = view.units.filter((u) => u.role === session?.options.role);
      if (own.length === 0) return;
      const at = own.findIndex((u) => u.id === selectedUnit);
      const next = own[(at + (event.shiftKey ? own.length - 1 : 1) + own.length) % own.length];
      return selectUnit(next.id);
    }
    case 'Escape':
      if (selectedAction) selectedAction = null;
      else selectedUnit = selectedZone = null;
      return refresh();
    default:
      if (/^[1-9]$/.test(event.key)) {
        const item = document.querySelector<HTMLElement>(`#order-choices li[data-key="${event.key}"]`);
        item?.click();
      }
  }
});

// ---------------------------------------------------------------- boot

declare global {
  interface Window {
    kuroshio?: {
      hash(): string | null;
      turn(): number | null;
      phase(): string | null;
      frameTimes(): number[];
      zoomAt(f: number): void;
      pan(dx: number, dy: number): void;
      /** Milliseconds from navigation start until the start screen was first usable. */
      startReadyMs?: number;
    };
  }
}
// A read-only window for tests and the curious: hashes and frame times, never the rules.
window.kuroshio = {
  hash: () => session?.hash() ?? null,
  turn: () => session?.state.context.turn ?? null,
  phase: () => (session ? session.view().phase : null),
  frameTimes: () => scene?.frameTimes.slice() ?? [],
  zoomAt: (f) => scene?.zoomAt(f),
  pan: (dx, dy) => scene?.pan(dx, dy),
};

if (entries.size === 0) {
  byId('overlay').hidden = false;
  byId('overlay').replaceChildren(h('div', { class: 'dialog' }, h('h1', {}, 'No scenarios'), h('p', {}, escapeHtml('No valid scenario files were found in scenarios/.'))));
} else {
  showStart();
  if (window.kuroshio) window.kuroshio.startReadyMs = performance.now();
}
