import * as assert from 'assert';
import {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Location,
  SemanticTokens,
  SignatureHelp,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { fixture, LspClient, positionOf, startClient, uriFor } from './harness';

function hoverText(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents as { value?: string } | string;
  return typeof c === 'string' ? c : c.value ?? '';
}

function labels(items: CompletionItem[] | { items: CompletionItem[] } | null): string[] {
  const list = Array.isArray(items) ? items : items?.items ?? [];
  return list.map((i) => i.label);
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

describe('protocol: editor features', function () {
  this.timeout(60000);
  let c: LspClient;
  const uri = uriFor('basic.mmlab');
  const text = fixture('basic.mmlab');
  const td = { uri };
  before(async () => {
    c = await startClient({ settings: {}, refresh: true });
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
  });
  after(async () => c.close());

  describe('hover', () => {
    const hover = (needle: string, delta = 1, nth = 0) => c.request<Hover | null>('textDocument/hover', { textDocument: td, position: positionOf(text, needle, delta, nth) });
    it('explains a GFP flag', async () => {
      const t = hoverText(await hover('GFP_KERNEL'));
      assert.match(t, /GFP_KERNEL/);
      assert.match(t, /__GFP_RECLAIM|reclaim/i);
    });
    it('explains an MPOL mode', async () => assert.match(hoverText(await hover('MPOL_BIND')), /mask/));
    it('explains an NP_OPS flag written without its prefix', async () => assert.match(hoverText(await hover('MEMPOLICY')), /NP_OPS_MEMPOLICY/));
    it('explains a call with its signature', async () => assert.match(hoverText(await hover('mbind(')), /mbind\(range, mode/));
    it('explains a keyword and a design', async () => {
      assert.match(hoverText(await hover('scenario')), /title/);
      assert.match(hoverText(await hover('private_v4')), /RFC v4/);
    });
    it('shows a node id\'s state at that statement', async () => {
      const t = hoverText(await hover('buf, 2)', 5));
      assert.match(t, /node 2/);
      assert.match(t, /used/);
      assert.match(t, /At this statement/);
    });
    it('shows where a mapping\'s pages are', async () => {
      const t = hoverText(await hover('touch(buf)', 7));
      assert.match(t, /mapping `buf`/);
      assert.match(t, /N2 ×65,536/);
    });
    it('shows actual vs expected on an expect', async () => {
      const t = hoverText(await hover('expect no leak', 1));
      assert.match(t, /holds/);
      assert.match(t, /expected/);
    });
    it('returns null on whitespace', async () => {
      const h = await c.request<Hover | null>('textDocument/hover', { textDocument: td, position: { line: 2, character: 0 } });
      assert.strictEqual(h, null);
    });
  });

  describe('completion', () => {
    const complete = async (doc: string, needle: string, delta: number) => {
      const u = uriFor(`complete-${Math.random().toString(36).slice(2)}.mmlab`);
      c.open(u, doc);
      return labels(await c.request('textDocument/completion', { textDocument: { uri: u }, position: positionOf(doc, needle, delta) }));
    };
    it('offers GFP flags in an allocation\'s gfp argument', async () => {
      const doc = 'node 0 dram 1G cpus 0-3\nkernel {\n  p = alloc_pages_node(0, \n}\n';
      const l = await complete(doc, 'alloc_pages_node(0, ', 'alloc_pages_node(0, '.length);
      assert.ok(l.includes('GFP_KERNEL') && l.includes('__GFP_THISNODE') && l.includes('GFP_PRIVATE'), l.slice(0, 10).join(','));
      assert.ok(!l.includes('MPOL_BIND'));
    });
    it('offers declared nodes in a node argument', async () => {
      const doc = 'node 0 dram 1G cpus 0-3\nnode 4 cxl 1G\nkernel {\n  p = alloc_pages_node(\n}\n';
      const l = await complete(doc, 'alloc_pages_node(', 'alloc_pages_node('.length);
      assert.deepStrictEqual(l.filter((x) => /^\d+$/.test(x)), ['0', '4']);
    });
    it('offers MPOL modes in mbind and MPOL_MF flags in its flags', async () => {
      const doc = 'node 0 dram 1G cpus 0-3\ntask t {\n  buf = mmap(1G)\n  mbind(buf, \n}\n';
      const l = await complete(doc, 'mbind(buf, ', 'mbind(buf, '.length);
      assert.ok(l.includes('MPOL_BIND') && l.includes('MPOL_F_STATIC_NODES'));
      const doc2 = 'node 0 dram 1G cpus 0-3\ntask t {\n  buf = mmap(1G)\n  mbind(buf, MPOL_BIND, 0, \n}\n';
      const l2 = await complete(doc2, 'MPOL_BIND, 0, ', 'MPOL_BIND, 0, '.length);
      assert.ok(l2.includes('MPOL_MF_MOVE') && !l2.includes('MPOL_BIND'));
    });
    it('offers mappings in scope in a range argument', async () => {
      const doc = 'node 0 dram 1G cpus 0-3\ntask t {\n  buf = mmap(1G)\n  touch(\n}\ntask u {\n  other = mmap(1G)\n}\n';
      const l = await complete(doc, 'touch(', 'touch('.length);
      assert.ok(l.includes('buf'));
      assert.ok(!l.includes('other'), 'another task\'s mapping is not in scope');
    });
    it('offers MADV values, NP_OPS flags, callbacks, vmstat names', async () => {
      assert.ok((await complete('task t {\n  b = mmap(1G)\n  madvise(b, \n}\n', 'madvise(b, ', 11)).includes('MADV_PAGEOUT'));
      assert.ok((await complete('node 2 cxl 1G private ops \n', 'ops ', 4)).includes('MIGRATION'));
      assert.ok((await complete('node 2 cxl 1G private ops MIGRATION callbacks \n', 'callbacks ', 10)).includes('migrate_to'));
      assert.ok((await complete('expect stat()\n', 'stat(', 5)).includes('pgdemote_kswapd'));
    });
    it('offers designs, errnos, diagnostic codes and sysctl keys by context', async () => {
      assert.ok((await complete('design \n', 'design ', 7)).includes('private_soft'));
      assert.ok((await complete('expect error \n', 'error ', 6)).includes('ENOMEM'));
      assert.ok((await complete('expect diagnostic \n', 'diagnostic ', 11)).includes('gfp-private-oom'));
      assert.ok((await complete('expect ok under \n', 'under ', 6)).includes('spm_v2'));
      assert.ok((await complete('sysctl \n', 'sysctl ', 7)).includes('vm.demotion_enabled'));
    });
    it('offers the calls of the block kind at statement start', async () => {
      const l = await complete('kernel {\n  \n}\n', 'kernel {\n  ', 11);
      assert.ok(l.includes('alloc_pages_node') && l.includes('for_each_node'));
      assert.ok(!l.includes('mbind'), 'mbind is a task call');
      const t = await complete('task t {\n  \n}\n', 'task t {\n  ', 11);
      assert.ok(t.includes('mbind') && !t.includes('alloc_pages_node'));
    });
  });

  it('signature help for a call, with the active parameter', async () => {
    const doc = 'task t {\n  buf = mmap(1G)\n  mbind(buf, MPOL_BIND, \n}\n';
    const u = uriFor('sig.mmlab');
    c.open(u, doc);
    const s = await c.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri: u }, position: positionOf(doc, 'MPOL_BIND, ', 11) });
    assert.match(s.signatures[0].label, /^mbind\(/);
    assert.strictEqual(s.activeParameter, 2);
    const p = s.signatures[0].parameters![2].label as [number, number];
    assert.strictEqual(s.signatures[0].label.slice(p[0], p[1]), '[nodes]');
  });

  it('go to definition, references and rename of a mapping', async () => {
    const pos = positionOf(text, 'touch(buf)', 7);
    const def = await c.request<Location>('textDocument/definition', { textDocument: td, position: pos });
    assert.deepStrictEqual(def.range.start, positionOf(text, 'buf = mmap'));
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: td, position: pos, context: { includeDeclaration: true } });
    assert.strictEqual(refs.length, 4, 'decl, mbind, touch, pages');
    const prep = await c.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: td, position: pos });
    assert.strictEqual(prep.placeholder, 'buf');
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: td, position: pos, newName: 'heap' });
    const renamed = applyEdits(text, edit.changes![uri]);
    assert.ok(!/\bbuf\b/.test(renamed));
    assert.strictEqual((renamed.match(/\bheap\b/g) ?? []).length, 4);
    await assert.rejects(c.request('textDocument/rename', { textDocument: td, position: pos, newName: 'GFP_KERNEL' }));
    await assert.rejects(c.request('textDocument/prepareRename', { textDocument: td, position: positionOf(text, 'GFP_KERNEL', 1) }));
  });

  it('TASK.VAR in an expectation: completion after `b.`, definition on each part (the real server)', async () => {
    const doc = 'node 0 dram 1G cpus 0\ntask a {\n  y = mmap(4M)\n}\ntask b {\n  y = mmap(8M)\n}\nkernel {\n  expect pages(b.y, 0) == 0\n  expect pages(b.\n}\n';
    const u = uriFor('task-var.mmlab');
    c.open(u, doc);
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: u }, position: positionOf(doc, 'pages(b.\n', 8) });
    assert.deepStrictEqual(labels(items), ['y']);
    const task = await c.request<Location>('textDocument/definition', { textDocument: { uri: u }, position: positionOf(doc, 'pages(b.y', 6) });
    assert.deepStrictEqual(task.range.start, positionOf(doc, 'b {'));
    const v = await c.request<Location>('textDocument/definition', { textDocument: { uri: u }, position: positionOf(doc, 'pages(b.y', 8) });
    assert.deepStrictEqual(v.range.start, positionOf(doc, 'y = mmap(8M)'));
  });

  it('go to definition of a node id goes to its declaration', async () => {
    const def = await c.request<Location>('textDocument/definition', { textDocument: td, position: positionOf(text, 'MPOL_BIND, 2', 11) });
    assert.deepStrictEqual(def.range.start, positionOf(text, '2 cxl'));
  });

  it('document symbols: nodes, blocks, mappings', async () => {
    const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: td });
    const names = syms.map((s) => s.name);
    assert.ok(names.includes('node 0') && names.includes('node 2') && names.includes('task app') && names.includes('kernel "probe"'), names.join('|'));
    const task = syms.find((s) => s.name === 'task app')!;
    assert.ok(task.children!.some((s) => s.name === 'buf'));
  });

  it('folding ranges for blocks', async () => {
    const f = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: td });
    const taskLine = positionOf(text, 'task app').line;
    assert.ok(f.some((r) => r.startLine === taskLine && r.endLine > taskLine));
  });

  it('formatting canonicalises spacing and indentation and keeps every comment', async () => {
    const u = uriFor('messy.mmlab');
    const messy = fixture('messy.mmlab');
    c.open(u, messy);
    const edits = await c.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: u }, options: { tabSize: 2, insertSpaces: true } });
    const out = applyEdits(messy, edits);
    assert.ok(out.includes('// a comment that must survive') && out.includes('// trailing comment') && out.includes('/* block */'));
    assert.ok(out.includes('  buf = mmap(64M)'), out);
    assert.ok(out.includes('  touch(buf, write)'), out);
    assert.ok(out.includes('  mbind(buf, MPOL_BIND, {0, 2})'), out);
    assert.ok(out.includes('ops MIGRATION | MEMPOLICY'), out);
    assert.ok(out.includes('  expect pages(buf, 0) >= 0'), out);
    assert.ok(!out.includes('\n\n\n'), 'blank runs collapse');
    // idempotent
    const again = await (async () => {
      const u2 = uriFor('messy2.mmlab');
      c.open(u2, out);
      return c.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: u2 }, options: { tabSize: 2, insertSpaces: true } });
    })();
    assert.deepStrictEqual(again, []);
  });

  it('semantic tokens tell a node id from a number and a mapping from a task', async () => {
    const legend = c.init.capabilities.semanticTokensProvider!.legend;
    const toks = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: td });
    const lines = text.split('\n');
    const decoded: { text: string; type: string }[] = [];
    let line = 0;
    let ch = 0;
    for (let i = 0; i < toks.data.length; i += 5) {
      line += toks.data[i];
      ch = toks.data[i] ? toks.data[i + 1] : ch + toks.data[i + 1];
      decoded.push({ text: lines[line].slice(ch, ch + toks.data[i + 2]), type: legend.tokenTypes[toks.data[i + 3]] });
    }
    const typeOf = (t: string) => decoded.filter((d) => d.text === t).map((d) => d.type);
    assert.ok(typeOf('2').includes('namespace'), 'node id 2');
    assert.ok(!decoded.some((d) => d.text === '0' && d.type === 'number'), 'the order 0 is left to the grammar');
    assert.ok(typeOf('buf').every((t) => t === 'variable'));
    assert.deepStrictEqual(typeOf('app'), ['class']);
    assert.ok(typeOf('GFP_KERNEL').includes('macro'));
    assert.ok(typeOf('private_v4').includes('enum'));
    assert.ok(typeOf('alloc_pages_node').includes('function'));
  });

  it('inlay hints show where a touch put the pages', async () => {
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: td, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } });
    const touchLine = positionOf(text, 'touch(buf)').line;
    const h = hints.find((x) => x.position.line === touchLine);
    assert.ok(h, JSON.stringify(hints));
    assert.match(String(h!.label), /→ N2 ×65536/);
  });

  it('code lenses: Run, Compare, Memory map on the scenario line and ✓ on every expect, resolved lazily', async () => {
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: td });
    assert.ok(lenses.every((l) => !l.command), 'unresolved');
    const expects = text.split('\n').filter((l) => l.trim().startsWith('expect')).length;
    // each expect also has What if… and Shrink lenses, and so does each node line and allocating or
    // policy call (What if… only; mmlab.lenses.whatIf, tested in whatIf.test.ts)
    const kind = (k: string) => lenses.filter((l) => (l.data as { kind: string }).kind === k).length;
    assert.strictEqual(kind('expect'), expects);
    assert.strictEqual(kind('shrink'), expects);
    assert.ok(kind('whatif') > expects, `${kind('whatif')} What if… lenses`);
    assert.strictEqual(lenses.length, 3 + 2 * expects + kind('whatif'));
    const resolved = await Promise.all(lenses.filter((l) => !['whatif', 'shrink'].includes((l.data as { kind: string }).kind)).map((l) => c.request<CodeLens>('codeLens/resolve', l)));
    const cmds = resolved.map((l) => l.command!.command);
    assert.deepStrictEqual(cmds.slice(0, 3), ['mmlab.run', 'mmlab.compare', 'mmlab.showMemoryMap']);
    assert.deepStrictEqual(resolved[0].command!.arguments, [uri]);
    assert.match(resolved[0].command!.title, new RegExp(`private_v4\\) ✓ ${expects}/${expects} expects`));
    assert.ok(resolved.slice(3).every((l) => l.command!.title.startsWith('✓')), resolved.map((l) => l.command!.title).join('|'));
  });

  it('asks the client to refresh lenses and inlay hints after each run', async () => {
    const n = c.serverRequests.filter((r) => r.method === 'workspace/codeLens/refresh').length;
    const v = c.insertAt(uri, 0, 0, ' ');
    await c.runDiagnostics(uri, v);
    await c.waitFor(() => c.serverRequests.filter((r) => r.method === 'workspace/codeLens/refresh').length > n, 5000, 'codeLens refresh');
    assert.ok(c.serverRequests.some((r) => r.method === 'workspace/inlayHint/refresh'));
  });

  describe('code actions', () => {
    const u = uriFor('fixes.mmlab');
    const doc = fixture('fixes.mmlab');
    before(async () => {
      c.open(u, doc);
      await c.runDiagnostics(u, 1);
    });
    const actionsAt = async (needle: string) => {
      const diags = c.diagnostics.filter((d) => d.uri === u).pop()!.diagnostics;
      const pos = positionOf(doc, needle, 1);
      return c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: { start: pos, end: pos }, context: { diagnostics: diags } });
    };
    const apply = (a: CodeAction) => applyEdits(doc, a.edit!.changes![u]);
    it('fixes a misspelt flag from diagnostic.data.suggestion', async () => {
      const a = (await actionsAt('MPOL_BINDD')).find((x) => /MPOL_BIND`/.test(x.title));
      assert.ok(a, 'suggestion action');
      assert.ok(apply(a!).includes('mbind(a, MPOL_BIND, 3)'));
      assert.strictEqual(a!.kind, 'quickfix');
      assert.ok(a!.diagnostics?.length);
    });
    it('adds the flag node_private_set_ops requires', async () => {
      const a = (await actionsAt('ops MEMPOLICY')).find((x) => /Add MIGRATION to node 2/.test(x.title));
      assert.ok(a);
      assert.ok(apply(a!).includes('node 2 cxl 1G private ops MEMPOLICY | MIGRATION'));
    });
    let opened = 0;
    const actionsIn = async (name: string, needle: string, delta = 1) => {
      const u2 = uriFor(`actions-${++opened}-${name}`);
      const doc2 = fixture(name);
      c.open(u2, doc2);
      const run = await c.runDiagnostics(u2, 1);
      const pos = positionOf(doc2, needle, delta);
      const acts = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u2 }, range: { start: pos, end: pos }, context: { diagnostics: run.diagnostics } });
      return { acts, apply: (a: CodeAction) => applyEdits(doc2, a.edit!.changes![u2]) };
    };
    it('adds MPOL_F_STATIC_NODES to the policy a cpuset change rebinds', async () => {
      const { acts, apply } = await actionsIn('policy.mmlab', 'set_cpuset_mems');
      const a = acts.find((x) => /MPOL_F_STATIC_NODES/.test(x.title));
      assert.ok(a, acts.map((x) => x.title).join('|'));
      assert.ok(apply(a!).includes('mbind(a, MPOL_BIND | MPOL_F_STATIC_NODES, 2)'));
    });
    it('adds __GFP_PRIVATE to an allocation that leaked into a private node', async () => {
      const { acts, apply } = await actionsIn('policy.mmlab', 'kvzalloc_node', 2);
      const a = acts.find((x) => x.title === 'Add __GFP_PRIVATE');
      assert.ok(a, acts.map((x) => x.title).join('|'));
      assert.ok(apply(a!).includes('kvzalloc_node(4K, GFP_KERNEL | __GFP_PRIVATE, n)'));
    });
    it('offers GFP_PRIVATE for a failed allocation aimed at a private node', async () => {
      const { acts, apply } = await actionsIn('needs-ops.mmlab', 'alloc_pages_node(3');
      const a = acts.find((x) => /Use GFP_PRIVATE/.test(x.title));
      assert.ok(a, acts.map((x) => x.title).join('|'));
      assert.ok(apply(a!).includes('alloc_pages_node(3, GFP_PRIVATE, 0)'));
    });
    it('adds the NP_OPS flag a refused call needed to the node', async () => {
      const { acts, apply } = await actionsIn('needs-ops.mmlab', 'mbind(a');
      const a = acts.find((x) => /Add MEMPOLICY to node 3/.test(x.title));
      assert.ok(a, acts.map((x) => x.title).join('|'));
      assert.ok(apply(a!).includes('node 3 cxl 1G private ops MIGRATION | MEMPOLICY'));
      const compact = (await actionsIn('needs-ops.mmlab', 'compact(3')).acts.find((x) => /Add COMPACTION to node 3/.test(x.title));
      assert.ok(compact);
    });
    it('declares a missing node', async () => {
      const a = (await actionsAt('(5, GFP')).find((x) => /Declare node 5/.test(x.title));
      assert.ok(a);
      assert.match(apply(a!), /node 3 cxl 1G private ops MIGRATION\nnode 5 dram 1G\n/);
    });
  });
});
