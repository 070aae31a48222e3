// The command panel: the arrangement's command graph with every node's local clock and duty
// state, and each order in transit with its path, the hop it is at and its expected arrival.
// This is the panel that explains the model: orders crawl or fly depending on the graph.
import type { MessageView, RoleView } from '../types.ts';
import { h, svg } from './dom.ts';

export interface ClockFormat {
  /** "Fri 06:00 UTC" style label for a game hour. */
  utc(hour: number): string;
  local(hour: number, offset: number): string;
}

const BOX_W = 150;
const BOX_H = 30;
const ROW = 38;

function nodeState(node: RoleView['nodes'][number]): 'on' | 'night' | 'off' {
  if (!node.onDuty) return 'off';
  return node.nightShift ? 'night' : 'on';
}

function graph(view: RoleView, holders: Set<string>): SVGElement {
  const roles = [...new Set(view.nodes.map((n) => n.role))];
  const positions = new Map<string, { x: number; y: number }>();
  const rows = new Map<string, number>();
  for (const node of view.nodes) {
    const column = roles.indexOf(node.role);
    const row = rows.get(node.role) ?? 0;
    rows.set(node.role, row + 1);
    positions.set(node.id, { x: 10 + column * (BOX_W + 60), y: 22 + row * ROW });
  }
  const height = 30 + Math.max(...rows.values(), 1) * ROW;
  const width = 20 + roles.length * (BOX_W + 60);
  const root = svg('svg', { class: 'cmd-graph', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Command graph of the current arrangement' });
  roles.forEach((role, i) => root.append(svg('text', { x: 10 + i * (BOX_W + 60), y: 12, fill: '#93a8ba', 'font-size': 11 }, role.toUpperCase())));
  for (const link of view.links) {
    const a = positions.get(link.between[0]);
    const b = positions.get(link.between[1]);
    if (!a || !b) continue;
    const ax = a.x + (b.x > a.x ? BOX_W : b.x < a.x ? 0 : BOX_W / 2);
    const bx = b.x + (a.x > b.x ? BOX_W : a.x < b.x ? 0 : BOX_W / 2);
    const line = svg('line', { class: `link ${link.mechanism}`, x1: ax, y1: a.y + BOX_H / 2, x2: bx, y2: b.y + BOX_H / 2 });
    line.append(svg('title', {}, `${link.between[0]} — ${link.between[1]} (${link.mechanism})`));
    root.append(line);
  }
  for (const node of view.nodes) {
    const p = positions.get(node.id);
    if (!p) continue;
    const state = nodeState(node);
    const g = svg('g', { class: `node ${state}${holders.has(node.id) ? ' holder' : ''}`, transform: `translate(${p.x},${p.y})` });
    g.append(svg('rect', { width: BOX_W, height: BOX_H, rx: 4 }));
    g.append(svg('text', { x: 6, y: 12 }, node.id));
    g.append(svg('text', { class: 'clock', x: 6, y: 25 }, `${node.localTime.slice(11)} local · ${state === 'on' ? 'on duty' : state === 'night' ? 'night shift' : 'off duty'}`));
    g.append(svg('title', {}, `${node.name}\nLocal time ${node.localTime} (UTC${node.utcOffsetHours >= 0 ? '+' : ''}${node.utcOffsetHours})`));
    root.append(g);
  }
  view.messages.forEach((m, i) => {
    const nodeId = m.path[Math.min(m.at, m.path.length - 1)];
    const p = positions.get(nodeId);
    if (!p) return;
    const dot = svg('circle', { class: 'msg', cx: p.x + BOX_W - 10 - (i % 6) * 9, cy: p.y + 8, r: 4 });
    dot.append(svg('title', {}, `${m.actionName}: at ${nodeId}`));
    root.append(dot);
  });
  return root;
}

function hopChips(m: MessageView): HTMLElement {
  const chips = h('div', { class: 'hops' });
  m.path.forEach((node, i) => {
    const done = i < m.hops.length && !(i === m.at && m.phase === 'arriving');
    const here = i === m.at && m.phase !== 'transit';
    const hop = m.hops[i];
    const title = hop ? `arrived +${hop.arrivedHour.toFixed(1)} h · waited ${hop.waitHours.toFixed(1)} h · worked ${hop.processingHours.toFixed(1)} h${hop.transmissionHours ? ` · link ${hop.transmissionHours.toFixed(1)} h` : ''}` : m.reasons[i];
    chips.append(h('span', { class: `hop${done ? ' done' : ''}${here ? ' here' : ''}${m.reasons[i] === 'authority' ? ' auth' : ''}`, title }, node));
  });
  return chips;
}

function breakdown(m: MessageView): string {
  const wait = m.hops.reduce((s, hop) => s + hop.waitHours, 0);
  const work = m.hops.reduce((s, hop) => s + hop.processingHours, 0);
  const link = m.hops.reduce((s, hop) => s + hop.transmissionHours, 0);
  return `waiting for staff ${wait.toFixed(1)} h · staff work ${work.toFixed(1)} h · links ${link.toFixed(1)} h`;
}

export function renderCommandPanel(el: HTMLElement, view: RoleView, clock: ClockFormat, collapsed: boolean, toggle: () => void): void {
  el.classList.toggle('collapsed', collapsed);
  const holders = new Set(Object.values(view.authorityHolders));
  const heading = h(
    'h2',
    {},
    h('button', { onclick: toggle, title: 'Show or hide the command panel (C)', 'aria-expanded': String(!collapsed) }, collapsed ? '▲' : '▼'),
    `Command panel — ${view.arrangementPhase}`,
    h('span', { class: 'cmd-hint' }, `${view.messages.length} in transit · green: on duty · amber: night shift · grey: off duty, messages wait · thick border: approving authority · C hides`),
  );
  const transit = h('div', {});
  if (view.messages.length === 0) transit.append(h('p', { class: 'muted small' }, 'No orders in transit. Orders you give this turn travel when you end the turn (E).'));
  for (const m of view.messages) {
    const where = m.phase === 'transit' ? `delivered; unit under way, effect at ${clock.utc(m.etaHour)}` : `at ${m.path[m.at]} (${m.phase === 'arriving' ? 'on its way in' : 'being handled'})`;
    transit.append(
      h(
        'div',
        { class: 'transit' },
        h('div', {}, h('b', {}, m.actionName), ` ${m.unit ?? ''}${m.zone ? ` → ${m.zone}` : ''} `, h('span', { class: 'muted' }, `issued ${clock.utc(m.issuedHour)} · ${where}`)),
        hopChips(m),
        h('div', { class: 'small' }, `expected to reach ${m.path[m.path.length - 1]} by ${clock.utc(m.etaHour)} (Tokyo ${clock.local(m.etaHour, 9)}, Hawaii ${clock.local(m.etaHour, -10)}) — ${(m.etaHour - m.issuedHour).toFixed(1)} h after issue`),
      ),
    );
  }
  const recent = view.delivered.filter((m) => m.arrivedHour !== undefined).slice(-4).reverse();
  if (recent.length > 0) {
    transit.append(h('h2', {}, 'Recently arrived'));
    for (const m of recent) {
      transit.append(
        h('div', { class: 'transit' }, h('b', {}, m.actionName), ` took ${((m.arrivedHour ?? 0) - m.issuedHour).toFixed(1)} h via ${m.path.join(' → ')}`, h('div', { class: 'small muted' }, breakdown(m))),
      );
    }
  }
  el.replaceChildren(heading, h('div', { class: 'cmd-columns' }, graph(view, holders), transit));
}
