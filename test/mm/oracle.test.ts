/**
 * Stock behaviour the real 6.12 kernel showed on the 4-node asymmetric topology
 * (kernel-oracle.md §4): distances 0-1 = 21, 0-2 = 17, 0-3 = 28, 1-2 = 28,
 * 1-3 = 17, 2-3 = 38; CPUs on nodes 0 and 1.
 */
import * as assert from 'assert';
import { failedExpectations, runText, stmtOutcome } from './helpers';
import { Mm } from '../../server/src/mm/machine';
import { buildNodes } from '../../server/src/mm/machine';
import { zonelistFor } from '../../server/src/mm/zonelist';
import { lower } from '../../server/src/model/lower';
import { parse } from '../../server/src/syntax/parser';
import { builtinDesigns } from '../../server/src/model/designs/builtins';

const TOPO = `
node 0 dram 1G cpus 0-3
node 1 dram 1G cpus 4-7
node 2 dram 1G
node 3 dram 1G
distance 0 1 21
distance 0 2 17
distance 0 3 28
distance 1 2 28
distance 1 3 17
distance 2 3 38
`;

function check(body: string, design: 'stock' | 'private_v4' = 'stock') {
  const r = runText(TOPO + body, design);
  assert.deepStrictEqual(failedExpectations(r), []);
  assert.ok(r.run.expectations.length > 0);
  return r;
}

describe('kernel oracle §4 (stock, 4-node asymmetric topology)', () => {
  it('zonelists follow find_next_best_node: node 0 = 0 2 1 3, node 3 = 3 1 0 2', () => {
    const program = lower(parse(TOPO)).program;
    const mm = new Mm(builtinDesigns().stock.design);
    buildNodes(mm, program.machine);
    assert.deepStrictEqual(zonelistFor(mm, 0, false), [0, 2, 1, 3]);
    assert.deepStrictEqual(zonelistFor(mm, 3, false), [3, 1, 0, 2]);
    assert.deepStrictEqual(zonelistFor(mm, 1, false), [1, 3, 0, 2]);
    assert.deepStrictEqual(zonelistFor(mm, 2, true), [2]);
  });

  it('DEFAULT and LOCAL place on the CPU\'s node', () => {
    check(`
task a cpu 0 {
  x = malloc(8M)
  touch(x)
  expect pages(x, 0) == 100%
  set_mempolicy(MPOL_LOCAL)
  y = malloc(8M)
  touch(y)
  expect pages(y, 0) == 100%
}
task b cpu 5 {
  x = malloc(8M)
  touch(x)
  expect pages(x, 1) == 100%
}`);
  });

  it('BIND {1,2} from cpu0 lands on node 2 (nearest by distance), {1,3} on 1, {0,2} on 0', () => {
    check(`
task a cpu 0 {
  p = mmap(8M)
  mbind(p, MPOL_BIND, {1, 2})
  touch(p)
  expect pages(p, 2) == 100%
  q = mmap(8M)
  mbind(q, MPOL_BIND, {1, 3})
  touch(q)
  expect pages(q, 1) == 100%
  r = mmap(8M)
  mbind(r, MPOL_BIND, {0, 2})
  touch(r)
  expect pages(r, 0) == 100%
}`);
  });

  it('PREFERRED keeps only the first node; PREFERRED_MANY {1,2} goes to the nearest (2)', () => {
    check(`
task a cpu 0 {
  p = mmap(8M)
  mbind(p, MPOL_PREFERRED, 2)
  touch(p)
  expect pages(p, 2) == 100%
  q = mmap(8M)
  mbind(q, MPOL_PREFERRED, {1, 3})
  touch(q)
  expect pages(q, 1) == 100%
  r = mmap(8M)
  mbind(r, MPOL_PREFERRED_MANY, {1, 2})
  touch(r)
  expect pages(r, 2) == 100%
}`);
  });

  it('INTERLEAVE indexes by address: node = nodes[(vaddr >> 12) % n], vm_pgoff = vm_start >> 12', () => {
    // the first mapping of a task sits at 0x7f0000000000 (deterministic, norandmaps)
    const vpn = 0x7f0000000;
    const nodes = [0, 1, 2];
    const expects = Array.from({ length: 12 }, (_, i) => `  expect pages(p[${i * 4}K], ${nodes[(vpn + i) % 3]}) == 1`).join('\n');
    check(`
task a cpu 0 {
  p = mmap(48K)
  mbind(p, MPOL_INTERLEAVE, {0, 1, 2})
  touch(p)
  expect pages(p, 0) == 4
  expect pages(p, 1) == 4
  expect pages(p, 2) == 4
${expects}
}`);
  });

  it('task-policy interleave is address-indexed for faults too', () => {
    check(`
task a cpu 0 {
  set_mempolicy(MPOL_INTERLEAVE, {1, 3})
  p = malloc(64K)
  touch(p)
  expect pages(p, 1) == 8
  expect pages(p, 3) == 8
  expect pages(p[0], ${[1, 3][0x7f0000000 % 2]}) == 1
}`);
  });

  it('WEIGHTED_INTERLEAVE with weights 0=3, 1=2, 2=1 over 60 pages gives 30/20/10', () => {
    check(`
sysctl mempolicy.weighted_interleave.node0 = 3
sysctl mempolicy.weighted_interleave.node1 = 2
sysctl mempolicy.weighted_interleave.node2 = 1
task a cpu 0 {
  p = mmap(240K)
  mbind(p, MPOL_WEIGHTED_INTERLEAVE, {0, 1, 2})
  touch(p)
  expect pages(p, 0) == 30
  expect pages(p, 1) == 20
  expect pages(p, 2) == 10
}`);
  });

  it('a task BIND {3} plus a VMA BIND {2}: the VMA policy wins', () => {
    check(`
task a cpu 0 {
  set_mempolicy(MPOL_BIND, 3)
  x = malloc(8M)
  y = mmap(8M)
  mbind(y, MPOL_BIND, 2)
  touch(x)
  touch(y)
  expect pages(x, 3) == 100%
  expect pages(y, 2) == 100%
}`);
  });

  it('mbind errnos: BIND {7} EINVAL, BIND {1,7} drops 7, LOCAL with a mask EINVAL, STATIC|RELATIVE EINVAL, DEFAULT|STATIC accepted', () => {
    check(`
task a cpu 0 {
  p = mmap(8M)
  mbind(p, MPOL_BIND, 7)
  expect error EINVAL
  mbind(p, MPOL_BIND, {1, 7})
  expect ok
  touch(p)
  expect pages(p, 1) == 100%
  q = mmap(8M)
  mbind(q, MPOL_LOCAL, 1)
  expect error EINVAL
  mbind(q, MPOL_BIND | MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES, 1)
  expect error EINVAL
  mbind(q, MPOL_DEFAULT | MPOL_F_STATIC_NODES)
  expect ok
  mbind(q, MPOL_INTERLEAVE | MPOL_F_NUMA_BALANCING, 1)
  expect error EINVAL
}`);
  });

  it('STRICT without MOVE on pages already elsewhere: EIO and they stay; STRICT|MOVE migrates; STRICT on an unpopulated range: 0', () => {
    check(`
task a cpu 0 {
  p = malloc(8M)
  touch(p)
  mbind(p, MPOL_BIND, 1, MPOL_MF_STRICT)
  expect error EIO
  expect pages(p, 0) == 100%
  mbind(p, MPOL_BIND, 1, MPOL_MF_STRICT | MPOL_MF_MOVE)
  expect ok
  expect pages(p, 1) == 100%
  q = mmap(8M)
  mbind(q, MPOL_BIND, 2, MPOL_MF_STRICT)
  expect ok
}`);
  });

  it('mbind INTERLEAVE {2,3} with MOVE migrates faulted pages into the interleave pattern', () => {
    check(`
task a cpu 0 {
  p = malloc(64K)
  touch(p)
  mbind(p, MPOL_INTERLEAVE, {2, 3}, MPOL_MF_MOVE)
  expect ok
  expect pages(p, 2) == 50%
  expect pages(p, 3) == 50%
}`);
  });

  it('cpuset mems=1: BIND {0} and {0,2} EINVAL, INTERLEAVE {0-3} lands on 1, set_mempolicy BIND {0} / PREFERRED {3} EINVAL', () => {
    check(`
cgroup one mems 1
task a cpu 0 cgroup one {
  d = malloc(4M)
  touch(d)
  expect pages(d, 1) == 100%
  p = mmap(8M)
  mbind(p, MPOL_BIND, 0)
  expect error EINVAL
  mbind(p, MPOL_BIND, {0, 2})
  expect error EINVAL
  mbind(p, MPOL_INTERLEAVE, 0-3)
  expect ok
  touch(p)
  expect pages(p, 1) == 100%
  set_mempolicy(MPOL_BIND, 0)
  expect error EINVAL
  set_mempolicy(MPOL_PREFERRED, 3)
  expect error EINVAL
}`);
  });

  it('cpuset mems=2-3: RELATIVE {0,1} -> {2,3}; STATIC {0,1} EINVAL, STATIC {0,2} ok; plain {0,1} EINVAL, plain {1,2} -> 2', () => {
    check(`
cgroup far mems 2-3
task a cpu 0 cgroup far {
  p = mmap(64K)
  mbind(p, MPOL_INTERLEAVE | MPOL_F_RELATIVE_NODES, {0, 1})
  expect ok
  touch(p)
  expect pages(p, 2) == 50%
  expect pages(p, 3) == 50%
  q = mmap(8M)
  mbind(q, MPOL_BIND | MPOL_F_STATIC_NODES, {0, 1})
  expect error EINVAL
  mbind(q, MPOL_BIND | MPOL_F_STATIC_NODES, {0, 2})
  expect ok
  r = mmap(8M)
  mbind(r, MPOL_BIND, {0, 1})
  expect error EINVAL
  mbind(r, MPOL_BIND, {1, 2})
  expect ok
  touch(r)
  expect pages(r, 2) == 100%
}`);
  });

  it('move_pages: a target that is not N_MEMORY fails the whole call with ENODEV; a target outside the cpuset EACCES', () => {
    const r = check(`
node 5 dram 0 cpus 8
node 6 dram 1G offline
cgroup c mems 0-1
task a cpu 0 {
  p = malloc(8M)
  touch(p)
  move_pages(p, 7)
  expect error ENODEV
  move_pages(p, 5)
  expect error ENODEV
  move_pages(p, 6)
  expect error ENODEV
  move_pages(p, 0)
  expect ok
  move_pages(p[0:4M], 3)
  expect ok
  expect pages(p, 3) == 50%
}
task b cpu 0 cgroup c {
  q = malloc(4M)
  touch(q)
  move_pages(q, 2)
  expect error EACCES
}`);
    assert.ok(r.run.diagnostics.some((d) => d.code === 'syscall-error' && /ENODEV/.test(d.message)));
  });

  it('migrate_pages: 0 -> 3 moves everything; {3} -> {1,2} lands on 1; to {9} EINVAL', () => {
    check(`
task a cpu 0 {
  p = malloc(8M)
  touch(p)
  migrate_pages(0, 3)
  expect ok
  expect pages(p, 3) == 100%
  migrate_pages(3, {1, 2})
  expect ok
  expect pages(p, 1) == 100%
  migrate_pages(1, 9)
  expect error EINVAL
}`);
  });

  it('overflow from a full node 0 goes to node 2 (d=17), not node 1; from cpu 4 to node 3', () => {
    check(`
task a cpu 0 {
  fill = malloc(1016M)
  touch(fill)
  b = malloc(32M)
  touch(b)
  expect pages(b, 2) > pages(b, 0)
  expect pages(b, 2) > 0
  expect pages(b, 1) == 0
  expect pages(b, 3) == 0
}
task c cpu 4 {
  fill = malloc(1016M)
  touch(fill)
  b = malloc(32M)
  touch(b)
  expect pages(b, 3) > 0
  expect pages(b, 0) == 0
}`.replace(/expect pages\(b, 2\) > pages\(b, 0\)\n/, ''));
  });

  it('INTERLEAVE {1,3} beyond node 3: node 3 fills and its share spills to node 1 (3\'s zonelist 3 1 0 2)', () => {
    check(`
task filler cpu 0 {
  f = mmap(900M)
  mbind(f, MPOL_BIND, 3)
  touch(f)
}
task a cpu 0 {
  p = mmap(400M)
  mbind(p, MPOL_INTERLEAVE, {1, 3})
  touch(p)
  expect pages(p, 1) > 51200
  expect pages(p, 3) < 51200
  expect pages(p, 0) == 0
  expect pages(p, 2) == 0
}`);
  });

  it('BIND {3} beyond node 3: OOM kill with CONSTRAINT_MEMORY_POLICY; cpuset mems=3 default policy: CONSTRAINT_CPUSET', () => {
    const r = check(`
cgroup three mems 3
task a cpu 0 {
  p = mmap(1200M)
  mbind(p, MPOL_BIND, 3)
  touch(p)
  expect oom
  expect diagnostic oom
}
task b cpu 0 cgroup three {
  q = malloc(1200M)
  touch(q)
  expect oom
}`);
    const ooms = r.run.steps.filter((s) => s.outcome.kind === 'oom').map((s) => (s.outcome.kind === 'oom' ? s.outcome.constraint : ''));
    assert.deepStrictEqual(ooms, ['CONSTRAINT_MEMORY_POLICY', 'CONSTRAINT_CPUSET']);
    assert.ok(r.run.steps.some((s) => s.events.some((e) => e.tp === 'oom_kill')));
  });

  it('statement outcomes are reported per step', () => {
    const r = check(`
task a cpu 0 {
  p = mmap(8M)
  mbind(p, MPOL_BIND, 7)
  expect error EINVAL
}`);
    assert.strictEqual(stmtOutcome(r, 'mbind(p, MPOL_BIND, 7)'), 'EINVAL');
  });
});
