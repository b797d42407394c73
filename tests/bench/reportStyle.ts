/** The bench report's stylesheet (inline in the page, so the report is one file that opens from disk). */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6575; --line: #d5dae2; --ours: #2f6fd0; --ref: #a0a8b6; --bad: #c0392b; --good: #1e7f4f; }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--ink); margin: 0; background: #f7f8fa; }
main { max-width: 1220px; margin: 0 auto; padding: 20px; }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { margin: 28px 0 8px; font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta, .summary { color: var(--muted); margin: 4px 0; }
nav a { margin-right: 10px; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr[data-status="FAIL"] .status { color: var(--bad); font-weight: 600; }
tr[data-status="pass"] .status { color: var(--good); }
.worse { color: var(--bad); font-weight: 600; }
.moved, .same { color: var(--muted); }
.errors { color: var(--bad); font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 10px; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); padding: 6px 8px; }
figure.chart[data-state="worse"] { border-color: var(--bad); }
figcaption { font-size: 13px; color: var(--muted); margin-bottom: 2px; max-width: 560px; }
svg text { font: 11px system-ui, sans-serif; fill: var(--ink); }
svg text.axis { fill: var(--muted); }
svg .bar.s0, svg .dot.s0 { fill: var(--ours); }
svg .bar.s1, svg .dot.s1 { fill: var(--ref); }
svg text.s0 { fill: var(--ours); }
svg text.s1 { fill: var(--muted); }
svg .dot.hollow { fill: #fff; stroke: var(--ours); }
svg .trend { fill: none; stroke: var(--ours); stroke-width: 2; }
svg .trend.s1 { stroke: var(--ref); }
svg .trend.worse { stroke: var(--bad); }
svg .target { stroke: var(--bad); stroke-dasharray: 4 3; stroke-width: 1.5; }
details { margin-top: 24px; }
`;
