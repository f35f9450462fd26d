/**
 * khugepaged asks the same VMA check as the THP fault (upstream __thp_vma_allowable_orders(),
 * kernel rules §3.6): under transparent_hugepage = always it scans every anonymous range except
 * a MADV_NOHUGEPAGE one. Seen through the v4 skip: a scanned range holding a private folio gives a
 * service-skipped diagnostic (SCAN_PAGE_NULL), a range khugepaged never looks at gives none.
 * (A TS test: a scenario's `expect` cannot say "no diagnostic".)
 */
import * as assert from 'assert';
import { codes, runText } from '../helpers';

const scenario = (advice: string) => `
node 0 dram 1G cpus 0
node 2 cxl 512M private ops MIGRATION | MEMPOLICY
sysctl vm.transparent_hugepage = always
task app cpu 0 {
  a = mmap(4M)
  ${advice}
  touch(a)
  mbind(a[0:4K], MPOL_BIND, 2, MPOL_MF_MOVE)
  expect pages(a, 2) == 1
}
kernel {
  khugepaged()
}
`;

describe('khugepaged honours MADV_NOHUGEPAGE (VM_NOHUGEPAGE)', () => {
  it('always: a range without advice is scanned (its private folio is skipped)', () => {
    const r = runText(scenario(''), 'private_v4');
    assert.ok(codes(r).includes('service-skipped'), codes(r).join(', '));
  });
  it('always: a MADV_NOHUGEPAGE range is not scanned at all', () => {
    const r = runText(scenario('madvise(a, MADV_NOHUGEPAGE)'), 'private_v4');
    assert.ok(!codes(r).includes('service-skipped'), codes(r).join(', '));
  });
  it('MADV_NOHUGEPAGE then MADV_HUGEPAGE: the last call wins, the range is scanned', () => {
    const r = runText(scenario('madvise(a, MADV_NOHUGEPAGE)\n  madvise(a, MADV_HUGEPAGE)'), 'private_v4');
    assert.ok(codes(r).includes('service-skipped'), codes(r).join(', '));
  });
});
