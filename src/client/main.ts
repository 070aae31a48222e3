// Kuroshio in the browser: a start screen, the Phaser map, and DOM panels around it.
// Everything shown comes from view(state, role); every change is a command to the engine.
import type * as PhaserType from 'phaser';
import { ARRANGEMENT_IDS, SHARING_IDS, type ArrangementId, type Command, type GameEvent, type OrderCommand, type RoleView, type SharingId } from '../engine/index.ts';
import { compileScenario, type Scenario } from '../engine/scenario/compile.ts';
import scenarioIndex from 'virtual:kuroshio-scenarios';
import { formatLocal } from '../engine/clock.ts';
import type { MapScene } from './map/map-scene.ts';
import { AUTOSAVE_KEY, Session, humanRoles, type Autosave, type SessionOptions, type TurnEnd } from './session.ts';
import { BOTS_ARE_RANDOM, TEMPERAMENTS, type Temperament } from './bots.ts';
import { byId, escapeHtml, h, toast } from './ui/dom.ts';
import { renderCommandPanel, type ClockFormat } from './ui/command-panel.ts';
import { renderAar } from './ui/aar.ts';
import { MAX_NOTE_LENGTH } from '../engine/orders.ts';
import { MAX_TIMER_MINUTES, getTurnTimer, holdTurnTimer, setTurnTimer, startTurnTimer, stopTurnTimer, timerDisplay } from './ui/timer.ts';
import { PUBLIC, WHITE_CELL } from '../engine/index.ts';
import { branchGame } from '../engine/gamefile.ts';
import { WhiteCellConsole } from './ui/whitecell.ts';
import { exportAar } from './ui/export.ts';
import { LivePublisher } from './live.ts';

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
/** Hot-seat: the role whose privacy screen is up (nothing of any team's view is shown meanwhile). */
let privacy: string | null = null;
/** Hot-seat: the last resolution, replayed to each team in its own view when its screen lifts. */
let pendingResolution: { events: GameEvent[]; seen: Set<string> } | null = null;
/** The active team's note for the after-action review (kept while the panels are rebuilt). */
let noteArea: HTMLTextAreaElement | null = null;
/** Hot-seat: teams that have had their briefing (each sees its own when its first turn is revealed). */
const briefed = new Set<string>();

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
  // Hot-seat: other roles a team plays at this screen (your role is always human; the rest are bots).
  const otherHumans = new Set<string>();
  const humansBox = h('div', { class: 'row humans', id: 'start-humans', role: 'group', 'aria-label': 'Human teams' });
  const humansNote = h('p', { class: 'small muted', id: 'start-humans-note' });
  const timerSelect = h(
    'select',
    { id: 'start-timer', title: 'Each team turn gets this long; the countdown shows in the top bar and on the privacy screen' },
    h('option', { value: '' }, 'off'),
    ...[1, 2, 3, 5, 10, 15, 20, 30, 45, 60].filter((m) => m <= MAX_TIMER_MINUTES).map((m) => h('option', { value: String(m) }, `${m} minute${m > 1 ? 's' : ''} per team turn`)),
  );
  const savedTimer = getTurnTimer();
  if (savedTimer !== null && [...timerSelect.options].some((o) => o.value === String(savedTimer))) timerSelect.value = String(savedTimer);
  const facilitatorBox = h('input', { type: 'checkbox', id: 'start-whitecell', checked: session?.options.facilitator === true });
  const chosenHumans = (roles: readonly { id: string }[]) => [roleSelect.value, ...roles.map((r) => r.id).filter((id) => id !== roleSelect.value && otherHumans.has(id))];

  const refresh = () => {
    const entry = entries.get(scenarioSelect.value);
    if (!entry) return;
    summary.textContent = entry.summary;
    const previous = roleSelect.value;
    roleSelect.replaceChildren(...entry.roles.map((r) => h('option', { value: r.id }, r.name)));
    roleSelect.value = entry.roles.some((r) => r.id === previous) ? previous : (entry.roles.find((r) => r.id === 'japan') ?? entry.roles[0]).id;
    briefing.textContent = entry.roles.find((r) => r.id === roleSelect.value)?.briefing ?? '';
    for (const id of otherHumans) if (!entry.roles.some((r) => r.id === id)) otherHumans.delete(id);
    humansBox.replaceChildren(
      ...entry.roles.map((r) => {
        const own = r.id === roleSelect.value;
        const box = h('input', { type: 'checkbox', id: `start-human-${r.id}`, checked: own || otherHumans.has(r.id), disabled: own, title: own ? 'Your role is always played by people' : `Tick to have a team play ${r.name} at this screen` });
        box.addEventListener('change', () => {
          if (box.checked) otherHumans.add(r.id);
          else otherHumans.delete(r.id);
          refresh();
        });
        return h('label', { class: 'check', for: `start-human-${r.id}` }, box, ` ${r.name}`);
      }),
    );
    const humans = chosenHumans(entry.roles);
    const nameOf = (id: string) => entry.roles.find((r) => r.id === id)?.name ?? id;
    const bots = entry.roles.filter((r) => !humans.includes(r.id)).map((r) => r.name);
    humansNote.textContent =
      humans.length > 1
        ? `Hot-seat seminar: ${humans.map(nameOf).join(', then ')} enter orders in turn at this screen, each behind a privacy screen; ${bots.length ? `bots play ${bots.join(', ')}` : 'no bots'}.`
        : `Solo: you play ${nameOf(humans[0])}; bots play ${bots.join(', ') || 'nobody'}. Tick more roles for a hot-seat seminar.`;
    const spec = entry.arrangements[arrangementSelect.value as ArrangementId];
    arrangementNote.textContent = `${spec.name}: ${spec.summary} Sharing — ${entry.sharing[sharingSelect.value as SharingId]}`;
  };
  for (const select of [scenarioSelect, roleSelect, arrangementSelect, sharingSelect]) select.addEventListener('change', refresh);

  const start = async () => {
    const options: SessionOptions = {
      scenarioId: scenarioSelect.value,
      role: roleSelect.value,
      humans: chosenHumans(entries.get(scenarioSelect.value)?.roles ?? []),
      arrangement: arrangementSelect.value as ArrangementId,
      sharing: sharingSelect.value as SharingId,
      seed: seedInput.value.trim() || randomSeed(),
      temperament: temperamentSelect.value as Temperament,
      timerMinutes: timerSelect.value ? Number(timerSelect.value) : null,
      facilitator: facilitatorBox.checked,
    };
    const scenario = await scenarioFor(options.scenarioId);
    if (!scenario) return;
    // A new game (perhaps a new room of teams): the projector starts again from what every team is told.
    projectorViewpoint = PUBLIC;
    setTurnTimer(options.timerMinutes ?? null);
    const next = Session.start(scenario, options);
    await beginSession(next);
    toast(`Seed commitment: ${next.commitment.slice(0, 16)}… (revealed at the debrief)`, 4000);
  };

  const resume = autosave
    ? h('button', { id: 'start-resume', onclick: () => void resumeAutosave(autosave) }, `Resume (R) — ${autosave.options.scenarioId}, ${humanRoles(autosave.options).join(' + ')}, turn ${autosave.file.turnHashes.length + 1}`)
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
        h('span', { class: 'label' }, 'Human teams'),
        humansBox,
        h('span', {}),
        humansNote,
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
        h('label', { for: 'start-timer' }, 'Deliberation timer'),
        timerSelect,
        h('span', { class: 'label' }, 'White Cell'),
        h('label', { class: 'check', for: 'start-whitecell' }, facilitatorBox, ' Facilitator (White Cell) console — W opens it: injects, overrides, pause, rewind, projector'),
      ),
      h('h2', {}, 'Briefing'),
      briefing,
      h(
        'div',
        { class: 'row', style: 'margin-top:14px' },
        h('button', { class: 'primary', id: 'start-play', onclick: () => void start() }, 'Start (Enter)'),
        resume,
        h('button', { onclick: loadFromDisk }, 'Load game file (L)'),
        session ? h('button', { id: 'start-back', onclick: backToGame, title: 'Leave this screen: the game in progress goes on' }, 'Back to the game (Esc)') : null,
        h('span', { class: 'small muted' }, 'Press ? at any time for the keys.'),
      ),
    ),
  );
  refresh();
  // Enter starts; the dialog stays scrolled to its top (title, scenario) on a 720-line screen.
  (byId('start-play') as HTMLButtonElement).focus({ preventScroll: true });
  startKeys = { start: () => void start(), resume: autosave ? () => void resumeAutosave(autosave) : null };
  // The projector says a new game is being set up (it must not keep showing the last one as live).
  publishLive();
}
let startKeys: { start: () => void; resume: (() => void) | null } | null = null;

/** Leave the start screen for the game in progress (Esc, or its Back button). */
function backToGame(): void {
  if (!session) return;
  startKeys = null;
  byId('overlay').hidden = true;
  refresh();
}

async function resumeAutosave(save: Autosave): Promise<void> {
  const scenario = await scenarioFor(save.options.scenarioId);
  if (!scenario) return toast(`Autosave is for an unknown scenario "${save.options.scenarioId}"`);
  try {
    const restored = Session.fromFile(scenario, save.options, save.file);
    if (restored.hash() !== save.hash) throw new Error('the restored state hash differs from the saved one');
    const minutes = save.options.timerMinutes ?? null;
    setTurnTimer(minutes !== null && minutes > 0 && minutes <= MAX_TIMER_MINUTES ? minutes : null);
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
      // The teams at this screen keep their roles when the loaded game has them.
      const current = session?.humans.filter((r) => scenario.roles.has(r)) ?? [];
      const humans = current.length > 0 ? current : [scenario.roleIds.includes('japan') ? 'japan' : scenario.roleIds[0]];
      const options: SessionOptions = { scenarioId: scenario.data.meta.id, role: humans[0], humans, arrangement: gameFile.arrangement, sharing: gameFile.sharing, seed: gameFile.seed, temperament: 'balanced', facilitator: session?.options.facilitator === true };
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
    // Phaser destroys a game at its next step, and the map's loop sleeps when nothing changes:
    // wake it after asking (waking steps at once), or the old canvas and its listeners stay.
    game.destroy(true);
    game.loop.wake();
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
      const own = units.find((u) => u.role === next.activeRole && u.exact);
      selectedUnit = own?.id ?? null;
      selectedAction = null;
      refresh();
    },
    onSelectTarget(zone) {
      if (selectedAction) giveOrder({ type: 'order', role: next.activeRole, action: selectedAction, ...(selectedUnit ? { unit: selectedUnit } : {}), zone });
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
  pendingResolution = null;
  briefed.clear();
  truthOnScreen = false;
  hidePrivacy();
  beginTeamTurn();
}

function roleName(role: string): string {
  return session?.scenario.roles.get(role)?.name ?? role;
}

/** A team's turn begins: its deliberation clock restarts; in hot-seat play it waits behind its privacy screen. */
function beginTeamTurn(): void {
  if (!session) return;
  if (noteArea) noteArea.value = '';
  if (session.state.context.outcome) {
    stopTurnTimer();
    hidePrivacy();
    refresh();
    return;
  }
  const role = session.activeRole;
  holdTurnTimer(session.state.context.whiteCell.paused);
  startTurnTimer(roleName(role));
  if (session.hotSeat) showPrivacy(role);
  // Behind the privacy screen this draws nothing, but tells the projector and the open console.
  refresh();
}

/**
 * Hot-seat: the screen is handed to the next team. Everything a team could see is removed
 * from the page and the map (not merely covered), so nothing of any view is in the DOM or
 * drawn until that team reveals its own.
 */
function showPrivacy(role: string): void {
  if (!session) return;
  privacy = role;
  if (playback) window.clearTimeout(playback.timer);
  playback = null;
  freshLog = 0;
  selectedZone = selectedUnit = selectedAction = null;
  (document.activeElement as HTMLElement | null)?.blur();
  for (const id of ['status-panel', 'orders-panel', 'log-panel', 'command-panel']) byId(id).replaceChildren();
  const tip = byId('map-tooltip');
  tip.hidden = true;
  tip.replaceChildren();
  const banner = byId('resolution-banner');
  banner.hidden = true;
  banner.replaceChildren();
  for (const el of document.querySelectorAll('.toast')) el.remove();
  // A team's briefing stays in the (hidden) overlay after it is closed: take it out.
  const overlay = byId('overlay');
  if (overlay.querySelector('#team-briefing')) {
    overlay.hidden = true;
    overlay.replaceChildren();
  }
  scene?.clear();
  const ctx = session.state.context;
  const maxTurns = session.scenario.data.clock.maxTurns;
  const team = roleName(role);
  byId('topbar').replaceChildren(
    h('span', { class: 'title' }, 'KUROSHIO ', h('small', {}, session.scenario.data.meta.title)),
    h('span', { class: 'badge', id: 'turn-badge' }, `Turn ${ctx.turn} / ${maxTurns}`),
    h('span', { class: 'badge' }, `hot-seat · next: ${team}`),
    timerDisplay(),
    h('span', { class: 'spacer' }),
    h('button', { onclick: showHelp, title: 'Keyboard (?)' }, '?'),
  );
  const order = session.humans.map((r) => `${roleName(r)} ${ctx.submitted[r] ? '✓ submitted' : r === role ? '— now' : '— waiting'}`).join(' · ');
  const screen = privacyScreen();
  screen.replaceChildren(
    h(
      'div',
      { class: 'privacy-card' },
      h('p', { class: 'muted' }, `Turn ${ctx.turn} of ${maxTurns} · hot-seat seminar`),
      h('h1', { id: 'privacy-title' }, `Pass to the ${team} team`),
      h('p', {}, 'Press ', h('kbd', {}, 'Enter'), ` to reveal the ${team} orders screen. Other teams: please look away.`),
      h('button', { class: 'primary', id: 'privacy-reveal', onclick: reveal }, `Reveal — ${team} (Enter)`),
      timerDisplay(true),
      pendingResolution ? h('p', { class: 'small muted' }, `Turn ${ctx.turn - 1} has resolved: each team sees what it learned when its screen lifts.`) : null,
      h('p', { class: 'small muted' }, `Order of play this turn: ${order}. Bots order after the last team; the turn then resolves.`),
    ),
  );
  screen.hidden = false;
  byId('privacy-reveal').focus();
}

function privacyScreen(): HTMLElement {
  let screen = document.getElementById('privacy-screen');
  if (!screen) {
    screen = h('div', { id: 'privacy-screen', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'privacy-title', hidden: true });
    document.body.append(screen);
  }
  return screen;
}

function hidePrivacy(): void {
  privacy = null;
  const screen = document.getElementById('privacy-screen');
  if (screen) {
    screen.hidden = true;
    screen.replaceChildren();
  }
}

/** The team at the screen reveals its own view, and sees the last resolution as it learned of it. */
function reveal(): void {
  if (!session || !privacy) return;
  // The team sees only its own view: the facilitator's console (and any ground truth) goes.
  if (whiteCell.open) toggleWhiteCell(false);
  const role = privacy;
  hidePrivacy();
  const pending = pendingResolution;
  if (pending && !pending.seen.has(role)) {
    pending.seen.add(role);
    if (session.humans.every((r) => pending.seen.has(r))) pendingResolution = null;
    replayResolution(pending.events.filter((e) => !e.roles || e.roles.includes(role)));
  } else refresh();
  // Only the first team's briefing was on the start screen: each team reads its own, privately.
  if (session.state.context.turn === 1 && !briefed.has(role)) {
    briefed.add(role);
    showTeamBriefing(role);
  }
}

/** A team's briefing and its objectives (its own only), over its own view. */
function showTeamBriefing(role: string): void {
  if (!session) return;
  const spec = session.scenario.roles.get(role);
  const objectives = session.view(role).objectives.filter((o) => o.role === role);
  const overlay = byId('overlay');
  overlay.hidden = false;
  overlay.replaceChildren(
    h(
      'div',
      { class: 'dialog', role: 'dialog', 'aria-label': 'Team briefing', id: 'team-briefing' },
      h('h1', {}, `Briefing — ${spec?.name ?? role}`),
      h('div', { class: 'briefing' }, spec?.briefing ?? ''),
      objectives.length ? h('h2', {}, 'Your objectives') : null,
      objectives.length ? h('ul', {}, ...objectives.map((o) => h('li', {}, o.text))) : null,
      h('button', { class: 'primary', id: 'team-briefing-close', onclick: () => (overlay.hidden = true) }, 'To the orders (Enter)'),
    ),
  );
  byId('team-briefing-close').focus();
}

function currentView(): RoleView | null {
  return session ? session.view() : null;
}

function refresh(): void {
  publishLive();
  whiteCell.render();
  renderMapActions();
  // A pause by the White Cell stops the deliberation clock too (whoever's screen is up).
  if (session) holdTurnTimer(session.state.context.whiteCell.paused && !session.state.context.outcome);
  // Behind the privacy screen nothing of any view is drawn.
  if (!session || privacy) return;
  // Ground truth only while the White Cell console is open and the facilitator asked for it.
  const view = truthOnScreen && whiteCell.open ? session.view(WHITE_CELL) : session.view();
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
  const active = session.activeRole;
  const role = session.scenario.roles.get(active);
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
    h('span', { class: 'badge', id: 'team-badge', title: role?.name ?? '' }, session.hotSeat ? `team: ${active}` : `you: ${active}`),
    timerDisplay(),
    h('span', { class: 'spacer' }),
    h('button', { onclick: requestSave, title: 'Download the game file (S)' }, 'Save'),
    h('button', { onclick: loadFromDisk, title: 'Open a game file (L)' }, 'Load'),
    h('button', { onclick: showStart, title: 'New game (Shift+N)' }, 'New'),
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
  const active = session.activeRole;
  const own = view.units.filter((u) => u.role === active);
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
    if (actions.length === 0 && !ended && view.paused) choices.append(h('li', { class: 'small', id: 'orders-paused' }, 'The White Cell has paused the exercise: no orders (and no end of turn) until it resumes.'));
    else if (actions.length === 0 && !ended) choices.append(h('li', { class: 'muted small' }, selectedUnit ? 'No legal orders for this unit now (busy, gated by law or escalation, or nothing in range).' : 'No headquarters orders available now.'));
  }

  const queue = h(
    'ul',
    { class: 'plain orders-queue', 'aria-label': 'Orders this turn' },
    ...view.orders.map((o) =>
      h(
        'li',
        {},
        h('span', {}, `${session?.scenario.actions.get(o.action)?.name ?? o.action}${o.unit ? ` — ${unitName(o.unit)}` : ''}${o.zone ? ` → ${session?.scenario.zones.get(o.zone)?.name ?? o.zone}` : ''}`),
        h('button', { title: 'Withdraw this order', onclick: () => act({ type: 'cancel', role: active, order: o.id }) }, '✕'),
      ),
    ),
  );
  panel.replaceChildren(
    h('h2', {}, selectedUnit ? `Orders for ${unitName(selectedUnit)}` : 'Headquarters orders', h('span', { class: 'muted small' }, '1–9 to choose')),
    ...items,
    choices,
    h('h2', {}, `Orders this turn (${view.orders.length}) — sealed until the turn resolves`),
    view.orders.length ? queue : h('p', { class: 'muted small' }, 'None yet.'),
    ...(ended ? [] : [h('label', { for: 'turn-note', class: 'note-label' }, 'Note for the after-action review ', h('span', { class: 'muted small' }, 'N · optional · other teams never see it')), noteInput()]),
    h(
      'div',
      { class: 'row' },
      h('button', { class: 'primary', id: 'end-turn', onclick: endTurn, disabled: ended || playback !== null }, ended ? 'Game over' : session.hotSeat ? `Submit ${roleName(active)} orders (E)` : 'End turn (E)'),
      playback ? h('button', { onclick: skipPlayback, id: 'skip' }, 'Skip (Space)') : null,
    ),
    h('h2', {}, 'Your forces', h('span', { class: 'muted small' }, 'U next · H headquarters')),
    unitList,
  );
}

/** The team's rationale for this turn; sent with its submit, so it is sealed in the game file. */
function noteInput(): HTMLTextAreaElement {
  noteArea ??= h('textarea', {
    id: 'turn-note',
    rows: 2,
    maxlength: MAX_NOTE_LENGTH,
    placeholder: 'Why these orders? Recorded with your submission in the game file for the debrief.',
  });
  return noteArea;
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

/**
 * The team at the screen is done (its note goes with its submit). In hot-seat play the next
 * team's privacy screen comes up; after the last team the bots order and the turn resolves,
 * and the resolution is shown only behind the next turn's first privacy screen. In solo play
 * the resolution replays at once.
 */
function endTurn(): void {
  if (!session || playback || privacy || session.state.context.outcome) return;
  let result: TurnEnd;
  try {
    result = session.endTurn(noteArea?.value);
  } catch (error) {
    toast(`Cannot end the turn: ${(error as Error).message}`, 5000);
    return;
  }
  selectedAction = null;
  if (noteArea) noteArea.value = '';
  saveAutosave();
  if (!result.resolved) return beginTeamTurn();
  if (session.hotSeat && !session.state.context.outcome) {
    pendingResolution = { events: result.events, seen: new Set() };
    return beginTeamTurn();
  }
  // Solo play, or the end of the game (the debrief follows, so the first team's view is shown).
  const role = session.activeRole;
  if (session.state.context.outcome) stopTurnTimer();
  else startTurnTimer(roleName(role));
  replayResolution(result.events.filter((e) => !e.roles || e.roles.includes(role)));
}

function saveAutosave(): void {
  if (!session) return;
  try {
    localStorage.setItem(AUTOSAVE_KEY, JSON.stringify(session.autosave(getTurnTimer())));
  } catch {
    toast('Autosave failed (storage full or disabled)');
  }
}

/**
 * Show a resolution step by step, about two seconds in all: each event joins the log, the
 * clock in the banner runs to its hour, and its zone pings on the map. Space skips.
 * `visible` are the events the role at the screen saw.
 */
function replayResolution(visible: GameEvent[]): void {
  if (!session) return;
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
      // In a hot-seat game the review is read by every team: no "your side" for one of them.
      session.hotSeat ? '' : session.activeRole,
      clockFor(session.scenario),
      {
        save: saveToDisk,
        newGame: showStart,
        close: () => (overlay.hidden = true),
        exportAar: exportReview,
      },
      Object.fromEntries(session.scenario.data.theatres.map((t) => [t.id, t.ladder.rungs.findIndex((r) => r.id === t.ladder.initial)])),
      (role) => roleName(role),
    ),
  );
  localStorage.removeItem(AUTOSAVE_KEY);
}

function showHelp(): void {
  const overlay = byId('overlay');
  const keys: [string, string][] = [
    ['?', 'show this help'],
    ['E', 'end the turn: bots give their orders, then the turn resolves (hot-seat: submit your team\'s orders; the next team\'s privacy screen comes up)'],
    ['Enter', 'hot-seat: reveal your team\'s screen (on the privacy screen "Pass to the … team")'],
    ['N', 'write a note for the after-action review (Esc leaves it); it goes with your orders when you end the turn'],
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
    ['S / L / Shift+N', 'save, load, new game'],
    ['R', 'resume the autosave (start screen)'],
    ['X / Shift+X', 'export the after-action review of the game so far: self-contained HTML / Markdown'],
    ['W', 'White Cell console (games set up with a facilitator): pause, injects, overrides, adjustments, timer, rewind and branch, what the projector shows, export (W or Esc closes it; Enter in a field does its button)'],
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
      h(
        'p',
        {
          class: 'small muted',
          html: '<b>Hot-seat seminar</b>: tick several human teams on the start screen. Each team enters its orders in turn behind a privacy screen (Enter reveals it, with the team\'s own briefing on its first turn; nothing of another team\'s view is on screen meanwhile) and ends with E; after the last team the bots order and the turn resolves, and each team sees the resolution as it learned of it when its next screen lifts. <b>Deliberation timer</b>: each team\'s clock starts when its turn begins — when its privacy screen comes up, so the hand-over counts — and runs for the set minutes; at zero it flashes "Time — submit now" and keeps counting the overrun, but never submits for a team; it stands still while the White Cell has paused the exercise. <b>Notes</b> (N) are sealed with the team\'s submission in the game file and appear in the after-action review. Until the game ends, <b>Save</b> (S) and <b>Export AAR</b> (X) ask for the facilitator first: the file and the review hold every team\'s sealed orders and notes.',
        },
      ),
      h('p', {
        class: 'small muted',
        html: '<b>White Cell</b> (tick "Facilitator (White Cell) console" at set-up; W opens it): pause and resume, inject an event from the scenario\'s library or a free-form one with chosen effects, override a ladder rung or Japan\'s legal status, with effects if wanted (a reason is required), change a headquarters\' processing time from the next turn, set the deliberation timer, rewind to any step and branch a new game from there (its file names its parent), choose what the projector shows, and export the review or save the game file (Records; also between hot-seat turns). Every act is a command in the game file, and every team\'s log announces injects and overrides. <b>Projector</b>: open <code>projector.html</code> (or <code>?view=projector</code>) in a second window of the same browser; it follows the live game in large type. <b>X</b> exports the after-action review (self-contained HTML; Shift+X Markdown) at any time.',
      }),
      h('button', { onclick: () => (session ? backToGame() : showStart()) }, 'Close (Esc)'),
    ),
  );
}

// ---------------------------------------------------------------- White Cell console and projector

/** What the projector window shows: chosen only in the White Cell console. */
let projectorViewpoint = PUBLIC;
/** Ground truth on this screen (the facilitator's explicit choice in the console). */
let truthOnScreen = false;
const live = new LivePublisher();

let published: { state: unknown; viewpoint: string } | null = null;
/** Post the game to the projector when it changed (the file is only rebuilt then); none while the start screen is up. */
function publishLive(): void {
  const shown = startKeys ? null : session;
  const state = shown?.state ?? null;
  if (published && published.state === state && published.viewpoint === projectorViewpoint) return;
  published = { state, viewpoint: projectorViewpoint };
  live.publish(shown ? shown.file : null, projectorViewpoint);
}

const whiteCell = new WhiteCellConsole({
  session: () => session,
  act(command) {
    if (!session) return 'no game in progress';
    const error = session.act(command);
    if (!error) saveAutosave();
    refresh();
    return error;
  },
  async branch(step, saveCurrentFirst) {
    if (!session) return 'no game in progress';
    try {
      if (saveCurrentFirst) saveToDisk();
      const { file } = branchGame(session.scenario, session.file, step);
      const next = Session.fromFile(session.scenario, { ...session.options, humans: session.humans }, file);
      await beginSession(next);
      saveAutosave();
      toast(`Rewound to step ${step}: a new game branched from the previous one (its file names its parent)`, 4000);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  },
  projectorViewpoint: () => projectorViewpoint,
  setProjectorViewpoint(viewpoint) {
    projectorViewpoint = viewpoint;
    publishLive();
  },
  truthOnScreen: () => truthOnScreen,
  setTruthOnScreen(on) {
    truthOnScreen = on;
    refresh();
  },
  timer: () => getTurnTimer(),
  setTimer(minutes) {
    setTurnTimer(minutes);
    saveAutosave();
  },
  close: () => toggleWhiteCell(false),
  save: saveToDisk,
  exportReview,
});
document.body.append(whiteCell.element);

/** W: the facilitator's console (only when the game was set up with one). */
function toggleWhiteCell(open = !whiteCell.open): void {
  if (!session) return;
  if (open && !session.options.facilitator) {
    toast('No White Cell console in this game: tick "Facilitator (White Cell) console" on the start screen (Shift+N).', 4000);
    return;
  }
  document.body.classList.toggle('wc-open', open);
  if (open) whiteCell.show();
  else {
    whiteCell.hide();
    // Closing the console always returns this screen to the team's own view.
    truthOnScreen = false;
  }
  refresh();
}

/** Buttons in the map's top-right corner (the top bar is full at 1280 px): the review export, and the console for a facilitator. */
function renderMapActions(): void {
  let box = document.getElementById('map-actions');
  if (!box) {
    box = h('div', { id: 'map-actions' });
    byId('map-area').append(box);
  }
  box.replaceChildren(
    ...(session
      ? [
          h('button', { onclick: () => requestExport('html'), title: 'Download the after-action review of the game so far, self-contained HTML (X; Shift+X for Markdown)', id: 'export-aar' }, 'Export AAR (X)'),
          ...(session.options.facilitator ? [h('button', { onclick: () => toggleWhiteCell(), title: 'The facilitator’s White Cell console (W)', id: 'open-whitecell', class: whiteCell.open ? 'wc-on' : '' }, 'White Cell (W)')] : []),
        ]
      : []),
  );
}

/**
 * In a hot-seat game the game file and the review hold every team's orders and notes,
 * this turn's sealed ones included: until the game ends they are the facilitator's, so
 * Save and Export ask first (a team at the screen would otherwise read the others' orders).
 */
function facilitatorOnly(what: string, action: () => void): void {
  if (!session?.hotSeat || session.state.context.outcome) return action();
  const overlay = byId('overlay');
  overlay.hidden = false;
  overlay.replaceChildren(
    h(
      'div',
      { class: 'dialog', role: 'alertdialog', 'aria-labelledby': 'facilitator-confirm-title', id: 'facilitator-confirm' },
      h('h1', { id: 'facilitator-confirm-title' }, `${what}: facilitator only`),
      h('p', {}, `It holds every team's orders and notes, including this turn's sealed ones. Make sure no team is looking at this screen, and keep the file away from the teams until the debrief.`),
      h(
        'div',
        { class: 'row' },
        h('button', { class: 'primary', id: 'facilitator-confirm-go', onclick: () => ((overlay.hidden = true), action()) }, `${what} (Enter)`),
        h('button', { onclick: () => (overlay.hidden = true) }, 'Cancel (Esc)'),
      ),
    ),
  );
  byId('facilitator-confirm-go').focus();
}

function requestSave(): void {
  facilitatorOnly('Save the game file', saveToDisk);
}

function requestExport(format: 'html' | 'md'): void {
  facilitatorOnly('Export the after-action review so far', () => exportReview(format));
}

function exportReview(format: 'html' | 'md'): void {
  if (!session) return;
  const name = exportAar(session, format);
  toast(`After-action review exported: ${name}`);
}

// ---------------------------------------------------------------- keyboard

window.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') && event.key !== 'Escape' && event.key !== 'Enter') return;
  // In the note, Enter is a new line and Esc leaves the note (keeping what was written).
  if (target?.tagName === 'TEXTAREA') {
    if (event.key === 'Escape') target.blur();
    return;
  }
  // In the White Cell console, Enter and Space work its own buttons (never the game's keys,
  // e.g. revealing a team's screen); W or Esc (outside its fields) closes it.
  if (target && whiteCell.element.contains(target)) {
    if ((event.key === 'w' || event.key === 'W' || event.key === 'Escape') && target.tagName !== 'INPUT' && target.tagName !== 'SELECT') toggleWhiteCell(false);
    return;
  }
  const overlay = byId('overlay');
  if (event.key === '?') return showHelp();
  if (session && !startKeys && (event.key === 'w' || event.key === 'W')) return toggleWhiteCell();
  if (session && !startKeys && !privacy && (event.key === 'x' || event.key === 'X')) return requestExport(event.shiftKey ? 'md' : 'html');
  // Behind the privacy screen X would hand the next team everyone's orders: say where the export is.
  if (session && !startKeys && privacy && (event.key === 'x' || event.key === 'X')) return toast(session.options.facilitator ? 'The privacy screen is up: export the review from the White Cell console (W, Records).' : 'The privacy screen is up: export the review once a team has revealed its screen.', 4000);
  if (!overlay.hidden) {
    if (startKeys && event.key === 'Enter') return startKeys.start();
    if (overlay.querySelector('#facilitator-confirm') && event.key === 'Enter') {
      event.preventDefault();
      return byId('facilitator-confirm-go').click();
    }
    if (overlay.querySelector('#team-briefing') && event.key === 'Enter') {
      event.preventDefault();
      overlay.hidden = true;
      return;
    }
    if (startKeys?.resume && (event.key === 'r' || event.key === 'R')) return startKeys.resume();
    if (event.key === 'Escape') {
      if (overlay.querySelector('#help') && !session) return showStart();
      if (startKeys) return backToGame();
      if (session) overlay.hidden = true;
    }
    if (overlay.querySelector('#aar')) {
      if (event.key === 's' || event.key === 'S') saveToDisk();
      if (event.key === 'n' || event.key === 'N') showStart();
    }
    if (event.key === 'l' || event.key === 'L') loadFromDisk();
    return;
  }
  // Behind the privacy screen only the team it is for can act: by revealing its view.
  if (privacy) {
    if (event.key === 'Enter') {
      event.preventDefault();
      reveal();
    }
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
      return requestSave();
    case 'l':
    case 'L':
      return loadFromDisk();
    case 'n':
    case 'N':
      if (event.shiftKey) return showStart();
      // The note for the after-action review (the key itself is not typed into it).
      event.preventDefault();
      return document.getElementById('turn-note')?.focus();
    case 'h':
    case 'H':
      return selectUnit(null);
    case 'u':
    case 'U': {
      const own = view.units.filter((u) => u.role === session?.activeRole);
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
      /** Ids of the units drawn on the map now (none behind the hot-seat privacy screen). */
      mapUnitIds(): string[];
      /** On-screen size of the map's labels and counters (the projector draws them larger). */
      mapScreenSizes(): { label: number; counter: number | null; cut: string[] } | null;
      /** The role whose view is on screen; null while the privacy screen is up or before a game. */
      shownRole(): string | null;
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
  mapUnitIds: () => scene?.unitIds() ?? [],
  mapScreenSizes: () => (scene?.sys.isActive() ? scene.screenSizes() : null),
  shownRole: () => (session && !privacy ? session.activeRole : null),
  zoomAt: (f) => scene?.zoomAt(f),
  pan: (dx, dy) => scene?.pan(dx, dy),
};

if (new URLSearchParams(window.location.search).get('view') === 'projector') {
  // The projector is its own page; index.html?view=projector is a memorable way in.
  window.location.replace('./projector.html');
} else if (entries.size === 0) {
  byId('overlay').hidden = false;
  byId('overlay').replaceChildren(h('div', { class: 'dialog' }, h('h1', {}, 'No scenarios'), h('p', {}, escapeHtml('No valid scenario files were found in scenarios/.'))));
} else {
  showStart();
  if (window.kuroshio) window.kuroshio.startReadyMs = performance.now();
}
