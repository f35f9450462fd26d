/**
 * NodeReport.watermarks (CRAM nodes: the device thresholds the memory map draws) and
 * OwnerPages.span (the statement that created the owner: a click in the map reveals it).
 */
import * as assert from 'assert';
import { OwnerPages } from '../../server/src/mm/result';
import { runText } from '../mm/helpers';

const stmtAt = (text: string, needle: string) => {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, needle);
  return { start, end: start + needle.length };
};

describe('node report fields: CRAM watermarks, owner spans', () => {
  it('a cram node reports its declared watermarks (fractions of free media); other nodes none', () => {
    const text = `
node 0 dram 1G cpus 0
node 2 cram 4G media 2G watermarks low=5% high=30%
node 3 cram 4G media 2G
task t cpu 0 {
  a = malloc(64M)
  touch(a)
}`;
    for (const design of ['private_v4', 'stock'] as const) {
      const r = runText(text, design);
      const byId = new Map(r.run.nodes.map((n) => [n.id, n]));
      assert.deepStrictEqual(byId.get(2)!.watermarks, { low: 0.05, high: 0.3 }, `${design}: node 2 as declared`);
      const dflt = byId.get(3)!.watermarks;
      assert.ok(dflt, `${design}: an undeclared cram node reports the device defaults`);
      assert.ok(dflt!.low > 0 && dflt!.low < dflt!.high && dflt!.high < 1, `${design}: 0 < low < high < 1 (${JSON.stringify(dflt)})`);
      assert.strictEqual(byId.get(0)!.watermarks, undefined, `${design}: a dram node has none`);
    }
  });

  it('owners carry the span of their mmap/malloc/alloc statement, in the final report and in step snapshots', () => {
    const text = `
node 0 dram 1G cpus 0
task app cpu 0 {
  buf = mmap(4M)
  heap = malloc(1M)
  touch(buf)
  touch(heap)
}
kernel {
  p = alloc_pages_node(0, GFP_KERNEL, 0, count=8)
  k = kmalloc_node(64, GFP_KERNEL, 0)
}`;
    const r = runText(text, 'stock');
    const owners = new Map(r.run.nodes[0].owners.map((o) => [o.owner, o] as const));
    assert.deepStrictEqual(owners.get('app:buf')?.span, stmtAt(text, 'buf = mmap(4M)'));
    assert.deepStrictEqual(owners.get('app:heap')?.span, stmtAt(text, 'heap = malloc(1M)'));
    assert.deepStrictEqual(owners.get('kernel:p')?.span, stmtAt(text, 'p = alloc_pages_node(0, GFP_KERNEL, 0, count=8)'));
    const snapOwners = new Map<string, OwnerPages>();
    for (const s of r.run.steps) for (const n of s.nodes) for (const o of n.owners) snapOwners.set(o.owner, o);
    assert.deepStrictEqual(snapOwners.get('app:buf')?.span, stmtAt(text, 'buf = mmap(4M)'), 'snapshots too');
    assert.deepStrictEqual(snapOwners.get('kernel:p')?.span, stmtAt(text, 'p = alloc_pages_node(0, GFP_KERNEL, 0, count=8)'));
  });

  it('a name mapped twice: each owner points at its own mmap; a freed owner keeps its span in earlier snapshots', () => {
    const text = `
node 0 dram 1G cpus 0
task app cpu 0 {
  buf = mmap(4M)
  touch(buf)
  buf = mmap(8M)
  touch(buf)
}
kernel {
  q = alloc_pages_node(0, GFP_KERNEL, 0, count=4)
  free_pages(q)
}`;
    const r = runText(text, 'stock');
    const owners = r.run.nodes[0].owners.filter((o) => o.owner.startsWith('app:buf'));
    assert.strictEqual(owners.length, 2, JSON.stringify(owners));
    const spans = owners.map((o) => text.slice(o.span!.start, o.span!.end)).sort();
    assert.deepStrictEqual(spans, ['buf = mmap(4M)', 'buf = mmap(8M)']);
    assert.ok(!r.run.nodes[0].owners.some((o) => o.owner === 'kernel:q'), 'q was freed');
    const q = r.run.steps.flatMap((s) => s.nodes.flatMap((n) => n.owners)).find((o) => o.owner === 'kernel:q');
    assert.deepStrictEqual(q?.span, stmtAt(text, 'q = alloc_pages_node(0, GFP_KERNEL, 0, count=4)'));
  });

  it('owners no statement created (the folded `other` entry) carry no span', () => {
    const maps = Array.from({ length: 12 }, (_, i) => `  m${i} = mmap(${i + 1}M)\n  touch(m${i})`).join('\n');
    const r = runText(`node 0 dram 1G cpus 0\ntask t cpu 0 {\n${maps}\n}\n`, 'stock');
    const last = r.run.steps[r.run.steps.length - 1].nodes[0].owners;
    const other = last.find((o) => o.owner === 'other');
    assert.ok(other, JSON.stringify(last));
    assert.strictEqual(other!.span, undefined);
    assert.ok(last.filter((o) => o.owner !== 'other').every((o) => o.span), 'the kept mappings have spans');
  });
});
