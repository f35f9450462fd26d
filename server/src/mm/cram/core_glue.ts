/**
 * The core-side halves of CRAM's optional extensions (core_ext.ts), written against the core's
 * data structures so that the core only has to call them: the "loosened read-only" future CRAM
 * (cram.writable_fraction, SEED:003) needs per-page write protection, which lives in the core's
 * extents (Extent.wp).
 */
import { countValue } from '../extents';
import type { Mm } from '../machine';
import { serviceApi } from '../services';
import type { CramServiceExt } from './core_ext';

/**
 * remove_migration_pte() on a PROTECT_WRITE node strips the write bit; with a writable fraction
 * the service leaves some arriving pages writable. Called by the migration path BEFORE the pages'
 * media is stored: how many of the `pages` arriving on `nid` keep a writable mapping (0 = all
 * write-protected, the v4 behaviour).
 */
export function writableOnArrival(mm: Mm, nid: number, pages: number): number {
  const svc = mm.node(nid)?.service as CramServiceExt | undefined;
  if (!svc?.writableOnArrival || pages <= 0) return 0;
  return Math.max(0, Math.min(pages, svc.writableOnArrival(serviceApi(mm), nid, pages)));
}

/**
 * Back-pressure revokes writable mappings (the future-work text's "revoke writable mappings"):
 * every page on `nid` becomes write-protected again; later writes fault into handle_fault.
 * Returns the number of pages on `nid` that were writable.
 */
export function writeProtectNode(mm: Mm, nid: number): number {
  let revoked = 0;
  for (const t of mm.tasks.values()) {
    for (const m of t.mappings.values()) {
      let touched = false;
      for (const e of m.set.extents) {
        if (e.wp || !e.cycle.includes(nid)) continue;
        revoked += countValue(e, nid);
        e.wp = true;
        touched = true;
      }
      if (touched) m.set.coalesce();
    }
  }
  return revoked;
}
