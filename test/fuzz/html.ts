/**
 * A structural check of rendered HTML against a benign rendering of the same
 * data: hostile strings may change text and attribute values, never the set of
 * elements, attributes, scripts or style blocks. Regex-based on purpose: the
 * renderer's output is simple, and any raw `<`, `"` or `>` that leaks from the
 * input breaks the strict tag grammar below and is reported.
 */
export interface HtmlShape {
  tags: Set<string>;
  attrs: Set<string>;
  scripts: number;
  styleCloses: number;
}

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>/g;
const ATTRS = /^(?:\s+[A-Za-z][A-Za-z0-9_:.-]*(?:="[^"<>]*")?)*\s*\/?$/;
const ATTR = /\s+([A-Za-z][A-Za-z0-9_:.-]*)(?:="([^"<>]*)")?/g;

function decode(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, d) => String.fromCharCode(parseInt(d, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The shape of a page; throws when a tag's attribute list is malformed (an attribute value broke out). */
export function htmlShape(html: string): HtmlShape {
  const shape: HtmlShape = { tags: new Set(), attrs: new Set(), scripts: 0, styleCloses: 0 };
  // the <style> block is our own CSS: skip its body
  const body = html.replace(/(<style[^>]*>)[\s\S]*?(<\/style>)/g, (_, a, b) => {
    shape.styleCloses++;
    return `${a}${b}`;
  });
  for (const m of body.matchAll(TAG)) {
    const [, close, name, rest] = m;
    shape.tags.add(name.toLowerCase());
    if (name.toLowerCase() === 'script' && !close) shape.scripts++;
    if (close) continue;
    if (!ATTRS.test(rest)) throw new Error(`malformed attributes in <${name}${rest.slice(0, 120)}>`);
    for (const a of rest.matchAll(ATTR)) {
      const attr = a[1].toLowerCase();
      shape.attrs.add(attr);
      if (/^on/.test(attr)) throw new Error(`event-handler attribute ${attr} on <${name}>`);
      const value = decode(a[2] ?? '').trim().toLowerCase();
      if ((attr === 'href' || attr === 'src' || attr === 'action' || attr === 'xlink:href') && /^(javascript|data|vbscript):/.test(value.replace(/\s/g, ''))) {
        throw new Error(`script URL in ${attr} of <${name}>`);
      }
      if (attr === 'style' && /url\s*\(|expression\s*\(|javascript:/.test(value)) throw new Error(`active style value on <${name}>: ${value.slice(0, 80)}`);
    }
  }
  return shape;
}

/** Elements and attributes a view may gain with the data (rows, cells, tooltips): never active content. */
const SAFE_TAGS = new Set(['div', 'span', 'p', 'section', 'header', 'footer', 'main', 'nav', 'h1', 'h2', 'h3', 'h4', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'col', 'colgroup', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'code', 'pre', 'small', 'strong', 'em', 'b', 'i', 'label', 'details', 'summary', 'br', 'hr', 'abbr', 'mark', 'kbd', 'sup', 'sub']);
const SAFE_ATTR = /^(class|title|id|role|scope|colspan|rowspan|tabindex|lang|dir|hidden|data-[a-z0-9_.:-]+|aria-[a-z-]+)$/;

/** Asserts that `hostile` has no element, attribute, script or style block beyond what `benign` has or a view may add harmlessly. */
export function assertSameShape(benign: string, hostile: string, where: string): void {
  const a = htmlShape(benign);
  const b = htmlShape(hostile);
  const extraTags = [...b.tags].filter((t) => !a.tags.has(t) && !SAFE_TAGS.has(t));
  const extraAttrs = [...b.attrs].filter((t) => !a.attrs.has(t) && !SAFE_ATTR.test(t));
  if (extraTags.length) throw new Error(`${where}: elements from the input: ${extraTags.join(', ')}`);
  if (extraAttrs.length) throw new Error(`${where}: attributes from the input: ${extraAttrs.join(', ')}`);
  if (b.scripts !== a.scripts) throw new Error(`${where}: ${b.scripts} <script> elements, expected ${a.scripts}`);
  if (b.styleCloses !== a.styleCloses) throw new Error(`${where}: ${b.styleCloses} style blocks, expected ${a.styleCloses}`);
}

/** Markdown must carry no raw HTML from the input (a previewer would render it); `\<` is an escaped, literal `<`. */
export function assertNoRawHtml(md: string, where: string): void {
  // inside a code span HTML is shown literally
  const text = md.replace(/`[^`\n]*`/g, (s) => ' '.repeat(s.length));
  for (const m of text.matchAll(/<[A-Za-z!/?]/g)) {
    let slashes = 0;
    for (let i = m.index! - 1; i >= 0 && text[i] === '\\'; i--) slashes++;
    if (slashes % 2 === 0) throw new Error(`${where}: raw HTML at ${m.index}: ${JSON.stringify(md.slice(Math.max(0, m.index! - 20), m.index! + 40))}`);
  }
}
