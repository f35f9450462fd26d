/**
 * Shape checks of the parameters of every request and notification the server handles, run
 * before the handler (lsp/gate.ts). A request with bad parameters is answered -32602
 * InvalidParams with a message naming the field, instead of a handler throwing a JavaScript
 * TypeError that came back as -32603 with the error text leaked. Only what the handlers read is
 * checked; extra fields are allowed (clients send many).
 */
import { MAX_DESIGN_ENTRIES } from './limits';

type Check = (v: unknown, path: string) => string | undefined;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_INT = 2 ** 31 - 1;

const obj =
  (fields: Record<string, Check>, optional: string[] = []): Check =>
  (v, path) => {
    if (!isObj(v)) return `${path} must be an object`;
    for (const [k, check] of Object.entries(fields)) {
      if (v[k] === undefined || v[k] === null) {
        if (optional.includes(k)) continue;
        return `${path}.${k} is missing`;
      }
      const bad = check(v[k], `${path}.${k}`);
      if (bad) return bad;
    }
    return undefined;
  };
const anyObj: Check = (v, path) => (isObj(v) ? undefined : `${path} must be an object`);
const str =
  (max = 1 << 30): Check =>
  (v, path) =>
    typeof v !== 'string' ? `${path} must be a string` : v.length > max ? `${path} is longer than ${max} characters` : undefined;
const bool: Check = (v, path) => (typeof v === 'boolean' ? undefined : `${path} must be true or false`);
const uint: Check = (v, path) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_INT ? undefined : `${path} must be a whole number 0..${MAX_INT}`);
const int: Check = (v, path) => (Number.isInteger(v) && Math.abs(v as number) <= MAX_INT ? undefined : `${path} must be a whole number`);
const num: Check = (v, path) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${path} must be a finite number`);
const arrayOf =
  (item: Check, max: number): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return `${path} must be an array`;
    if (v.length > max) return `${path} has ${v.length} entries, at most ${max} are accepted`;
    for (let i = 0; i < v.length; i++) {
      const bad = item(v[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  };

const uri = str(64 * 1024);
const position = obj({ line: uint, character: uint });
const range = obj({ start: position, end: position });
const textDocument = obj({ uri });
const at = obj({ textDocument, position });
const docOnly = obj({ textDocument });
const design = str(256);

const CHECKS: Record<string, Check> = {
  initialize: obj({ capabilities: anyObj }),
  'textDocument/didOpen': obj({ textDocument: obj({ uri, languageId: str(256), version: int, text: str() }) }),
  'textDocument/didChange': obj({
    textDocument: obj({ uri, version: int }),
    contentChanges: arrayOf(obj({ text: str(), range }, ['range']), 1_000_000),
  }),
  'textDocument/didClose': docOnly,
  'textDocument/hover': at,
  'textDocument/completion': at,
  'textDocument/signatureHelp': at,
  'textDocument/definition': at,
  'textDocument/documentHighlight': at,
  'textDocument/prepareRename': at,
  'textDocument/references': obj({ textDocument, position, context: obj({ includeDeclaration: bool }) }),
  'textDocument/rename': obj({ textDocument, position, newName: str(1024) }),
  'textDocument/documentSymbol': docOnly,
  'textDocument/foldingRange': docOnly,
  'textDocument/semanticTokens/full': docOnly,
  'textDocument/codeLens': docOnly,
  'textDocument/formatting': obj({ textDocument, options: obj({ tabSize: num, insertSpaces: bool }) }),
  'textDocument/codeAction': obj({ textDocument, range, context: anyObj }),
  'textDocument/inlayHint': obj({ textDocument, range }),
  'codeLens/resolve': obj({ range }),
  'workspace/didChangeConfiguration': anyObj,
  'mmlab/run': obj({ uri, design }, ['design']),
  'mmlab/stepAt': obj({ uri, position, design }, ['design']),
  // duplicates are dropped later (lsp/limits.ts); more distinct designs than MAX_COMPARE_DESIGNS are refused there
  'mmlab/compare': obj({ uri, designs: arrayOf(design, MAX_DESIGN_ENTRIES) }, ['designs']),
  'mmlab/whatIf': obj({ uri, line: int, action: str(16), design }, ['design']),
  'mmlab/sweep': obj({ uri, set: str(4096), designs: arrayOf(design, MAX_DESIGN_ENTRIES) }, ['designs']),
};

/** What is wrong with `params` for `method` (a sentence), or undefined when they are usable. */
export function checkParams(method: string, params: unknown): string | undefined {
  const check = CHECKS[method];
  if (!check) return undefined;
  const bad = check(params, 'params');
  return bad ? `mmlab: ${method}: ${bad}` : undefined;
}

/** Methods whose parameters are checked (the fuzzer sends them broken). */
export const CHECKED_METHODS = Object.keys(CHECKS);
