/**
 * fast-check arbitraries for scenario text: grammar-shaped random scenarios
 * (mostly valid, with extreme values), mutations of real scenarios (token
 * deletion/duplication/swap, random bytes, truncation, huge numbers, deep
 * nesting, unicode, NUL, CRLF), and hostile strings for the webviews.
 */
import fc from 'fast-check';
import { CALLS } from '../../server/src/vocab/calls';
import { ERRNO_NAMES } from '../../server/src/vocab/errno';
import { GFP_TABLE } from '../../server/src/vocab/gfp';
import { KEYWORDS } from '../../server/src/vocab/keywords';
import { MADV_NAMES } from '../../server/src/vocab/madv';
import { MPOL_TABLE } from '../../server/src/vocab/mpol';
import { NP_OPS_TABLE } from '../../server/src/vocab/npops';
import { DESIGNS } from '../../server/src/model/ir';
import { Seed } from './corpus';

// ---------------------------------------------------------------- vocabulary

const GFP_NAMES = [...GFP_TABLE.keys()];
const MPOL_NAMES = [...MPOL_TABLE.keys()];
const NPOPS_NAMES = [...NP_OPS_TABLE.keys()];
const CALL_NAMES = CALLS.map((c) => c.name);
const KEYWORD_NAMES = KEYWORDS.map((k) => k.name);

/** Numbers at the edges: unit overflow, 2^53, 2^64, ids past 1023, zero, negative, empty hex. */
export const HUGE_NUMBERS = [
  '0', '-1', '1023', '1024', '65535', '99999999', '4294967296', '9007199254740993', '18446744073709551616',
  '99999999999999999999999999', '0xffffffffffffffff', '0x', '1023T', '1024T', '99999999T', '1e308', '4097',
  '0.0000001', '1.7976931348623157e308', '999999999999%', '100000000000000000000G', '0K', '1.5T', '00000000',
];

export const VOCAB_TOKENS = [
  ...GFP_NAMES, ...MPOL_NAMES, ...NPOPS_NAMES, ...CALL_NAMES, ...KEYWORD_NAMES, ...MADV_NAMES, ...ERRNO_NAMES, ...DESIGNS,
  'dram', 'hbm', 'cxl', 'cram', 'accel', 'nic', 'private', 'cpus', 'ops', 'callbacks', 'media', 'ratio', 'watermarks',
  'low', 'high', 'zone', 'normal', 'movable', 'tier', 'offline', 'anon', 'file', 'shmem', 'shared', 'read', 'write',
  'data', 'zero', 'text', 'random', 'longterm', 'nodemask', 'count', 'N_MEMORY', 'N_MEMORY_PRIVATE', 'N_CPU',
  '{', '}', '(', ')', '[', ']', ',', ';', '=', '==', '!=', '<=', '>=', '<', '>', '|', ':', '-', '%', '"', '/*', '*/', '//',
  '\n', ' ', '4K', '1G', '64M', '2', '0-3', '{0, 2-3}', 'buf', 'buf[0:64M]', 'buf[10%:50%]', 'p', 'n', 'app',
  ...HUGE_NUMBERS,
];

/** Characters that break naive code: NUL, BOM, lone surrogates, RTL override, line/paragraph separators, emoji, combining marks. */
export const NASTY_CHARS = ['\u0000', '\ufeff', '\ud800', '\udfff', '\u202e', '\u2028', '\u2029', '\u00a0', '😀', 'e\u0301', '\r', '\r\n', '\t', '\u000b', '\u000c', '\u0085', '𝔘', 'ß', 'İ'];

// ---------------------------------------------------------------- grammar-shaped scenarios

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const nodeId = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: pick([1023, 1024, 70000, 4294967297]) }).map(String);
const size = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 1, max: 64 }), pick(['K', 'M', 'G'])).map(([n, u]) => `${n}${u}`) },
  { weight: 1, arbitrary: pick(['0', '1', '4097', '1023T', '1T', '16T', '999999T', '0x10000']) },
);
const flagsOf = (names: readonly string[]) => fc.array(pick(names), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(' | '));
const nodeSet = fc.oneof(nodeId, fc.tuple(nodeId, nodeId).map(([a, b]) => `${a}-${b}`), fc.array(nodeId, { minLength: 1, maxLength: 3 }).map((xs) => `{${xs.join(', ')}}`));
const count = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 50 }).map(String) }, { weight: 1, arbitrary: pick(['1000000000', '99999999999999', '4294967296']) });
const mapping = pick(['buf', 'a', 'b', 'missing']);
const rangeRef = fc.oneof(mapping, fc.tuple(mapping, size).map(([m, s]) => `${m}[${s}]`), fc.tuple(mapping, size, size).map(([m, a, b]) => `${m}[${a}:${b}]`), fc.tuple(mapping, fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 })).map(([m, a, b]) => `${m}[${a}%:${b}%]`));

const nodeDecl = fc
  .tuple(nodeId, pick(['dram', 'hbm', 'cxl', 'cram', 'accel', 'nic', 'bogus']), size, fc.subarray(['private', 'cpus 0-7', 'ops MIGRATION | MEMPOLICY', 'ops DEMOTION', 'media 1G', 'ratio 2.5', 'watermarks low=10% high=20%', 'zone movable', 'tier 2', 'offline', 'callbacks free_folio, migrate_to']))
  .map(([id, kind, sz, attrs]) => `node ${id} ${kind} ${sz} ${attrs.join(' ')}`.trim());

const taskStmt = fc.oneof(
  fc.tuple(mapping, size).map(([m, s]) => `${m} = mmap(${s})`),
  fc.tuple(mapping, size).map(([m, s]) => `${m} = malloc(${s})`),
  rangeRef.map((r) => `touch(${r})`),
  fc.tuple(rangeRef, pick(['zero', 'text', 'random', 'ratio(3)', 'ratio(0)'])).map(([r, d]) => `touch(${r}, write, data=${d})`),
  fc.tuple(mapping, size).map(([m, s]) => `${m}[${s}] = 1`),
  fc.tuple(rangeRef, flagsOf(MPOL_NAMES), nodeSet).map(([r, m, n]) => `mbind(${r}, ${m}, ${n})`),
  fc.tuple(flagsOf(MPOL_NAMES), nodeSet).map(([m, n]) => `set_mempolicy(${m}, ${n})`),
  fc.tuple(rangeRef, nodeId).map(([r, n]) => `move_pages(${r}, ${n})`),
  fc.tuple(nodeSet, nodeSet).map(([a, b]) => `migrate_pages(${a}, ${b})`),
  fc.tuple(rangeRef, pick(MADV_NAMES)).map(([r, a]) => `madvise(${r}, ${a})`),
  rangeRef.map((r) => `mlock(${r})`),
  rangeRef.map((r) => `pin(${r}, longterm)`),
  rangeRef.map((r) => `unpin(${r})`),
  mapping.map((m) => `munmap(${m})`),
  fc.constant('exit()'),
);
const kernelStmt = fc.oneof(
  fc.tuple(nodeId, flagsOf(GFP_NAMES), fc.integer({ min: 0, max: 12 }), count).map(([n, g, o, c]) => `p = alloc_pages_node(${n}, ${g}, ${o}, count=${c})`),
  fc.tuple(flagsOf(GFP_NAMES), fc.integer({ min: 0, max: 11 }), nodeSet).map(([g, o, m]) => `p = alloc_pages(${g}, ${o}, nodemask=${m})`),
  fc.tuple(size, flagsOf(GFP_NAMES), nodeId).map(([s, g, n]) => `k = kmalloc_node(${s}, ${g}, ${n})`),
  fc.constant('free_pages(p)'),
  nodeId.map((n) => `kswapd(${n})`),
  fc.tuple(nodeId, size).map(([n, s]) => `reclaim(${n}, ${s})`),
  nodeId.map((n) => `compact(${n})`),
  pick(['khugepaged()', 'ksm_scan()', 'numa_balancing_scan()']),
  fc.tuple(nodeId, size, flagsOf(NPOPS_NAMES)).map(([n, s, o]) => `add_private_memory_driver_managed(${n}, ${s}, ops=${o})`),
  nodeId.map((n) => `online_node(${n})`),
  nodeId.map((n) => `offline_node(${n})`),
  fc.tuple(nodeId, flagsOf(NPOPS_NAMES)).map(([n, o]) => `node_private_set_ops(${n}, ${o})`),
  fc.tuple(nodeId, count).map(([n, c]) => `memory_failure(${n}, count=${c})`),
  fc.tuple(flagsOf(GFP_NAMES)).map(([g]) => `for_each_node(n) { q = alloc_pages_node(n, ${g}, 0) }`),
);
const deviceStmt = fc.oneof(pick(['raise(low)', 'raise(high)', 'set_ratio(1.5)', 'set_ratio(0)', 'fill(95%)', 'fill(250%)']));
const expectStmt = fc.oneof(
  pick(['expect ok', 'expect oom', 'expect leak', 'expect no leak', 'expect error ENOMEM', 'expect diagnostic syntax', 'expect diagnostic budget-exceeded']),
  fc.tuple(mapping, nodeId, pick(['==', '!=', '<', '>=']), pick(['0', '100%', '50%', '1G'])).map(([m, n, op, v]) => `expect pages(${m}, ${n}) ${op} ${v}`),
  fc.tuple(pick(['used', 'free', 'media_used', 'open', 'pressure']), nodeId).map(([f, n]) => `expect ${f}(${n}) >= 0`),
  pick(DESIGNS).map((d) => `expect no leak under ${d}`),
);

function wrapLoops(body: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: body },
    { weight: 1, arbitrary: fc.tuple(count, body).map(([c, b]) => `repeat ${c} {\n${b}\n}`) },
    { weight: 1, arbitrary: fc.tuple(count, count, body).map(([c1, c2, b]) => `repeat ${c1} {\nrepeat ${c2} {\n${b}\n}\n}`) },
    { weight: 1, arbitrary: fc.tuple(count, body).map(([c, b]) => `repeat ${c} {\nfor_each_node(n) {\n${b}\n}\n}`) },
  );
}

const block = fc.oneof(
  fc.tuple(pick(['app', 'db', 'app']), fc.array(wrapLoops(fc.oneof({ weight: 4, arbitrary: taskStmt }, { weight: 1, arbitrary: expectStmt })), { maxLength: 8 })).map(([t, ss]) => `task ${t} cpu 0 {\n${ss.join('\n')}\n}`),
  fc.array(wrapLoops(fc.oneof({ weight: 4, arbitrary: kernelStmt }, { weight: 1, arbitrary: expectStmt })), { maxLength: 6 }).map((ss) => `kernel "k" {\n${ss.join('\n')}\n}`),
  fc.tuple(nodeId, fc.array(deviceStmt, { maxLength: 4 })).map(([n, ss]) => `device ${n} {\n${ss.join('\n')}\n}`),
);

/** A random, mostly well-formed scenario with edge values sprinkled in. */
export const scenarioArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.option(fc.string({ maxLength: 20 }).map((t) => `scenario "${t.replace(/["\\\n\r]/g, '')}"`)),
    fc.option(pick([...DESIGNS, 'bogus_design'])),
    fc.array(nodeDecl, { minLength: 1, maxLength: 4 }),
    fc.subarray(['swap 1G', 'distance 0 1 30', 'cgroup cg mems 0-1', 'sysctl vm.demotion_enabled = 1', 'sysctl mempolicy.weighted_interleave.node1 = 3', 'sysctl bogus.key = 1']),
    fc.array(block, { maxLength: 4 }),
    fc.array(expectStmt, { maxLength: 2 }),
  )
  .map(([title, design, nodes, misc, blocks, tops]) => [title ?? '', design ? `design ${design}` : '', ...nodes, ...misc, ...blocks, ...tops].filter(Boolean).join('\n') + '\n');

/** Tokens of the vocabulary glued together at random: text a lexer and parser must survive. */
export const tokenSoupArb: fc.Arbitrary<string> = fc.array(fc.oneof({ weight: 9, arbitrary: pick(VOCAB_TOKENS) }, { weight: 1, arbitrary: pick(NASTY_CHARS) }), { maxLength: 120 }).map((ts) => ts.join(' '));

// ---------------------------------------------------------------- mutations

const TOKEN_RE = /\r\n|\n|\r|[ \t]+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][A-Za-z0-9_.]*|0x[0-9a-fA-F]*|\d+(?:\.\d+)?[A-Za-z%]*|[\s\S]/g;

export function roughTokens(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

export type Mutation =
  | { kind: 'delete' | 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'replace'; at: number; token: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'huge'; at: number; number: string }
  | { kind: 'nest'; at: number; depth: number; open: string; close: string }
  | { kind: 'lines'; op: 'crlf' | 'cr' | 'strip-newlines' }
  | { kind: 'dupLines'; at: number; times: number };

const nestKinds: [string, string][] = [
  ['repeat 2 {\n', '\n}'],
  ['(', ')'],
  ['{', '}'],
  ['[', ']'],
  ['for_each_node(n) {\n', '\n}'],
  ['/*', ''],
  ['"', ''],
  ['task t {\n', ''],
];

/**
 * One mutation. `deep` allows nesting thousands of levels deep (the `npm run fuzz`
 * mode); the bounded suite stays at 60 levels so one case cannot take seconds.
 */
export function mutationArb(deep = false): fc.Arbitrary<Mutation> {
  return fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), token: pick(VOCAB_TOKENS) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), pick(NASTY_CHARS), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ maxLength: 12 })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), number: pick(HUGE_NUMBERS) }),
  fc.tuple(fc.nat(), deep ? fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 200, max: 3000 }) }) : fc.integer({ min: 1, max: 60 }), pick(nestKinds)).map(
    ([at, depth, [open, close]]): Mutation => ({ kind: 'nest', at, depth, open, close }),
  ),
  fc.record({ kind: fc.constant('lines' as const), op: fc.constantFrom('crlf' as const, 'cr' as const, 'strip-newlines' as const) }),
  fc.record({ kind: fc.constant('dupLines' as const), at: fc.nat(), times: fc.integer({ min: 1, max: 50 }) }),
  );
}

export function applyMutation(text: string, m: Mutation): string {
  const toks = roughTokens(text);
  const n = toks.length;
  const ti = (i: number) => (n ? i % n : 0);
  switch (m.kind) {
    case 'delete':
      if (!n) return text;
      toks.splice(ti(m.at), 1);
      return toks.join('');
    case 'duplicate':
      if (!n) return text;
      toks.splice(ti(m.at), 0, toks[ti(m.at)]);
      return toks.join('');
    case 'swap': {
      if (!n) return text;
      const a = ti(m.at);
      const b = ti(m.with);
      [toks[a], toks[b]] = [toks[b], toks[a]];
      return toks.join('');
    }
    case 'replace':
      if (!n) return m.token;
      toks[ti(m.at)] = m.token;
      return toks.join('');
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'huge': {
      const nums = toks.map((t, i) => (/^\d/.test(t) ? i : -1)).filter((i) => i >= 0);
      if (!nums.length) return text + ' ' + m.number;
      toks[nums[m.at % nums.length]] = m.number;
      return toks.join('');
    }
    case 'nest': {
      const lines = text.split('\n');
      const at = m.at % (lines.length + 1);
      const inner = lines.slice(at, at + 1).join('\n');
      const wrapped = m.open.repeat(m.depth) + inner + m.close.repeat(m.depth);
      return [...lines.slice(0, at), wrapped, ...lines.slice(at + 1)].join('\n');
    }
    case 'lines':
      if (m.op === 'crlf') return text.replace(/\r?\n/g, '\r\n');
      if (m.op === 'cr') return text.replace(/\r?\n/g, '\r');
      return text.replace(/\r?\n/g, ' ');
    case 'dupLines': {
      const lines = text.split('\n');
      if (!lines.length) return text;
      const at = m.at % lines.length;
      return [...lines.slice(0, at), ...Array(m.times).fill(lines[at]), ...lines.slice(at)].join('\n');
    }
  }
}

/** A real scenario with 1..6 mutations applied in order. */
export function mutatedArb(corpus: Seed[], deep = false): fc.Arbitrary<{ seed: string; mutations: Mutation[]; text: string }> {
  return fc.tuple(fc.constantFrom(...corpus), fc.array(mutationArb(deep), { minLength: 1, maxLength: 6 })).map(([s, ms]) => ({
    seed: s.file,
    mutations: ms,
    text: ms.reduce(applyMutation, s.text),
  }));
}

/** Any scenario text the fuzzers try: grammar-shaped, token soup, mutated real scenarios, raw strings. */
export function anyScenarioArb(corpus: Seed[], deep = false): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: scenarioArb },
    { weight: 1, arbitrary: tokenSoupArb },
    { weight: 5, arbitrary: mutatedArb(corpus, deep).map((m) => m.text) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

// ---------------------------------------------------------------- hostile strings (webviews)

export const INJECTIONS = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror=window.__pwned=1>',
  "'><svg onload=alert(1)>",
  '</style><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  'javascript:alert(1)',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '&lt;script&gt;',
  '${alert(1)}',
  '{{constructor.constructor("alert(1)")()}}',
  '<!--',
  ']]>',
  '\u0000<script>',
  '<scr<script>ipt>',
  '" style="background:url(javascript:alert(1))',
  '` onmouseover=alert(1) `',
];

/** A string mixing injection payloads, markup characters and random text. */
export const hostileStringArb: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: pick(INJECTIONS) }, { weight: 2, arbitrary: pick(['<', '>', '&', '"', "'", '`', '/', '=', ' ', '\n', '\u2028']) }, { weight: 2, arbitrary: fc.string({ maxLength: 8 }) }), { minLength: 1, maxLength: 6 })
  .map((xs) => xs.join(''));
