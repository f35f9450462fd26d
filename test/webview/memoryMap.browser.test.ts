/**
 * The memory-map webview in headless Chromium, fed RunData recorded from the real
 * server (fixtures/*.json, re-recorded by record-fixtures.ts) and a hand-made run
 * (fixtures/handmade/) covering fields the emulator does not fill yet (CRAM
 * watermarks, owner spans). Expected values are computed from the fixture.
 */
import { strict as assert } from 'assert';
import type { RunData } from '../../server/src/lsp/protocol';
import { formatPages } from '../../server/src/common/format';
import { ownerLabel, revealTargets, stateLabel, stepDeltas } from '../../server/src/webview/model';
import { cspViolations, fixture, Harness, LoadedPage, screenshot, startHarness } from './harness';

const DARK_THEME: Record<string, string> = {
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-panel-border': '#3c3c3c',
  '--vscode-input-background': '#2a2a2a',
  '--vscode-badge-background': '#4d4d4d',
  '--vscode-badge-foreground': '#ffffff',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
};

const recorded = fixture<RunData>('cram-demotion.run.json');
const handmade = fixture<RunData>('handmade/cram-demotion.run.json');

/** The step where pages of a mapping first appear on a second node (the demotion). */
function demotionStep(run: RunData): number {
  return run.steps.findIndex((s, i) => stepDeltas(run, i).some((d) => d.before === 0 && d.after > 0 && run.steps[i].nodes.some((n) => n.id !== d.node && n.owners.some((o) => o.owner === d.owner && o.pages > 0))));
}

describe('memory-map webview (headless Chromium)', function () {
  this.timeout(60_000);
  let harness: Harness;
  let view: LoadedPage;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  async function load(run: RunData): Promise<void> {
    view = await harness.open('memoryMap', run.uri);
    await view.send({ type: 'run', run });
    await view.page.waitForSelector('section.node');
  }
  const stepLabel = () => view.page.$eval('#step-label', (e) => e.textContent!);
  const waitStep = (n: number) => view.page.waitForFunction((k) => document.getElementById('step-label')!.textContent!.startsWith(`Step ${k} of`), n);

  afterEach(async () => {
    assert.deepEqual(await cspViolations(view.page), [], 'no CSP violation');
    assert.deepEqual(view.problems, [], 'no console errors');
    await view.page.close();
  });

  it('draws one bar per node with its state (normal, private, offline)', async () => {
    await load(recorded);
    const nodes = await view.page.$$eval('section.node', (els) => els.map((e) => [e.getAttribute('data-node'), e.getAttribute('data-state')]));
    assert.deepEqual(nodes, recorded.nodes.map((n) => [String(n.id), n.state]));
    assert.ok(recorded.nodes.some((n) => n.state === 'private') && recorded.nodes.some((n) => n.state === 'offline'), 'the fixture has private and offline nodes');
    const border = (state: string) => view.page.$eval(`section.node.state-${state}`, (e) => getComputedStyle(e).borderTopStyle);
    assert.equal(await border('private'), 'dashed', 'private nodes are drawn dashed');
    assert.equal(await border('normal'), 'solid');
    assert.equal(await view.page.$eval('section.node.state-offline .badge.state', (e) => e.textContent), stateLabel('offline'));
    await screenshot(view.page, 'memory-map-final.png');
  });

  it('splits a bar by owner, widths proportional to pages, each with a text alternative', async () => {
    await load(recorded);
    const node = recorded.nodes.find((n) => n.owners.length >= 2)!;
    const segs = await view.page.$$eval(`[data-testid="bar-${node.id}"] .seg[data-owner]`, (els) =>
      els.map((e) => ({ owner: e.getAttribute('data-owner'), label: e.getAttribute('aria-label'), width: (e as HTMLElement).getBoundingClientRect().width })),
    );
    assert.deepEqual(segs.map((s) => s.owner), node.owners.map((o) => o.owner));
    const [a, b] = [...node.owners].sort((x, y) => y.pages - x.pages);
    const wa = segs.find((s) => s.owner === a.owner)!;
    const wb = segs.find((s) => s.owner === b.owner)!;
    assert.ok(wa.label!.startsWith(`${ownerLabel(a.owner)} on node ${node.id}: ${formatPages(a.pages)}`), wa.label!);
    if (b.pages / a.pages > 0.1) assert.ok(Math.abs(wb.width / wa.width - b.pages / a.pages) < 0.03, `widths ${wb.width} / ${wa.width}`);
    const barLabel = await view.page.$eval(`[data-testid="bar-${node.id}"]`, (e) => e.getAttribute('aria-label'));
    assert.ok(barLabel!.startsWith(`Node ${node.id} · ${node.kind} · ${stateLabel(node.state)}`), barLabel!);
    const rows = await view.page.$$eval('[data-testid="node-table"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    for (const n of recorded.nodes) for (const o of n.owners) assert.ok(rows.some((r) => r[0]!.startsWith(`Node ${n.id} `) && r[1] === ownerLabel(o.owner) && r[2] === formatPages(o.pages)), `${n.id} ${o.owner}`);
    const hidden = await view.page.$eval('[data-testid="node-table"]', (e) => (e.parentElement as HTMLElement).getBoundingClientRect().width);
    assert.ok(hidden <= 1, 'the table is visually hidden');
  });

  it('draws CRAM media use against capacity (recorded run)', async () => {
    await load(recorded);
    const cram = recorded.nodes.find((n) => n.mediaCapacityBytes)!;
    const media = await view.page.$eval(`[data-testid="media-${cram.id}"]`, (e) => ({ label: e.getAttribute('aria-label'), fill: (e.querySelector('.media-fill') as HTMLElement).style.width }));
    const share = cram.mediaUsedBytes / cram.mediaCapacityBytes!;
    assert.equal(parseFloat(media.fill), Number((share * 100).toFixed(3)));
    assert.match(media.label!, new RegExp(`^Node ${cram.id} media .* of 2 GiB`));
  });

  it('draws the CRAM low/high watermarks when the run reports them (hand-made run)', async () => {
    await load(handmade);
    const cram = handmade.nodes.find((n) => n.watermarks)!;
    const media = await view.page.$eval(`[data-testid="media-${cram.id}"]`, (e) => ({
      label: e.getAttribute('aria-label'),
      low: (e.querySelector('.wm-low') as HTMLElement).style.left,
      high: (e.querySelector('.wm-high') as HTMLElement).style.left,
    }));
    const pct = (x: number) => `${Number(((1 - x) * 100).toFixed(3))}%`;
    assert.equal(media.low, pct(cram.watermarks!.low));
    assert.equal(media.high, pct(cram.watermarks!.high));
    assert.match(media.label!, /low watermark at 90% used, high at 75% used, open to demotion/);
    await screenshot(view.page, 'memory-map-watermarks.png');
  });

  it('moves through the timeline with the slider and the keyboard, showing what changed', async () => {
    await load(recorded);
    const slider = view.page.locator('#timeline');
    assert.equal(await slider.getAttribute('max'), String(recorded.steps.length - 1));
    const k = demotionStep(recorded);
    assert.ok(k > 1, 'the recorded run has a demotion step');
    await slider.fill(String(k - 2));
    await waitStep(k - 1);
    await slider.focus();
    await view.page.keyboard.press('ArrowRight');
    await view.page.keyboard.press('ArrowRight');
    await waitStep(k + 1);
    const s = recorded.steps[k];
    for (const n of s.nodes) {
      const owners = await view.page.$$eval(`[data-testid="bar-${n.id}"] .seg[data-owner]`, (els) => els.map((e) => e.getAttribute('data-owner')));
      assert.deepEqual(owners, n.owners.filter((o) => o.pages > 0).map((o) => o.owner), `node ${n.id} after step ${k + 1}`);
    }
    const detail = await view.page.$eval('[data-testid="step-detail"]', (e) => e.textContent!);
    for (const p of s.placements) assert.ok(detail.includes(`${ownerLabel(p.owner)} → node ${p.node}: ${formatPages(p.pages)}`), detail);
    for (const e of s.explain) assert.ok(detail.includes(e), e);
    for (const d of stepDeltas(recorded, k)) assert.ok(detail.includes(`node ${d.node} · ${ownerLabel(d.owner)}: ${d.after > d.before ? '+' : ''}${(d.after - d.before).toLocaleString('en-US')} pages`), JSON.stringify(d));
    const posted = await view.posted();
    assert.ok(posted.some((m) => m.type === 'stepChanged' && m.index === k), JSON.stringify(posted));
    await screenshot(view.page, 'memory-map-demotion-step.png');
  });

  it('posts a reveal request for the statement behind a clicked segment', async () => {
    await load(recorded);
    const targets = revealTargets(recorded);
    const node = recorded.nodes.find((n) => n.owners.some((o) => targets.has(o.owner)))!;
    const owner = node.owners.find((o) => targets.has(o.owner))!.owner;
    await view.page.click(`[data-testid="bar-${node.id}"] button.seg[data-owner="${owner}"]`);
    const reveal = (await view.posted()).find((m) => m.type === 'reveal');
    assert.deepEqual(reveal, { type: 'reveal', target: targets.get(owner) });
    await view.page.click('.expectations button.link');
    const reveals = (await view.posted()).filter((m) => m.type === 'reveal');
    assert.deepEqual(reveals[1], { type: 'reveal', target: { range: recorded.expectations[0].range } });
  });

  it('lists the designs the scenario can run under, declared ones included, and asks the host for the one picked', async () => {
    const designs = [
      { name: 'private_v4', origin: 'prelude' as const, summary: 'RFC v4' },
      { name: 'lists_only', origin: 'workspace' as const, base: 'private_v4', summary: 'workspace: private_v4 with gate none' },
      { name: 'mine', origin: 'file' as const, base: 'private_v4', summary: 'this file: private_v4 with own_fallback self_only' },
    ];
    await load({ ...recorded, design: 'private_v4', designs });
    const options = await view.page.$$eval('[data-testid="design-select"] option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    assert.deepEqual(options, [['private_v4', 'private_v4'], ['lists_only', 'lists_only (designs.mmlab)'], ['mine', 'mine (this file)']]);
    assert.deepEqual(await view.page.$$eval('[data-testid="declared-designs"] li', (ls) => ls.map((l) => l.textContent)), ['lists_only — workspace: private_v4 with gate none', 'mine — this file: private_v4 with own_fallback self_only']);
    await view.page.selectOption('[data-testid="design-select"]', 'mine');
    assert.deepEqual((await view.posted()).find((m) => m.type === 'design'), { type: 'design', design: 'mine' });
  });

  it('follows the editor cursor (host step messages) unless following is switched off', async () => {
    await load(recorded);
    await view.send({ type: 'step', index: 2, source: 'cursor' });
    await waitStep(3);
    await view.page.uncheck('#follow');
    await view.send({ type: 'step', index: 0, source: 'cursor' });
    await view.page.waitForTimeout(100);
    assert.match(await stepLabel(), /^Step 3 of/);
    assert.ok((await view.posted()).some((m) => m.type === 'followCursor' && m.enabled === false));
  });

  it('restores its state (run, step) after a reload without asking again', async () => {
    await load(recorded);
    await view.send({ type: 'step', index: 1, source: 'host' });
    await waitStep(2);
    await view.page.reload();
    await view.page.waitForSelector('section.node');
    assert.match(await stepLabel(), /^Step 2 of/);
    assert.equal(await view.page.$$eval('section.node', (e) => e.length), recorded.nodes.length);
  });

  it('updates live when a new run arrives, keeping a selected step', async () => {
    await load(recorded);
    await view.send({ type: 'step', index: 1, source: 'host' });
    const next: RunData = JSON.parse(JSON.stringify(recorded));
    next.version = 2;
    next.verdict = 'fail';
    next.counts.expectFailed = 1;
    await view.send({ type: 'run', run: next });
    await view.page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')!.textContent!.includes('fail'));
    assert.match(await stepLabel(), /^Step 2 of/);
  });

  it('follows the theme colours and takes a screenshot', async () => {
    await load(handmade);
    await view.page.evaluate((vars) => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    }, DARK_THEME);
    const bg = await view.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(30, 30, 30)');
    await view.page.fill('#timeline', '3');
    await screenshot(view.page, 'memory-map-dark.png');
  });
});
