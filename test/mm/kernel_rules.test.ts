/**
 * Kernel rules the real Linux 6.12 kernel showed under the oracle (oracle/scenarios, goldens in
 * oracle/expected/6.12.117) and the emulator once got wrong (oracle/DISAGREEMENTS.md). Each test
 * names the oracle scenario it comes from and states the rule; scenarios use the same asymmetric
 * 4-node topology as the oracle suite.
 */
import * as assert from 'assert';
import { failedExpectations, runText, Ran } from './helpers';

const TOPO = `
design stock
node 0 dram 512M cpus 0
node 1 dram 512M cpus 1
node 2 cxl 512M
node 3 cxl 256M
distance 0 1 21
distance 0 2 17
distance 0 3 28
distance 1 2 28
distance 1 3 17
distance 2 3 38
`;

function check(body: string): Ran {
  const r = runText(TOPO + body, 'stock');
  assert.deepStrictEqual(failedExpectations(r), []);
  assert.ok(r.run.expectations.length > 0);
  return r;
}

/** the step record of the statement containing `needle` (its last execution) */
function step(r: Ran, needle: string) {
  const idx = r.text.indexOf(needle);
  assert.ok(idx >= 0, `no ${needle}`);
  const rec = [...r.run.steps].reverse().find((s) => s.span.start <= idx && s.span.end > idx);
  assert.ok(rec, `${needle} did not run`);
  return rec!;
}

describe('kernel rules observed on Linux 6.12 (oracle)', () => {
  it('OOM: the victim is the eligible task with the highest badness, not the faulting one (f08, l07, l06)', () => {
    // f08: app (BIND {3}) runs node 3 out while big (default policy) holds 380 MiB on node 1:
    // CONSTRAINT_MEMORY_POLICY, mempolicy_in_oom_domain() admits big (no task BIND policy), big
    // has the highest oom_badness(), so big dies first; node 3 is still full, then app dies.
    for (const bigBody of ['hog = malloc(380M)\n  touch(hog)', 'hog = mmap(380M)\n  mbind(hog, MPOL_BIND, 1)\n  touch(hog)']) {
      // the second variant is l07: a VMA policy BIND {1} does not make big ineligible
      const r = check(`
task big cpu 1 {
  ${bigBody}
}
task app cpu 0 {
  buf = mmap(400M)
  mbind(buf, MPOL_BIND, 3)
  touch(buf)
  expect oom
}
`);
      const o = step(r, 'touch(buf)').outcome;
      assert.strictEqual(o.kind, 'oom');
      assert.strictEqual(o.kind === 'oom' && o.victim, 'big', 'the first victim is the biggest eligible task');
      assert.strictEqual(o.kind === 'oom' && o.constraint, 'CONSTRAINT_MEMORY_POLICY');
    }
  });

  it('OOM: a task *policy* BIND that misses the mask makes the task ineligible (l08)', () => {
    const r = check(`
task big cpu 1 {
  set_mempolicy(MPOL_BIND, 1)
  hog = malloc(380M)
  touch(hog)
}
task app cpu 0 {
  buf = mmap(400M)
  mbind(buf, MPOL_BIND, 3)
  touch(buf)
  expect oom
}
`);
    const o = step(r, 'touch(buf)').outcome;
    assert.strictEqual(o.kind === 'oom' && o.victim, 'app');
  });

  it('OOM under a cpuset: a bigger task whose mems intersect is the victim (l06)', () => {
    const r = check(`
cgroup small mems 3
task big cpu 1 {
  hog = malloc(380M)
  touch(hog)
}
task app cpu 0 cgroup small {
  buf = malloc(400M)
  touch(buf)
  expect oom
}
`);
    const o = step(r, 'touch(buf)').outcome;
    assert.strictEqual(o.kind === 'oom' && o.victim, 'big');
    assert.strictEqual(o.kind === 'oom' && o.constraint, 'CONSTRAINT_CPUSET');
  });

  it('a read fault on never-written private anon memory maps the zero page; a write allocates under the policy then in force (i04, m07)', () => {
    check(`
task app cpu 0 {
  buf = mmap(32K)
  read(buf)
  expect pages(buf, 0) == 0
  expect used(0) == 0
  mbind(buf, MPOL_BIND, 3)
  write(buf)
  expect pages(buf, 3) == 8
}
`);
  });

  it('move_pages on zero-page pages: status -EFAULT, call succeeds, nothing moves (d06)', () => {
    const r = check(`
task app cpu 0 {
  buf = mmap(32K)
  read(buf)
  move_pages(buf, 1)
  expect ok
  expect pages(buf, 1) == 0
}
`);
    assert.ok(step(r, 'move_pages(buf, 1)').explain.some((l) => /status -EFAULT ×8/.test(l)));
  });

  it('shmem and mlock are real allocations: a shmem read allocates, mlock populates with FOLL_WRITE', () => {
    check(`
task app cpu 0 {
  s = mmap(32K, shmem, shared)
  read(s)
  expect pages(s, 0) == 8
  buf = mmap(32K)
  mlock(buf)
  expect pages(buf, 0) == 8
}
`);
  });

  it('mbind over a range munmap removed is EFAULT, for MPOL_DEFAULT too (c08)', () => {
    check(`
task app cpu 0 {
  buf = mmap(64K)
  munmap(buf)
  mbind(buf, MPOL_BIND, 1)
  expect error EFAULT
  mbind(buf, MPOL_DEFAULT)
  expect error EFAULT
  mbind(buf, MPOL_BIND, 9)
  expect error EINVAL
}
`);
  });

  it('move_pages moves a MAP_SHARED mapping used by one process; -EACCES is for pages mapped by several (j09)', () => {
    const one = check(`
task app cpu 0 {
  buf = mmap(32K, shmem, shared)
  touch(buf)
  move_pages(buf, 1)
  expect pages(buf, 1) == 8
}
`);
    assert.ok(step(one, 'move_pages(buf, 1)').explain.some((l) => /status 1 ×8/.test(l)));
    // mbind(MPOL_MF_MOVE) follows the same rule (queue_folios_pte_range -> migrate_folio_add)
    check(`
task app cpu 0 {
  buf = mmap(32K, shmem, shared)
  touch(buf)
  mbind(buf, MPOL_BIND, 2, MPOL_MF_MOVE)
  expect ok
  expect pages(buf, 2) == 8
}
`);
  });

  it('mbind(MPOL_LOCAL, MPOL_MF_MOVE) migrates pages to the local node (j06)', () => {
    check(`
task app cpu 1 {
  buf = mmap(32K)
  mbind(buf, MPOL_BIND, 0)
  touch(buf)
  expect pages(buf, 0) == 8
  mbind(buf, MPOL_LOCAL, MPOL_MF_MOVE)
  expect pages(buf, 1) == 8
}
`);
  });

  it('MADV_DONTNEED on mlocked memory is EINVAL and the pages stay; after munlock it frees (m03)', () => {
    check(`
task app cpu 0 {
  buf = mmap(32K)
  mlock(buf)
  madvise(buf, MADV_DONTNEED)
  expect error EINVAL
  expect pages(buf, 0) == 8
  munlock(buf)
  madvise(buf, MADV_DONTNEED)
  expect ok
  expect pages(buf, 0) == 0
}
`);
  });

  it('migrate_pages({0,1} -> {1,2}) moves every page once: node 1 drains to 2 before 0 goes to 1 (j01)', () => {
    check(`
task app cpu 0 {
  a = mmap(32K)
  touch(a)
  b = mmap(32K)
  mbind(b, MPOL_BIND, 1)
  touch(b)
  migrate_pages({0, 1}, {1, 2})
  expect pages(a, 1) == 8
  expect pages(b, 2) == 8
}
`);
  });

  it('MADV_POPULATE_WRITE faults the range in under the VMA policy (i07)', () => {
    check(`
task app cpu 0 {
  buf = mmap(64K)
  mbind(buf, MPOL_BIND, 2)
  madvise(buf, MADV_POPULATE_WRITE)
  expect ok
  expect pages(buf, 2) == 16
}
`);
  });

  it('a write to PROT_NONE memory kills the task with SIGSEGV; later statements do not run (m04)', () => {
    const r = check(`
task app cpu 0 {
  buf = mmap(32K)
  mprotect(buf, none)
  touch(buf)
  expect pages(buf, 0) == 0
}
task other cpu 0 {
  x = mmap(32K)
  mprotect(x, read)
  read(x)
  expect ok
  mprotect(x, write)
  write(x)
  expect ok
  expect pages(x, 0) == 8
}
`);
    const after = runText(TOPO + `
task app cpu 0 {
  buf = mmap(32K)
  mprotect(buf, read)
  write(buf)
  b = malloc(16K)
}
`, 'stock');
    assert.strictEqual(step(after, 'b = malloc(16K)').outcome.kind, 'skipped');
    // the statement's outcome: its own task killed by SIGSEGV (not an errno), with a segfault diagnostic
    const o = step(r, 'touch(buf)').outcome;
    assert.deepStrictEqual(o, { kind: 'killed', signal: 'SIGSEGV' });
    assert.ok(r.run.diagnostics.some((d) => d.code === 'segfault' && /SIGSEGV/.test(d.message)));
  });

  it('a write to a MAP_PRIVATE file mapping maps anonymous COW copies under the VMA policy; a shared one stays page cache (j11, j10)', () => {
    check(`
task app cpu 0 {
  priv = mmap(32K, file)
  mbind(priv, MPOL_BIND, 3)
  touch(priv)
  expect pages(priv, 3) == 8
  shr = mmap(32K, file, shared)
  mbind(shr, MPOL_BIND, 3)
  touch(shr)
  expect pages(shr, 0) == 8
  rd = mmap(32K, file)
  mbind(rd, MPOL_BIND, 3)
  read(rd)
  expect pages(rd, 0) == 8
}
`);
  });
});
