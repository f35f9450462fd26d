/** Plain-text tables for the CLI and the what-if texts of the analysis layer (sizes come from common/format.ts). */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

/**
 * table() fitted into `maxWidth` columns: while too wide, the widest column that may still shrink
 * (not below its `minWidths` entry; columns without one never shrink) loses a character. Cut cells
 * end in `…`; `cut` lists them (row, column) so the caller can print them in full elsewhere.
 */
export function fitTable(rows: string[][], maxWidth: number, minWidths: (number | undefined)[]): { text: string; cut: { row: number; col: number }[] } {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const total = () => widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1);
  while (total() > maxWidth) {
    let best = -1;
    widths.forEach((w, i) => {
      const min = minWidths[i];
      if (min !== undefined && w > min && (best < 0 || w > widths[best])) best = i;
    });
    if (best < 0) break;
    widths[best]--;
  }
  const cut: { row: number; col: number }[] = [];
  const fitted = rows.map((r, ri) =>
    r.map((c, ci) => {
      if (c.length <= widths[ci]) return c;
      cut.push({ row: ri, col: ci });
      return `${c.slice(0, widths[ci] - 1)}…`;
    }),
  );
  return { text: table(fitted), cut };
}
