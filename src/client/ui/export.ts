// After-action review export from the browser: the same self-contained file as
// `kuroshio report`, built by src/report/aar.ts from the live game (checked by replay first).
import { verifyGame } from '../../engine/gamefile.ts';
import { aarFileName, buildAar, renderAarHtml, renderAarMarkdown } from '../../report/aar.ts';
import type { Session } from '../session.ts';
import { h } from './dom.ts';

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Download the after-action review of the game so far (HTML, or Markdown). Returns the file name. */
export function exportAar(session: Session, format: 'html' | 'md' = 'html'): string {
  const file = session.file;
  const report = verifyGame(session.scenario, file);
  const verification = report.ok ? 'every hash verified by replay in the browser' : `the game file does NOT verify (step ${report.problem?.step}: ${report.problem?.message})`;
  const aar = buildAar(session.scenario, file, report.ok ? report.state : session.state, verification);
  const name = aarFileName(file, format);
  download(name, format === 'md' ? renderAarMarkdown(aar) : renderAarHtml(aar), format === 'md' ? 'text/markdown' : 'text/html');
  return name;
}
