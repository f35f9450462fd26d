/** Sweep webview (browser side): draws what the host sends (webview/sweepView.ts). */
import type { HostToSweep, SweepState, SweepToHost } from './messages';
import { hostApi, replace } from './host';
import { renderSweep } from './sweepView';
import { h, mount, mountEl } from './vdom';

const api = hostApi<SweepState>();
const post = (m: SweepToHost) => api.postMessage(m);
const root = document.getElementById('root')!;
const state: SweepState = api.getState() ?? { uri: document.body.dataset.uri ?? '' };

function render(note?: string): void {
  const title = mountEl(h('h1', { class: 'mm-title' }, 'Sweep'));
  if (!state.data) {
    replace(root, title, mountEl(h('p', { class: 'empty' }, note ?? 'Running the sweep…')));
    return;
  }
  replace(root, title, mount(renderSweep(state.data)));
}

window.addEventListener('message', (ev: MessageEvent<HostToSweep>) => {
  const msg = ev.data;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'sweep') {
    state.data = msg.data;
    state.uri = msg.data.uri;
    api.setState(state);
    render();
  } else if (msg.type === 'running') {
    // a window reload before the answer must not bring back the previous sweep as if it were this one
    state.data = undefined;
    api.setState(state);
    render(msg.what);
  } else if (msg.type === 'error') {
    replace(root, mountEl(h('div', { class: 'error-banner', role: 'alert' }, msg.message)));
  }
});

render();
post({ type: 'ready' });
