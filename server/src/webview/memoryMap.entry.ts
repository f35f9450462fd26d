/**
 * Memory-map webview (browser side). Receives RunData from the extension,
 * draws the node bars at the selected timeline step, and posts reveal requests
 * back. All scenario strings reach the page through textContent (vdom.mount).
 */
import type { RunData } from '../analysis/viewData';
import type { HostToMemoryMap, MemoryMapState, MemoryMapToHost } from './messages';
import { hostApi, replace } from './host';
import { effectiveStep, MapHandlers, renderExpectations, renderHeader, renderLegend, renderNodes, renderStepDetail, renderStepList } from './memoryMapView';
import { stepHeading } from './model';
import { h, mount, mountEl } from './vdom';

const api = hostApi<MemoryMapState>();
const post = (m: MemoryMapToHost) => api.postMessage(m);
const root = document.getElementById('root')!;
let state: MemoryMapState = api.getState() ?? { uri: document.body.dataset.uri ?? '', step: -1, followCursor: true };

const handlers: MapHandlers = {
  reveal: (target) => post({ type: 'reveal', target }),
  selectStep: (i) => setStep(i, true),
};

let regions: { header: Element; nodes: Element; detail: Element; list: Element; expectations: Element; slider: HTMLInputElement; label: Element; design: HTMLSelectElement } | undefined;

function save(): void {
  api.setState(state);
}

function buildShell(run: RunData): void {
  const slider = mount(
    h('input', {
      type: 'range',
      id: 'timeline',
      min: 0,
      max: Math.max(0, run.steps.length - 1),
      step: 1,
      value: effectiveStep(run, state.step),
      'aria-label': 'Timeline step',
      disabled: run.steps.length === 0,
    }),
  ) as unknown as HTMLInputElement;
  slider.addEventListener('input', () => setStep(Number(slider.value), true));
  const prev = mountEl(h('button', { type: 'button', 'aria-label': 'Previous step', title: 'Previous step' }, '◀'));
  const next = mountEl(h('button', { type: 'button', 'aria-label': 'Next step', title: 'Next step' }, '▶'));
  prev.addEventListener('click', () => setStep(effectiveStep(run, state.step) - 1, true));
  next.addEventListener('click', () => setStep(effectiveStep(run, state.step) + 1, true));
  const follow = mountEl(h('input', { type: 'checkbox', id: 'follow', checked: state.followCursor })) as unknown as HTMLInputElement;
  follow.addEventListener('change', () => {
    state.followCursor = follow.checked;
    save();
    post({ type: 'followCursor', enabled: follow.checked });
  });
  const header = document.createElement('div');
  const nodes = document.createElement('div');
  nodes.id = 'nodes';
  const detail = document.createElement('div');
  const list = document.createElement('div');
  const expectations = document.createElement('div');
  const label = mountEl(h('output', { class: 'step-label', for: 'timeline', id: 'step-label' }));
  const controls = mountEl(h('div', { class: 'timeline-controls' }));
  controls.append(prev, slider, next);
  const followLabel = mountEl(h('label', { for: 'follow' }, ' Follow the editor cursor'));
  // every design the scenario can run under: built-ins, the workspace's designs.mmlab, its own
  const design = mountEl(h('select', { id: 'design', 'aria-label': 'Design', 'data-testid': 'design-select' })) as unknown as HTMLSelectElement;
  design.addEventListener('change', () => post({ type: 'design', design: design.value }));
  const designLabel = mountEl(h('label', { for: 'design' }, 'Design '));
  const toolbar = mountEl(h('div', { class: 'toolbar' }));
  toolbar.append(designLabel, design, ' ', follow, followLabel);
  const timeline = mountEl(h('section', { class: 'timeline', 'aria-label': 'Timeline' }, h('h2', null, 'Timeline')));
  timeline.append(controls, label, detail, list);
  const left = document.createElement('div');
  left.append(mount(renderLegend()), nodes, expectations);
  const right = document.createElement('div');
  right.append(toolbar, timeline);
  const layout = mountEl(h('div', { class: 'layout' }));
  layout.append(left, right);
  replace(root, header, layout);
  regions = { header, nodes, detail, list, expectations, slider, label, design };
}

function render(): void {
  const run = state.run;
  if (!run) {
    replace(root, mountEl(h('p', { class: 'empty' }, 'Running the scenario…')));
    regions = undefined;
    return;
  }
  if (!regions) buildShell(run);
  const r = regions!;
  r.slider.max = String(Math.max(0, run.steps.length - 1));
  r.slider.disabled = run.steps.length === 0;
  replace(r.header, mount(renderHeader(run)));
  const designs = run.designs?.length ? run.designs : [{ name: run.design, origin: 'prelude' as const, summary: '' }];
  replace(r.design, ...designs.map((d) => mount(h('option', { value: d.name, selected: d.name === run.design, title: d.summary }, d.origin === 'prelude' ? d.name : `${d.name} (${d.origin === 'workspace' ? 'designs.mmlab' : 'this file'})`))));
  r.design.value = run.design;
  replace(r.expectations, ...(renderExpectations(run, handlers) ? [mount(renderExpectations(run, handlers)!)] : []));
  renderStep();
}

function renderStep(): void {
  const run = state.run;
  if (!run || !regions) return;
  const idx = effectiveStep(run, state.step);
  regions.slider.value = String(Math.max(0, idx));
  regions.slider.setAttribute('aria-valuetext', idx >= 0 ? `Step ${idx + 1} of ${run.steps.length}: ${stepHeading(run.steps[idx])}` : 'no steps');
  regions.label.textContent = idx >= 0 ? `Step ${idx + 1} of ${run.steps.length} · ${stepHeading(run.steps[idx])}` : 'No steps recorded';
  replace(regions.nodes, mount(renderNodes(run, idx, handlers)));
  replace(regions.detail, mount(renderStepDetail(run, idx, handlers)));
  replace(regions.list, mount(renderStepList(run, idx, handlers)));
  const current = regions.list.querySelector('li.current');
  if (current && 'scrollIntoView' in current) (current as HTMLElement).scrollIntoView({ block: 'nearest' });
}

function setStep(index: number, fromUser: boolean): void {
  const run = state.run;
  if (!run || !run.steps.length) return;
  const clamped = Math.max(0, Math.min(run.steps.length - 1, index));
  const atEnd = clamped === run.steps.length - 1;
  // -1 means "follow the end": a live re-run then keeps showing the final state.
  state.step = atEnd ? -1 : clamped;
  save();
  renderStep();
  if (fromUser) post({ type: 'stepChanged', index: clamped });
}

window.addEventListener('message', (ev: MessageEvent<HostToMemoryMap>) => {
  const msg = ev.data;
  if (!msg || typeof msg !== 'object') return;
  switch (msg.type) {
    case 'run': {
      const firstOrNewShape = !state.run || state.run.uri !== msg.run.uri;
      state.run = msg.run;
      state.uri = msg.run.uri;
      state.design = msg.run.design;
      if (state.step >= msg.run.steps.length) state.step = -1;
      if (firstOrNewShape) regions = undefined;
      save();
      render();
      break;
    }
    case 'step':
      if (msg.source === 'cursor' && !state.followCursor) return;
      if (msg.index < 0) {
        if (state.run?.steps.length) setStep(0, false);
      } else setStep(msg.index, false);
      break;
    case 'error':
      replace(root, mountEl(h('div', { class: 'error-banner', role: 'alert' }, msg.message)));
      regions = undefined;
      break;
  }
});

render();
post({ type: 'ready' });
