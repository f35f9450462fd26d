import * as assert from 'assert';
import { IncrementalRun } from '../../server/src/run/incremental';
import { chainLimit, ComposedShift, mapOffset, MAX_CHAIN, movableExceptLists, movedFrom, movedNow, movedResult, ShiftParams, sourcesBehind } from '../../server/src/run/movedResult';
import { ResultDecoder, ResultEncoder } from '../../server/src/lsp/resultDelta';
import { RunResult } from '../../server/src/mm/result';
import { prng } from '../../server/src/mm/machine';
import { largeScenario } from '../../bench/scenarios';
import { runText } from './editSequences';

/**
 * A result moved by an edit that changed no statement, made when read (ADR 0036): the session
 * decides at once whether the previous result can be moved, and moves its parts when they are
 * read; a result moved from one moved before keeps the first one's source and the edits since.
 */

/** a blank typed at the end of a line chosen by `r` (the line of a statement: no statement changes) */
function blankAtLineEnd(text: string, r: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(r() * (lines.length - 1));
  lines[i] += ' ';
  return lines.join('\n');
}

/** an edit at `p` as TextShift leaves it: [p, q) replaced by a few characters, p and q placed (or not) by its walk */
function randomShift(r: () => number, p: number): ShiftParams {
  const q = p + Math.floor(r() * 4);
  const delta = Math.floor(r() * 5) - (q - p);
  const s: ShiftParams = { p, q, delta };
  if (r() < 0.6) s.atP = p === q && r() < 0.5 ? p + delta : p;
  if (r() < 0.6) s.atQ = q + delta;
  return s;
}

const isLazy = (r: RunResult, key: keyof RunResult): boolean => Object.getOwnPropertyDescriptor(r, key)?.get !== undefined;

/** the runs of these tests restart chains after SHORT edits (the product's MAX_CHAIN is long: a run per edit past it would be slow) */
const SHORT = 32;

describe('a result moved by an edit, made when read (run/movedResult.ts)', () => {
  beforeEach(() => (chainLimit.max = SHORT));
  afterEach(() => (chainLimit.max = MAX_CHAIN));

  it(`blanks typed one after another past a chain's limit (each result moved from the one before): every result a run's`, () => {
    const r = prng(0x5eed);
    let text = largeScenario(150);
    const inc = new IncrementalRun({ atEditOnly: true });
    runText(inc, text);
    for (let k = 0; k < 2 * SHORT + 3; k++) {
      text = blankAtLineEnd(text, r);
      const got = runText(inc, text);
      assert.strictEqual(inc.last?.from, 'shifted', `edit ${k}`);
      assert.strictEqual(JSON.stringify(got), JSON.stringify(runText(undefined, text)), `edit ${k}`);
      // a new chain lets the old one's source go: no result holds a line of earlier ones alive
      assert.ok(sourcesBehind(got) <= 1, `edit ${k}: ${sourcesBehind(got)} results behind it`);
    }
  });

  it('the same edits with no result read between them: the last one, moved over all of them at once, is a run\'s', () => {
    const r = prng(0xb1a5);
    let text = largeScenario(150);
    const inc = new IncrementalRun({ atEditOnly: true });
    runText(inc, text);
    let last: RunResult | undefined;
    for (let k = 0; k < SHORT + 5; k++) {
      text = blankAtLineEnd(text, r);
      last = runText(inc, text);
      assert.strictEqual(inc.last?.from, 'shifted', `edit ${k}`);
    }
    // not read yet: the parts but the diagnostics are still to be made
    assert.ok(isLazy(last!, 'mappings') && isLazy(last!, 'expectations') && !isLazy(last!, 'diagnostics'));
    assert.strictEqual(JSON.stringify(last), JSON.stringify(runText(undefined, text)));
  });

  it('decides as moving each edit in turn would: random edits near the spans, chained, against movedNow one at a time', () => {
    const r = prng(0xc4a1);
    const source = runText(undefined, largeScenario(60));
    const ends: number[] = [];
    const walk = (x: unknown): void => {
      if (typeof x !== 'object' || x === null) return;
      const o = x as Record<string, unknown>;
      if (typeof o.start === 'number' && typeof o.end === 'number') ends.push(o.start, o.end as number);
      for (const k in o) walk(o[k]);
    };
    walk(source);
    const shift = (): ShiftParams => randomShift(r, Math.max(0, ends[Math.floor(r() * ends.length)] + Math.floor(r() * 5) - 2));
    let refused = 0;
    let moved = 0;
    for (let k = 0; k < 300; k++) {
      let lazy: RunResult | undefined = source;
      let eager: RunResult | undefined = source;
      for (let i = 0; i < 1 + Math.floor(r() * 4) && lazy && eager; i++) {
        const s = shift();
        lazy = movedResult(lazy, s);
        try {
          eager = movedNow(eager, s, eager.executed);
        } catch {
          eager = undefined;
        }
        assert.strictEqual(lazy === undefined, eager === undefined, `chain ${k}, edit ${i}: ${JSON.stringify(s)}`);
        if (lazy && eager) assert.strictEqual(JSON.stringify(lazy), JSON.stringify(eager), `chain ${k}, edit ${i}`);
      }
      if (lazy) moved++;
      else refused++;
    }
    // both answers came often: the comparison is not vacuous
    assert.ok(refused > 30 && moved > 30, `${refused} refused, ${moved} moved`);
  });

  it('maps an offset through a chain of edits as mapOffset through each in turn (random chains, every offset of a range)', () => {
    const r = prng(0x0ff5);
    const shift = (): ShiftParams => randomShift(r, Math.floor(r() * 60));
    let placed = 0;
    let lost = 0;
    for (let k = 0; k < 400; k++) {
      const chain = Array.from({ length: 1 + Math.floor(r() * 64) }, shift);
      const composed = new ComposedShift(chain);
      for (let a = -2; a < 90; a++) {
        let want: number | undefined = a;
        for (const s of chain) if (want !== undefined) want = mapOffset(s, want);
        assert.strictEqual(composed.map(a), want, `offset ${a} through ${JSON.stringify(chain)}`);
        if (want === undefined) lost++;
        else placed++;
      }
    }
    assert.ok(lost > 1000 && placed > 1000, `${lost} without a place, ${placed} placed`);
  });

  it('a map extended edit by edit is the map of the whole chain, and the map it was extended from stays as it was', () => {
    const r = prng(0xf011);
    for (let k = 0; k < 200; k++) {
      const chain = Array.from({ length: 1 + Math.floor(r() * 40) }, () => randomShift(r, Math.floor(r() * 60)));
      let map = new ComposedShift([chain[0]]);
      const maps = [map];
      for (const s of chain.slice(1)) maps.push((map = map.followedBy(s)));
      for (let a = -2; a < 90; a++) {
        assert.strictEqual(map.map(a), new ComposedShift(chain).map(a), `offset ${a}`);
        // every map made on the way still maps as the chain up to it (mapOffset edit by edit)
        let want: number | undefined = a;
        for (const [i, m] of maps.entries()) {
          if (want !== undefined) want = mapOffset(chain[i], want);
          assert.strictEqual(m.map(a), want, `offset ${a}, map ${i} after extending it`);
        }
      }
    }
  });

  it(`a chain as long as the product's (${MAX_CHAIN} edits) and past it: every result as moving each edit in turn, one source behind it`, () => {
    chainLimit.max = MAX_CHAIN;
    const r = prng(0x10c4);
    const source = runText(undefined, largeScenario(40));
    const endpoints = (x: unknown, out = new Set<number>()): Set<number> => {
      if (typeof x !== 'object' || x === null) return out;
      const o = x as Record<string, unknown>;
      if (typeof o.start === 'number' && typeof o.end === 'number') out.add(o.start).add(o.end);
      for (const k in o) endpoints(o[k], out);
      return out;
    };
    let lazy: RunResult | undefined = source;
    let eager = source;
    let read = 0;
    let length = largeScenario(40).length;
    // a blank typed anywhere but at an endpoint of a span (which it would leave without a place)
    for (let k = 0; k < MAX_CHAIN + 40; k++) {
      const taken = endpoints(eager);
      let p = Math.floor(r() * length);
      while (taken.has(p)) p++;
      const s: ShiftParams = { p, q: p, delta: 1 };
      length++;
      lazy = movedResult(lazy!, s);
      eager = movedNow(eager, s, eager.executed);
      assert.ok(lazy, `edit ${k}`);
      assert.ok(sourcesBehind(lazy) <= 1, `edit ${k}: ${sourcesBehind(lazy)} behind`);
      if (k % 97 === 0 || k === MAX_CHAIN - 1 || k === MAX_CHAIN) {
        assert.strictEqual(JSON.stringify(lazy), JSON.stringify(eager), `edit ${k}`);
        read++;
      }
    }
    assert.strictEqual(JSON.stringify(lazy), JSON.stringify(eager));
    assert.notStrictEqual(JSON.stringify(eager), JSON.stringify(source), 'the edits moved positions');
    assert.ok(read > 10);
  });

  it('is refused when a position has no place in the new text (the reuse is then a run)', () => {
    const text = 'node 0 dram 4G cpus 0-3\ntask t {\n  a = mmap(4M)\n  touch(a)\n}\n';
    const result = runText(undefined, text);
    const span = result.mappings[0].span;
    // an edit that removed the text the mapping's statement starts in
    assert.strictEqual(movedResult(result, { p: span.start - 1, q: span.start + 2, delta: -3 }), undefined);
    assert.notStrictEqual(movedResult(result, { p: span.end + 50, q: span.end + 50, delta: 1 }), undefined);
  });

  it('a splice\'s answer asked before its run (movableExceptLists) stands for the same edit only: another edit is decided again', () => {
    const text = 'node 0 dram 4G cpus 0-3\ntask t {\n  a = mmap(4M)\n  touch(a)\n  expect pages(a, 0) == 100%\n}\n';
    const result = runText(undefined, text);
    const span = result.mappings[0].span;
    const lists = { expectations: [], diagnostics: [] };
    const inside: ShiftParams = { p: span.start - 1, q: span.start + 2, delta: -3 };
    const after: ShiftParams = { p: span.end + 50, q: span.end + 50, delta: 1 };
    assert.strictEqual(movableExceptLists(result, inside), false);
    assert.notStrictEqual(movedResult(result, after, result.executed, lists), undefined, 'another edit, movable');
    assert.strictEqual(movableExceptLists(result, after), true);
    assert.strictEqual(movedResult(result, inside, result.executed, lists), undefined, 'another edit, not movable');
    // the same edit: the answer asked before (as a splice asks it), the same as deciding again
    assert.strictEqual(movableExceptLists(result, inside), false);
    assert.strictEqual(movedResult(result, inside, result.executed, lists), undefined);
  });

  it('is posted as the edit of the result it was moved from, read by the encoder not at all, and rebuilt as the result moved', () => {
    const text = largeScenario(200);
    const base = runText(undefined, text);
    const enc = new ResultEncoder(16, 0);
    const dec = new ResultDecoder();
    dec.decode(structuredClone(enc.encode('k', text, base)));
    const at = text.indexOf('\n', text.length >> 1);
    const edited = `${text.slice(0, at)}  ${text.slice(at)}`;
    const moved = movedResult(base, { p: at, q: at, delta: 2 })!;
    assert.ok(moved && isLazy(moved, 'mappings'));
    const packed = enc.encode('k', edited, moved);
    assert.deepStrictEqual(packed.moved, { p: at, q: at, delta: 2 });
    assert.ok(isLazy(moved, 'mappings') && isLazy(moved, 'expectations') && isLazy(moved, 'nodes'), 'the encoder read none of the moved parts');
    assert.ok(JSON.stringify(packed).length < 500, 'the message holds the edit, not the result');
    const got = dec.decode(structuredClone(packed));
    assert.strictEqual(JSON.stringify(got), JSON.stringify(moved));
    assert.strictEqual(JSON.stringify(got), JSON.stringify(runText(undefined, edited)));
  });

  it('is posted as splices when the encoder\'s base is not the result it was moved from (a copy, or another one)', () => {
    const text = largeScenario(200);
    const base = runText(undefined, text);
    const copy = structuredClone(base);
    const at = text.indexOf('\n', text.length >> 1);
    const moved = movedResult(base, { p: at, q: at, delta: 1 })!;
    assert.deepStrictEqual(movedFrom(moved, base), { p: at, q: at, delta: 1 });
    assert.strictEqual(movedFrom(moved, copy), undefined);
    const enc = new ResultEncoder(16, 0);
    const dec = new ResultDecoder();
    dec.decode(structuredClone(enc.encode('k', text, copy)));
    const edited = `${text.slice(0, at)} ${text.slice(at)}`;
    const packed = enc.encode('k', edited, moved);
    assert.strictEqual(packed.moved, undefined);
    assert.ok(packed.splices && Object.keys(packed.splices).length > 0);
    assert.strictEqual(JSON.stringify(dec.decode(structuredClone(packed))), JSON.stringify(runText(undefined, edited)));
  });
});
