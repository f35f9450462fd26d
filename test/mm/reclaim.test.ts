/**
 * vmscan / memory-tiers / NUMA balancing / cpuset migration behaviour.
 */
import * as assert from 'assert';
import { failedExpectations, runText } from './helpers';

function ok(text: string, design: 'stock' | 'private_v4' | 'private_soft' | 'spm_v2' = 'private_v4') {
  const r = runText(text, design);
  assert.deepStrictEqual(failedExpectations(r), []);
  assert.ok(r.run.expectations.length > 0);
  return r;
}

describe('reclaim, demotion, NUMA balancing, cpuset migration', () => {
  it('stock: with vm.demotion_enabled the coldest pages demote to the lower tier; without it and without swap they cannot leave', () => {
    const base = `
node 0 dram 512M cpus 0
node 1 cxl 1G
distance 0 1 30
`;
    ok(
      base +
        `sysctl vm.demotion_enabled = 1
task t cpu 0 {
  set_mempolicy(MPOL_BIND, 0)
  a = malloc(400M)
  touch(a)
  b = malloc(300M)
  touch(b)
  expect pages(a[0:64M], 1) == 100%
  expect pages(b, 0) == 100%
  expect stat(pgdemote_kswapd) > 0
}`,
      'stock',
    );
    const r = ok(
      base +
        `task t cpu 0 {
  set_mempolicy(MPOL_BIND, 0)
  a = malloc(400M)
  touch(a)
  b = malloc(300M)
  touch(b)
  expect oom
  expect stat(pgdemote_kswapd) == 0
}`,
      'stock',
    );
    assert.ok(r.run.steps.some((s) => s.explain.some((l) => /anonymous pages need swap or a demotion target/.test(l))));
  });

  it('v4: a private node without NP_OPS_DEMOTION is never a demotion target; with it, demotion goes through its migrate_to', () => {
    const mk = (ops: string) => `
node 0 dram 512M cpus 0
node 2 cxl 1G private ops ${ops}
sysctl vm.demotion_enabled = 1
swap 2G
task t cpu 0 {
  a = malloc(400M)
  touch(a)
  b = malloc(300M)
  touch(b)
`;
    ok(mk('MIGRATION | MEMPOLICY') + `  expect pages(a, 2) == 0\n  expect stat(pswpout) > 0\n}`);
    ok(mk('MIGRATION | DEMOTION') + `  expect pages(a[0:64M], 2) == 100%\n  expect stat(pswpout) == 0\n  expect no leak\n}`);
  });

  it('file pages are dropped by reclaim; anon pages need swap', () => {
    ok(`
node 0 dram 512M cpus 0
task t cpu 0 {
  f = mmap(300M, file)
  read(f)
  a = malloc(300M)
  touch(a)
  expect pages(a, 0) == 100%
  expect pages(f, 0) < 100%
  expect stat(pswpout) == 0
}`);
  });

  it('MADV_COLD makes pages the first reclaimed', () => {
    ok(`
node 0 dram 512M cpus 0
swap 1G
task t cpu 0 {
  a = malloc(200M)
  touch(a)
  b = malloc(100M)
  touch(b)
  madvise(b, MADV_COLD)
  c = malloc(250M)
  touch(c)
  expect pages(b, 0) < 100%
  expect pages(a, 0) == 100%
}`);
  });

  it('kernel.numa_balancing = 2 promotes slow-tier pages to the task\'s node; a private node without NUMA_BALANCING is skipped', () => {
    ok(`
node 0 dram 1G cpus 0
node 1 cxl 1G
node 2 cxl 1G private ops MIGRATION | MEMPOLICY
sysctl kernel.numa_balancing = 2
task t cpu 0 {
  a = mmap(16M)
  mbind(a, MPOL_PREFERRED, 1)
  touch(a)
  b = mmap(16M)
  mbind(b, MPOL_BIND, 2)
  touch(b)
}
kernel {
  numa_balancing_scan()
  expect stat(pgpromote_success) == 4096
  expect diagnostic service-skipped
}
task t {
  expect pages(a, 0) == 100%
  expect pages(b, 2) == 100%
}`);
  });

  it('cgroup v2: a cpuset.mems change migrates the tasks\' pages off the removed nodes', () => {
    ok(`
node 0 dram 1G cpus 0
node 1 dram 1G cpus 1
cgroup g mems 0-1
task t cpu 1 cgroup g {
  a = malloc(16M)
  touch(a)
  expect pages(a, 1) == 100%
}
kernel {
  set_cpuset_mems(g, 0)
}
task t {
  expect pages(a, 0) == 100%
}`);
  });

  it('direct reclaim: a GFP_KERNEL allocation with nothing free reclaims; GFP_NOWAIT fails without reclaim', () => {
    ok(`
node 0 dram 256M cpus 0
swap 1G
task t cpu 0 {
  a = malloc(250M)
  touch(a)
}
kernel {
  n = alloc_pages_node(0, GFP_NOWAIT, 0, count=20000)
  expect error ENOMEM
  k = alloc_pages_node(0, GFP_KERNEL, 0, count=20000)
  expect ok
  expect stat(pswpout) > 0
}`);
  });
});
