/**
 * The rule that placed a fault, as its explain line words it (mm/mempolicy.ts planWhy): a plan
 * keeps which rule and which policy, and the words are made only when an explain line is kept.
 * One case per rule of planFor (but the BIND mask a cpuset shrank away from, which a rebind keeps
 * from happening here); the texts are the ones the plans carried when they were made eagerly.
 */
import * as assert from 'assert';
import { runText, Ran } from './helpers';

function faultLine(r: Ran, needle: string): string {
  const idx = r.text.indexOf(needle);
  assert.ok(idx >= 0, `no ${needle}`);
  const rec = [...r.run.steps].reverse().find((s) => s.span.start <= idx && s.span.end > idx);
  assert.ok(rec, `${needle} did not run`);
  const line = rec!.explain.find((l) => l.startsWith('fault '));
  assert.ok(line, `${needle}: no fault line in ${JSON.stringify(rec!.explain)}`);
  return line!;
}

const NODES = `
node 0 dram 1G cpus 0
node 1 dram 1G cpus 1
node 2 cxl 1G private ops MIGRATION | MEMPOLICY
cgroup web mems 0
`;

describe('the explain line of a fault names the rule that placed it (planWhy)', () => {
  const cases: { name: string; design: string; body: string; text: string }[] = [
    { name: 'no policy', design: 'stock', body: 'a = mmap(64K)\n  touch(a)', text: 'default policy: local node' },
    { name: 'MPOL_LOCAL', design: 'stock', body: 'set_mempolicy(MPOL_LOCAL)\n  a = mmap(64K)\n  touch(a)', text: 'MPOL_LOCAL: local node' },
    { name: 'MPOL_PREFERRED', design: 'stock', body: 'a = mmap(64K)\n  mbind(a, MPOL_PREFERRED, 1)\n  touch(a)', text: 'MPOL_PREFERRED: node 1 first, then its fallback list' },
    { name: 'MPOL_BIND', design: 'stock', body: 'a = mmap(64K)\n  mbind(a, MPOL_BIND, {0, 1})\n  touch(a)', text: "MPOL_BIND {0,1}: node 0's zonelist filtered by the mask" },
    {
      name: 'MPOL_BIND with MPOL_F_PRIVATE, the local node outside the mask',
      design: 'private_v4',
      body: 'a = mmap(64K)\n  mbind(a, MPOL_BIND, 2)\n  touch(a)',
      text: 'MPOL_BIND {2} with MPOL_F_PRIVATE: preferred node redirected to first_node = 2',
    },
    { name: 'MPOL_PREFERRED_MANY', design: 'stock', body: 'a = mmap(64K)\n  mbind(a, MPOL_PREFERRED_MANY, {0, 1})\n  touch(a)', text: 'MPOL_PREFERRED_MANY {0,1}: the mask without direct reclaim, then any node' },
    { name: 'MPOL_INTERLEAVE', design: 'stock', body: 'a = mmap(64K)\n  mbind(a, MPOL_INTERLEAVE, {0, 1})\n  touch(a)', text: 'MPOL_INTERLEAVE {0,1}: node = nodes[ilx % weight] with ilx = vaddr >> 12' },
  ];
  for (const c of cases)
    it(c.name, () => {
      const r = runText(`design ${c.design}\n${NODES}\ntask app cpu 0 {\n  ${c.body}\n}\n`, c.design as never);
      const line = faultLine(r, 'touch(a)');
      assert.ok(line.includes(`: ${c.text}`), line);
    });
});
