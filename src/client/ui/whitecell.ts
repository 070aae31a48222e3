// The White Cell console: the facilitator's panel. Every act is a command to the engine
// (role "white-cell"), so it is in the game file, replays, and is listed in the after-action
// review; a refused act shows the engine's error code and message. It also chooses what the
// projector shows, can put ground truth on this screen (explicitly: teams may be watching),
// sets the deliberation timer, and rewinds to any step to branch a new game from there.
import { PUBLIC, TRUTH, WHITE_CELL, type GameEvent, type WhiteCellCommand } from '../../engine/index.ts';
import type { Effect } from '../../engine/scenario/schema.ts';
import type { Scenario } from '../../engine/scenario/compile.ts';
import type { GameFile } from '../../engine/gamefile.ts';
import { formatLocal } from '../../engine/clock.ts';
import { nodeMeanProcessing } from '../../engine/view.ts';
import type { Session } from '../session.ts';
import { h } from './dom.ts';

export interface WhiteCellHost {
  session(): Session | null;
  /** Apply a White Cell command; the engine's "CODE: message" when it refuses, else null. */
  act(command: WhiteCellCommand): string | null;
  /** Rewind to `step` and continue as a new game branched from there; an error message or null. */
  branch(step: number, saveCurrentFirst: boolean): Promise<string | null>;
  projectorViewpoint(): string;
  setProjectorViewpoint(viewpoint: string): void;
  truthOnScreen(): boolean;
  setTruthOnScreen(on: boolean): void;
  /** Deliberation timer in minutes per team turn, null when off; set throws a one-line error. */
  timer(): number | null;
  setTimer(minutes: number | null): void;
  close(): void;
  /** Download the game file, or the after-action review so far (the console is the facilitator's: no further confirmation). */
  save(): void;
  exportReview(format: 'html' | 'md'): void;
}

type EffectKind = 'pressure' | 'cohesion' | 'posture' | 'table';

const select = (id: string, options: [string, string][], label: string) => h('select', { id: id || undefined, 'aria-label': label }, ...options.map(([value, text]) => h('option', { value }, text)));

/** A short account of a step, for the rewind list. */
export function describeStep(scenario: Scenario, file: GameFile, step: number): string {
  if (step === 0) return 'start of the game';
  const c = file.commands[step - 1].command;
  const role = (id: string) => (id === WHITE_CELL ? 'White Cell' : (scenario.roles.get(id)?.name ?? id));
  switch (c.type) {
    case 'order':
      return `${role(c.role)}: ${scenario.actions.get(c.action)?.name ?? c.action}${c.unit ? ` (${scenario.unitName(c.unit)})` : ''}${c.zone ? ` → ${scenario.zones.get(c.zone)?.name ?? c.zone}` : ''}`;
    case 'submit':
      return `${role(c.role)} ends its turn`;
    case 'cancel':
      return `${role(c.role)} withdraws an order`;
    default:
      return `White Cell: ${c.type}${c.type === 'inject' ? ` ${c.event ?? `"${c.text}"`}` : ''}${'reason' in c ? ` — ${c.reason}` : ''}`;
  }
}

export class WhiteCellConsole {
  readonly element: HTMLElement;
  /** In a hot-seat game the console (sealed orders, ground truth) opens only on an explicit confirmation. */
  private unlocked = false;
  private builtFor: Session | null = null;
  private message: HTMLElement;
  private dynamic: { status: HTMLElement; acts: HTMLElement; rewind: HTMLSelectElement; pause: HTMLButtonElement; truth: HTMLButtonElement; projector: HTMLSelectElement; timer: HTMLInputElement } | null = null;

  constructor(private readonly host: WhiteCellHost) {
    this.element = h('aside', { id: 'whitecell', 'aria-label': 'White Cell console', hidden: true });
    this.message = h('p', { id: 'wc-message', role: 'status' });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  show(): void {
    this.element.hidden = false;
    this.render();
  }

  hide(): void {
    this.element.hidden = true;
    this.unlocked = false;
    // Closed, it keeps nothing in the page: the console lists every team's sealed orders,
    // and in hot-seat play the next team is about to sit at this screen.
    this.element.replaceChildren();
    this.builtFor = null;
    this.dynamic = null;
    // Opened again, it does not repeat the last act's message as if it were new.
    this.say('', false);
  }

  /** Redraw after any change of the game: rebuilds the forms only for a new session. */
  render(): void {
    if (!this.open) return;
    const session = this.host.session();
    if (!session) {
      this.element.replaceChildren(h('p', {}, 'No game in progress.'));
      this.builtFor = null;
      return;
    }
    if (session.hotSeat && !this.unlocked) {
      this.builtFor = null;
      this.element.replaceChildren(
        h('h1', {}, 'White Cell console'),
        h('p', {}, h('b', {}, 'Facilitator only.'), ' The console lists every team’s orders (sealed until the turn resolves) and can show ground truth. Make sure no team is looking at this screen.'),
        h('div', { class: 'row' }, h('button', { class: 'primary', id: 'wc-unlock', onclick: () => ((this.unlocked = true), this.render()) }, 'Open the console'), h('button', { onclick: () => this.host.close() }, 'Close (W)')),
      );
      (this.element.querySelector('#wc-unlock') as HTMLButtonElement | null)?.focus();
      return;
    }
    const fresh = this.builtFor !== session;
    if (fresh) this.build(session);
    this.update(session);
    // Keyboard focus goes into the console when it opens (Tab then walks its controls; the
    // heading, not a button, so a stray Enter does nothing).
    if (fresh) (this.element.querySelector('#wc-title') as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private say(text: string, error: boolean): void {
    this.message.textContent = text;
    this.message.className = error ? 'wc-error' : 'wc-ok';
  }

  private send(command: WhiteCellCommand, done: string): boolean {
    const error = this.host.act(command);
    if (error) this.say(`Refused — ${error}`, true);
    else this.say(done, false);
    return error === null;
  }

  private build(session: Session): void {
    this.builtFor = session;
    const scenario = session.scenario;
    const data = scenario.data;

    // --- screen and projector
    const truth = h('button', { id: 'wc-truth', onclick: () => this.host.setTruthOnScreen(!this.host.truthOnScreen()) });
    const projector = select('wc-projector', [[PUBLIC, 'What every team is told'], [TRUTH, 'Ground truth'], ...data.roles.map((r): [string, string] => [r.id, `${r.name}'s view`])], 'Projector shows');
    projector.addEventListener('change', () => {
      this.host.setProjectorViewpoint(projector.value);
      this.say(`The projector now shows: ${projector.selectedOptions[0]?.textContent ?? projector.value}.`, false);
    });

    // --- pause and timer
    const pause = h('button', {
      id: 'wc-pause',
      onclick: () => {
        const resume = session.state.context.whiteCell.paused;
        this.send({ type: resume ? 'resume' : 'pause', role: WHITE_CELL }, resume ? 'Resumed: the teams can act again.' : 'Paused: teams cannot act until you resume.');
      },
    });
    const timer = h('input', { id: 'wc-timer', type: 'number', min: 1, max: 240, step: 1, size: 4, 'aria-label': 'Deliberation minutes per team turn', placeholder: 'min' });
    const setTimer = (minutes: number | null) => {
      try {
        this.host.setTimer(minutes);
        this.say(minutes === null ? 'Deliberation timer off.' : `Deliberation timer: ${minutes} min per team turn.`, false);
      } catch (error) {
        this.say((error as Error).message, true);
      }
    };

    // --- inject from the library
    const injects = data.injects;
    const injectSelect = select('wc-inject-event', injects.map((e) => [e.id, e.id]), 'Inject from the library');
    const injectText = h('p', { class: 'small', id: 'wc-inject-text' });
    const describeInject = () => {
      const def = injects.find((e) => e.id === injectSelect.value);
      injectText.textContent = def ? `${def.text} — effects: ${def.effects.map((e) => effectText(scenario, e)).join('; ') || 'none'}` : 'This scenario has no inject library; use a free-form inject.';
    };
    injectSelect.addEventListener('change', describeInject);
    describeInject();
    const inject = h('button', { id: 'wc-inject', disabled: injects.length === 0, onclick: () => this.send({ type: 'inject', role: WHITE_CELL, event: injectSelect.value }, `Injected "${injectSelect.value}": every team is told.`) }, 'Inject');

    // --- free-form inject with effects
    const freeText = h('input', { id: 'wc-free-text', size: 40, placeholder: 'What happens (every team reads it)', 'aria-label': 'Free-form inject text' });
    const freeEffects = new EffectBuilder(scenario, 'wc-effects');
    const freeInject = h('button', {
      id: 'wc-free-inject',
      onclick: () => {
        const effects = freeEffects.read();
        if (typeof effects === 'string') return this.say(effects, true);
        if (this.send({ type: 'inject', role: WHITE_CELL, text: freeText.value, effects }, 'Free-form inject made: every team is told.')) {
          freeText.value = '';
          freeEffects.clear();
        }
      },
    }, 'Inject free-form');

    // --- override
    const theatre = select('wc-ov-theatre', data.theatres.map((t) => [t.id, t.name]), 'Theatre');
    const rung = h('select', { id: 'wc-ov-rung', 'aria-label': 'Rung' });
    const fillRungs = () => {
      const t = data.theatres.find((x) => x.id === theatre.value);
      rung.replaceChildren(h('option', { value: '' }, '— rung unchanged —'), ...(t?.ladder.rungs ?? []).map((r, i) => h('option', { value: r.id }, `${i} ${r.name}`)));
    };
    theatre.addEventListener('change', fillRungs);
    fillRungs();
    const legal = select('wc-ov-legal', [['', '— legal status unchanged —'], ...data.legal.statuses.map((s): [string, string] => [s.id, s.name])], "Japan's legal status");
    const reason = h('input', { id: 'wc-ov-reason', size: 40, placeholder: 'Reason (required; every team sees it)', 'aria-label': 'Override reason' });
    // The engine's override takes the same effects as a free-form inject (e.g. set a role's cohesion back).
    const overrideEffects = new EffectBuilder(scenario, 'wc-ov-effects');
    const override = h('button', {
      id: 'wc-override',
      onclick: () => {
        const effects = overrideEffects.read();
        if (typeof effects === 'string') return this.say(effects, true);
        const command: WhiteCellCommand = { type: 'override', role: WHITE_CELL, reason: reason.value, ...(rung.value ? { rung: { theatre: theatre.value, rung: rung.value } } : {}), ...(legal.value ? { legal: legal.value } : {}), ...(effects.length ? { effects } : {}) };
        if (this.send(command, 'Override made: every team is told, with your reason.')) {
          reason.value = '';
          rung.value = '';
          legal.value = '';
          overrideEffects.clear();
        }
      },
    }, 'Override');

    // --- adjust a node's processing time from the next turn
    const node = select('wc-adj-node', data.commandNodes.map((n) => [n.id, `${n.name} (now ~${nodeMeanProcessing(scenario, n.id).toFixed(1)} h)`]), 'Command node');
    const kind = select('wc-adj-kind', [['fixed', 'fixed h'], ['uniform', 'uniform min, max'], ['triangular', 'triangular min, mode, max']], 'Distribution');
    const hours = h('input', { id: 'wc-adj-hours', size: 10, placeholder: 'e.g. 6 or 2, 8', 'aria-label': 'Processing hours' });
    const adjustReason = h('input', { id: 'wc-adj-reason', size: 30, placeholder: 'Reason (required)', 'aria-label': 'Adjustment reason' });
    const adjust = h('button', {
      id: 'wc-adjust',
      onclick: () => {
        const values = hours.value.split(/[\s,;]+/).filter(Boolean).map(Number);
        const wanted = kind.value === 'fixed' ? 1 : kind.value === 'uniform' ? 2 : 3;
        if (values.length !== wanted || values.some((v) => !Number.isFinite(v))) return this.say(`Processing hours: expected ${wanted} number${wanted > 1 ? 's' : ''} for ${kind.value} (got "${hours.value}")`, true);
        const source = `White Cell: ${adjustReason.value}`;
        const processingHours = kind.value === 'fixed' ? { fixed: values[0], source } : kind.value === 'uniform' ? { uniform: values as [number, number], source } : { triangular: values as [number, number, number], source };
        if (this.send({ type: 'adjust', role: WHITE_CELL, node: node.value, reason: adjustReason.value, processingHours }, 'Adjustment recorded: it applies from the next turn.')) {
          hours.value = '';
          adjustReason.value = '';
        }
      },
    }, 'Adjust from next turn');

    // --- rewind and branch
    const rewind = h('select', { id: 'wc-rewind-step', 'aria-label': 'Rewind to step' });
    const saveFirst = h('input', { type: 'checkbox', id: 'wc-rewind-save', checked: true });
    const branch = h('button', {
      id: 'wc-branch',
      onclick: async () => {
        const step = Number(rewind.value);
        const error = await this.host.branch(step, saveFirst.checked);
        if (error) this.say(`Cannot branch: ${error}`, true);
      },
    }, 'Rewind and branch from here');

    // Enter in a field does what its section's button does, as in any form.
    const timerSet = h('button', { id: 'wc-timer-set', onclick: () => setTimer(timer.value === '' ? null : Number(timer.value)) }, 'Set');
    const enterClicks = (button: HTMLElement, ...fields: HTMLElement[]) => {
      for (const field of fields)
        field.addEventListener('keydown', (event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          button.click();
        });
    };
    enterClicks(timerSet, timer);
    enterClicks(freeInject, freeText);
    enterClicks(override, reason);
    enterClicks(adjust, hours, adjustReason);

    const acts = h('ul', { id: 'wc-acts', class: 'plain small' });
    this.dynamic = { status: h('p', { id: 'wc-status', class: 'small' }), acts, rewind, pause, truth, projector, timer };

    this.element.replaceChildren(
      h('div', { class: 'wc-head' }, h('h1', { id: 'wc-title', tabindex: -1 }, 'White Cell console'), h('button', { onclick: () => this.host.close(), title: 'Close the console (W or Esc)' }, 'Close (W)')),
      this.dynamic.status,
      this.message,
      section('This screen and the projector', h('div', { class: 'row' }, truth), h('div', { class: 'row' }, h('label', { for: 'wc-projector' }, 'Projector shows'), projector, h('a', { href: './projector.html', target: 'kuroshio-projector', id: 'wc-open-projector' }, 'Open the projector window'))),
      section('Pause and deliberation timer', h('div', { class: 'row' }, pause, h('label', { for: 'wc-timer' }, 'Timer'), timer, timerSet, h('button', { id: 'wc-timer-off', onclick: () => setTimer(null) }, 'Off'))),
      section('Inject from the library', h('div', { class: 'row' }, injectSelect, inject), injectText),
      section(
        'Free-form inject',
        h('div', { class: 'row' }, freeText),
        freeEffects.rows,
        h('div', { class: 'row small' }, freeEffects.buttons, freeInject),
      ),
      section('Override (reason required)', h('div', { class: 'row' }, theatre, rung), h('div', { class: 'row' }, legal), overrideEffects.rows, h('div', { class: 'row small' }, overrideEffects.buttons), h('div', { class: 'row' }, reason, override)),
      section('Adjust a node from the next turn', h('div', { class: 'row' }, node), h('div', { class: 'row' }, kind, hours), h('div', { class: 'row' }, adjustReason, adjust)),
      section('Rewind and branch', h('div', { class: 'row' }, rewind), h('div', { class: 'row' }, h('label', { class: 'small' }, saveFirst, ' save the current game file first'), branch), h('p', { class: 'small muted' }, 'The branch is a new game file that keeps the steps up to here and names this game as its parent; this game stays as it is in its file.')),
      section(
        'Records',
        h(
          'div',
          { class: 'row' },
          h('button', { id: 'wc-export', onclick: () => this.host.exportReview('html'), title: 'The after-action review of the game so far, one self-contained HTML file (X)' }, 'Export AAR'),
          h('button', { id: 'wc-export-md', onclick: () => this.host.exportReview('md'), title: 'The same review as Markdown (Shift+X)' }, 'Markdown'),
          h('button', { id: 'wc-save', onclick: () => this.host.save(), title: 'The game file: it replays and verifies (S)' }, 'Save game file'),
        ),
        h('p', { class: 'small muted' }, 'Both hold every team’s orders and notes, this turn’s sealed ones included: keep them from the teams until the debrief.'),
      ),
      section('White Cell acts so far', acts),
    );
  }

  private update(session: Session): void {
    const d = this.dynamic;
    if (!d) return;
    const ctx = session.state.context;
    const scenario = session.scenario;
    const file = session.file;
    const waiting = ctx.outcome ? [] : scenario.roleIds.filter((r) => !ctx.submitted[r]);
    d.status.textContent = `Turn ${ctx.turn} · ${formatLocal(scenario.startEpochHours + ctx.hour, 0)} UTC · ${ctx.outcome ? `game over: ${ctx.outcome.name}` : ctx.whiteCell.paused ? 'PAUSED' : 'running'} · step ${file.commands.length} · to submit: ${waiting.join(', ') || 'none'}${file.parent ? ` · branched at step ${file.parent.step}` : ''}`;
    d.pause.textContent = ctx.whiteCell.paused ? 'Resume' : 'Pause';
    d.pause.disabled = ctx.outcome !== null;
    d.truth.textContent = this.host.truthOnScreen() ? 'Back to the team view on this screen' : 'Show ground truth on this screen';
    d.truth.classList.toggle('primary', this.host.truthOnScreen());
    d.projector.value = this.host.projectorViewpoint();
    const minutes = this.host.timer();
    if (document.activeElement !== d.timer) d.timer.value = minutes === null ? '' : String(minutes);
    // Rewind: every step, by turn; the latest turn start is preselected.
    const previous = d.rewind.value;
    const turnOf = (step: number) => 1 + file.turnHashes.filter((t) => t.step < step).length;
    const groups = new Map<number, HTMLOptionElement[]>();
    for (let step = 0; step <= file.commands.length; step++) {
      const turn = step === 0 ? 1 : turnOf(step);
      const ends = file.turnHashes.find((t) => t.step === step);
      const label = `step ${step}${ends ? ` — end of turn ${ends.turn}` : ''}: ${describeStep(scenario, file, step)}`;
      groups.set(turn, [...(groups.get(turn) ?? []), h('option', { value: step }, label)]);
    }
    d.rewind.replaceChildren(...[...groups.entries()].map(([turn, options]) => h('optgroup', { label: `Turn ${turn}` }, ...options)));
    const lastEnd = file.turnHashes.length ? file.turnHashes[file.turnHashes.length - 1].step : 0;
    d.rewind.value = previous !== '' && Number(previous) <= file.commands.length ? previous : String(lastEnd);
    const entries = ctx.log.filter((e: GameEvent) => e.kind === 'whitecell');
    d.acts.replaceChildren(...(entries.length ? entries.map((e) => h('li', {}, `T${e.turn} — ${e.text}`)) : [h('li', { class: 'muted' }, 'None yet.')]));
  }
}

function section(title: string, ...children: HTMLElement[]): HTMLElement {
  return h('section', { class: 'wc-section' }, h('h2', {}, title), ...children);
}

function effectText(scenario: Scenario, e: Effect): string {
  switch (e.type) {
    case 'pressure':
      return `${scenario.data.theatres.find((t) => t.id === e.theatre)?.name ?? e.theatre} pressure ${e.delta > 0 ? '+' : ''}${e.delta}`;
    case 'cohesion':
      return `${e.role} cohesion ${e.delta > 0 ? '+' : ''}${e.delta}`;
    case 'posture':
      return `${e.role ?? 'all'} to ${e.level} posture`;
    case 'table':
      return `draw on ${e.table}`;
    case 'notify':
      return `notice${e.roles ? ` to ${e.roles.join(', ')}` : ''}`;
    default:
      return e.type;
  }
}

/**
 * Effects chosen one row at a time (pressure, cohesion, posture, table draw: what the engine
 * accepts from the White Cell), for a free-form inject or an override.
 */
class EffectBuilder {
  readonly rows: HTMLElement;
  readonly buttons: HTMLElement;

  constructor(scenario: Scenario, id: string) {
    this.rows = h('div', { id, class: 'wc-effects' });
    const kinds: EffectKind[] = ['pressure', 'cohesion', 'posture', 'table'];
    this.buttons = h(
      'span',
      { class: 'wc-add-effect', id: `${id}-add` },
      'Add effect:',
      ...kinds.map((k) => h('button', { onclick: () => this.rows.append(effectRow(scenario, k)), 'data-effect': k, disabled: k === 'table' && scenario.tables.size === 0, title: k === 'table' && scenario.tables.size === 0 ? 'This scenario has no tables' : `Add a ${k} effect` }, `+ ${k}`)),
    );
  }

  read(): Effect[] | string {
    return readEffects(this.rows);
  }

  clear(): void {
    this.rows.replaceChildren();
  }
}

/** One effect of a free-form inject: the type's own fields. */
function effectRow(scenario: Scenario, kind: EffectKind): HTMLElement {
  const data = scenario.data;
  const roles: [string, string][] = data.roles.map((r) => [r.id, r.name]);
  const fields: HTMLElement[] = [];
  if (kind === 'pressure') fields.push(select('', data.theatres.map((t) => [t.id, t.name]), 'Theatre'), h('input', { type: 'number', step: 0.5, value: 1, size: 4, 'aria-label': 'Pressure change' }));
  if (kind === 'cohesion') fields.push(select('', roles, 'Role'), h('input', { type: 'number', step: 1, value: -5, size: 4, 'aria-label': 'Cohesion change' }));
  if (kind === 'posture') fields.push(select('', [['', 'all roles'], ...roles], 'Role'), select('', [['crisis', '24/7 crisis'], ['normal', 'normal']], 'Posture'));
  if (kind === 'table') fields.push(select('', [...scenario.tables.keys()].map((id) => [id, id]), 'Table'));
  const row = h('div', { class: 'row wc-effect', 'data-kind': kind }, h('b', {}, kind), ...fields);
  row.append(h('button', { title: 'Remove this effect', onclick: () => row.remove() }, '✕'));
  return row;
}

/** The effects of the free-form form, or a one-line problem. */
function readEffects(container: HTMLElement): Effect[] | string {
  const effects: Effect[] = [];
  for (const row of container.querySelectorAll<HTMLElement>('.wc-effect')) {
    const values = [...row.querySelectorAll<HTMLInputElement | HTMLSelectElement>('select, input')].map((el) => el.value);
    const num = Number(values[1]);
    switch (row.dataset.kind) {
      case 'pressure':
        if (!Number.isFinite(num) || values[1] === '') return 'pressure: expected a number (positive climbs, negative calms)';
        effects.push({ type: 'pressure', theatre: values[0], delta: num });
        break;
      case 'cohesion':
        if (!Number.isFinite(num) || values[1] === '') return 'cohesion: expected a number';
        effects.push({ type: 'cohesion', role: values[0], delta: num });
        break;
      case 'posture':
        effects.push({ type: 'posture', ...(values[0] ? { role: values[0] } : {}), level: values[1] === 'normal' ? 'normal' : 'crisis' });
        break;
      case 'table':
        effects.push({ type: 'table', table: values[0] });
        break;
    }
  }
  return effects;
}
