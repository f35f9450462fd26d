/** The webview side of the VS Code webview API (acquireVsCodeApi), typed. */
export interface WebviewApi<S> {
  postMessage(msg: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): WebviewApi<S>;

/** The real API inside VS Code; a no-op stand-in elsewhere (a plain browser page). */
export function hostApi<S>(): WebviewApi<S> {
  if (typeof acquireVsCodeApi === 'function') return acquireVsCodeApi<S>();
  let saved: S | undefined;
  return { postMessage: () => undefined, getState: () => saved, setState: (s) => void (saved = s) };
}

export function replace(region: Element, ...nodes: Node[]): void {
  region.replaceChildren(...nodes);
}
