import { Diagnostic, diag, DiagnosticCode, RelatedInfo, Severity } from '../../common/diagnostics';
import { Span } from '../../common/span';
import { charge, spentBudget } from '../../common/staticBudget';
import * as ir from '../ir';
import type { Expr, NumberLit, ParamDecl } from '../../syntax/ast';
import { Scopes, VarKind } from '../scope';
import { BlockKind } from '../../vocab/calls';

/** Where a statement is being lowered: the block kind and, for tasks, which task. */
export interface BlockContext {
  kind: BlockKind | 'top';
  /** 'kernel' for kernel blocks, the task name for task blocks */
  scope?: string;
  /** for_each loop variables in scope, innermost last */
  loopVars: string[];
  /** the device block's node (device blocks only) */
  deviceNode?: number;
  /** a `driver NAME { }` block: the device name (driver-only calls are allowed) */
  driver?: string;
  /** inside an expectation: may name other scopes' variables as `task.var` (expectations observe) */
  observing?: boolean;
}

/**
 * What lowering a top-level item changed in the state later items read, besides its IR and
 * diagnostics: replayed when the incremental lowering reuses the item (model/relower.ts).
 */
export type LowerEffect =
  | { kind: 'define'; scope: string; name: string; varKind: VarKind; span: Span; sizeBytes?: number }
  | { kind: 'paramUse'; name: string; span: Span }
  /** a task block: its name is known from here on; `header` is the first block's (later blocks refer to it) */
  | { kind: 'task'; name: string; header: Span };

/** Shared state of one lowering: diagnostics, declared nodes, cgroups, variables. */
export class LowerContext {
  /** when set, every LowerEffect is pushed here */
  effects?: LowerEffect[];

  readonly diagnostics: Diagnostic[] = [];
  /** node id -> its declaration (first one wins on duplicates) */
  readonly nodes = new Map<number, ir.NodeDecl>();
  readonly cgroups = new Map<string, ir.CgroupDecl>();
  readonly scopes = new Scopes();
  /** task names in file order as their first block is lowered (for `task.var` diagnostics) */
  taskNames = new Set<string>();
  /** the designs the file may name (`design`, `under`): the prelude's, the workspace's, its own */
  designs: Record<ir.DesignName, ir.DesignDef> = {};
  /** `param NAME = VALUE` declarations by name (lowered before everything else: usable anywhere) */
  readonly params = new Map<string, { decl: ParamDecl; value: NumberLit; uses: Span[] }>();
  /** node ids already reported absent (one warning per id and span) */
  private readonly absentReported = new Set<string>();

  /** the parser's syntax diagnostics, by start offset ascending */
  private readonly syntax: Diagnostic[];
  private readonly syntaxStarts: number[];

  constructor(
    readonly text: string,
    parseDiagnostics: Diagnostic[] = [],
  ) {
    this.syntax = parseDiagnostics.filter((d) => d.code === 'syntax').sort((a, b) => a.span.start - b.span.start);
    this.syntaxStarts = this.syntax.map((d) => d.span.start);
  }

  /**
   * Why `span` cannot be evaluated: the error messages reported inside it since diagnostic
   * number `since`, and the parser's syntax errors inside it (for a failed expectation's reason).
   */
  errorsIn(span: Span, since: number): string[] {
    const inside = (d: Diagnostic) => d.severity === 'error' && d.span.start >= span.start && d.span.start <= span.end;
    // the syntax errors inside, found by binary search: a filter of all of them per failed
    // expectation made N broken expectations O(N²) (issue 17)
    const syntax: Diagnostic[] = [];
    const first = this.firstSyntaxAt(span.start);
    let i = first;
    for (; i < this.syntax.length && this.syntax[i].span.start <= span.end; i++) if (inside(this.syntax[i])) syntax.push(this.syntax[i]);
    charge(i - first + this.diagnostics.length - since);
    return [...syntax, ...this.diagnostics.slice(since).filter(inside)].map((d) => `${d.code}: ${d.message}`);
  }

  /** the index of the first syntax diagnostic starting at or after `offset` */
  private firstSyntaxAt(offset: number): number {
    const a = this.syntaxStarts;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Does a syntax diagnostic start inside `span`? Such a line is an ErrorStmt: it does not run a guess. */
  hasSyntaxErrorIn(span: Span): boolean {
    const lo = this.firstSyntaxAt(span.start);
    return lo < this.syntaxStarts.length && this.syntaxStarts[lo] <= span.end;
  }

  /** set once lowering stopped at the static budget (common/staticBudget.ts) */
  stoppedAt?: Span;

  /**
   * Charges one step of lowering at `span`; false once the static budget is spent, after which
   * nothing more is lowered. The first refusal reports where the analysis stopped.
   */
  step(span: Span, units = 1): boolean {
    if (this.stoppedAt) return false;
    if (charge(units)) return true;
    this.stoppedAt = span;
    const b = spentBudget();
    this.diagnostics.push(diag('static-budget-exceeded', span, b ? b.message() : 'static analysis stopped here: its budget is spent'));
    return false;
  }

  /**
   * `e` names a param: its value, placed at `e`'s span so that every later message about the
   * value points at the use. Undefined for anything else.
   */
  paramValue(e: Expr): { value: NumberLit; decl: ParamDecl } | undefined {
    if (e.kind !== 'Ident') return undefined;
    const p = this.params.get(e.name);
    if (!p) return undefined;
    if (!p.uses.some((u) => u.start === e.span.start)) {
      p.uses.push(e.span);
      this.effects?.push({ kind: 'paramUse', name: e.name, span: e.span });
    }
    return { value: { ...p.value, span: e.span }, decl: p.decl };
  }

  /** binds a variable (an assignment) */
  define(scope: string, name: string, kind: VarKind, span: Span, sizeBytes?: number): void {
    this.scopes.define(scope, name, kind, span, sizeBytes);
    this.effects?.push(sizeBytes === undefined ? { kind: 'define', scope, name, varKind: kind, span } : { kind: 'define', scope, name, varKind: kind, span, sizeBytes });
  }

  report(code: DiagnosticCode, span: Span, message: string, extra: { severity?: Severity; related?: RelatedInfo[]; data?: Record<string, unknown> } = {}): void {
    this.diagnostics.push(diag(code, span, message, extra));
  }

  textOf(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /**
   * A node id used by a call, set or expectation: `absent-node` (warning) when
   * no `node` declares it; an error when it is declared only later in the file
   * (language.md, file layout: a node must be declared before a block uses it).
   */
  checkNodeUse(id: number, span: Span, inBlock: boolean): void {
    const decl = this.nodes.get(id);
    if (!decl) {
      const key = `${id}@${span.start}`;
      if (this.absentReported.has(key)) return;
      this.absentReported.add(key);
      this.report('absent-node', span, `node ${id} is not declared by any \`node\` line: it is a possible node without memory (mbind drops it from a mask, move_pages fails with ENODEV)`, {
        data: { node: id },
      });
      return;
    }
    if (inBlock && decl.span.start > span.start) {
      this.report('invalid-argument', span, `node ${id} is used before its declaration: declare \`node ${id}\` above the block that uses it`, {
        related: [{ span: decl.span, message: `node ${id} is declared here` }],
        data: { node: id },
      });
    }
  }
}
