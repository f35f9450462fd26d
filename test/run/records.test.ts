/**
 * Step records stay cheap: stats are per-step deltas, unchanged snapshots are shared,
 * snapshots list a bounded number of owners (exact totals), and a runaway loop keeps a
 * bounded number of records. Structure only, no timings.
 */
import * as assert from 'assert';
import { OTHER_OWNER, OWNERS_PER_SNAPSHOT } from '../../server/src/run/report';
import { NodeSnapshot, OwnerPages, RunResult, StepRecord } from '../../server/src/mm/result';
import { runText } from '../mm/helpers';

/** Σ of every record's stats, per counter, without zeros */
function summedStats(steps: StepRecord[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const s of steps) for (const [k, v] of Object.entries(s.stats)) sum[k] = (sum[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(sum).filter(([, v]) => v !== 0));
}

const nonZero = (stats: Record<string, number>) => Object.fromEntries(Object.entries(stats).filter(([, v]) => v !== 0));

/** the fold a snapshot should hold given every owner: the largest (ties by name), sorted by owner, then `other` */
function fold(all: OwnerPages[]): { owner: string; pages: number }[] {
  const plain = all.map((o) => ({ owner: o.owner, pages: o.pages }));
  if (plain.length <= OWNERS_PER_SNAPSHOT + 1) return plain;
  const kept = [...plain].sort((a, b) => b.pages - a.pages || (a.owner < b.owner ? -1 : 1)).slice(0, OWNERS_PER_SNAPSHOT);
  const keptPages = kept.reduce((a, o) => a + o.pages, 0);
  const total = plain.reduce((a, o) => a + o.pages, 0);
  return [...kept.sort((a, b) => (a.owner < b.owner ? -1 : 1)), { owner: OTHER_OWNER, pages: total - keptPages }];
}

function lastSnapshot(run: RunResult, node: number): NodeSnapshot {
  const s = run.steps[run.steps.length - 1].nodes.find((n) => n.id === node);
  assert.ok(s, `a snapshot of node ${node}`);
  return s!;
}

describe('step records: deltas, sharing, bounded owners and records', () => {
  it('step stats are the increments of the step: keys sorted, {} when nothing changed, and they add up to the run totals', () => {
    const text = `
node 0 dram 1G cpus 0
node 1 dram 1G cpus 1
task t cpu 0 {
  a = mmap(64M)
  touch(a)
  b = mmap(4M)
  mbind(b, MPOL_BIND, 1)
  touch(b)
  mbind(a, MPOL_BIND, 1, MPOL_MF_MOVE)
  munmap(b)
}`;
    const r = runText(text, 'stock');
    assert.deepStrictEqual(r.run.diagnostics.filter((d) => d.severity === 'error'), []);
    const steps = r.run.steps;
    assert.strictEqual(steps.length, 7);
    const mmapB = steps.find((s) => text.slice(s.span.start, s.span.end).startsWith('b = mmap'))!;
    assert.deepStrictEqual(mmapB.stats, {}, 'an mmap changes no counter');
    const touchA = steps[1];
    assert.strictEqual(touchA.stats.pgfault, 16384 / 1, 'the first touch faults 16384 pages in');
    for (const s of steps) assert.deepStrictEqual(Object.keys(s.stats), Object.keys(s.stats).sort(), 'keys sorted');
    for (const s of steps) assert.ok(Object.values(s.stats).every((v) => v !== 0), 'only changed counters');
    assert.deepStrictEqual(summedStats(steps), nonZero(r.run.stats), 'Σ of the deltas = the totals');
  });

  it('a step that changes no node shares the previous step\'s snapshot array; an untouched node keeps its snapshot object', () => {
    const text = `
node 0 dram 1G cpus 0
node 1 dram 1G cpus 1
task t cpu 0 {
  a = mmap(4M)
  touch(a)
  b = mmap(4M)
  c = mmap(4M)
  mbind(c, MPOL_BIND, 1)
  touch(c)
}`;
    const steps = runText(text, 'stock').run.steps;
    assert.strictEqual(steps.length, 6);
    assert.notStrictEqual(steps[1].nodes, steps[0].nodes, 'touch(a) changed node 0');
    assert.strictEqual(steps[2].nodes, steps[1].nodes, 'b = mmap places nothing: same array');
    assert.strictEqual(steps[3].nodes, steps[2].nodes);
    assert.strictEqual(steps[4].nodes, steps[3].nodes, 'mbind places nothing');
    assert.notStrictEqual(steps[5].nodes, steps[4].nodes, 'touch(c) changed node 1');
    assert.strictEqual(steps[5].nodes[0], steps[4].nodes[0], 'node 0 did not change: same snapshot object');
    assert.strictEqual(steps[5].nodes[1].owners[0].owner, 't:c');
  });

  it('a snapshot lists the largest owners and one `other` entry with the exact rest; the fold matches every owner of the final report', () => {
    // 30 mappings of growing size, then frees and a migration (both paths: incremental and rescans)
    const maps = Array.from({ length: 30 }, (_, i) => `  m${i} = mmap(${(i % 7) + 1}M)\n  touch(m${i})`).join('\n');
    const text = `
node 0 dram 4G cpus 0
node 1 dram 4G cpus 1
task t cpu 0 {
${maps}
  munmap(m6)
  munmap(m13)
  mbind(m20, MPOL_BIND, 1, MPOL_MF_MOVE)
  x = mmap(8M)
  touch(x)
}
kernel {
  p = alloc_pages_node(0, GFP_KERNEL, 0, count=100)
}`;
    const r = runText(text, 'stock');
    let capped = 0;
    for (const s of r.run.steps)
      for (const n of s.nodes) {
        assert.ok(n.owners.length <= OWNERS_PER_SNAPSHOT + 1, `step ${s.index} node ${n.id}: ${n.owners.length} owners`);
        if (n.owners.some((o) => o.owner === OTHER_OWNER)) {
          capped++;
          assert.strictEqual(n.owners[n.owners.length - 1].owner, OTHER_OWNER, '`other` comes last');
          assert.strictEqual(n.owners.reduce((a, o) => a + o.pages, 0), n.usedPages, `step ${s.index} node ${n.id}: pages add up to used`);
        }
      }
    assert.ok(capped > 10, 'node 0 went over the cap');
    for (const id of [0, 1]) {
      const snap = lastSnapshot(r.run, id);
      const report = r.run.nodes.find((n) => n.id === id)!;
      assert.deepStrictEqual(
        snap.owners.map((o) => ({ owner: o.owner, pages: o.pages })),
        fold(report.owners),
        `node ${id}: the last snapshot is the fold of the final owners`,
      );
    }
    assert.ok(r.run.nodes[0].owners.length > OWNERS_PER_SNAPSHOT + 1, 'the final report lists every owner');
    assert.ok(!r.run.nodes[0].owners.some((o) => o.owner === OTHER_OWNER));
  });

  it('a runaway loop keeps at most maxStepRecords records, bounded owners per snapshot, and sums the folded executions\' stats', () => {
    const text = `
node 0 dram 4G cpus 0
kernel {
  repeat 1000000000 {
    p = alloc_pages_node(0, GFP_KERNEL, 0)
  }
}`;
    const maxSteps = 60_000;
    const r = runText(text, 'stock', { maxSteps, maxStepRecords: 500, trace: false });
    assert.strictEqual(r.run.cut?.reason, 'steps');
    assert.strictEqual(r.run.steps.length, 500);
    const last = r.run.steps[r.run.steps.length - 1];
    assert.ok(last.count > 29_000, `the last record stands for the later executions (count ${last.count})`);
    // every execution either made a record or folded into its statement's last one
    assert.deepStrictEqual(summedStats(r.run.steps), nonZero(r.run.stats));
    // the handle name is reused: one owner (kernel:p) keeps growing, so snapshots stay small
    const owners = new Set<OwnerPages>();
    for (const s of r.run.steps) for (const n of s.nodes) for (const o of n.owners) owners.add(o);
    assert.ok(owners.size <= r.run.steps.length * (OWNERS_PER_SNAPSHOT + 1), `${owners.size} distinct owner entries`);
  });

  it('a loop that creates a new owner per iteration keeps every snapshot at most OWNERS_PER_SNAPSHOT + 1 long', () => {
    const text = `
node 0 dram 4G cpus 0
task t cpu 0 {
  repeat 1000000000 {
    c = malloc(4K)
    touch(c)
  }
}`;
    const r = runText(text, 'stock', { maxSteps: 20_000, maxStepRecords: 2000 });
    assert.ok(r.run.cut);
    assert.strictEqual(r.run.steps.length, 2000);
    assert.ok(r.run.nodes[0].owners.length > 5000, `the final report lists every owner (${r.run.nodes[0].owners.length})`);
    // a malloc places nothing: its record shares the previous array (but the last record of each
    // statement, which later executions keep updating past the cap)
    const steps = r.run.steps;
    for (let i = 1; i < steps.length - 2; i++)
      if (r.text.slice(steps[i].span.start, steps[i].span.end).startsWith('c = malloc')) assert.strictEqual(steps[i].nodes, steps[i - 1].nodes, `record ${i}`);
    for (const s of r.run.steps) for (const n of s.nodes) assert.ok(n.owners.length <= OWNERS_PER_SNAPSHOT + 1);
    const snap = lastSnapshot(r.run, 0);
    assert.strictEqual(snap.owners.reduce((a, o) => a + o.pages, 0), snap.usedPages);
  });
});
