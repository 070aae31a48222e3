// The deliberation timer of a seminar: a countdown every team can see (top bar, privacy
// screen). Each team's clock starts when its turn begins — when the privacy screen for it
// comes up (passing the keyboard counts), or in solo play when the turn starts — and runs
// for the set minutes. When it runs out it says so loudly and keeps counting the overrun;
// it never submits for a team (the facilitator decides what happens next).
// Client presentation only: not engine state, not in the game file.
import { h } from './dom.ts';

/** Longest deliberation a facilitator can set, in minutes. */
export const MAX_TIMER_MINUTES = 240;

let minutes: number | null = null;
/** Date.now() when the current team's turn began; null when no turn is being timed. */
let startedAt: number | null = null;
let team = '';
/** Date.now() when the White Cell paused the exercise: the clock stands still until it resumes. */
let pausedAt: number | null = null;
let ticker: number | null = null;
const displays = new Set<HTMLElement>();

/**
 * Set (or change, mid-turn) the deliberation time per team turn; null switches the timer off.
 * A change applies to the turn in progress from its start: 10 → 15 minutes gives five more.
 * Throws a one-line error for anything but null or 0 < minutes ≤ 240.
 */
export function setTurnTimer(value: number | null): void {
  if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MINUTES)) {
    throw new Error(`deliberation timer: expected minutes between 0 and ${MAX_TIMER_MINUTES}, or null for off (got ${String(value)})`);
  }
  const wasOff = minutes === null;
  minutes = value;
  // Switched on mid-turn: the countdown starts now rather than at a turn start it never saw.
  if (wasOff && value !== null && team) startedAt = Date.now();
  update();
}

export function getTurnTimer(): number | null {
  return minutes;
}

/** A team's turn begins: its countdown restarts (shown only while a timer is set). */
export function startTurnTimer(teamName: string): void {
  team = teamName;
  startedAt = Date.now();
  if (pausedAt !== null) pausedAt = startedAt;
  update();
}

/**
 * While the White Cell has paused the exercise the countdown stands still (teams cannot act
 * then), and resumes where it was.
 */
export function holdTurnTimer(hold: boolean): void {
  if (hold === (pausedAt !== null)) return;
  if (hold) pausedAt = Date.now();
  else {
    if (startedAt !== null && pausedAt !== null) startedAt += Date.now() - pausedAt;
    pausedAt = null;
  }
  update();
}

/** No turn is being timed (game over, start screen). */
export function stopTurnTimer(): void {
  team = '';
  startedAt = null;
  update();
}

/** Milliseconds left in the current team's turn (negative once time is up); null when not timing. */
export function remainingMs(): number | null {
  if (minutes === null || startedAt === null) return null;
  return startedAt + minutes * 60_000 - (pausedAt ?? Date.now());
}

/** A countdown element kept up to date while it is in the document; `big` for the privacy screen. */
export function timerDisplay(big = false): HTMLElement {
  const el = h('span', { class: `turn-timer${big ? ' big' : ''}`, role: 'timer', 'aria-live': 'off' });
  if (big) el.dataset.big = '1';
  // Panels are rebuilt often: forget countdowns that have left the document (even while no timer ticks).
  for (const old of displays) if (!old.isConnected && old.dataset.painted) displays.delete(old);
  displays.add(el);
  paint(el, remainingMs(), big);
  // Marked once it has had a chance to be placed: the next sweep may drop it if it is gone.
  queueMicrotask(() => (el.dataset.painted = '1'));
  return el;
}

function format(ms: number): string {
  const total = Math.ceil(Math.abs(ms) / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

function paint(el: HTMLElement, left: number | null, big: boolean): void {
  el.hidden = left === null;
  if (left === null) return;
  const expired = left <= 0;
  el.classList.toggle('expired', expired);
  el.classList.toggle('low', !expired && left <= 60_000);
  el.classList.toggle('paused', pausedAt !== null);
  const clock = pausedAt !== null ? `${expired ? `+${format(left)}` : format(left)} · paused` : expired ? `Time — submit now (+${format(left)})` : `${format(left)} left`;
  const caption = pausedAt !== null ? `${team ? `${team}: ` : ''}the clock stands still while the White Cell has paused the exercise` : expired ? `${team ? `${team}: the ` : 'The '}${minutes}-minute deliberation time is up` : `${team ? `${team}: ` : ''}deliberation time (${minutes} min per team turn)`;
  if (big) el.replaceChildren(h('b', {}, clock), h('small', {}, caption));
  else el.textContent = clock;
  el.title = caption;
}

function update(): void {
  const left = remainingMs();
  for (const el of displays) {
    // Panels are rebuilt often: forget countdowns that have left the document.
    if (!el.isConnected && el.dataset.painted) displays.delete(el);
    else paint(el, left, el.dataset.big === '1');
  }
  if (left === null && ticker !== null) {
    window.clearInterval(ticker);
    ticker = null;
  } else if (left !== null && ticker === null) {
    ticker = window.setInterval(update, 250);
  }
}
