/**
 * Number formatting for every human-facing text: emulator messages, hovers, the CLI tables,
 * the webviews, the standalone page and the markdown report (one rule, so a size reads the same
 * everywhere).
 */

/** The emulator's base page size (x86-64). */
export const PAGE_SIZE = 4096;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  // three significant figures, truncated rather than rounded: a round figure means an exact one
  // (4 GiB less 256 KiB is "3.99 GiB", not "4 GiB"; 1 GiB less 256 KiB is "1023 MiB", not "1024 MiB")
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  const f = 10 ** digits;
  const s = u === 0 || Number.isInteger(v) ? String(v) : (Math.floor(v * f + 1e-9) / f).toFixed(digits);
  return `${bytes < 0 ? '-' : ''}${s.replace(/\.0+$|(\.\d*[1-9])0+$/, '$1')} ${units[u]}`;
}

export function formatPages(pages: number): string {
  return `${pages.toLocaleString('en-US')} page${pages === 1 ? '' : 's'} (${formatBytes(pages * PAGE_SIZE)})`;
}

export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const p = fraction * 100;
  if (p === 0) return '0%';
  if (p < 0.1) return '<0.1%';
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1).replace(/\.0$/, '')}%`;
}

export function signed(n: number): string {
  return n > 0 ? `+${n.toLocaleString('en-US')}` : n.toLocaleString('en-US');
}
