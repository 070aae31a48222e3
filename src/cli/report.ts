// `kuroshio report <game.json> --out aar.html|aar.md`: the after-action review of one game,
// rebuilt by replaying its file (so every figure is verified), as a self-contained HTML page
// or Markdown: timeline of decisions and events, notes, White Cell acts, escalation chart,
// legal-status timeline, per-order latency by hop, the seed reveal and the metrics.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { commitSeed, verifyGame, type GameFile } from '../engine/gamefile.ts';
import { view } from '../engine/view.ts';
import { formatLocal } from '../engine/clock.ts';
import type { Scenario } from '../engine/scenario/compile.ts';
import type { GameState, MessageView, RoleView } from '../engine/index.ts';
import { readGameFile } from './replay.ts';
import { readScenario } from './scenarios.ts';
import { UsageError } from './errors.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

interface Report {
  title: string;
  outcome: string;
  truth: RoleView;
  file: GameFile;
  scenario: Scenario;
  utc: (hour: number) => string;
  decisions: { step: number; turn: number; role: string; what: string; why: string }[];
  whiteCell: string[];
  commitmentOk: boolean;
}

function build(scenario: Scenario, file: GameFile, state: GameState): Report {
  const truth = view(state, 'truth');
  const utc = (hour: number) => `${formatLocal(scenario.startEpochHours + hour, 0)}Z`;
  let turn = 1;
  const turnAt = new Map(file.turnHashes.map((t) => [t.step, t.turn]));
  const decisions: Report['decisions'] = [];
  file.commands.forEach((entry, i) => {
    const c = entry.command;
    if (c.type === 'order') {
      const action = scenario.actions.get(c.action);
      decisions.push({ step: i + 1, turn, role: c.role, what: `${action?.name ?? c.action}${c.unit ? ` — ${scenario.unitName(c.unit)}` : ''}${c.zone ? ` → ${scenario.zones.get(c.zone)?.name ?? c.zone}` : ''}`, why: entry.reason ?? '' });
    } else if (c.type !== 'submit' && c.type !== 'cancel') {
      decisions.push({ step: i + 1, turn, role: 'White Cell', what: c.type, why: 'reason' in c ? (c.reason ?? '') : '' });
    }
    const ended = turnAt.get(i + 1);
    if (ended !== undefined) turn = ended + 1;
  });
  return {
    title: scenario.data.meta.title,
    outcome: truth.outcome ? `${truth.outcome.name}: ${truth.outcome.text}` : 'unfinished',
    truth,
    file,
    scenario,
    utc,
    decisions,
    whiteCell: truth.log.filter((e) => e.kind === 'whitecell').map((e) => `${utc(e.hour)} — ${e.text}`),
    commitmentOk: commitSeed(file.seed, file.commitment.salt) === file.commitment.hash,
  };
}

function ladderSeries(r: Report): { theatre: string; name: string; points: [number, number][] }[] {
  const end = r.truth.outcome?.hour ?? r.truth.hour;
  return r.truth.ladders.map((l) => {
    const changes = r.truth.log.filter((e) => e.kind === 'ladder' && e.data?.theatre === l.theatre);
    let rung = changes.length ? Number(changes[0].data?.rung) + (changes[0].text.includes('rises') ? -1 : 1) : l.rung;
    const points: [number, number][] = [[0, rung]];
    for (const e of changes) {
      points.push([e.hour, rung]);
      rung = Number(e.data?.rung);
      points.push([e.hour, rung]);
    }
    points.push([end, rung]);
    return { theatre: l.theatre, name: l.name, points };
  });
}

function escalationSvg(r: Report): string {
  const series = ladderSeries(r);
  const top = Math.max(...r.truth.ladders.map((l) => l.rungs.length - 1));
  const end = Math.max(1, r.truth.outcome?.hour ?? r.truth.hour);
  const w = 720;
  const h = 200;
  const x = (hour: number) => 40 + (hour / end) * (w - 60);
  const y = (rung: number) => h - 24 - (rung / top) * (h - 44);
  const colors = ['#d9534f', '#4fb3d9', '#5cb85c', '#6f42c1'];
  let svg = `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Escalation rung over time">`;
  for (let k = 0; k <= top; k++) svg += `<line x1="36" x2="${w - 10}" y1="${y(k)}" y2="${y(k)}" stroke="#eee"/><text x="4" y="${y(k) + 4}">${k}</text>`;
  svg += `<text x="${w / 2}" y="${h - 4}">hours from start</text>`;
  series.forEach((s, i) => {
    svg += `<polyline fill="none" stroke-width="2.5" stroke="${colors[i % 4]}" points="${s.points.map(([hr, k]) => `${x(hr).toFixed(1)},${y(k).toFixed(1)}`).join(' ')}"/>`;
    svg += `<text x="${w - 170}" y="${16 + i * 14}" fill="${colors[i % 4]}">${esc(s.name)}</text>`;
  });
  return svg + '</svg>';
}

function latencyRows(r: Report): MessageView[] {
  return r.truth.delivered.filter((m) => m.arrivedHour !== undefined).sort((a, b) => a.issuedHour - b.issuedHour || (a.id < b.id ? -1 : 1));
}

function hopSummary(m: MessageView): string {
  return m.hops.map((hop) => `${hop.node} (${hop.transmissionHours ? `link ${hop.transmissionHours.toFixed(1)} + ` : ''}wait ${hop.waitHours.toFixed(1)} + work ${hop.processingHours.toFixed(1)})`).join(' → ');
}

function metricsLines(r: Report): [string, string][] {
  const m = r.truth.metrics;
  return [
    ['Outcome', r.outcome],
    ['Allied response time', m.alliedResponseHours === null ? 'no response' : `${m.alliedResponseHours.toFixed(1)} h (landing force detected +${m.triggerDetectedHour?.toFixed(1)} h, first effect on scene +${m.firstAlliedEffectHour?.toFixed(1)} h)`],
    ['Peak rungs', r.truth.ladders.map((l) => `${l.name}: ${l.rungs[l.peak].name} (${l.peak})`).join('; ')],
    ['Allied order delay', `transmission ${m.delayHours.transmission.toFixed(1)} h, waiting for staff ${m.delayHours.staffing.toFixed(1)} h, staff work ${m.delayHours.processing.toFixed(1)} h, authority ${m.delayHours.authority.toFixed(1)} h over ${m.ordersDelivered} orders`],
    ['Objectives', r.truth.objectives.map((o) => `${o.met ? '✔' : '✘'} ${o.role}: ${o.text}`).join('; ')],
  ];
}

function legalTimeline(r: Report): string[] {
  return r.truth.log.filter((e) => e.kind === 'legal').map((e) => `${r.utc(e.hour)} (+${e.hour.toFixed(1)} h): ${e.text}`);
}

function timeline(r: Report): string[] {
  return r.truth.log.filter((e) => e.kind !== 'detection' && e.kind !== 'intel' && e.kind !== 'move').map((e) => `T${e.turn} ${r.utc(e.hour)} [${e.kind}] ${e.text}`);
}

export function renderHtml(r: Report): string {
  const section = (title: string, body: string) => `<h2>${esc(title)}</h2>${body}`;
  const list = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '<p class="muted">None.</p>');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>After-action review — ${esc(r.title)}</title>
<style>body{font-family:system-ui,"DejaVu Sans",sans-serif;max-width:900px;margin:24px auto;padding:0 12px;color:#222;line-height:1.45}h1{font-size:22px}h2{font-size:17px;margin-top:26px}
svg{width:100%;height:auto;font-size:11px}table{border-collapse:collapse;font-size:13px;width:100%}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}th{background:#f4f4f4}.muted{color:#777}li{margin:2px 0}</style></head><body>
<h1>After-action review — ${esc(r.title)}</h1>
<p class="muted">Scenario ${esc(r.file.scenario.id)} · arrangement ${esc(r.file.arrangement)} · sharing ${esc(r.file.sharing)} · ${r.file.commands.length} commands · every hash verified by replay.</p>
${section('Metrics', `<table>${metricsLines(r).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`)}
${section('Escalation per theatre', escalationSvg(r))}
${section('Legal-status timeline', list(legalTimeline(r)))}
${section('Decisions and notes', `<table><tr><th>step</th><th>turn</th><th>who</th><th>decision</th><th>reason / note</th></tr>${r.decisions.map((d) => `<tr><td>${d.step}</td><td>${d.turn}</td><td>${esc(d.role)}</td><td>${esc(d.what)}</td><td>${esc(d.why)}</td></tr>`).join('')}</table>`)}
${section('White Cell acts', list(r.whiteCell))}
${section('Per-order latency (where each order waited, by hop)', `<table><tr><th>order</th><th>issued</th><th>took</th><th>route: link + wait + work per node (hours)</th></tr>${latencyRows(r).map((m) => `<tr><td>${esc(m.role)}: ${esc(m.actionName)}</td><td>${esc(r.utc(m.issuedHour))}</td><td>${((m.arrivedHour ?? 0) - m.issuedHour).toFixed(1)} h</td><td>${esc(hopSummary(m))}</td></tr>`).join('')}</table>`)}
${section('Timeline of events', list(timeline(r)))}
${section('Seed reveal', `<p>Seed <code>${esc(r.file.seed)}</code>, salt <code>${esc(r.file.commitment.salt)}</code>: sha256(salt:seed) = <code>${esc(r.file.commitment.hash)}</code> — ${r.commitmentOk ? 'matches the commitment published at the start' : '<b>does NOT match the commitment</b>'}.</p>`)}
</body></html>
`;
}

export function renderMarkdown(r: Report): string {
  const lines: string[] = [`# After-action review — ${r.title}`, '', `Scenario ${r.file.scenario.id} · arrangement ${r.file.arrangement} · sharing ${r.file.sharing} · ${r.file.commands.length} commands · every hash verified by replay.`, '', '## Metrics', ''];
  for (const [k, v] of metricsLines(r)) lines.push(`- **${k}:** ${v}`);
  lines.push('', '## Escalation per theatre', '');
  for (const s of ladderSeries(r)) lines.push(`- ${s.name}: ${s.points.filter((_, i) => i % 2 === 0).map(([h, k]) => `+${h.toFixed(0)} h rung ${k}`).join(' → ')}`);
  lines.push('', '## Legal-status timeline', '', ...(legalTimeline(r).map((l) => `- ${l}`) || []));
  lines.push('', '## Decisions and notes', '', '| step | turn | who | decision | reason / note |', '|---|---|---|---|---|');
  for (const d of r.decisions) lines.push(`| ${d.step} | ${d.turn} | ${d.role} | ${d.what.replace(/\|/g, '/')} | ${d.why.replace(/\|/g, '/')} |`);
  lines.push('', '## White Cell acts', '', ...(r.whiteCell.length ? r.whiteCell.map((w) => `- ${w}`) : ['None.']));
  lines.push('', '## Per-order latency (where each order waited, by hop)', '');
  for (const m of latencyRows(r)) lines.push(`- ${m.role}: ${m.actionName}, issued ${r.utc(m.issuedHour)}, took ${((m.arrivedHour ?? 0) - m.issuedHour).toFixed(1)} h — ${hopSummary(m)}`);
  lines.push('', '## Timeline of events', '', ...timeline(r).map((t) => `- ${t}`));
  lines.push('', '## Seed reveal', '', `Seed \`${r.file.seed}\`, salt \`${r.file.commitment.salt}\`: sha256(salt:seed) = \`${r.file.commitment.hash}\` — ${r.commitmentOk ? 'matches the commitment' : 'does NOT match the commitment'}.`, '');
  return lines.join('\n');
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the after-action review of a game file as self-contained HTML (or Markdown for .md)')
    .argument('<game>', 'game file (JSON)')
    .requiredOption('--out <file>', 'aar.html, or aar.md for Markdown')
    .action((path: string, opts: { out: string }) => {
      const file = readGameFile(path);
      const scenario = readScenario(file.scenario.id);
      const verified = verifyGame(scenario, file);
      if (!verified.ok && verified.problem) {
        process.stderr.write(`step ${verified.problem.step}: ${verified.problem.message}\n`);
        process.exitCode = 2;
        return;
      }
      const report = build(scenario, file, verified.state);
      const text = opts.out.endsWith('.md') ? renderMarkdown(report) : renderHtml(report);
      try {
        writeFileSync(opts.out, text);
      } catch (error) {
        throw new UsageError(`cannot write ${opts.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      process.stdout.write(`wrote ${opts.out}: ${report.decisions.length} decisions, ${latencyRows(report).length} orders with latency records, outcome ${report.truth.outcome?.name ?? 'unfinished'}\n`);
    });
}
