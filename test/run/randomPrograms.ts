/**
 * Random scenarios and someone typing into them, for the incremental equivalence tests: the
 * samples are written to make a point and are tidy; these are not (blocks of every kind, loops
 * nested, braces left open, a statement glued to the `}` before it, names used before they are
 * assigned, expectations at top level, a declaration after the blocks). Seeded: program k of a
 * seed is always the same text and the same keystrokes.
 */
type Rng = () => number;

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const DECLARATIONS = [
  'node 0 dram 1G cpus 0-3',
  'node 1 dram 1G cpus 4-7',
  'node 2 cxl 1G private device A caps RECLAIM | USER_NUMA',
  'node 3 cram 1G media 256M watermarks low=10% high=25%',
  'swap 1G',
  'cgroup jobs mems 0-1',
];

/** a task's statements: ones that run, ones that fail, a half-written one, a scope opened or closed alone */
const TASK = [
  'a = mmap(4M)',
  'touch(a)',
  'touch(a, write, data=text)',
  'mbind(a, MPOL_BIND, 2)',
  'expect pages(a, 2) == 100%',
  'b = malloc(1M)',
  'b[4K] = 1',
  'madvise(b, MADV_COLD)',
  'free(b)',
  'munmap(a)',
  'hot = malloc(512M)',
  'touch(hot, write, data=random)',
  'expect ok',
  'expect no leak',
  'expect leak',
  'expect diagnostic syntax',
  'expect stat(numa_miss) == 0',
  'expect stat(cram_demote) >= 0',
  'expect media_used(3) <= 256M',
  'zz',
  'memalloc_private {',
  '}',
  'interrupt {',
  'rx = folio_alloc(GFP_ATOMIC, 0, count=16)',
  'expect pages(rx, 2) == 0 under private_v4',
  'expect leak under memalloc_scope',
  'move_pages(a, 2)',
  'move_pages(hot, 3)',
  'pin(a, longterm)',
  'migrate_pages(0, 2)',
  'khugepaged()',
  'write(hot[0:1M], data=random)',
];

const KERNEL = [
  'p = alloc_pages_node(1, GFP_KERNEL, 0, count=8)',
  'expect ok',
  'q = alloc_pages(GFP_KERNEL | __GFP_THISNODE, 1, nodemask={0, 1})',
  'free_pages(q)',
  'free_pages(p)',
  's = kmalloc_node(512, GFP_KERNEL, 2)',
  'expect pages(p, 1) == 8',
  'mine = folio_alloc(GFP_HIGHUSER_MOVABLE, 0, nid=2, count=16)',
  'expect pages(mine, 2) == 16 under memalloc_scope',
  'zz',
  'compact(2)',
  'offline_node(2)',
  'add_private_memory_driver_managed(4, 128M, ops=MIGRATION | MEMPOLICY)',
];

/** the CXL device's events */
const DEVICE = ['raise(low)', 'raise(high)', 'fill(92%)', 'set_ratio(2.0)', 'expect open(3) == 0', 'expect pressure(3) == 1000', 'expect diagnostic cram-backpressure', 'zz'];

/** what the typist types: whole statements, a comment, a loop's header and its brace */
const TYPED = ['gate none', 'touch(a, read)', 'expect ok', 'b = malloc(1M)', 'free(b)', 'expect no leak', 'expect pages(a, 0) > 0', 'q = alloc_pages(GFP_KERNEL, 0)', 'free_pages(q)', '// note', 'repeat 2 {', '}', 'mbind(a, MPOL_PREFERRED, 1)', 'expect leak'];

function body(r: Rng, pool: readonly string[], depth: number): string[] {
  const ind = '  '.repeat(depth);
  const out: string[] = [];
  for (let i = 1 + Math.floor(r() * 5); i > 0; i--) {
    const c = r();
    if (c < 0.12 && depth < 3) out.push(`${ind}repeat ${1 + Math.floor(r() * 3)} {`, ...body(r, pool, depth + 1), `${ind}}`);
    else if (c < 0.2 && depth < 3) out.push(`${ind}for_each_node(n) {`, ...body(r, pool, depth + 1), `${ind}}`);
    else out.push(ind + pick(r, pool));
  }
  return out;
}

/** most tasks map what their statements name first (the others use names not yet assigned) */
const mappings = (r: Rng): string[] => (r() < 0.6 ? ['  a = mmap(4M)', '  hot = malloc(512M)'] : []);

export function randomProgram(r: Rng): string {
  const lines = [...DECLARATIONS];
  if (r() < 0.4) lines.push('sysctl vm.demotion_enabled = 1');
  for (let b = 1 + Math.floor(r() * 4), k = 0; k < b; k++) {
    const kind = r();
    if (kind < 0.25) lines.push(`kernel "k${k}" {`, ...body(r, KERNEL, 1), '}');
    else if (kind < 0.4) lines.push(`driver A "d${k}" {`, '  memalloc_private {', ...body(r, KERNEL, 2), '  }', '}');
    else if (kind < 0.5) lines.push(`task c${k} cgroup jobs {`, ...mappings(r), ...body(r, TASK, 1), '}');
    else if (kind < 0.58) lines.push('device 3 {', ...body(r, DEVICE, 1), '}');
    else lines.push(`task t${k} cpu ${k % 8} {`, ...mappings(r), ...body(r, TASK, 1), '}');
    if (r() < 0.3) lines.push(pick(r, ['expect ok', 'expect no leak', 'expect diagnostic syntax', 'expect leak']));
    if (r() < 0.2) lines.push('');
    if (r() < 0.1) lines.push('// a comment');
  }
  // a declaration after the blocks: its position moves with every keystroke before it
  if (r() < 0.3) lines.push(pick(r, ['node 4 dram 1G cpus 8-9', 'sysctl vm.demotion_enabled = 1', 'swap 2G']));
  // a design of the file's own after the machine, now and then the file's default: typing into it
  // changes every run's mechanism (drawn last: the programs above stay as they were)
  if (r() < 0.25) {
    const choices = Array.from({ length: 1 + Math.floor(r() * 3) }, () => `  ${pick(r, CHOICES)}`);
    const picked = r() < 0.5 ? ['design mine'] : [];
    lines.splice(DECLARATIONS.length, 0, `design mine extends ${pick(r, ['private_v4', 'private_soft', 'spm_v2', 'private_latest'])} {`, ...choices, '}', ...picked);
  }
  return lines.join('\n') + '\n';
}

/** a declared design's choices (language.md's extension, Declaring a design), one of them a conflict the checker reports */
const CHOICES = ['gate none', 'own_fallback self_only', 'normal_lists include', 'services open', 'injects none', 'leak never', 'user_masks trim_unopted', 'migrate_targets open', 'unlock_by owner', 'slab thisnode_try', 'gate __GFP_THISNODE'];

/**
 * The texts someone typing makes: `sessions` times a cursor is put somewhere (on a new line, with
 * the indentation of the line above, or anywhere inside a line) and `keys` keystrokes are made
 * there: mostly the characters of one statement, now and then a space, a line break or a backspace.
 */
export function* typedVersions(text: string, r: Rng, sessions = 3, keys = 14): Generator<string> {
  for (let s = 0; s < sessions; s++) {
    const lines = text.split('\n');
    const i = Math.floor(r() * lines.length);
    let at: number;
    if (r() < 0.6) {
      const indent = /^ */.exec(lines[i])![0] || (r() < 0.5 ? '  ' : '');
      at = lines.slice(0, i + 1).join('\n').length;
      text = `${text.slice(0, at)}\n${indent}${text.slice(at)}`;
      at += 1 + indent.length;
    } else at = lines.slice(0, i).join('\n').length + (i > 0 ? 1 : 0) + Math.floor(r() * (lines[i].length + 1));
    const word = pick(r, TYPED);
    for (let k = 0, typed = 0; k < keys; k++) {
      const c = r();
      if (c < 0.12 && at > 0) text = text.slice(0, --at) + text.slice(at + 1);
      else {
        const key = c < 0.18 ? '\n' : c < 0.22 ? ' ' : word[typed++ % word.length];
        text = text.slice(0, at) + key + text.slice(at);
        at++;
      }
      yield text;
    }
  }
}
