import { Span } from './span';

/**
 * The diagnostic codes of language.md, diagnostic codes (the contract) plus the project's own
 * additions (marked). One table serves the checker, the emulator, the CLI, the
 * LSP adapter (severity, codeDescription link) and the docs.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface CodeInfo {
  severity: Severity;
  summary: string;
  /** true for codes this project adds beyond language.md, diagnostic codes */
  extension?: boolean;
}

export const DIAGNOSTIC_CODES = {
  syntax: { severity: 'error', summary: 'the text does not parse; the rest of the file is still analysed' },
  'unknown-name': { severity: 'error', summary: 'an undeclared mapping, task, cgroup or variable' },
  'absent-node': { severity: 'warning', summary: 'a node id that no `node` declares (a possible node without memory)' },
  'unknown-flag': { severity: 'error', summary: 'a GFP/MPOL/MADV/NP_OPS name that does not exist' },
  'invalid-argument': { severity: 'error', summary: 'a value of the wrong kind or out of range' },
  'ops-rejected': { severity: 'error', summary: 'a node\'s ops/callbacks are a set node_private_set_ops refuses' },
  'private-leak': { severity: 'error', summary: 'a page reached a private node through an allocation that had no right to it' },
  'gfp-private-oom': { severity: 'error', summary: 'a GFP_PRIVATE allocation (or private-node bind fault) could not be satisfied and could not fall back' },
  oom: { severity: 'error', summary: 'out of memory: global, cpuset- or mempolicy-constrained' },
  'alloc-failed': { severity: 'warning', summary: 'a kernel allocation returned NULL without an OOM' },
  'syscall-error': { severity: 'warning', summary: 'a system call returned an errno' },
  'migration-refused': { severity: 'warning', summary: 'move_pages/migrate_pages left pages behind' },
  'private-policy': { severity: 'warning', summary: 'a policy that cannot work well with private nodes' },
  'cpuset-rebind': { severity: 'warning', summary: 'a cpuset.mems change quietly rebinds a private-node policy' },
  'file-mbind': { severity: 'warning', summary: 'mbind of a file-backed mapping onto a private node' },
  'pin-private': { severity: 'warning', summary: 'a longterm pin on a private node migrated the page or failed' },
  'unplug-blocked': { severity: 'warning', summary: 'offline_node could not move pages away' },
  'service-skipped': { severity: 'info', summary: 'an mm service skipped private folios' },
  'cram-backpressure': { severity: 'info', summary: 'the CRAM node closed to demotion or opened again' },
  'cram-promotion': { severity: 'info', summary: 'writes to write-protected compressed pages promoted them' },
  'cram-media-overflow': { severity: 'error', summary: 'the device\'s media ran out while the OS still saw free memory' },
  'missing-callback': { severity: 'warning', summary: 'the node\'s device needs a callback it does not have' },
  'expect-failed': { severity: 'error', summary: 'an expect did not hold' },
  'budget-exceeded': { severity: 'warning', summary: 'the run was cut at its step budget (deterministic: the same cut on every machine)' },
  // project extensions
  'size-without-unit': { severity: 'warning', summary: 'a page-granular size written as a bare integer smaller than a page: probably a missing unit', extension: true },
  'task-dead': { severity: 'info', summary: 'a statement of a task that already exited or was OOM-killed is skipped', extension: true },
  'unknown-sysctl': { severity: 'error', summary: 'a sysctl key the emulator does not model', extension: true },
  'internal-error': { severity: 'error', summary: 'the emulator failed on this input (a bug in mmlab, not in the scenario); the rest of the analysis still stands', extension: true },
  segfault: { severity: 'warning', summary: 'an access the mapping does not allow (mprotect) killed the task with SIGSEGV', extension: true },
  'design-choice': { severity: 'warning', summary: 'a design\'s choices contradict each other (error) or make one of them pointless (warning)', extension: true },
  'oom-panic': { severity: 'error', summary: 'vm.panic_on_oom turned an out-of-memory into a kernel panic: the run ends there', extension: true },
  'static-budget-exceeded': { severity: 'warning', summary: 'static analysis stopped at its own budget (linear in the document): the rest of the file is not checked and does not run', extension: true },
  'time-budget-exceeded': { severity: 'warning', summary: 'the run was cut by the wall clock, not by its step budget: where it stopped depends on the machine (not deterministic)', extension: true },
  'param-kind': { severity: 'error', summary: 'a `param` used where its kind of value does not go (a size where a count goes, ...)', extension: true },
  inferred: { severity: 'hint', summary: 'the outcome rests on an inference, not on read kernel code', extension: true },
} satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function isDiagnosticCode(s: string): s is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, s);
}

export function defaultSeverity(code: DiagnosticCode): Severity {
  return DIAGNOSTIC_CODES[code].severity as Severity;
}

/**
 * Where each code's documentation page lives, relative to the package root: the pages ship with
 * the extension (.vscodeignore) and sit beside a checkout, so the LSP codeDescription link opens
 * the bundled page (lsp/docsLocation.ts makes it a file: URL), never a web address.
 */
export function docsPath(code: string): string {
  return `docs/diagnostics/${code}.md`;
}

export interface RelatedInfo {
  span: Span;
  message: string;
}

/** Plain-data diagnostic shared by every layer (no LSP types). */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  span: Span;
  message: string;
  related?: RelatedInfo[];
  /** small machine-readable payload for code actions (e.g. the missing flag) */
  data?: Record<string, unknown>;
}

export function diag(
  code: DiagnosticCode,
  span: Span,
  message: string,
  extra: { severity?: Severity; related?: RelatedInfo[]; data?: Record<string, unknown> } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity: extra.severity ?? defaultSeverity(code), span, message };
  if (extra.related && extra.related.length) d.related = extra.related;
  if (extra.data) d.data = extra.data;
  return d;
}
