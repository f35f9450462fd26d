/**
 * What is kept of a document's earlier versions (ADR 0039: their analyses in the worker's store,
 * their runs in a session): the newest first, one per text, at most RECENT_VERSIONS of them and,
 * past the newest, no more than RECENT_TEXT_CHARS characters of text together. A version's
 * analysis and result grow with its text (about 2.5 MB of the worker's heap for a version of the
 * 5,000-line scenario, 82 KB of text, its result mostly not shared with the next one's): eight
 * versions of a sample are kept, one of the 5,000-line scenario, one of a 1 MB document. With up
 * to eight of the 5,000-line scenario the LSP bench's memory row read x1.20 where it read x1.06.
 */
export const RECENT_VERSIONS = 8;
export const RECENT_TEXT_CHARS = 100_000;

/** `newest` and then `older` (newest first), each text once, within the limits above */
export function keepRecent<T>(newest: T | undefined, older: readonly T[], textOf: (v: T) => string | undefined): T[] {
  const out: T[] = [];
  const seen = new Set<string | undefined>();
  let chars = 0;
  for (const v of newest === undefined ? older : [newest, ...older]) {
    const text = textOf(v);
    if (text === undefined || seen.has(text)) continue;
    if (out.length >= RECENT_VERSIONS || (out.length > 0 && chars + text.length > RECENT_TEXT_CHARS)) break;
    seen.add(text);
    chars += text.length;
    out.push(v);
  }
  return out;
}

/**
 * A document's next version: the kept one `match` finds (an earlier text again), and what is kept
 * after it: `newest` (the last version), then the others (keepRecent)
 */
export function takeRecent<T>(newest: T | undefined, older: readonly T[], match: (v: T) => boolean, textOf: (v: T) => string | undefined): { found?: T; kept: T[] } {
  const i = older.findIndex(match);
  const kept = keepRecent(newest, i < 0 ? older : older.filter((_, k) => k !== i), textOf);
  return i < 0 ? { kept } : { found: older[i], kept };
}
