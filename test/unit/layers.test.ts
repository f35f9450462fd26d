import * as assert from 'assert';
import * as path from 'path';
import { MM_CORE, MM_CORE_EDGES } from '../../server/src/mm/internal';
import { clientReaches, cycleEdges, kernelConditionsInRun, loadGraph, Module, ModuleGraph, unnamedCycles, upwardImports } from './layerRules';

const root = path.join(__dirname, '../..');
const core = MM_CORE.map((f) => `server/src/mm/${f}.ts`);

function namedEdges(): string[] {
  const out: string[] = [];
  for (const [from, tos] of Object.entries(MM_CORE_EDGES))
    for (const [to, names] of Object.entries(tos)) out.push(`server/src/mm/${from}.ts -> server/src/mm/${to}.ts: ${[...(names ?? [])].sort().join(', ')}`);
  return out.sort();
}

/** a small graph in memory: file -> [imported file, names] */
function synthetic(files: Record<string, [string, string[]][]>, text = ''): ModuleGraph {
  const g: ModuleGraph = new Map();
  for (const [f, imps] of Object.entries(files)) g.set(f, { text, imports: imps.map(([to, names]) => ({ to, names })) } satisfies Module);
  return g;
}

describe('layers (docs/adr/0001-layering.md)', function () {
  const graph = loadGraph(root, ['server/src', 'client/src']);

  it('reads the tree: hundreds of modules with their imports', () => {
    assert.ok(graph.size > 150, `${graph.size} modules`);
    assert.ok(graph.get('server/src/run/ops.ts')!.imports.some((e) => e.to === 'server/src/mm/mempolicy.ts' && e.names.includes('doMbind')));
  });

  it('no import runs upward', () => {
    assert.deepStrictEqual(upwardImports(graph), []);
  });

  it('the client takes from server/src only through clientApi.ts', () => {
    assert.deepStrictEqual(clientReaches(graph), []);
  });

  it('the only import cycle is the mm core named in mm/internal.ts, and internal.ts names each of its edges', () => {
    assert.deepStrictEqual(unnamedCycles(graph, core), []);
    assert.deepStrictEqual(cycleEdges(graph, core), namedEdges());
  });

  it('run/ has no GFP / MPOL / design condition', () => {
    assert.deepStrictEqual(kernelConditionsInRun(graph), []);
  });

  describe('the checker fails when it should', () => {
    it('an upward import: mm importing run (and a sideways one between webview and oracle)', () => {
      const g = synthetic({
        'server/src/mm/machine.ts': [['server/src/run/result.ts', ['NodeStateName']]],
        'server/src/run/result.ts': [['server/src/common/span.ts', ['Span']]],
        'server/src/webview/model.ts': [['server/src/oracle/index.ts', ['x']]],
      });
      assert.deepStrictEqual(upwardImports(g), [
        'server/src/mm/machine.ts (mm) imports server/src/run/result.ts (run)',
        'server/src/webview/model.ts (webview) imports server/src/oracle/index.ts (oracle)',
      ]);
    });

    it('the real tree plus one upward import (vocab importing the model) fails', () => {
      const g: ModuleGraph = new Map(graph);
      const calls = g.get('server/src/vocab/calls.ts')!;
      g.set('server/src/vocab/calls.ts', { ...calls, imports: [...calls.imports, { to: 'server/src/model/ir.ts', names: ['Program'] }] });
      assert.deepStrictEqual(upwardImports(g), ['server/src/vocab/calls.ts (vocab) imports server/src/model/ir.ts (model)']);
    });

    it('a second cycle, and a new edge inside the named one', () => {
      const g: ModuleGraph = new Map(graph);
      const add = (f: string, to: string, names: string[]) => g.set(f, { ...g.get(f)!, imports: [...g.get(f)!.imports, { to, names }] });
      add('server/src/syntax/lexer.ts', 'server/src/syntax/parser.ts', ['parse']);
      assert.deepStrictEqual(unnamedCycles(g, core).length, 1);
      add('server/src/mm/zswap.ts', 'server/src/mm/vmscan.ts', ['shrinkNode']);
      assert.ok(cycleEdges(g, core).includes('server/src/mm/zswap.ts -> server/src/mm/vmscan.ts: shrinkNode'));
      assert.notDeepStrictEqual(cycleEdges(g, core), namedEdges());
    });

    it('a GFP test or a design choice in run/ (not a GFP word in a message)', () => {
      const code = [
        "const msg = `GFP_PRIVATE: ${x}`; // MPOL_BIND in a comment",
        'if (has(gfp, GFP.__GFP_PRIVATE)) x();',
        'if (mm.design.opsApply) y();',
        'if (stmt.under && !stmt.under.includes(mm.design.name)) z();',
      ].join('\n');
      const g = synthetic({ 'server/src/run/ops.ts': [] }, code);
      assert.deepStrictEqual(kernelConditionsInRun(g), ['server/src/run/ops.ts: GFP', 'server/src/run/ops.ts: __GFP_PRIVATE', 'server/src/run/ops.ts: design.opsApply']);
    });
  });
});
