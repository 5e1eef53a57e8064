import type { EntryDetail } from '@core/contract/entries';
import { figureLabel, figureValue } from '@core/jobs/figure-labels';
import { chartSnapshot } from '../components/charts/chart-snapshots';
import { formatDateTime, formatDuration, formatFigure } from './format';

/**
 * A history entry as one self-contained HTML file a colleague can open without the app: what was run (configuration,
 * seed, app and library versions, timings), the headline figures, and the result as the app shows it, with every
 * chart inlined as SVG. No scripts, no external resources; its own CSP says so.
 */
export interface ReportInput {
  entry: EntryDetail;
  /** Versions of the app and of the libraries that computed or drew it (name -> version). */
  versions: Record<string, string>;
  /** The result section as HTML (see snapshotResult), or null when the entry has none to show. */
  resultHtml: string | null;
  generatedAt: Date;
}

/** Arrays longer than this are abbreviated in the report's configuration; the JSON export keeps them whole. */
const REPORT_ARRAY_LIMIT = 20;

export function buildHtmlReport({ entry, versions, resultHtml, generatedAt }: ReportInput): string {
  const facts: [string, string][] = [
    ['Kind', entry.jobKind ? `${entry.kind} (${entry.jobKind})` : entry.kind],
    ['Status', entry.status],
    ['Seed', entry.seed === null ? '—' : String(entry.seed)],
    ['Entry id', entry.id],
    ['Created', formatDateTime(entry.createdAt)],
    ['Finished', formatDateTime(entry.finishedAt)],
    ['Duration', formatDuration(entry.durationMs)],
    ['Tags', entry.tags.join(', ') || '—'],
  ];
  const headline = Object.entries(entry.headline);
  const config = JSON.stringify(abbreviateArrays(entry.config), null, 2) ?? 'null';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Plasticity Lab ${escapeHtml(versions['plasticity-lab'] ?? entry.appVersion)}">
<title>${escapeHtml(entry.name)} — Plasticity Lab report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<p class="muted">Plasticity Lab report · generated ${escapeHtml(formatDateTime(generatedAt.toISOString()))}</p>
<h1>${escapeHtml(entry.name)}</h1>
${entry.notes ? `<p class="notes">${escapeHtml(entry.notes)}</p>` : ''}
</header>
<section>
<h2>Run</h2>
<table class="facts"><tbody>
${facts.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</tbody></table>
${entry.error ? `<p class="error">${escapeHtml(entry.error)}</p>` : ''}
</section>
${dataSection(entry)}
${headline.length ? `<section>
<h2>Headline figures</h2>
<table class="facts"><tbody>
${headline.map(([k, v]) => `<tr><th scope="row">${escapeHtml(figureLabel(k, entry.jobKind ?? entry.kind))}</th><td class="num">${escapeHtml(formatFigure(figureValue(k, v, entry.jobKind ?? entry.kind)))}</td></tr>`).join('\n')}
</tbody></table>
</section>` : ''}
${resultHtml ? `<section class="result">\n${resultHtml}\n</section>` : ''}
<section>
<h2>Configuration</h2>
<pre>${escapeHtml(config)}</pre>
</section>
<section>
<h2>Software</h2>
<table class="facts"><tbody>
<tr><th scope="row">Plasticity Lab (recorded with the entry)</th><td>${escapeHtml(entry.appVersion)}</td></tr>
${Object.entries(versions).filter(([, v]) => v).map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</tbody></table>
<p class="muted">Re-run with the same configuration and seed to reproduce these numbers (History → Re-run, or
<code>npx plasticity-lab history rerun ${escapeHtml(entry.id)}</code>).</p>
</section>
</body>
</html>
`;
}

/**
 * The result section as static HTML: a copy of what is on screen with each chart replaced by its SVG and every
 * control (export buttons, selects, inputs, anything marked data-report-omit) removed.
 */
export function snapshotResult(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  const liveCharts = Array.from(root.querySelectorAll('.chart'));
  const copiedCharts = Array.from(copy.querySelectorAll('.chart'));
  liveCharts.forEach((live, i) => {
    const target = copiedCharts[i];
    let svg: string | null = null;
    try {
      svg = chartSnapshot(live);
    } catch {
      svg = null;
    }
    const figure = document.createElement('div');
    figure.className = 'chart-svg';
    if (svg) figure.innerHTML = svg;
    else figure.textContent = '(this chart was not drawn when the report was made)';
    const label = live.getAttribute('aria-label');
    if (label) figure.setAttribute('aria-label', label);
    target.replaceWith(figure);
  });
  // Controls mean nothing on paper; a component marks whole control blocks (a label with its select) data-report-omit.
  copy.querySelectorAll('[data-report-omit], button, select, input, textarea, .export').forEach((el) => el.remove());
  return copy.innerHTML;
}

/** The data sets behind the entry by name, file and SHA-256 (the configuration refers to them by id only). */
function dataSection(entry: EntryDetail): string {
  const inputs = entry.inputs ?? [];
  if (!inputs.length) return '';
  const rows = inputs.map((d) => `<tr><td>${escapeHtml(d.name)}${d.inTrash ? ' (in the trash)' : ''}</td><td>${escapeHtml(d.sourceFileName)}</td>`
    + `<td class="mono">${escapeHtml(d.sha256)}</td><td>${escapeHtml(d.role)}</td><td class="mono">${escapeHtml(d.datasetId)}</td></tr>`);
  return `<section>
<h2>Data</h2>
<table class="data"><thead><tr><th scope="col">Data set</th><th scope="col">File</th><th scope="col">SHA-256 of the file</th><th scope="col">Used as</th><th scope="col">Data set id</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</section>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The configuration with long arrays cut to their first values and a count (a 'values' source can hold millions). */
export function abbreviateArrays(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return abbreviateArrays(Array.from(value as unknown as ArrayLike<number>));
  if (Array.isArray(value)) {
    if (value.length <= REPORT_ARRAY_LIMIT) return value.map(abbreviateArrays);
    return [...value.slice(0, REPORT_ARRAY_LIMIT).map(abbreviateArrays), `… ${value.length - REPORT_ARRAY_LIMIT} more (${value.length} in all)`];
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, abbreviateArrays(v)]));
  }
  return value;
}

const REPORT_CSS = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2733; background: #fff; max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 0.5rem; border-bottom: 1px solid #d8dee6; padding-bottom: 0.2rem; }
h3 { font-size: 1rem; }
.muted { color: #5b6775; font-size: 0.85rem; }
.notes { white-space: pre-wrap; }
.error { color: #a4262c; }
table { border-collapse: collapse; margin: 0.3rem 0; }
th, td { text-align: left; padding: 0.2rem 1rem 0.2rem 0; vertical-align: top; border-bottom: 1px solid #eef1f4; }
.facts th { color: #5b6775; font-weight: 400; }
.num, td { font-variant-numeric: tabular-nums; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.8rem; overflow-wrap: anywhere; }
.data th { color: #5b6775; font-weight: 400; }
pre { background: #f4f6f8; padding: 0.8rem; border-radius: 4px; overflow-x: auto; font-size: 0.8rem; }
.result .card { border: none; padding: 0; box-shadow: none; background: none; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem 1.5rem; }
.figure-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.5rem; }
.figure-grid dt { color: #5b6775; font-size: 0.78rem; }
.figure-grid dd { margin: 0; font-variant-numeric: tabular-nums; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-weight: 600; font-size: 0.9rem; margin-bottom: 0.2rem; }
.chart-svg svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; } .charts { grid-template-columns: 1fr 1fr; } }
`;
