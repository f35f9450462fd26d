/**
 * A tiny element-tree builder used by both webviews and by the standalone HTML
 * export, so one view function renders in the browser (mount -> real DOM nodes,
 * text set with textContent) and in Node (renderToString, every text and attribute
 * escaped). Nothing here ever parses HTML: scenario strings (node, mapping and task
 * names, titles, explain lines) can only ever become text.
 */

export type Child = VNode | string | number | null | undefined | false;

export interface VNode {
  tag: string;
  attrs: Record<string, string>;
  /** inline style properties (set through CSSOM in the browser: allowed under a strict CSP) */
  style: Record<string, string>;
  on: Record<string, (ev: Event) => void>;
  children: (VNode | string)[];
}

export interface Props {
  class?: string;
  style?: Record<string, string>;
  on?: Record<string, (ev: Event) => void>;
  [attr: string]: unknown;
}

const ATTR_NAME = /^[a-zA-Z][a-zA-Z0-9_:.-]*$/;
const SVG_TAGS = new Set(['svg', 'rect', 'line', 'g', 'title', 'text', 'path', 'pattern', 'defs', 'circle']);
const VOID_TAGS = new Set(['input', 'br', 'hr', 'meta', 'img', 'col', 'link']);

/** Builds a node. Attribute values are stringified; `false`/null/undefined drop the attribute. */
export function h(tag: string, props: Props | null = null, ...children: (Child | Child[])[]): VNode {
  const node: VNode = { tag, attrs: {}, style: {}, on: {}, children: [] };
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (k === 'style') Object.assign(node.style, v as Record<string, string>);
      else if (k === 'on') Object.assign(node.on, v as Record<string, (ev: Event) => void>);
      else if (v === undefined || v === null || v === false) continue;
      else {
        // Event handlers come only through `on`; an attribute named on* would be script.
        if (!ATTR_NAME.test(k) || /^on/i.test(k)) throw new Error(`vdom: refused attribute name ${k}`);
        node.attrs[k] = v === true ? '' : String(v);
      }
    }
  }
  appendChildren(node.children, children);
  return node;
}

function appendChildren(out: (VNode | string)[], children: (Child | Child[])[]): void {
  for (const c of children) {
    if (Array.isArray(c)) appendChildren(out, c);
    else if (c === null || c === undefined || c === false) continue;
    else out.push(typeof c === 'number' ? String(c) : c);
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function styleText(style: Record<string, string>): string {
  return Object.entries(style)
    .map(([k, v]) => `${k}:${String(v).replace(/[;{}<>"']/g, '')}`)
    .join(';');
}

/** Serialises a tree to HTML (for the standalone page); handlers are dropped. */
export function renderToString(node: VNode | string): string {
  if (typeof node === 'string') return escapeHtml(node);
  let out = `<${node.tag}`;
  for (const [k, v] of Object.entries(node.attrs)) out += ` ${k}="${escapeHtml(v)}"`;
  const st = styleText(node.style);
  if (st) out += ` style="${escapeHtml(st)}"`;
  out += '>';
  if (VOID_TAGS.has(node.tag)) return out;
  // <script>/<style> contents are never built from VNode children.
  if (node.tag === 'script' || node.tag === 'style') throw new Error('vdom: script/style nodes are not rendered from trees');
  for (const c of node.children) out += renderToString(c);
  return `${out}</${node.tag}>`;
}

/** Creates real DOM nodes (browser only). */
export function mount(node: VNode | string, doc: Document = document, svg = false): Node {
  if (typeof node === 'string') return doc.createTextNode(node);
  const inSvg = svg || node.tag === 'svg';
  const el = inSvg && SVG_TAGS.has(node.tag) ? doc.createElementNS('http://www.w3.org/2000/svg', node.tag) : doc.createElement(node.tag);
  for (const [k, v] of Object.entries(node.attrs)) el.setAttribute(k, v);
  const htmlEl = el as HTMLElement;
  for (const [k, v] of Object.entries(node.style)) htmlEl.style.setProperty(k, v);
  for (const [ev, fn] of Object.entries(node.on)) el.addEventListener(ev, fn);
  for (const c of node.children) el.appendChild(mount(c, doc, inSvg));
  return el;
}

/** mount() for an element tree, typed as an element. */
export function mountEl<T extends Element = HTMLElement>(node: VNode, doc: Document = document): T {
  return mount(node, doc) as unknown as T;
}
