import { Span } from '../common/span';

/**
 * The syntax tree. Every node has `kind` and an exact `span` (UTF-16 offsets,
 * end exclusive) of the text it was parsed from; the tree keeps what was written
 * (names as text, numbers with their token kind), not what it means: the model
 * layer (server/src/model/lower.ts) resolves names and checks kinds.
 *
 * Parsing never fails: a statement that does not parse becomes an `Error` node
 * holding its text, and the parser goes on with the next statement.
 */

// ---------------------------------------------------------------- expressions

export interface Ident {
  kind: 'Ident';
  name: string;
  span: Span;
}

export type NumberKind = 'int' | 'decimal' | 'size' | 'percent';

export interface NumberLit {
  kind: 'Number';
  numKind: NumberKind;
  /** int/decimal: the number; size: bytes; percent: the number before `%` (60 for `60%`) */
  value: number;
  text: string;
  span: Span;
}

export interface StringLit {
  kind: 'String';
  /** unescaped contents */
  value: string;
  span: Span;
}

/** `A | B | C` (two or more operands; a single name stays an Ident). */
export interface FlagsExpr {
  kind: 'Flags';
  operands: Expr[];
  span: Span;
}

/** `0-3`: an inclusive range of node ids (or CPUs). */
export interface IdRange {
  kind: 'IdRange';
  from: Expr;
  to: Expr;
  span: Span;
}

/** `{0, 2-3}`: elements are numbers, ranges or names (loop variables, callback names). */
export interface SetExpr {
  kind: 'Set';
  elements: Expr[];
  span: Span;
}

/** `buf[4K]`, `buf[0:64M]`, `buf[10%:50%]` (a bare `buf` is an Ident). */
export interface IndexExpr {
  kind: 'Index';
  base: Ident;
  /** `buf[X]` has only start; `buf[X:Y]` has both */
  start?: Expr;
  end?: Expr;
  slice: boolean;
  span: Span;
}

/** `name(args)`: a statement call, a metric (`pages(buf, 0)`) or a value helper (`ratio(2.5)`). */
export interface CallExpr {
  kind: 'Call';
  callee: Ident;
  args: Arg[];
  /** span of `(`...`)`; ends at the last argument when `)` is missing */
  argsSpan: Span;
  /** false when the closing `)` was missing */
  closed: boolean;
  span: Span;
}

/** A call argument: positional (`buf`) or named (`count=8192`). */
export interface Arg {
  kind: 'Arg';
  name?: Ident;
  value: Expr;
  span: Span;
}

/** A place where an expression was expected but none could be parsed. */
export interface MissingExpr {
  kind: 'Missing';
  span: Span;
}

export type Expr = Ident | NumberLit | StringLit | FlagsExpr | IdRange | SetExpr | IndexExpr | CallExpr | MissingExpr;

// ---------------------------------------------------------------- statements

/** `[V =] call(...)` */
export interface CallStmt {
  kind: 'CallStmt';
  assign?: Ident;
  call: CallExpr;
  span: Span;
}

/** `V[OFFSET] = VALUE`: write one byte. */
export interface PokeStmt {
  kind: 'PokeStmt';
  target: IndexExpr;
  value: Expr;
  span: Span;
}

/** `for_each_node(n) BODY`, `for_each_online_node(n)`, `for_each_node_state(n, STATE)` */
export interface ForEachStmt {
  kind: 'ForEach';
  /** the macro name (for_each_node, ...) */
  macro: Ident;
  variable: Ident | MissingExpr;
  state?: Expr;
  body: Block | Stmt | undefined;
  span: Span;
}

/**
 * `memalloc_private { ... }`, `memalloc_folio { ... }` (the task-flag scopes of
 * include/linux/sched/mm.h as the post-v4 variants sketch them) and
 * `interrupt { ... }` (an interrupt taken inside the enclosing block: it runs with
 * the interrupted task's flags).
 */
export interface ScopeStmt {
  kind: 'Scope';
  keyword: Ident;
  body: Block | undefined;
  span: Span;
}

export interface RepeatStmt {
  kind: 'Repeat';
  keyword: Span;
  count: Expr;
  body: Block | undefined;
  span: Span;
}

export type ExpectBody =
  | { form: 'ok'; span: Span }
  | { form: 'error'; errno: Ident | MissingExpr; span: Span }
  | { form: 'oom'; span: Span }
  | { form: 'leak'; negated: boolean; span: Span }
  /** `code` keeps the dashed text (`gfp-private-oom`) */
  | { form: 'diagnostic'; code: { text: string; span: Span }; span: Span }
  | { form: 'metric'; metric: CallExpr; op: { text: string; span: Span }; value: Expr; span: Span };

export interface ExpectStmt {
  kind: 'Expect';
  keyword: Span;
  body: ExpectBody;
  /** `under D1, D2` */
  under?: { keyword: Span; designs: Ident[] };
  span: Span;
}

/** A statement or declaration that did not parse; keeps its text. */
export interface ErrorNode {
  kind: 'Error';
  text: string;
  /** the message of the syntax diagnostic that made it an error */
  message: string;
  span: Span;
}

export type Stmt = CallStmt | PokeStmt | ForEachStmt | RepeatStmt | ScopeStmt | ExpectStmt | ErrorNode;

export interface Block {
  kind: 'Block';
  open: Span;
  /** undefined when the closing `}` is missing */
  close?: Span;
  stmts: Stmt[];
  span: Span;
}

// ---------------------------------------------------------------- top level

export interface ScenarioDecl {
  kind: 'Scenario';
  keyword: Span;
  title: StringLit | MissingExpr;
  span: Span;
}

/**
 * `design NAME` picks the design a file runs under; `design NAME [extends BASE] { CHOICE VALUE ... }`
 * declares one (language.md "Declaring a design").
 */
export interface DesignDecl {
  kind: 'Design';
  keyword: Span;
  name: Ident | MissingExpr;
  extends?: { keyword: Span; base: Ident | MissingExpr };
  /** present on a declaration */
  body?: DesignBody;
  span: Span;
}

export interface DesignBody {
  kind: 'DesignBody';
  choices: DesignChoice[];
  /** the closing brace, absent when the body was never closed */
  close?: Span;
  span: Span;
}

/** One mechanism choice: `gate __GFP_PRIVATE`, `injects fault, mbind_move` */
export interface DesignChoice {
  kind: 'DesignChoice';
  name: Ident;
  values: Expr[];
  /** the trailing `inferred` mark: the choice is mmlab's reading, not read kernel code */
  inferred?: Span;
  span: Span;
}

/**
 * One node attribute: `private`, `cpus 0-7`, `ops A | B`, `callbacks a, b`,
 * `media 2G`, `ratio 3.0`, `watermarks low=10% high=25%` (named args),
 * `zone movable`, `tier 2`, `offline`.
 */
export interface NodeAttr {
  kind: 'NodeAttr';
  name: Ident;
  args: Arg[];
  span: Span;
}

export interface NodeDecl {
  kind: 'NodeDecl';
  keyword: Span;
  id: Expr;
  nodeKind: Ident | MissingExpr;
  size: Expr;
  attrs: NodeAttr[];
  span: Span;
}

export interface DistanceDecl {
  kind: 'Distance';
  keyword: Span;
  a: Expr;
  b: Expr;
  distance: Expr;
  span: Span;
}

export interface SwapDecl {
  kind: 'Swap';
  keyword: Span;
  size: Expr;
  span: Span;
}

export interface CgroupDecl {
  kind: 'Cgroup';
  keyword: Span;
  name: Ident | MissingExpr;
  mems?: { keyword: Span; set: Expr };
  sysram?: { keyword: Span; set: Expr };
  span: Span;
}

export interface SysctlDecl {
  kind: 'Sysctl';
  keyword: Span;
  key: Ident | MissingExpr;
  value: Expr;
  span: Span;
}

/**
 * `param NAME = VALUE`: a named number, size, ratio or percentage that any size/count/ratio
 * argument may use by name, so `mmlab sweep --set NAME=...` sweeps it (language.md, param).
 */
export interface ParamDecl {
  kind: 'Param';
  keyword: Span;
  name: Ident | MissingExpr;
  value: Expr;
  span: Span;
}

export interface TaskBlock {
  kind: 'TaskBlock';
  keyword: Span;
  name: Ident | MissingExpr;
  cpu?: { keyword: Span; value: Expr };
  cgroup?: { keyword: Span; name: Ident | MissingExpr };
  body: Block | undefined;
  /** `task NAME ... ` up to (not including) the `{` */
  header: Span;
  span: Span;
}

export interface KernelBlock {
  kind: 'KernelBlock';
  keyword: Span;
  label?: StringLit;
  /** `driver NAME { ... }`: the device whose driver runs the block (the keyword was `driver`) */
  driver?: Ident | MissingExpr;
  body: Block | undefined;
  header: Span;
  span: Span;
}

export interface DeviceBlock {
  kind: 'DeviceBlock';
  keyword: Span;
  node: Expr;
  body: Block | undefined;
  header: Span;
  span: Span;
}

export type Decl = ScenarioDecl | DesignDecl | NodeDecl | DistanceDecl | SwapDecl | CgroupDecl | SysctlDecl | ParamDecl;
export type BlockItem = TaskBlock | KernelBlock | DeviceBlock;
export type TopItem = Decl | BlockItem | ExpectStmt | ErrorNode;

export interface SourceFile {
  kind: 'File';
  items: TopItem[];
  span: Span;
}

export type AstNode = SourceFile | TopItem | Stmt | Block | NodeAttr | Expr | Arg | DesignBody | DesignChoice;
