import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { CRAM_STATS } from '../../server/src/mm/cram/registration';
import { KNOWN_STATS } from '../../server/src/mm/vmstat';
import { analyzeText } from '../../server/src/model/lower';
import { VMSTAT_NAMES, VMSTAT_TABLE } from '../../server/src/vocab/vmstat';

/**
 * Every counter the emulator can increment must be a name `expect stat(NAME)` accepts
 * (vocab/vmstat.ts), or a scenario cannot check what a run reports in its `stats`.
 * The names come from the emulator's exported lists and from its source: every
 * `….stat.add(NAME, …)` (mm/vmstat.ts VmStat) and service `api.count(NAME, …)`
 * (mm/node_private.ts ServiceApi), with NAME a string literal or a `?:` of literals.
 */
const ROOT = path.join(__dirname, '../../server/src');
const EMULATOR_DIRS = ['mm', 'run'];

/**
 * Calls whose counter name is computed, as `file: argument text`. Each must only forward
 * names that are checked elsewhere: services.ts forwards api.count (its callers are scanned),
 * cram.ts registers the keys of CRAM_STATS (imported and checked below).
 */
const FORWARDERS = new Set(['mm/services.ts: stat', 'mm/cram.ts: stat']);

interface Site {
  file: string;
  line: number;
  arg: string;
  names?: string[];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith('.ts') ? [p] : [];
  });
}

/** The string values an expression can take, or undefined when it is not made of literals. */
function literalValues(e: ts.Expression): string[] | undefined {
  if (ts.isStringLiteralLike(e)) return [e.text];
  if (ts.isParenthesizedExpression(e)) return literalValues(e.expression);
  if (ts.isConditionalExpression(e)) {
    const a = literalValues(e.whenTrue);
    const b = literalValues(e.whenFalse);
    return a && b ? [...a, ...b] : undefined;
  }
  return undefined;
}

/** `x.stat.add(…)`, `stat.add(…)` (a VmStat) or `api.count(…)` (the service API). */
function isCounterCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || call.arguments.length === 0) return false;
  const method = callee.name.text;
  const recv = callee.expression;
  const recvName = ts.isIdentifier(recv) ? recv.text : ts.isPropertyAccessExpression(recv) ? recv.name.text : '';
  return (method === 'add' && recvName === 'stat') || (method === 'count' && recvName === 'api');
}

function counterSites(): Site[] {
  const sites: Site[] = [];
  for (const dir of EMULATOR_DIRS) {
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      const text = fs.readFileSync(file, 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && isCounterCall(n)) {
          const arg = n.arguments[0];
          sites.push({ file: rel, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, arg: arg.getText(sf), names: literalValues(arg) });
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
  }
  return sites;
}

describe('vmstat vocabulary covers the emulator', () => {
  const sites = counterSites();

  it('finds the counter calls in the emulator source (the scan works)', () => {
    const names = new Set(sites.flatMap((s) => s.names ?? []));
    // one plain call, one `?:` call and one service call, so a broken scan cannot pass silently
    for (const n of ['oom_kill', 'pgdemote_kswapd', 'pgdemote_direct', 'cram_migrate_refused', 'zswpout']) assert.ok(names.has(n), `${n} not found by the source scan`);
  });

  it('every counter name the emulator source increments is in the vocabulary table', () => {
    const missing = sites.filter((s) => s.names).flatMap((s) => s.names!.filter((n) => !VMSTAT_TABLE.has(n)).map((n) => `${n} (${s.file}:${s.line})`));
    assert.deepStrictEqual(missing, [], 'add these to server/src/vocab/vmstat.ts');
  });

  it('every computed counter name is a known forwarder', () => {
    const computed = sites.filter((s) => !s.names).map((s) => `${s.file}: ${s.arg}`);
    for (const c of computed) assert.ok(FORWARDERS.has(c), `${c}: a counter name that is not a literal; make it one (or a ?: of literals) or list the call in FORWARDERS with where its names are checked`);
  });

  it('every counter the emulator registers up front (KNOWN_STATS, CRAM_STATS) is in the vocabulary table', () => {
    const missing = [...KNOWN_STATS, ...Object.keys(CRAM_STATS)].filter((n) => !VMSTAT_TABLE.has(n));
    assert.deepStrictEqual(missing, []);
  });

  it('the CRAM service counters are the vocabulary entries marked for it, with their docs', () => {
    const marked = [...VMSTAT_TABLE.values()].filter((e) => e.service === 'cram');
    assert.deepStrictEqual(Object.keys(CRAM_STATS).sort(), marked.map((e) => e.name).sort());
    for (const e of marked) assert.strictEqual(CRAM_STATS[e.name], e.doc);
    for (const n of ['cram_migrate_in', 'cram_migrate_refused', 'cram_blocked_midbatch', 'cram_promote_retry', 'cram_write_inplace', 'cram_writable_granted', 'cram_writable_revoked', 'cram_irq_unhandled'])
      assert.ok(n in CRAM_STATS, n);
  });

  it('`expect stat(NAME)` accepts every name of the table, the zswap and CRAM service counters included', () => {
    for (const n of ['zswpin', 'zswpout', 'cram_migrate_refused', 'cram_irq_unhandled']) assert.ok(VMSTAT_NAMES.includes(n), n);
    const text = `node 0 dram 4G\n${VMSTAT_NAMES.map((n) => `expect stat(${n}) >= 0`).join('\n')}\n`;
    const r = analyzeText(text);
    assert.deepStrictEqual(r.diagnostics.map((d) => d.message), []);
    const stats = r.program.items.flatMap((i) => (i.kind === 'expect' && i.expectation.form === 'metric' && i.expectation.metric.name === 'stat' ? [i.expectation.metric.stat] : []));
    assert.deepStrictEqual(stats, [...VMSTAT_NAMES]);
  });
});
