// report.html for `kuroshio compare`: one self-contained file (inline CSS and SVG, no script,
// no network) with charts of response times, outcomes, peak rungs and where the delay went,
// and a plain-language reading of the differences with their intervals.
import type { GroupSummary, Row } from './compare-core.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
const COLORS: Record<string, string> = { legacy: '#d9534f', upgraded: '#4fb3d9', jtf: '#f0ad4e', combined: '#5cb85c' };
const color = (arrangement: string) => COLORS[arrangement] ?? '#999';
const label = (g: GroupSummary) => `${g.arrangement}${g.sharing !== 'hub' ? ` · ${g.sharing}` : ''}${g.variant !== 'base' ? ` · ${g.variant.replace(/^node\./, '')}` : ''}`;

function responseChart(groups: GroupSummary[], rows: Row[]): string {
  const width = 760;
  const rowH = 34;
  const height = 40 + groups.length * rowH;
  const all = rows.map((r) => r.alliedResponseHours).filter((v) => v !== '').map(Number);
  const max = Math.max(1, ...all);
  const x = (h: number) => 200 + (h / max) * (width - 230);
  let svg = `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Allied response time by arrangement">`;
  for (let t = 0; t <= max; t += Math.max(1, Math.ceil(max / 8))) svg += `<line x1="${x(t)}" x2="${x(t)}" y1="20" y2="${height - 14}" stroke="#ddd"/><text x="${x(t)}" y="${height - 2}" text-anchor="middle">${t} h</text>`;
  groups.forEach((g, i) => {
    const y = 30 + i * rowH;
    const values = rows.filter((r) => r.variant === g.variant && r.sharing === g.sharing && r.arrangement === g.arrangement && r.alliedResponseHours !== '').map((r) => Number(r.alliedResponseHours));
    svg += `<text x="4" y="${y + 12}">${esc(label(g))} (n=${values.length})</text>`;
    for (const v of values) svg += `<circle cx="${x(v).toFixed(1)}" cy="${(y + 4 + ((v * 7919) % 16)).toFixed(1)}" r="1.6" fill="${color(g.arrangement)}" opacity="0.35"/>`;
    const r = g.alliedResponseHours;
    if (r.p10 !== null && r.p90 !== null && r.median !== null) {
      svg += `<line x1="${x(r.p10)}" x2="${x(r.p90)}" y1="${y + 12}" y2="${y + 12}" stroke="#333" stroke-width="2"/>`;
      svg += `<rect x="${x(r.median) - 2}" y="${y + 2}" width="4" height="20" fill="#111"/>`;
      if (r.medianCi95) svg += `<rect x="${x(r.medianCi95[0])}" y="${y + 6}" width="${Math.max(1, x(r.medianCi95[1]) - x(r.medianCi95[0]))}" height="12" fill="${color(g.arrangement)}" opacity="0.5"/>`;
    }
  });
  return svg + '</svg>';
}

function stackedBars(groups: GroupSummary[], parts: (g: GroupSummary) => [string, number][], palette: Record<string, string>, unit: string, ariaLabel: string): string {
  const width = 760;
  const rowH = 26;
  const keys = [...new Set(groups.flatMap((g) => parts(g).map(([k]) => k)))];
  const height = 50 + groups.length * rowH;
  const totals = groups.map((g) => parts(g).reduce((s, [, v]) => s + v, 0));
  const max = Math.max(...totals, 1e-9);
  let svg = `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(ariaLabel)}">`;
  groups.forEach((g, i) => {
    const y = 10 + i * rowH;
    svg += `<text x="4" y="${y + 14}">${esc(label(g))}</text>`;
    let x = 200;
    for (const [k, v] of parts(g)) {
      const w = (v / max) * (width - 300);
      svg += `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(0, w).toFixed(1)}" height="18" fill="${palette[k] ?? '#aaa'}"><title>${esc(k)}: ${v.toFixed(2)}${unit}</title></rect>`;
      x += w;
    }
    svg += `<text x="${x + 4}" y="${y + 14}">${totals[i].toFixed(unit === '' ? 2 : 1)}${unit}</text>`;
  });
  keys.forEach((k, i) => {
    svg += `<rect x="${200 + i * 140}" y="${height - 22}" width="12" height="12" fill="${palette[k] ?? '#aaa'}"/><text x="${216 + i * 140}" y="${height - 12}">${esc(k)}</text>`;
  });
  return svg + '</svg>';
}

function reading(groups: GroupSummary[]): string {
  const lines: string[] = [];
  const base = groups.filter((g) => g.variant === 'base' || !groups.some((x) => x.variant === 'base'));
  for (const sharing of new Set(base.map((g) => g.sharing))) {
    const here = base.filter((g) => g.sharing === sharing);
    const legacy = here.find((g) => g.arrangement === 'legacy');
    for (const g of here) {
      const r = g.alliedResponseHours;
      if (r.median === null) {
        lines.push(`<li>Under <b>${esc(g.arrangement)}</b> (${esc(sharing)} sharing) the alliance never acted on scene after detecting the landing force in these games.</li>`);
        continue;
      }
      const ci = r.medianCi95 ? ` (95% interval of the median ${r.medianCi95[0]}–${r.medianCi95[1]} h)` : '';
      let compare = '';
      if (legacy && g !== legacy && legacy.alliedResponseHours.median !== null) {
        const diff = legacy.alliedResponseHours.median - r.median;
        const overlap = r.medianCi95 && legacy.alliedResponseHours.medianCi95 && r.medianCi95[1] >= legacy.alliedResponseHours.medianCi95[0] && legacy.alliedResponseHours.medianCi95[1] >= r.medianCi95[0];
        compare = ` — ${Math.abs(diff).toFixed(1)} h ${diff >= 0 ? 'faster' : 'slower'} than legacy${overlap ? '; the intervals overlap, so the difference is not clear at this sample size' : ', a clear difference at this sample size'}`;
      }
      const worst = Object.entries(g.outcomeRates).sort((a, b) => b[1] - a[1])[0];
      lines.push(
        `<li>Under <b>${esc(g.arrangement)}</b> (${esc(sharing)} sharing) the median allied response is <b>${r.median} h</b>${ci}${compare}. Most common outcome: ${esc(worst?.[0] ?? '—')} (${Math.round((worst?.[1] ?? 0) * 100)}%). Per delivered order, ${g.delayPerOrderHours.staffing.toFixed(1)} h waiting for staff and ${g.delayPerOrderHours.authority.toFixed(1)} h at the approving authority.</li>`,
      );
    }
  }
  return `<ul>${lines.join('')}</ul>`;
}

export function renderCompareReport(meta: { scenario: string; title: string; seeds: string; bots: string; games: number }, groups: GroupSummary[], rows: Row[]): string {
  const outcomeKeys = [...new Set(groups.flatMap((g) => Object.keys(g.outcomeRates)))].sort();
  // Outcomes the scenario marks as wins for nobody read red, the rest in distinct hues.
  const noWinner = new Set(rows.filter((r) => r.winners === '').map((r) => r.outcome));
  const hues = ['#5cb85c', '#f0ad4e', '#17a2b8', '#6f42c1', '#999'];
  let hue = 0;
  const outcomePalette = Object.fromEntries(outcomeKeys.map((k) => [k, noWinner.has(k) ? (k.includes('catastrophe') ? '#8b0000' : '#d9534f') : hues[hue++ % hues.length]]));
  const theatres = [...new Set(groups.flatMap((g) => Object.keys(g.peakRung)))];
  const rungPalette = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`rung ${i}`, `hsl(${40 - i * 6}, 80%, ${75 - i * 6}%)`]));
  const delayPalette = { transmission: '#4fb3d9', 'waiting for staff': '#d9534f', 'staff work': '#f0ad4e', authority: '#6f42c1' };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kuroshio compare — ${esc(meta.scenario)}</title>
<style>
body{font-family:system-ui,"Segoe UI","DejaVu Sans",sans-serif;max-width:820px;margin:24px auto;color:#222;line-height:1.45;padding:0 12px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}svg{width:100%;height:auto;font-size:11px}svg text{fill:#333}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
.note{color:#666;font-size:13px}
</style></head><body>
<h1>${esc(meta.title)}: command arrangements compared</h1>
<p class="note">Scenario <code>${esc(meta.scenario)}</code> · seeds ${esc(meta.seeds)} · ${esc(meta.bots)} bots · ${meta.games} games. Every game is reproducible: <code>kuroshio run --scenario ${esc(meta.scenario)} --seed &lt;seed&gt; --arrangement &lt;id&gt; --bots ${esc(meta.bots)}</code>.</p>
<h2>Reading</h2>
${reading(groups)}
<h2>Allied response time</h2>
<p class="note">From the first allied detection of the landing force near the islands to the first allied force acting on scene. Dots: games; bar: 10th–90th percentile; black mark: median; coloured band: 95% bootstrap interval of the median.</p>
${responseChart(groups, rows)}
<table><tr><th>arrangement</th><th>games</th><th>with a response</th><th>median h</th><th>p10</th><th>p90</th><th>mean</th></tr>
${groups.map((g) => `<tr><td>${esc(label(g))}</td><td>${g.games}</td><td>${g.alliedResponseHours.n}</td><td>${g.alliedResponseHours.median ?? '—'}</td><td>${g.alliedResponseHours.p10 ?? '—'}</td><td>${g.alliedResponseHours.p90 ?? '—'}</td><td>${g.alliedResponseHours.mean ?? '—'}</td></tr>`).join('\n')}
</table>
<h2>Outcomes</h2>
${stackedBars(groups, (g) => outcomeKeys.map((k) => [k, g.outcomeRates[k] ?? 0]), outcomePalette, '', 'Outcome rates by arrangement')}
${theatres.map((t) => `<h2>Peak escalation rung — ${esc(t)}</h2>${stackedBars(groups, (g) => Object.entries(g.peakRung[t] ?? {}).sort((a, b) => Number(a[0]) - Number(b[0])).map(([k, v]) => [`rung ${k}`, v]), rungPalette, '', `Peak rung distribution, ${t}`)}`).join('\n')}
<h2>Where the delay goes</h2>
<p class="note">Mean hours per delivered allied order: transmission on links, waiting for staff to come on duty, staff work, and time at the approving authority (when it is not the origin).</p>
${stackedBars(groups, (g) => [['transmission', g.delayPerOrderHours.transmission], ['waiting for staff', g.delayPerOrderHours.staffing], ['staff work', g.delayPerOrderHours.processing], ['authority', g.delayPerOrderHours.authority]], delayPalette, ' h', 'Delay per order by hop type')}
<h2>Legal determinations</h2>
<table><tr><th>arrangement</th>${[...new Set(groups.flatMap((g) => Object.keys(g.legalDeterminations)))].map((s) => `<th>${esc(s)}: rate · median h</th>`).join('')}</tr>
${groups.map((g) => `<tr><td>${esc(label(g))}</td>${Object.values(g.legalDeterminations).map((l) => `<td>${Math.round(l.rate * 100)}% · ${l.medianHour ?? '—'}</td>`).join('')}</tr>`).join('\n')}
</table>
</body></html>
`;
}
