/**
 * A fixed workload that does not change with the product: how fast this machine runs JavaScript of
 * the emulator's kind today, so that a bench figure which moved can be told from the machine which
 * moved (the bench's VM ran the same commits 2-4 times slower from one day to the next: the kernel's
 * fault rate fell from about 800,000 to 260,000-380,000 pages/s, the 10,000-line warm analysis rose
 * from 29-54 ms to 150-230 ms, the same commit measured twice).
 *
 * Two parts, timed apart because the slowdowns seen differ between them:
 *  - compute: integer arithmetic and typed-array reads in a loop, nothing allocated;
 *  - allocation: what an analysis does most (small objects of a few shapes linked and dropped, Maps
 *    keyed by strings, strings built from numbers, arrays grown by push), short-lived and not.
 *
 * The workload is frozen: change it only with CALIBRATION_VERSION, whose figures are then compared
 * only with figures of the same version.
 */
export const CALIBRATION_VERSION = 1;
/** what version 1 computes (test/unit/calibration.test.ts holds the workload to it) */
export const CALIBRATION_CHECKSUM = 1964556132;

export interface Calibration {
  version: number;
  /** medians over the rounds after the first two (the JIT warm), ms */
  computeMs: number;
  allocationMs: number;
  /** what the workload computed: the same on every machine (a check that it ran whole) */
  checksum: number;
}

function compute(): number {
  const a = new Int32Array(1 << 16);
  for (let i = 0; i < a.length; i++) a[i] = (i * 2654435761) | 0;
  let h = 0;
  for (let round = 0; round < 400; round++) {
    for (let i = 0; i < a.length; i++) h = (h * 31 + (a[i] ^ round)) | 0;
  }
  return h;
}

interface Run {
  start: number;
  end: number;
  owner: string;
  next: Run | undefined;
}

function allocation(): number {
  let check = 0;
  const kept: Run[] = [];
  for (let round = 0; round < 20; round++) {
    const byOwner = new Map<string, Run>();
    let head: Run | undefined;
    for (let i = 0; i < 20_000; i++) {
      const owner = `task${i % 97}:${round & 3}`;
      const r: Run = { start: i * 512, end: i * 512 + (i % 7) + 1, owner, next: head };
      head = r;
      const prev = byOwner.get(owner);
      if (prev === undefined || prev.end - prev.start < r.end - r.start) byOwner.set(owner, r);
      const span = { start: r.start, end: r.end };
      check = (check + span.end - span.start) | 0;
      if (i % 500 === 0) kept.push(r);
    }
    const parts: string[] = [];
    for (const [k, v] of byOwner) parts.push(`${k}=${v.end - v.start}`);
    check = (check + parts.join(',').length) | 0;
    if (kept.length > 800) kept.splice(0, 400);
  }
  return check + kept.length;
}

export function calibrate(rounds = 7): Calibration {
  const c: number[] = [];
  const a: number[] = [];
  let checksum = 0;
  for (let i = 0; i < rounds; i++) {
    let t0 = performance.now();
    checksum = compute();
    c.push(performance.now() - t0);
    t0 = performance.now();
    checksum = (checksum + allocation()) | 0;
    a.push(performance.now() - t0);
  }
  const median = (xs: number[]) => {
    const s = xs.slice(2).sort((x, y) => x - y);
    return s[s.length >> 1];
  };
  return { version: CALIBRATION_VERSION, computeMs: median(c), allocationMs: median(a), checksum };
}
