/**
 * The webviews' CSS, delivered as one <style nonce> (strict CSP: no inline style
 * attributes; widths are set through CSSOM). Colours come from the VS Code theme
 * (var(--vscode-*)); the fallbacks apply in the standalone page.
 */
export const BASE_CSS = `
:root {
  --mm-fg: var(--vscode-foreground, #1f2328);
  --mm-bg: var(--vscode-editor-background, #ffffff);
  --mm-muted: var(--vscode-descriptionForeground, #656d76);
  --mm-border: var(--vscode-panel-border, var(--vscode-widget-border, #d0d7de));
  --mm-focus: var(--vscode-focusBorder, #0969da);
  --mm-link: var(--vscode-textLink-foreground, #0969da);
  --mm-blue: var(--vscode-charts-blue, #3b82f6);
  --mm-green: var(--vscode-charts-green, #22a06b);
  --mm-yellow: var(--vscode-charts-yellow, #d4a72c);
  --mm-orange: var(--vscode-charts-orange, #e8742c);
  --mm-purple: var(--vscode-charts-purple, #8b5cf6);
  --mm-red: var(--vscode-charts-red, #d1242f);
  --mm-lines: var(--vscode-charts-lines, #8c959f);
  --mm-free: var(--vscode-input-background, #f6f8fa);
  --mm-badge-bg: var(--vscode-badge-background, #e7ecf0);
  --mm-badge-fg: var(--vscode-badge-foreground, #1f2328);
  --mm-hover: var(--vscode-list-hoverBackground, rgba(127,127,127,.12));
  --mm-selected: var(--vscode-list-activeSelectionBackground, rgba(9,105,218,.18));
  --mm-selected-fg: var(--vscode-list-activeSelectionForeground, inherit);
  --mm-diff: var(--vscode-diffEditor-insertedLineBackground, rgba(212,167,44,.18));
}
@media (prefers-color-scheme: dark) {
  body.standalone { --mm-fg: #e6edf3; --mm-bg: #0d1117; --mm-muted: #8d96a0; --mm-border: #30363d; --mm-free: #161b22; --mm-badge-bg: #30363d; --mm-badge-fg: #e6edf3; }
}
body { color: var(--mm-fg); background: var(--mm-bg); font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px); margin: 0; padding: 0 16px 24px; line-height: 1.4; }
h1 { font-size: 1.35em; margin: 12px 0 4px; }
h2 { font-size: 1.1em; margin: 0; }
h3 { font-size: 1em; margin: 8px 0 4px; }
h4 { font-size: .9em; margin: 8px 0 2px; color: var(--mm-muted); text-transform: uppercase; letter-spacing: .04em; }
ul, ol { margin: 2px 0; padding-left: 20px; }
code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; background: var(--mm-badge-bg); color: var(--mm-badge-fg); font-size: .85em; margin-left: 6px; white-space: nowrap; }
.verdict-pass { background: var(--mm-green); color: #fff; }
.verdict-fail, .verdict-error { background: var(--mm-red); color: #fff; }
.mm-meta { margin: 0 0 8px; color: var(--mm-muted); }
.mm-meta .badge:first-child { margin-left: 0; }
.mm-designs { margin: 0 0 8px; padding-left: 1.2em; color: var(--mm-muted); font-size: 0.95em; }
.mm-designs li.current { color: inherit; font-weight: 600; }
button.link { background: none; border: 0; padding: 0; color: var(--mm-link); cursor: pointer; font: inherit; text-align: left; }
button.link:hover { text-decoration: underline; }
button:focus-visible, input:focus-visible, .seg:focus-visible { outline: 2px solid var(--mm-focus); outline-offset: 1px; }
.toolbar { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 6px 0 10px; }
.legend { list-style: none; padding: 0; margin: 4px 0 12px; display: flex; flex-wrap: wrap; gap: 4px 14px; color: var(--mm-muted); font-size: .9em; }
.legend li { display: flex; align-items: center; gap: 5px; }
.swatch { display: inline-block; width: 14px; height: 10px; border: 1px solid var(--mm-border); }
.node-private-key { border: 2px dashed var(--mm-purple); }
.node-offline-key { background: repeating-linear-gradient(45deg, var(--mm-lines) 0 2px, transparent 2px 5px); }
.layout { display: grid; grid-template-columns: minmax(320px, 3fr) minmax(260px, 2fr); gap: 20px; }
@media (max-width: 760px) { .layout { grid-template-columns: 1fr; } }
.node { border: 1px solid var(--mm-border); border-radius: 6px; padding: 8px 10px 10px; margin-bottom: 10px; }
.node.state-private { border: 2px dashed var(--mm-purple); }
.node.state-spm { border: 2px dotted var(--mm-purple); }
.node.state-device { border: 3px double var(--mm-purple); }
.node.state-offline { opacity: .75; background: repeating-linear-gradient(45deg, transparent 0 8px, var(--mm-hover) 8px 16px); }
.node.state-offline .bar { filter: grayscale(1); }
.node-head { display: flex; align-items: baseline; flex-wrap: wrap; gap: 4px; margin-bottom: 6px; }
.node-head .kind { font-weight: normal; color: var(--mm-muted); margin-left: 6px; text-transform: uppercase; font-size: .8em; }
.node-head .usage { margin-left: auto; color: var(--mm-muted); font-variant-numeric: tabular-nums; }
.badge.state-private, .badge.state-spm, .badge.state-device { background: var(--mm-purple); color: #fff; }
.badge.inferred, .inferred { font-style: italic; }
.badge.state-offline { background: var(--mm-lines); color: #fff; }
.bar { display: flex; height: 26px; border: 1px solid var(--mm-border); border-radius: 3px; overflow: hidden; background: var(--mm-free); }
.seg { display: block; height: 100%; min-width: 0; border: 0; padding: 0; margin: 0; flex: none; box-sizing: border-box; }
.seg + .seg { border-left: 1px solid var(--mm-bg); }
button.seg { cursor: pointer; }
button.seg:hover { filter: brightness(1.15); outline: 1px solid var(--mm-fg); outline-offset: -1px; }
.seg[data-pages]:not([data-pages="0"]) { min-width: 3px; }
.seg-label { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding: 0 4px; font-size: 11px; line-height: 26px; color: #fff; text-shadow: 0 0 2px #000, 0 0 1px #000; text-align: left; pointer-events: none; }
.cat-free { background: transparent; flex: 1 1 auto; }
.swatch.cat-free { background: var(--mm-free); }
.colour-0 { background: var(--mm-blue); }
.colour-1 { background: var(--mm-green); }
.colour-2 { background: var(--mm-yellow); }
.colour-3 { background: var(--mm-purple); }
.colour-4 { background: color-mix(in srgb, var(--mm-blue) 55%, var(--mm-bg)); }
.colour-5 { background: color-mix(in srgb, var(--mm-green) 55%, var(--mm-bg)); }
.colour-6 { background: color-mix(in srgb, var(--mm-yellow) 55%, var(--mm-fg)); }
.colour-7 { background: color-mix(in srgb, var(--mm-purple) 55%, var(--mm-bg)); }
.seg.cat-kernel, .swatch.cat-kernel { background-image: repeating-linear-gradient(135deg, rgba(0,0,0,.28) 0 3px, transparent 3px 7px); }
.cat-slab { background: var(--mm-orange); }
.cat-system { background: var(--mm-lines); }
.cat-foreign { background: repeating-linear-gradient(45deg, var(--mm-red) 0 3px, var(--mm-lines) 3px 6px); }
.media { margin-top: 8px; }
.media-caption { font-size: .85em; color: var(--mm-muted); margin-bottom: 14px; }
.media-bar { position: relative; height: 12px; border: 1px solid var(--mm-border); border-radius: 3px; background: var(--mm-free); }
.media-fill { height: 100%; background: var(--mm-blue); }
.media-fill.over-low { background: var(--mm-red); }
.wm { position: absolute; top: -4px; bottom: -4px; width: 0; border-left: 2px solid var(--mm-fg); }
.wm-low { border-left-color: var(--mm-red); }
.wm-high { border-left-color: var(--mm-green); border-left-style: dashed; }
.wm-label { position: absolute; top: -15px; left: -10px; font-size: 10px; color: var(--mm-muted); }
.badge.closed { background: var(--mm-red); color: #fff; }
.badge.open { background: var(--mm-green); color: #fff; }
.timeline { border: 1px solid var(--mm-border); border-radius: 6px; padding: 8px 10px; }
.timeline-controls { display: flex; align-items: center; gap: 6px; }
.timeline-controls input[type=range] { flex: 1; }
.timeline-controls button, .toolbar button { background: var(--vscode-button-secondaryBackground, var(--mm-badge-bg)); color: var(--vscode-button-secondaryForeground, var(--mm-fg)); border: 1px solid var(--mm-border); border-radius: 3px; padding: 1px 8px; cursor: pointer; font: inherit; }
.step-label { font-variant-numeric: tabular-nums; color: var(--mm-muted); margin: 4px 0; min-height: 1.4em; }
.steps { max-height: 260px; overflow: auto; font-size: .92em; border-top: 1px solid var(--mm-border); margin-top: 8px; padding-top: 4px; }
.steps li.current { background: var(--mm-selected); color: var(--mm-selected-fg); }
.steps li.outcome-error button, .steps li.outcome-oom button, .steps li.outcome-killed button { color: var(--mm-red); }
.outcome-error.badge, .outcome-oom.badge, .outcome-killed.badge { background: var(--mm-red); color: #fff; }
.outcome-ok.badge { background: var(--mm-green); color: #fff; }
.explain li, .events li { overflow-wrap: anywhere; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: .92em; }
.event-summary { margin: 2px 0; color: var(--mm-muted); font-size: .9em; }
details.more summary { cursor: pointer; color: var(--mm-link); margin: 2px 0 2px 20px; }
.expectations { margin-top: 12px; }
.expectations ul { list-style: none; padding-left: 0; }
.expect.failed button, .expect.failed { color: var(--mm-red); }
.expect.passed button, .expect.passed { color: var(--mm-green); }
.expect.skipped button, .expect.skipped { color: var(--mm-muted); }
.expect.not-binding button, .expect.not-binding { color: var(--mm-muted); font-style: italic; }
.error-banner { border: 1px solid var(--mm-red); padding: 6px 10px; border-radius: 4px; margin: 8px 0; }
.empty { color: var(--mm-muted); }
/* comparison */
table.compare { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.compare th, table.compare td { border: 1px solid var(--mm-border); padding: 3px 8px; text-align: left; vertical-align: top; }
table.compare thead th { white-space: nowrap; position: sticky; top: 0; background: var(--mm-bg); z-index: 1; }
table.compare tbody tr:hover { background: var(--mm-hover); }
table.compare tr.differs { background: var(--mm-diff); }
table.compare tr.differs th .diff-mark { color: var(--mm-orange); font-weight: bold; }
table.compare tr.groups th.group { text-align: center; font-weight: bold; border-bottom: 2px solid var(--mm-border); }
.compare-view.compact table.compare td.glyph { text-align: center; padding: 3px 4px; min-width: 1.4em; }
.compare-view.compact table.compare thead th[data-design] { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; padding: 6px 2px; }
table.compare th.row-head { font-weight: normal; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
table.compare tr.kind-expect th.row-head { font-style: italic; }
td.cell-error, td.cell-oom, td.cell-leak, td.cell-fail { color: var(--mm-red); font-weight: 600; }
td.cell-pass, td.cell-ok { color: var(--mm-green); }
td.cell-skipped, td.cell-not-run { color: var(--mm-muted); }
td.cell-not-binding-pass, td.cell-not-binding-fail { color: var(--mm-muted); font-style: italic; }
td.cell-odd { box-shadow: inset 0 0 0 2px var(--mm-orange); }
/* sweep */
.sweep-chart { margin: 12px 0; }
.sweep-chart figcaption { font-weight: 600; margin-bottom: 4px; }
.sweep-chart svg { max-width: 100%; height: auto; color: var(--mm-fg, currentColor); }
.sweep-chart .flip-marker { color: var(--mm-orange); }
ul.sweep-legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; }
ul.sweep-legend .swatch { display: inline-block; width: 14px; height: 4px; vertical-align: middle; }
table.sweep-table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.sweep-table th, table.sweep-table td { border: 1px solid var(--mm-border); padding: 2px 6px; text-align: left; white-space: nowrap; }
table.sweep-table tr.flips th { box-shadow: inset 3px 0 0 var(--mm-orange); }
table.sweep-table td.sweep-pass { color: var(--mm-green); }
table.sweep-table td.sweep-fail, table.sweep-table td.sweep-error { color: var(--mm-red); font-weight: 600; }
table.sweep-table td.sweep-invalid, table.sweep-table td.sweep-not { color: var(--mm-muted); }
`;
