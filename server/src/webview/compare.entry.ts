/** Design-comparison webview (browser side). */
import type { CompareState, CompareToHost, HostToCompare } from './messages';
import { COMPACT_FROM, renderCompare } from './compareView';
import { hostApi, replace } from './host';
import { h, mount, mountEl } from './vdom';

const api = hostApi<CompareState>();
const post = (m: CompareToHost) => api.postMessage(m);
const root = document.getElementById('root')!;
let state: CompareState = api.getState() ?? { uri: document.body.dataset.uri ?? '', onlyDifferences: false };

function render(): void {
  const data = state.data;
  if (!data) {
    replace(root, mountEl(h('p', { class: 'empty' }, 'Running the scenario under every design…')));
    return;
  }
  const toggle = mountEl(h('input', { type: 'checkbox', id: 'only-diff', checked: state.onlyDifferences })) as unknown as HTMLInputElement;
  toggle.addEventListener('change', () => {
    state.onlyDifferences = toggle.checked;
    api.setState(state);
    render();
    (document.getElementById('only-diff') as HTMLInputElement | null)?.focus();
  });
  const compactNow = state.compact ?? data.designs.length >= COMPACT_FROM;
  const compact = mountEl(h('input', { type: 'checkbox', id: 'compact', checked: compactNow })) as unknown as HTMLInputElement;
  compact.addEventListener('change', () => {
    state.compact = compact.checked;
    api.setState(state);
    render();
    (document.getElementById('compact') as HTMLInputElement | null)?.focus();
  });
  const toolbar = mountEl(h('div', { class: 'toolbar' }));
  toolbar.append(toggle, mountEl(h('label', { for: 'only-diff' }, ' Only rows that differ ')), compact, mountEl(h('label', { for: 'compact' }, ' Compact (one glyph per cell)')));
  const title = mountEl(h('h1', { class: 'mm-title' }, 'Design comparison'));
  replace(root, title, toolbar, mount(renderCompare(data, { onlyDifferences: state.onlyDifferences, compact: compactNow }, { reveal: (target) => post({ type: 'reveal', target }) })));
}

window.addEventListener('message', (ev: MessageEvent<HostToCompare>) => {
  const msg = ev.data;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'compare') {
    state.data = msg.data;
    state.uri = msg.data.uri;
    api.setState(state);
    render();
  } else if (msg.type === 'error') {
    replace(root, mountEl(h('div', { class: 'error-banner', role: 'alert' }, msg.message)));
  }
});

render();
post({ type: 'ready' });
