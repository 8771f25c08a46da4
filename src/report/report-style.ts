/**
 * The report's style sheet: a light page that turns dark with the system's
 * colour scheme, cards for the totals, one figure per chart with its table
 * fallback, and a print layout (white paper, figures not split across
 * pages, the interactive legends' hover values hidden).
 *
 * @module
 */

/** The report's CSS (uPlot's own style sheet is inlined before it). */
export const REPORT_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --panel: #ffffff; --ink: #1d2330; --ink-soft: #5b6475; --line: #dfe3ea;
  --grid: rgba(29, 35, 48, 0.08); --accent: #2f6fb2; --bad: #c2413a; --warn: #b7791f; --info: #4b6c9e;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 14px; line-height: 1.45;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171d; --panel: #1c2028; --ink: #e6e9ef; --ink-soft: #9aa3b2; --line: #2d333f;
    --grid: rgba(230, 233, 239, 0.09); --accent: #6ea8e6; --bad: #f07167; --warn: #e0a84a; --info: #8fb0dd;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); }
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 40px; }
header.page { margin-bottom: 20px; }
h1 { font-size: 24px; margin: 0 0 6px; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 16px; margin: 0 0 2px; font-weight: 620; }
.meta { color: var(--ink-soft); margin: 2px 0; }
.meta code { font-size: 12.5px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 18px 0 22px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card .label { color: var(--ink-soft); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.card .value { font-size: 21px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
.card .sub { color: var(--ink-soft); font-size: 12px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; }
section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px 12px; margin-bottom: 16px; min-width: 0; }
.caption { color: var(--ink-soft); margin: 0 0 10px; font-size: 12.5px; }
.chart { width: 100%; min-height: 120px; }
.empty { color: var(--ink-soft); font-style: italic; margin: 8px 0; }
details { margin-top: 8px; }
summary { cursor: pointer; color: var(--accent); font-size: 12.5px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin-top: 6px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--ink-soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.path { word-break: break-all; }
td.nowrap { white-space: nowrap; }
tr.recorded td { font-weight: 600; }
.sev { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 11.5px; font-weight: 600; color: #fff; }
.sev-error { background: var(--bad); } .sev-warning { background: var(--warn); } .sev-info { background: var(--info); }
.note { color: var(--ink-soft); font-size: 12px; }
footer { color: var(--ink-soft); font-size: 12px; margin-top: 24px; }
.uplot { font-family: inherit; }
.uplot .u-legend { font-size: 12px; color: var(--ink); }
.uplot .u-legend .u-marker { border-radius: 2px; }
@media print {
  :root { --bg: #fff; --panel: #fff; --ink: #000; --ink-soft: #444; --line: #ccc; --grid: rgba(0,0,0,0.1); }
  main { max-width: none; padding: 0; }
  section.panel { break-inside: avoid; border-color: #bbb; }
  .grid2 { grid-template-columns: 1fr 1fr; }
  .uplot .u-legend .u-value { display: none; }
  summary { display: none; }
  .table-wrap { overflow: visible; }
  table { font-size: 10.5px; }
  th, td { padding: 3px 5px; }
  td code { word-break: break-all; }
}
`;
