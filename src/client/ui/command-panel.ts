// The command panel: the arrangement's command graph with every node's local clock and duty
// state, and each order in transit with its path, the hop it is at and its expected arrival.
// This is the panel that explains the model: orders crawl or fly depending on the graph.
//
// Nodes are laid out west to east by time zone (Beijing/Taipei, Tokyo, Hawaii, Washington),
// one column per role within a zone, so a path that leaves Tokyo for Hawaii and comes back
// is visibly a long way round, and a path that stays in the Tokyo band is visibly short.
import type { MessageView, NodeView, RoleView } from '../types.ts';
import { h, svg } from './dom.ts';

export interface ClockFormat {
  /** "05-14 06:00 UTC" style label for a game hour. */
  utc(hour: number): string;
  local(hour: number, offset: number): string;
}

const BOX_W = 142;
const BOX_H = 20;
const ROW = 24;
const COLUMN_GAP = 34;
const BAND_GAP = 30;
const TOP = 34;
const LEFT = 28;

/** Place names for the time zones a scenario is likely to use; others read "UTC±n". */
const ZONE_NAMES: Record<number, string> = { 9: 'Tokyo', 8: 'Beijing · Taipei', 10: 'Guam', [-10]: 'Hawaii', [-4]: 'Washington', [-5]: 'Washington' };
/** Sort time zones west to east across the Pacific, starting from Asia (UTC+7). */
const westToEast = (offset: number) => (((offset - 7) % 24) + 24) % 24;
const offsetLabel = (offset: number) => `UTC${offset >= 0 ? '+' : '−'}${Math.abs(offset)}`;

/** Distinct colours for the messages in transit, numbered like the list beside the graph. */
const MESSAGE_COLOURS = ['#f2c14e', '#ff8fab', '#7ee0c3', '#b39ddb', '#ffb86b', '#8ecae6'];

type Duty = 'on' | 'night' | 'off';
function duty(node: NodeView): Duty {
  if (!node.onDuty) return 'off';
  return node.nightShift ? 'night' : 'on';
}
const DUTY_TEXT: Record<Duty, string> = { on: 'on duty', night: 'night shift', off: 'off duty' };
const DUTY_MARK: Record<Duty, string> = { on: '●', night: '◐', off: '○' };

interface Layout {
  pos: Map<string, { x: number; y: number }>;
  bands: { offset: number; x: number; width: number }[];
  columns: { role: string; x: number }[];
  width: number;
  height: number;
}

/** Only the nodes the arrangement in force uses (linked, on a path, or holding an authority). */
function visibleNodes(view: RoleView, holders: Set<string>): NodeView[] {
  const used = new Set<string>(holders);
  for (const link of view.links) for (const id of link.between) used.add(id);
  for (const m of view.messages) for (const id of m.path) used.add(id);
  return view.nodes.filter((n) => used.has(n.id));
}

function layout(nodes: NodeView[]): Layout {
  const roleOrder = [...new Set(nodes.map((n) => n.role))];
  const groups = new Map<string, NodeView[]>();
  for (const node of nodes) {
    const key = `${node.utcOffsetHours}|${node.role}`;
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    const [oa, ra] = a.split('|');
    const [ob, rb] = b.split('|');
    return westToEast(Number(oa)) - westToEast(Number(ob)) || Number(ob) - Number(oa) || roleOrder.indexOf(ra) - roleOrder.indexOf(rb);
  });
  const pos = new Map<string, { x: number; y: number }>();
  const bands: Layout['bands'] = [];
  const columns: Layout['columns'] = [];
  let x = LEFT;
  let rows = 1;
  let previousOffset: number | null = null;
  for (const key of keys) {
    const members = groups.get(key) ?? [];
    const offset = members[0].utcOffsetHours;
    if (previousOffset !== null) x += offset === previousOffset ? COLUMN_GAP : BAND_GAP + COLUMN_GAP;
    if (offset !== previousOffset) bands.push({ offset, x, width: BOX_W });
    else bands[bands.length - 1].width = x + BOX_W - bands[bands.length - 1].x;
    columns.push({ role: members[0].role, x });
    members.forEach((node, row) => pos.set(node.id, { x, y: TOP + row * ROW }));
    rows = Math.max(rows, members.length);
    previousOffset = offset;
    x += BOX_W;
  }
  return { pos, bands, columns, width: x + LEFT, height: TOP + rows * ROW + 4 };
}

/** Where a link or path segment leaves box a towards box b. */
function edge(a: { x: number; y: number }, b: { x: number; y: number }): string {
  const ay = a.y + BOX_H / 2;
  const by = b.y + BOX_H / 2;
  if (a.x === b.x) {
    // Same column: a bracket on the left side, deeper for longer jumps, so it never crosses a box.
    const bulge = 8 + Math.abs(b.y - a.y) / ROW / 2;
    return `M${a.x} ${ay} C${a.x - bulge * 2} ${ay} ${b.x - bulge * 2} ${by} ${b.x} ${by}`;
  }
  const ax = a.x < b.x ? a.x + BOX_W : a.x;
  const bx = a.x < b.x ? b.x : b.x + BOX_W;
  const mid = (ax + bx) / 2;
  return `M${ax} ${ay} C${mid} ${ay} ${mid} ${by} ${bx} ${by}`;
}

/** The point halfway along the segment a → b (a message travelling the link). */
function midpoint(a: { x: number; y: number }, b: { x: number; y: number }): { x: number; y: number } {
  if (a.x === b.x) {
    const bulge = 8 + Math.abs(b.y - a.y) / ROW / 2;
    return { x: a.x - bulge * 1.5, y: (a.y + b.y) / 2 + BOX_H / 2 };
  }
  const ax = a.x < b.x ? a.x + BOX_W : a.x;
  const bx = a.x < b.x ? b.x : b.x + BOX_W;
  return { x: (ax + bx) / 2, y: (a.y + b.y) / 2 + BOX_H / 2 };
}

function graph(view: RoleView, holders: Set<string>, clock: ClockFormat): SVGElement {
  const nodes = visibleNodes(view, holders);
  const { pos, bands, columns, width, height } = layout(nodes);
  const root = svg('svg', { class: 'cmd-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Command graph of the arrangement in force, by time zone' });

  // Time-zone bands: place, offset, and the local time there now.
  for (const band of bands) {
    const local = clock.local(view.hour, band.offset);
    const localHour = Number(local.slice(0, 2));
    const night = localHour < 7 || localHour >= 19;
    root.append(svg('rect', { class: 'band', x: band.x - 6, y: 0, width: band.width + 12, height, rx: 4 }));
    root.append(svg('text', { class: 'band-name', x: band.x, y: 12 }, ZONE_NAMES[band.offset] ?? offsetLabel(band.offset)));
    // A one-column band has room for the clock only; amber says night there.
    root.append(svg('text', { class: `band-clock${night ? ' night' : ''}`, x: band.x + band.width, y: 12, 'text-anchor': 'end' }, `${night && band.width > BOX_W ? 'night ' : ''}${local}`));
  }
  for (const column of columns) {
    const offset = nodes.find((n) => n.role === column.role && pos.get(n.id)?.x === column.x)?.utcOffsetHours ?? 0;
    root.append(svg('text', { class: 'role-name', x: column.x, y: 26 }, `${column.role.toUpperCase()} · ${offsetLabel(offset)}`));
  }

  for (const link of view.links) {
    const a = pos.get(link.between[0]);
    const b = pos.get(link.between[1]);
    if (!a || !b) continue;
    const line = svg('path', { class: `link ${link.mechanism}`, d: edge(a, b) });
    line.append(svg('title', {}, `${link.between[0]} — ${link.between[1]} (${link.mechanism})`));
    root.append(line);
  }

  // Each message's path: travelled part solid, the rest dashed, in its own colour.
  view.messages.forEach((m, i) => {
    const colour = MESSAGE_COLOURS[i % MESSAGE_COLOURS.length];
    for (let k = 1; k < m.path.length; k++) {
      const a = pos.get(m.path[k - 1]);
      const b = pos.get(m.path[k]);
      if (!a || !b || m.path[k - 1] === m.path[k]) continue;
      const travelled = k < m.at || (k === m.at && m.phase !== 'arriving');
      root.append(svg('path', { class: `route${travelled ? ' done' : ''}`, d: edge(a, b), stroke: colour }));
    }
  });

  for (const node of nodes) {
    const p = pos.get(node.id);
    if (!p) continue;
    const state = duty(node);
    const holder = holders.has(node.id);
    const g = svg('g', { class: `node ${state}${holder ? ' holder' : ''}`, transform: `translate(${p.x},${p.y})`, 'data-node': node.id });
    g.append(svg('rect', { width: BOX_W, height: BOX_H, rx: 3 }));
    g.append(svg('text', { class: 'id', x: 5, y: 14 }, node.id));
    g.append(svg('text', { class: 'clock', x: BOX_W - 5, y: 14, 'text-anchor': 'end' }, `${node.localTime.slice(11)} ${DUTY_MARK[state]}`));
    g.append(svg('title', {}, `${node.name}\n${node.localTime} local (${offsetLabel(node.utcOffsetHours)}) · ${DUTY_TEXT[state]}${holder ? '\nHolds an approving authority now' : ''}`));
    root.append(g);
  }

  // Where each message is now: on a link (arriving), at a node (being handled), or delivered.
  const stacked = new Map<string, number>();
  view.messages.forEach((m, i) => {
    const colour = MESSAGE_COLOURS[i % MESSAGE_COLOURS.length];
    const at = Math.min(m.at, m.path.length - 1);
    const here = pos.get(m.path[at]);
    if (!here) return;
    const from = at > 0 ? pos.get(m.path[at - 1]) : undefined;
    let point: { x: number; y: number };
    if (m.phase === 'arriving' && from && m.path[at - 1] !== m.path[at]) point = midpoint(from, here);
    // At a node: on the box's top edge, clear of its name and clock.
    else point = { x: here.x + BOX_W - 10, y: here.y - 2 };
    const key = `${Math.round(point.x)}|${Math.round(point.y)}`;
    const n = stacked.get(key) ?? 0;
    stacked.set(key, n + 1);
    const dot = svg('g', { class: `msg ${m.phase}`, transform: `translate(${point.x - n * 13},${point.y})` });
    dot.append(svg('circle', { r: 6, fill: m.phase === 'transit' ? 'none' : colour, stroke: colour }));
    dot.append(svg('text', { y: 3, 'text-anchor': 'middle', fill: m.phase === 'transit' ? colour : '#0d1720' }, String(i + 1)));
    dot.append(svg('title', {}, `${i + 1}. ${m.actionName}: ${where(m)}`));
    root.append(dot);
  });
  return root;
}

function where(m: MessageView): string {
  const node = m.path[Math.min(m.at, m.path.length - 1)];
  if (m.phase === 'transit') return `delivered to ${node}; the unit is under way`;
  if (m.phase === 'delivering') return `being acted on at ${node}`;
  return m.at === 0 ? `being drafted at ${node}` : `on the link ${m.path[m.at - 1]} → ${node}`;
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

export function renderCommandPanel(el: HTMLElement, view: RoleView, clock: ClockFormat, collapsed: boolean, toggle: () => void, zoneName: (id: string) => string = (id) => id): void {
  el.classList.toggle('collapsed', collapsed);
  const holders = new Set(Object.values(view.authorityHolders));
  const heading = h(
    'h2',
    {},
    h('button', { onclick: toggle, title: 'Show or hide the command panel (C)', 'aria-expanded': String(!collapsed) }, collapsed ? '▲' : '▼'),
    `Command panel — ${view.arrangementPhase}`,
    h(
      'span',
      { class: 'cmd-hint' },
      `${view.messages.length} in transit · ● on duty ◐ night shift ○ off duty (orders wait) · thick border: approves · C hides`,
    ),
  );
  const transit = h('div', { class: 'cmd-transit' });
  if (view.messages.length === 0) transit.append(h('p', { class: 'muted small' }, 'No orders in transit. Orders you give this turn travel when you end the turn (E).'));
  view.messages.forEach((m, i) => {
    const colour = MESSAGE_COLOURS[i % MESSAGE_COLOURS.length];
    transit.append(
      h(
        'div',
        { class: 'transit' },
        h(
          'div',
          {},
          h('span', { class: 'msg-no', style: `background:${colour}` }, String(i + 1)),
          h('b', {}, m.actionName),
          ` ${m.unit ?? ''}${m.zone ? ` → ${zoneName(m.zone)}` : ''} `,
          h('span', { class: 'muted' }, `issued ${clock.utc(m.issuedHour)} · ${where(m)}`),
        ),
        hopChips(m),
        h(
          'div',
          { class: 'small' },
          m.phase === 'transit'
            ? `effect expected ${clock.utc(m.etaHour)} (Tokyo ${clock.local(m.etaHour, 9)}, Hawaii ${clock.local(m.etaHour, -10)})`
            : `expected at ${m.path[m.path.length - 1]} by ${clock.utc(m.etaHour)} (Tokyo ${clock.local(m.etaHour, 9)}, Hawaii ${clock.local(m.etaHour, -10)}) — ${(m.etaHour - m.issuedHour).toFixed(1)} h after issue`,
        ),
      ),
    );
  });
  const recent = view.delivered.filter((m) => m.arrivedHour !== undefined).slice(-4).reverse();
  if (recent.length > 0) {
    transit.append(h('h2', {}, 'Recently arrived'));
    for (const m of recent) {
      transit.append(
        h('div', { class: 'transit' }, h('b', {}, m.actionName), ` took ${((m.arrivedHour ?? 0) - m.issuedHour).toFixed(1)} h via ${m.path.join(' → ')}`, h('div', { class: 'small muted' }, breakdown(m))),
      );
    }
  }
  el.replaceChildren(heading, h('div', { class: 'cmd-columns' }, h('div', { class: 'cmd-graph-wrap' }, graph(view, holders, clock)), transit));
}
