// The after-action review of one game as a self-contained HTML page or Markdown: metrics,
// escalation chart per theatre, legal-status timeline, decisions, team notes, White Cell acts,
// per-order latency by hop, the event timeline and the seed reveal. Pure (no Node, no DOM),
// so the CLI (`kuroshio report`) and the browser client (export button) write the same file.
import { commitSeed, type GameFile } from '../engine/gamefile.ts';
import { view } from '../engine/view.ts';
import { formatLocal } from '../engine/clock.ts';
import type { Scenario } from '../engine/scenario/compile.ts';
import type { Command, GameState, MessageView, RoleView, WhiteCellCommand } from '../engine/index.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export interface AarDecision {
  step: number;
  turn: number;
  role: string;
  what: string;
  why: string;
}

export interface AarNote {
  step: number;
  turn: number;
  role: string;
  note: string;
}

export interface AarWhiteCellAct {
  step: number;
  turn: number;
  /** Game time of the act (the start of the turn it was made in). */
  when: string;
  act: string;
  detail: string;
}

export interface AarReport {
  title: string;
  outcome: string;
  truth: RoleView;
  file: GameFile;
  scenario: Scenario;
  /** How the figures were checked, e.g. "every hash verified by replay". */
  verification: string;
  utc: (hour: number) => string;
  decisions: AarDecision[];
  notes: AarNote[];
  whiteCell: AarWhiteCellAct[];
  commitmentOk: boolean;
}

/** The turn each step (1-based command index) was given in, from the file's turn ends. */
export function turnOfStep(file: GameFile): (step: number) => number {
  const ends = file.turnHashes.map((t) => t.step).sort((a, b) => a - b);
  return (step) => 1 + ends.filter((end) => end < step).length;
}

/** A submit command's team note (the rationale a team attaches when it ends its turn). */
export function noteOf(command: Command): string | undefined {
  if (command.type !== 'submit') return undefined;
  const note = command.note;
  return typeof note === 'string' && note.trim() !== '' ? note.trim() : undefined;
}

/** A role's name as the scenario gives it ("Government of Japan"); other actors as they are. */
export function teamName(scenario: Scenario, role: string): string {
  return scenario.roles.get(role)?.name ?? role;
}

/** Every team note in a game file, with the role and turn. */
export function teamNotes(file: GameFile): AarNote[] {
  const turnOf = turnOfStep(file);
  const notes: AarNote[] = [];
  file.commands.forEach((entry, i) => {
    const note = noteOf(entry.command);
    if (note !== undefined) notes.push({ step: i + 1, turn: turnOf(i + 1), role: entry.command.role, note });
  });
  return notes;
}

function describeWhiteCell(scenario: Scenario, c: WhiteCellCommand): { act: string; detail: string } {
  const effects = (list: readonly unknown[] | undefined) => (list && list.length ? ` Effects: ${list.map((e) => describeEffect(scenario, e as Record<string, unknown>)).join('; ')}.` : '');
  switch (c.type) {
    case 'pause':
      return { act: 'Pause', detail: 'The exercise is paused: teams cannot act.' };
    case 'resume':
      return { act: 'Resume', detail: 'The exercise resumes.' };
    case 'inject': {
      if (c.event !== undefined) {
        const def = scenario.data.injects.find((e) => e.id === c.event) ?? scenario.data.events.find((e) => e.id === c.event);
        return { act: `Inject "${c.event}"`, detail: `${def?.text ?? c.event}${effects(def?.effects)}` };
      }
      return { act: 'Free-form inject', detail: `${c.text ?? ''}${effects(c.effects)}` };
    }
    case 'override': {
      const parts: string[] = [];
      if (c.rung) {
        const theatre = scenario.data.theatres.find((t) => t.id === c.rung?.theatre);
        parts.push(`${theatre?.name ?? c.rung.theatre} ladder set to "${theatre?.ladder.rungs.find((r) => r.id === c.rung?.rung)?.name ?? c.rung.rung}"`);
      }
      if (c.legal) parts.push(`Japan's legal status set to ${scenario.data.legal.statuses.find((s) => s.id === c.legal)?.name ?? c.legal}`);
      return { act: 'Override', detail: `${parts.join('; ')}${parts.length ? '.' : ''}${effects(c.effects)} Reason: ${c.reason}` };
    }
    case 'adjust': {
      const dist = c.processingHours as unknown as Record<string, unknown>;
      const spec = dist.fixed !== undefined ? `${dist.fixed} h` : dist.uniform ? `uniform ${(dist.uniform as number[]).join('–')} h` : `triangular ${(dist.triangular as number[]).join(' / ')} h`;
      return { act: 'Adjust', detail: `${scenario.nodes.get(c.node)?.name ?? c.node} processing time ${spec} from the next turn. Reason: ${c.reason}` };
    }
  }
}

function describeEffect(scenario: Scenario, e: Record<string, unknown>): string {
  const num = (x: unknown) => (typeof x === 'number' && x > 0 ? `+${x}` : String(x));
  switch (e.type) {
    case 'pressure':
      return `${scenario.data.theatres.find((t) => t.id === e.theatre)?.name ?? String(e.theatre)} pressure ${num(e.delta)}`;
    case 'cohesion':
      return `${String(e.role)} cohesion ${num(e.delta)}`;
    case 'posture':
      return `${e.role ? String(e.role) : 'all'} headquarters to ${String(e.level)} posture`;
    case 'table':
      return `draw on table "${String(e.table)}"`;
    case 'notify':
      return `notice: ${String(e.text)}`;
    default:
      return String(e.type);
  }
}

/** Builds the review from a game file and the state its replay reached. */
export function buildAar(scenario: Scenario, file: GameFile, state: GameState, verification = 'every hash verified by replay'): AarReport {
  const truth = view(state, 'truth');
  const utc = (hour: number) => `${formatLocal(scenario.startEpochHours + hour, 0)}Z`;
  const turnOf = turnOfStep(file);
  const hourOfTurn = (turn: number) => (turn - 1) * scenario.data.clock.hoursPerTurn;
  const decisions: AarDecision[] = [];
  const whiteCell: AarWhiteCellAct[] = [];
  file.commands.forEach((entry, i) => {
    const c = entry.command;
    const step = i + 1;
    const turn = turnOf(step);
    if (c.type === 'order') {
      const action = scenario.actions.get(c.action);
      decisions.push({ step, turn, role: c.role, what: `${action?.name ?? c.action}${c.unit ? ` — ${scenario.unitName(c.unit)}` : ''}${c.zone ? ` → ${scenario.zones.get(c.zone)?.name ?? c.zone}` : ''}`, why: entry.reason ?? '' });
    } else if (c.type === 'cancel') {
      decisions.push({ step, turn, role: c.role, what: `withdraws order ${c.order}`, why: entry.reason ?? '' });
    } else if (c.type !== 'submit') {
      const { act, detail } = describeWhiteCell(scenario, c);
      whiteCell.push({ step, turn, when: utc(hourOfTurn(turn)), act, detail });
      decisions.push({ step, turn, role: 'White Cell', what: act, why: detail });
    }
  });
  return {
    title: scenario.data.meta.title,
    outcome: truth.outcome ? `${truth.outcome.name}: ${truth.outcome.text}` : `unfinished (turn ${truth.turn} of ${truth.maxTurns})`,
    truth,
    file,
    scenario,
    verification,
    utc,
    decisions,
    notes: teamNotes(file),
    whiteCell,
    commitmentOk: commitSeed(file.seed, file.commitment.salt) === file.commitment.hash,
  };
}

interface LadderSeries {
  theatre: string;
  name: string;
  rungs: string[];
  /** [hour, rung index] corners of the step line. */
  points: [number, number][];
}

function ladderSeries(r: AarReport): LadderSeries[] {
  const end = r.truth.outcome?.hour ?? r.truth.hour;
  return r.scenario.data.theatres.map((t) => {
    const ladder = r.truth.ladders.find((l) => l.theatre === t.id);
    let rung = Math.max(0, t.ladder.rungs.findIndex((x) => x.id === t.ladder.initial));
    const points: [number, number][] = [[0, rung]];
    for (const e of r.truth.log) {
      if (e.kind !== 'ladder' || e.data?.theatre !== t.id) continue;
      points.push([e.hour, rung]);
      rung = Number(e.data?.rung);
      points.push([e.hour, rung]);
    }
    points.push([Math.max(end, points[points.length - 1][0]), ladder?.rung ?? rung]);
    return { theatre: t.id, name: t.name, rungs: t.ladder.rungs.map((x) => x.name), points };
  });
}

const LADDER_COLOURS = ['#d9534f', '#2f7fb5', '#3c9a4b', '#6f42c1'];

/** One step chart per theatre: the rung over game hours, rung names on the axis. */
function escalationSvg(r: AarReport, s: LadderSeries, index: number): string {
  const end = Math.max(1, r.truth.outcome?.hour ?? r.truth.hour, ...s.points.map((p) => p[0]));
  const top = s.rungs.length - 1;
  const w = 760;
  const rowH = 16;
  const h = top * rowH + 46;
  const left = 190;
  const x = (hour: number) => left + (hour / end) * (w - left - 16);
  const y = (rung: number) => h - 26 - rung * rowH;
  const colour = LADDER_COLOURS[index % LADDER_COLOURS.length];
  let svg = `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(s.name)}: escalation rung over time"><text x="4" y="12" font-weight="bold" fill="${colour}">${esc(s.name)}</text>`;
  s.rungs.forEach((name, k) => {
    svg += `<line x1="${left - 4}" x2="${w - 10}" y1="${y(k)}" y2="${y(k)}" stroke="#eee"/><text x="${left - 8}" y="${y(k) + 4}" text-anchor="end">${k} ${esc(name.length > 28 ? `${name.slice(0, 27)}…` : name)}</text>`;
  });
  // About ten ticks whatever the length: every 6, 12, 24 or 48 hours.
  const tick = [6, 12, 24, 48].find((t) => end / t <= 10) ?? 96;
  for (let hour = 0; hour <= end; hour += tick) svg += `<text x="${x(hour).toFixed(1)}" y="${h - 8}" text-anchor="middle">+${hour} h</text>`;
  svg += `<polyline fill="none" stroke-width="2.5" stroke="${colour}" points="${s.points.map(([hr, k]) => `${x(hr).toFixed(1)},${y(k).toFixed(1)}`).join(' ')}"/>`;
  return svg + '</svg>';
}

export function latencyRows(r: AarReport): MessageView[] {
  return r.truth.delivered.filter((m) => m.arrivedHour !== undefined).sort((a, b) => a.issuedHour - b.issuedHour || (a.id < b.id ? -1 : 1));
}

function hopSummary(r: AarReport, m: MessageView): string {
  return m.hops
    .map((hop) => `${r.scenario.nodes.get(hop.node)?.name ?? hop.node} [${hop.reason}] (${hop.transmissionHours ? `link ${hop.transmissionHours.toFixed(1)} + ` : ''}wait ${hop.waitHours.toFixed(1)} + work ${hop.processingHours.toFixed(1)}${hop.nightShift ? ', night shift' : ''})`)
    .join(' → ');
}

function metricsLines(r: AarReport): [string, string][] {
  const m = r.truth.metrics;
  return [
    ['Outcome', r.outcome],
    ['Allied response time', m.alliedResponseHours === null ? 'no response' : `${m.alliedResponseHours.toFixed(1)} h (landing force detected +${m.triggerDetectedHour?.toFixed(1)} h, first effect on scene +${m.firstAlliedEffectHour?.toFixed(1)} h)`],
    ['Peak rungs', r.truth.ladders.map((l) => `${l.name}: ${l.rungs[l.peak].name} (${l.peak})`).join('; ')],
    ['Allied order delay', `transmission ${m.delayHours.transmission.toFixed(1)} h, waiting for staff ${m.delayHours.staffing.toFixed(1)} h, staff work ${m.delayHours.processing.toFixed(1)} h, authority ${m.delayHours.authority.toFixed(1)} h over ${m.ordersDelivered} orders`],
    ['Objectives', r.truth.objectives.map((o) => `${o.met ? '✔' : '✘'} ${o.role}: ${o.text}`).join('; ') || 'none'],
  ];
}

function legalTimeline(r: AarReport): string[] {
  const initial = r.scenario.data.legal.statuses.find((s) => s.id === r.scenario.data.legal.initial);
  return [`${r.utc(0)} (start): ${initial?.name ?? r.scenario.data.legal.initial}`, ...r.truth.log.filter((e) => e.kind === 'legal').map((e) => `${r.utc(e.hour)} (+${e.hour.toFixed(1)} h): ${e.text}`)];
}

function timeline(r: AarReport): string[] {
  // In game-time order (the log is in the order events were worked out; the sort is stable).
  return r.truth.log
    .filter((e) => e.kind !== 'detection' && e.kind !== 'intel' && e.kind !== 'move')
    .slice()
    .sort((a, b) => a.hour - b.hour)
    .map((e) => `T${e.turn} ${r.utc(e.hour)} [${e.kind}] ${e.text}`);
}

function header(r: AarReport): string {
  return `Scenario ${r.file.scenario.id} · arrangement ${r.file.arrangement} · sharing ${r.file.sharing} · ${r.file.commands.length} commands · ${r.verification}.`;
}

function parentLine(r: AarReport): string | null {
  const p = r.file.parent;
  return p ? `Branched at step ${p.step} from the game with seed commitment ${p.commitment.slice(0, 16)}… (parent chain hash at that step ${p.chain.slice(0, 16)}…, parent final hash ${p.finalHash.slice(0, 16)}…).` : null;
}

function seedLine(r: AarReport, code: (s: string) => string): string {
  return `Seed ${code(r.file.seed)}, salt ${code(r.file.commitment.salt)}: sha256(salt:seed) = ${code(r.file.commitment.hash)} — ${r.commitmentOk ? 'matches the commitment published at the start' : 'does NOT match the commitment published at the start'}.`;
}

export function renderAarHtml(r: AarReport): string {
  const section = (title: string, body: string) => `<h2>${esc(title)}</h2>${body}`;
  const list = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '<p class="muted">None.</p>');
  const table = (head: string[], rows: string[][]) => (rows.length ? `<table><tr>${head.map((x) => `<th>${esc(x)}</th>`).join('')}</tr>${rows.map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table>` : '<p class="muted">None.</p>');
  const parent = parentLine(r);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>After-action review — ${esc(r.title)}</title>
<style>body{font-family:system-ui,"DejaVu Sans",sans-serif;max-width:960px;margin:24px auto;padding:0 12px;color:#222;line-height:1.45}h1{font-size:22px}h2{font-size:17px;margin-top:26px}
svg{width:100%;height:auto;font-size:11px;margin-bottom:8px}table{border-collapse:collapse;font-size:13px;width:100%}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}th{background:#f4f4f4}.muted{color:#777}li{margin:2px 0}code{word-break:break-all}</style></head><body>
<h1>After-action review — ${esc(r.title)}</h1>
<p class="muted">${esc(header(r))}</p>${parent ? `\n<p class="muted" id="parent">${esc(parent)}</p>` : ''}
${section('Metrics', `<table>${metricsLines(r).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`)}
${section('Escalation per theatre', ladderSeries(r).map((s, i) => escalationSvg(r, s, i)).join('\n'))}
${section('Legal-status timeline', list(legalTimeline(r)))}
${section('Decisions and notes', table(['step', 'turn', 'who', 'decision', 'reason / note'], r.decisions.map((d) => [String(d.step), String(d.turn), teamName(r.scenario, d.role), d.what, d.why])))}
${section('Team notes', table(['turn', 'team', 'note'], r.notes.map((n) => [String(n.turn), teamName(r.scenario, n.role), n.note])))}
${section('White Cell acts', table(['step', 'turn', 'game time', 'act', 'what and why'], r.whiteCell.map((w) => [String(w.step), String(w.turn), w.when, w.act, w.detail])))}
${section('Per-order latency (where each order waited, by hop)', table(['order', 'issued', 'took', 'route: link + wait + work per node (hours)'], latencyRows(r).map((m) => [`${m.role}: ${m.actionName}`, r.utc(m.issuedHour), `${((m.arrivedHour ?? 0) - m.issuedHour).toFixed(1)}\u00a0h`, hopSummary(r, m)])))}
${section('Timeline of events', list(timeline(r)))}
${section('Seed reveal', `<p>${seedLine(r, (s) => `<code>${esc(s)}</code>`).replace('does NOT', '<b>does NOT</b>')}</p>`)}
</body></html>
`;
}

export function renderAarMarkdown(r: AarReport): string {
  const cell = (s: string) => s.replace(/\|/g, '/').replace(/\n/g, ' ');
  const parent = parentLine(r);
  const lines: string[] = [`# After-action review — ${r.title}`, '', header(r), ...(parent ? ['', parent] : []), '', '## Metrics', ''];
  for (const [k, v] of metricsLines(r)) lines.push(`- **${k}:** ${v}`);
  lines.push('', '## Escalation per theatre', '');
  for (const s of ladderSeries(r)) lines.push(`- ${s.name}: ${s.points.filter((_, i) => i % 2 === 0).map(([h, k]) => `+${h.toFixed(0)} h ${s.rungs[k] ?? k} (${k})`).join(' → ')}`);
  lines.push('', '## Legal-status timeline', '', ...legalTimeline(r).map((l) => `- ${l}`));
  lines.push('', '## Decisions and notes', '', '| step | turn | who | decision | reason / note |', '|---|---|---|---|---|');
  for (const d of r.decisions) lines.push(`| ${d.step} | ${d.turn} | ${cell(teamName(r.scenario, d.role))} | ${cell(d.what)} | ${cell(d.why)} |`);
  lines.push('', '## Team notes', '', ...(r.notes.length ? r.notes.map((n) => `- Turn ${n.turn}, ${teamName(r.scenario, n.role)}: ${n.note}`) : ['None.']));
  lines.push('', '## White Cell acts', '', ...(r.whiteCell.length ? r.whiteCell.map((w) => `- Step ${w.step}, turn ${w.turn} (${w.when}) — ${w.act}: ${w.detail}`) : ['None.']));
  lines.push('', '## Per-order latency (where each order waited, by hop)', '');
  for (const m of latencyRows(r)) lines.push(`- ${m.role}: ${m.actionName}, issued ${r.utc(m.issuedHour)}, took ${((m.arrivedHour ?? 0) - m.issuedHour).toFixed(1)} h — ${hopSummary(r, m)}`);
  lines.push('', '## Timeline of events', '', ...timeline(r).map((t) => `- ${t}`));
  lines.push('', '## Seed reveal', '', seedLine(r, (s) => `\`${s}\``), '');
  return lines.join('\n');
}

/** A download name such as `kuroshio-aar-senkaku-gray-zone-upgraded-seed.html`. */
export function aarFileName(file: GameFile, extension: 'html' | 'md'): string {
  return `kuroshio-aar-${file.scenario.id}-${file.arrangement}-${file.seed}.${extension}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
