// After-action review: outcome, key metrics, escalation over time, where the delay went,
// the bots' reasons for their key decisions, and the seed reveal.
import type { GameFile } from '../../engine/gamefile.ts';
import type { RoleView } from '../types.ts';
import type { ClockFormat } from './command-panel.ts';
import { h, svg } from './dom.ts';
import { teamNotes } from '../../report/aar.ts';

const LADDER_COLOURS = ['#f2994a', '#4fb3d9', '#6fcf97', '#d7a6ff'];

/**
 * Rung over time per theatre, rebuilt from the ladder events in the log. `initialRungs`
 * (theatre -> rung index at the start, from the scenario) anchors the first step; without it
 * the chart assumes the first change was a one-rung step.
 */
function escalationChart(view: RoleView, initialRungs: Record<string, number> = {}): SVGElement {
  const width = 440;
  const height = 180;
  const left = 30;
  const maxHour = view.maxTurns * view.hoursPerTurn;
  const top = Math.max(...view.ladders.map((l) => l.rungs.length - 1));
  const x = (hour: number) => left + 4 + (hour / maxHour) * (width - left - 30);
  const y = (rung: number) => height - 30 - (rung / top) * (height - 50);
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Escalation rung over time per theatre' });
  for (let r = 0; r <= top; r++) {
    const names = view.ladders.map((l) => l.rungs[r]?.name).filter(Boolean);
    const label = svg('text', { x: 8, y: y(r) + 3 }, String(r));
    label.append(svg('title', {}, `Rung ${r}: ${[...new Set(names)].join(' / ')}`));
    chart.append(label, svg('line', { x1: left, x2: width - 6, y1: y(r), y2: y(r), stroke: '#24394c' }));
  }
  // A tick a day, and the hour axis.
  for (let hour = 0; hour <= maxHour; hour += 24) {
    chart.append(svg('line', { x1: x(hour), x2: x(hour), y1: y(0), y2: y(0) + 4, stroke: '#4f6a80' }));
    chart.append(svg('text', { x: x(hour), y: y(0) + 15, 'text-anchor': 'middle' }, `+${hour} h`));
  }
  chart.append(svg('text', { x: width - 8, y: height - 3, 'text-anchor': 'end' }, 'hours from start'));
  view.ladders.forEach((ladder, i) => {
    const colour = LADDER_COLOURS[i % LADDER_COLOURS.length];
    const events = view.log.filter((e) => e.kind === 'ladder' && e.data?.theatre === ladder.theatre);
    const first = events[0];
    let rung = initialRungs[ladder.theatre] ?? (first ? Number(first.data?.rung) + (String(first.text).includes('rises') ? -1 : 1) : ladder.rung);
    const points: [number, number][] = [[0, rung]];
    for (const e of events) {
      points.push([e.hour, rung]);
      rung = Number(e.data?.rung);
      points.push([e.hour, rung]);
    }
    points.push([Math.min(maxHour, view.hour + view.hoursPerTurn), rung]);
    const line = svg('polyline', { points: points.map(([hr, r]) => `${x(hr)},${y(r)}`).join(' '), fill: 'none', stroke: colour, 'stroke-width': 2.5 });
    line.append(svg('title', {}, `${ladder.name}: peak ${ladder.rungs[ladder.peak]?.name}, now ${ladder.rungName}`));
    chart.append(line);
    // Legend: a swatch and the name (CSS gives chart text one colour, so style it inline).
    chart.append(svg('line', { x1: left + 8, x2: left + 24, y1: 10 + i * 13, y2: 10 + i * 13, stroke: colour, 'stroke-width': 3 }));
    chart.append(svg('text', { x: left + 30, y: 14 + i * 13, style: `fill:${colour}` }, ladder.name));
  });
  return chart;
}

function delayChart(view: RoleView): SVGElement {
  const d = view.metrics.delayHours;
  const parts: [string, number, string][] = [
    ['transmission', d.transmission, '#4fb3d9'],
    ['waiting for staff', d.staffing, '#eb5757'],
    ['staff work', d.processing, '#f2c14e'],
    ['approval (authority)', d.authority, '#d7a6ff'],
  ];
  const total = parts.reduce((s, p) => s + p[1], 0) || 1;
  const width = 440;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} 120`, role: 'img', 'aria-label': 'Where allied order delay went' });
  parts.forEach(([label, hours, color], i) => {
    // Room after the longest bar for its label ("12.3 h (100%)").
    const w = (hours / total) * (width - 220);
    chart.append(svg('text', { x: 6, y: 22 + i * 26 }, label));
    chart.append(svg('rect', { x: 130, y: 10 + i * 26, width: Math.max(1, w), height: 16, fill: color }));
    chart.append(svg('text', { x: 136 + w, y: 22 + i * 26 }, `${hours.toFixed(1)} h (${Math.round((hours / total) * 100)}%)`));
  });
  return chart;
}

/** Each team's notes (the rationale attached when it ended a turn), with the turn. */
function notesList(file: GameFile, name: (role: string) => string): HTMLElement {
  const notes = teamNotes(file);
  if (notes.length === 0) return h('p', { class: 'muted small', id: 'aar-notes' }, 'No team notes.');
  return h('ul', { class: 'small', id: 'aar-notes' }, ...notes.map((n) => h('li', {}, h('b', {}, `${name(n.role)}, turn ${n.turn}: `), n.note)));
}

/** The White Cell's announced acts (injects, overrides, adjustments, pauses), if any. */
function whiteCellActs(view: RoleView): HTMLElement[] {
  const acts = view.log.filter((e) => e.kind === 'whitecell');
  if (acts.length === 0) return [];
  return [h('h2', {}, 'White Cell acts'), h('ul', { class: 'small', id: 'aar-whitecell' }, ...acts.map((e) => h('li', {}, h('b', {}, `turn ${e.turn}: `), e.text)))];
}

export function renderAar(
  view: RoleView,
  file: GameFile,
  humanRole: string,
  clock: ClockFormat,
  actions: { save(): void; newGame(): void; close(): void; exportAar(format: 'html' | 'md'): void },
  initialRungs: Record<string, number> = {},
  /** A role's display name ("Government of Japan") for the lists. */
  name: (role: string) => string = (role) => role,
): HTMLElement {
  const m = view.metrics;
  const outcome = view.outcome;
  const won = outcome?.winners.includes(humanRole);
  const legal = Object.entries(m.legalDeterminations).map(([status, hour]) => `${status} at +${hour.toFixed(1)} h (${clock.utc(hour)})`);
  // Key decisions: each bot's first use of each action (repeats of a patrol say nothing new),
  // at most five per role, with the turn it was given in.
  const turnOf = (index: number) => 1 + file.turnHashes.filter((t) => t.step <= index).length;
  const seen = new Set<string>();
  const perRole = new Map<string, number>();
  const reasons: HTMLElement[] = [];
  file.commands.forEach((e, index) => {
    const c = e.command;
    if (c.type !== 'order' || c.role === humanRole || !e.reason) return;
    const key = `${c.role}|${c.action}`;
    if (seen.has(key) || (perRole.get(c.role) ?? 0) >= 5) return;
    seen.add(key);
    perRole.set(c.role, (perRole.get(c.role) ?? 0) + 1);
    reasons.push(h('li', {}, h('b', {}, `${name(c.role)}, turn ${turnOf(index)}: `), e.reason));
  });
  const slowest = [...view.delivered]
    .filter((d) => d.arrivedHour !== undefined)
    .sort((a, b) => (b.arrivedHour ?? 0) - b.issuedHour - ((a.arrivedHour ?? 0) - a.issuedHour))
    .slice(0, 6)
    .map((d) => h('li', {}, `${d.actionName}: ${((d.arrivedHour ?? 0) - d.issuedHour).toFixed(1)} h via ${d.path.join(' → ')}`));
  return h(
    'div',
    { class: 'dialog', role: 'dialog', 'aria-label': 'After-action review', id: 'aar' },
    h('h1', {}, `After-action review — ${outcome?.name ?? 'game over'}`),
    h('p', {}, outcome?.text ?? '', ' ', h('b', {}, outcome?.winners.length ? `Winners: ${outcome.winners.map(name).join(', ')}.` : 'No winners.'), won ? ' Your side won.' : ''),
    h(
      'div',
      { class: 'aar-grid' },
      h('div', { class: 'metric' }, 'Allied response time', h('b', { id: 'aar-response' }, m.alliedResponseHours === null ? 'no response' : `${m.alliedResponseHours.toFixed(1)} h`), h('span', { class: 'small muted' }, m.triggerDetectedHour === null ? 'The landing force was never detected near the islands.' : `landing force detected +${m.triggerDetectedHour.toFixed(1)} h; first allied effect on scene ${m.firstAlliedEffectHour === null ? 'never' : `+${m.firstAlliedEffectHour.toFixed(1)} h`}`)),
      h('div', { class: 'metric' }, 'Legal determinations', h('b', {}, String(legal.length)), h('span', { class: 'small muted' }, legal.join('; ') || 'none')),
      h('div', { class: 'metric' }, 'Peak escalation', h('b', {}, view.ladders.map((l) => `${l.name}: ${l.rungs[l.peak].name}`).join(' · '))),
      h('div', { class: 'metric' }, 'Objectives', h('ul', { class: 'plain small' }, ...view.objectives.map((o) => h('li', {}, `${o.met ? '✔' : '✘'} ${o.role}: ${o.text}`)))),
    ),
    h('div', { class: 'aar-grid' }, h('div', {}, h('h2', {}, 'Escalation over time'), escalationChart(view, initialRungs)), h('div', {}, h('h2', {}, 'Where allied order delay went'), delayChart(view), h('ul', { class: 'small' }, ...slowest))),
    h('h2', {}, "Bots' key decisions and their reasons"),
    reasons.length ? h('ul', { class: 'small' }, ...reasons) : h('p', { class: 'muted small' }, 'The bots gave no orders.'),
    h('h2', {}, 'Team notes'),
    notesList(file, name),
    ...whiteCellActs(view),
    h('h2', {}, 'Verifiable dice'),
    h('p', { class: 'small' }, `Seed "${file.seed}", salt ${file.commitment.salt}: sha256(salt:seed) = ${file.commitment.hash} — the commitment shown at the start. Anyone can check it with `, h('code', {}, 'kuroshio replay game.json --verify'), '.'),
    h('div', { class: 'row' }, h('button', { class: 'primary', onclick: actions.save, id: 'aar-save' }, 'Save game file (S)'), h('button', { onclick: () => actions.exportAar('html'), id: 'aar-export', title: 'Download the full after-action review as a self-contained HTML file (X)' }, 'Export review (X)'), h('button', { onclick: () => actions.exportAar('md'), id: 'aar-export-md', title: 'The same review as Markdown (Shift+X)' }, 'Markdown'), h('button', { onclick: actions.newGame }, 'New game (N)'), h('button', { onclick: actions.close }, 'Back to the map (Esc)')),
  );
}
