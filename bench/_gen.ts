/** A 5,000-line scenario: 499 tasks of ten lines (mmap, bind, touch, expectations), a kernel block. */
export function generateLargeScenario(lines = 5000): string {
  const out = ['scenario "generated: 5,000 lines"', 'design private_v4', 'node 0 dram 64G cpus 0-7', 'node 1 dram 64G cpus 8-15', 'node 2 cxl 64G private ops MIGRATION | MEMPOLICY', ''];
  let i = 0;
  while (out.length + 10 <= lines - 4) {
    out.push(
      `task t${i} cpu ${i % 16} {`,
      '  a = mmap(4M)',
      `  mbind(a, MPOL_BIND, ${i % 3 === 2 ? 2 : i % 2})`,
      '  touch(a)',
      `  expect pages(a, ${i % 3 === 2 ? 2 : i % 2}) == 100%`,
      '  b = malloc(1M)',
      '  touch(b, write, data=text)',
      '  expect no leak',
      '}',
      '',
    );
    i++;
  }
  out.push('kernel "probe" {', '  p = alloc_pages_node(0, GFP_KERNEL, 0, count=16)', '  expect ok', '}');
  while (out.length < lines) out.push('// padding');
  return out.join('\n') + '\n';
}
