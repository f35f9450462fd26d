import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lower } from '../../server/src/model/lower';
import { parse } from '../../server/src/syntax/parser';
import { summarizeDiagnostics, summarizeProgram, summarizeTree } from '../model/summary';
import { absoluteItem } from '../../server/src/model/blockSpans';

/**
 * Data-driven parser/lowering fixtures: test/fixtures/parser/NAME.mmlab beside
 * NAME.json (diagnostics with positions and messages, a compact tree and IR).
 * Goldens are rewritten only with UPDATE_GOLDENS=1. Each fixture also states,
 * in its header, what must hold regardless of the golden:
 *   // @diagnostics CODE...   exactly this set of diagnostic codes appears
 *   // @recovers              analysis continues after the first syntax error:
 *                             a later non-syntax diagnostic or lowered statement exists
 */
const DIR = path.resolve(__dirname, '../fixtures/parser');
const UPDATE = process.env.UPDATE_GOLDENS === '1';

function directives(text: string) {
  const codes = /^\/\/ @diagnostics(.*)$/m.exec(text);
  return {
    codes: codes ? codes[1].trim().split(/\s+/).filter(Boolean) : undefined,
    recovers: /^\/\/ @recovers\b/m.test(text),
  };
}

function laterStatementStarts(items: unknown): number[] {
  const out: number[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if ((o.kind === 'call' || o.kind === 'expect') && o.span) out.push((o.span as { start: number }).start);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(items);
  return out;
}

describe('parser fixtures', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.mmlab')).sort();
  it('has at least 30 malformed fixtures', () => {
    assert.ok(files.filter((f) => f.startsWith('m')).length >= 30);
  });
  for (const f of files) {
    it(f, () => {
      const text = fs.readFileSync(path.join(DIR, f), 'utf8');
      const parsed = parse(text);
      const lowered = lower(parsed);
      const program = lowered.program;
      const diagnostics = [...parsed.diagnostics, ...lowered.diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
      assert.ok(lowered.diagnostics.every((d) => d.code !== 'syntax'), 'lower() reports only static diagnostics');
      const actual = {
        diagnostics: summarizeDiagnostics(text, diagnostics),
        tree: summarizeTree(text, parsed.file),
        ir: summarizeProgram(text, program),
      };
      const golden = path.join(DIR, f.replace(/\.mmlab$/, '.json'));
      if (UPDATE) fs.writeFileSync(golden, JSON.stringify(actual, null, 2) + '\n');
      assert.ok(fs.existsSync(golden), `missing golden ${golden}: run with UPDATE_GOLDENS=1`);
      assert.deepStrictEqual(actual, JSON.parse(fs.readFileSync(golden, 'utf8')));

      const d = directives(text);
      assert.ok(d.codes, `${f} states no // @diagnostics line`);
      assert.deepStrictEqual([...new Set(diagnostics.map((x) => x.code))].sort(), [...d.codes!].sort(), 'diagnostic codes');
      if (f.startsWith('m')) assert.ok(diagnostics.some((x) => x.code === 'syntax'), 'a malformed fixture has a syntax diagnostic');
      if (d.recovers) {
        const firstSyntax = diagnostics.find((x) => x.code === 'syntax')!;
        const after = firstSyntax.span.end;
        const laterDiag = diagnostics.some((x) => x.code !== 'syntax' && x.span.start >= after);
        const laterStmt = laterStatementStarts(program.items.map(absoluteItem)).some((s) => s >= after);
        const laterDecl = program.machine.nodes.some((n) => n.span.start >= after) || program.machine.sysctls.some((n) => n.span.start >= after);
        assert.ok(laterDiag || laterStmt || laterDecl, 'nothing after the first syntax error was analysed');
      }
    });
  }
});
