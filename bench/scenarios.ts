/**
 * Generated scenarios for the benchmarks. Deterministic text (no randomness),
 * so figures from two runs measure the same work.
 */
import { readdirSync, statSync } from 'fs';
import { join } from 'path';
import { warmUpScenario } from '../server/src/lsp/warmUp';

export type Policy = 'bind' | 'interleave' | 'weighted';

/** A 1 TiB machine (four 256 GiB DRAM nodes), one mapping of `gib` GiB touched under `policy`. */
export function largeMachine(policy: Policy, gib: number, touch = true): string {
  const mode = policy === 'bind' ? 'MPOL_BIND, 0-1' : policy === 'interleave' ? 'MPOL_INTERLEAVE, 0-3' : 'MPOL_WEIGHTED_INTERLEAVE, 0-3';
  return [
    `scenario "1 TiB machine, ${gib} GiB under ${policy}"`,
    'node 0 dram 256G cpus 0-15',
    'node 1 dram 256G cpus 16-31',
    'node 2 dram 256G cpus 32-47',
    'node 3 dram 256G cpus 48-63',
    ...(policy === 'weighted' ? ['sysctl mempolicy.weighted_interleave.node0 = 4', 'sysctl mempolicy.weighted_interleave.node1 = 3', 'sysctl mempolicy.weighted_interleave.node2 = 2'] : []),
    'task app cpu 0 {',
    `  buf = mmap(${gib}G)`,
    `  mbind(buf, ${mode})`,
    touch ? '  touch(buf)' : '',
    '}',
    '',
  ].join('\n');
}

/**
 * Fault-rate scenario. `bulk`: one large touch (many faults, one extent).
 * `scattered`: `n` separate statements, each faulting a page or a few pages at
 * offsets that never merge into one extent (every other page untouched).
 */
export function faultScenario(opts: { bulkGiB: number; scattered: number }): string {
  const out = ['scenario "fault rate"', 'node 0 dram 512G cpus 0-15', 'node 1 dram 512G cpus 16-31', 'task app cpu 0 {'];
  if (opts.bulkGiB > 0) out.push(`  big = mmap(${opts.bulkGiB}G)`, '  touch(big)');
  if (opts.scattered > 0) {
    out.push(`  small = mmap(${Math.ceil((opts.scattered * 32) / 1024 / 1024) + 1}G)`);
    for (let i = 0; i < opts.scattered; i++) {
      // 32 KiB apart: a poke faults one page, a touch four pages; never adjacent to the next
      if (i % 4 === 3) out.push(`  touch(small[${i * 32}K:${i * 32 + 16}K])`);
      else out.push(`  small[${i * 32}K] = 1`);
    }
  }
  out.push('}', '');
  return out.join('\n');
}

/** Pages a fault scenario faults in (what the emulator must report as resident). */
export function expectedFaults(opts: { bulkGiB: number; scattered: number }): number {
  let pages = opts.bulkGiB * 262144;
  for (let i = 0; i < opts.scattered; i++) pages += i % 4 === 3 ? 4 : 1;
  return pages;
}

/**
 * A scenario of exactly `lines` lines using every kind of statement: node
 * declarations, tasks with mmap/mbind/touch/madvise/move_pages and
 * expectations, kernel blocks with allocations, loops and frees, comments.
 */
export function largeScenario(lines: number): string {
  const out = [
    `scenario "generated: ${lines.toLocaleString('en-US')} lines"`,
    'design private_v4',
    'node 0 dram 64G cpus 0-7',
    'node 1 dram 64G cpus 8-15',
    'node 2 cxl 64G private ops MIGRATION | MEMPOLICY | DEMOTION',
    'node 3 cram 64G media 16G ratio 2.5 watermarks low=10% high=20%',
    'swap 8G',
    'cgroup jobs mems 0-2',
    'sysctl vm.demotion_enabled = 1',
    '',
  ];
  let i = 0;
  const blocks = [
    (k: number) => [
      `// task ${k}: a private-node mapping and a DRAM one`,
      `task t${k} cpu ${k % 16} {`,
      '  a = mmap(4M)',
      `  mbind(a, MPOL_BIND, ${k % 3})`,
      '  touch(a, write, data=text)',
      `  expect pages(a, ${k % 3}) == 100%`,
      '  b = malloc(1M)',
      '  b[4K] = 1',
      '  madvise(b, MADV_COLD)',
      '  expect no leak',
      '}',
      '',
    ],
    (k: number) => [
      `kernel "driver ${k}" {`,
      `  p = alloc_pages_node(${k % 2}, GFP_KERNEL, 0, count=8)`,
      '  expect ok',
      '  for_each_node(n) {',
      '    s = kmalloc_node(512, GFP_KERNEL, n)',
      '  }',
      '  repeat 2 {',
      `    q = alloc_pages(GFP_KERNEL | __GFP_THISNODE, 1, nodemask={0, 1})`,
      '    free_pages(q)',
      '  }',
      '  free_pages(p)',
      '}',
      '',
    ],
  ];
  while (out.length < lines - 14) {
    out.push(...blocks[i % 2](i));
    i++;
  }
  while (out.length < lines) out.push('// padding');
  return out.slice(0, lines).join('\n') + '\n';
}

/**
 * bench/lsp-latency.mjs generateLargeScenario(5000), the LSP bench's long document: the worker's
 * warm-up scenario (the same blocks) under the bench's title, padded to the line count
 */
export function lspBenchScenario(lines: number): string {
  const out = warmUpScenario(lines).replace('scenario "warm-up"', 'scenario "generated: 5,000 lines"').split('\n');
  out.pop(); // (the text's final newline)
  while (out.length < lines) out.push('// padding');
  return out.join('\n') + '\n';
}

/** every bundled sample under `root`/sample-workspaces, sorted (the LSP bench's samples section) */
export function bundledSamples(root: string): string[] {
  const files: string[] = [];
  const find = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const full = join(dir, e);
      if (statSync(full).isDirectory()) find(full);
      else if (e.endsWith('.mmlab')) files.push(full);
    }
  };
  find(join(root, 'sample-workspaces'));
  return files.sort();
}

/** what the typing measurements type, a character a job, again and again (bench/editJobs.ts TYPING=1, the bench's typing rows) */
export const TYPED_STATEMENT = '  touch(a, read)\n';

/** the first line at or after `from` that holds a statement with a size (`mmap(4M)`): where typing happens */
export function typingLine(lines: readonly string[], from: number): number {
  let line = from;
  while (line < lines.length - 1 && !lines[line].includes('mmap(4M)')) line++;
  return line;
}

/**
 * The text after `n` keystrokes typed on a line of its own after line `after`: the first `n`
 * characters of `typed` repeated. Every version is another program from there on (a statement half
 * written is an error line), and every block after it has moved one character further than in the
 * version before.
 */
export function typedText(lines: readonly string[], after: number, n: number, typed = TYPED_STATEMENT): string {
  const edited = [...lines];
  edited[after] += '\n' + typed.repeat(Math.floor(n / typed.length)) + typed.slice(0, n % typed.length);
  return edited.join('\n');
}

/**
 * The goal rows' statement edits (bench/lsp-latency.mjs 'statement'), on `drifted` (the scenario's
 * lines, changed in place): the i-th text has a digit typed into the `mmap(4M)` at or after the
 * i/2-th place (a prime stride: 769 lines on each time), then typed over by the next (42M -> 43M),
 * so that every text is new (ADR 0039)
 */
export function statementEdit(drifted: string[], i: number): { text: string; line: number } {
  const last = drifted.length - 1;
  const odd = i % 2 === 1;
  let line = 5 + ((Math.floor(i / 2) * 769) % (last - 10));
  while (line < last && !drifted[line].includes(odd ? 'mmap(42M)' : 'mmap(4M)')) line++;
  drifted[line] = odd ? drifted[line].replace('mmap(42M)', 'mmap(43M)') : drifted[line].replace('mmap(4M)', 'mmap(42M)');
  return { text: drifted.join('\n'), line };
}
