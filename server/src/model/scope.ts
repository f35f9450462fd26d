import { Span } from '../common/span';
import { charge } from '../common/staticBudget';

/**
 * Variables of a scenario. Each task has its own scope, carried across its
 * blocks; all kernel blocks share the `kernel` scope (a handle allocated in one
 * kernel block can be freed in another). Device blocks bind nothing.
 */
export type VarKind = 'mapping' | 'handle';

export interface VarInfo {
  name: string;
  kind: VarKind;
  /** 'kernel' or the task name */
  scope: string;
  /** where it was (last) assigned */
  span: Span;
  /** mapping size in bytes when the call gave a constant */
  sizeBytes?: number;
  /** the number of this assignment among the file's assignments, in lowering order (what an item read: model/relower.ts) */
  seq: number;
}

export const KERNEL_SCOPE = 'kernel';

/**
 * The variables as they were at one point of a lowering (model/relower.ts restores it instead of
 * replaying the items before that point). Never changed: a Scopes made from it copies the tables
 * (natively, a few microseconds for thousands of scopes) and copies a scope's variables or a
 * name's owners before it changes them.
 */
export interface ScopesSnapshot {
  readonly scopes: ReadonlyMap<string, ReadonlyMap<string, VarInfo>>;
  readonly order: ReadonlyMap<string, number>;
  readonly owners: ReadonlyMap<string, readonly string[]>;
  readonly defined: number;
}

export class Scopes {
  private scopes = new Map<string, Map<string, VarInfo>>();
  /** the order scopes were created in (findEverywhere answers in that order) */
  private order = new Map<string, number>();
  /**
   * name -> the scopes that define it, in creation order: "which other task assigns this?" is
   * then a look at one or two entries, where a walk over every scope per unknown name made N
   * tasks that each miss a name defined elsewhere O(N²) (issue 17)
   */
  private owners = new Map<string, string[]>();
  /** assignments so far (the next one's `seq`) */
  private defined = 0;
  /**
   * once a snapshot was taken or restored: the scope tables and owner lists this object made since,
   * the only ones it may change in place (the others are a snapshot's too). Undefined before: a
   * lowering that never snapshots pays nothing for it
   */
  private own?: Set<object>;
  /**
   * when set, the `seq` of every variable a look-up answered with is pushed here: the incremental
   * lowering (model/relower.ts) reuses an item only when none of the variables it read changed
   */
  reads?: number[];

  define(scope: string, name: string, kind: VarKind, span: Span, sizeBytes?: number): VarInfo {
    let vars = this.scopes.get(scope);
    if (!vars) {
      this.scopes.set(scope, (vars = new Map()));
      this.order.set(scope, this.order.size);
      this.own?.add(vars);
    } else if (this.own && !this.own.has(vars)) {
      this.scopes.set(scope, (vars = new Map(vars)));
      this.own.add(vars);
    }
    if (!vars.has(name)) this.addOwner(name, scope);
    const info: VarInfo = { name, kind, scope, span, sizeBytes, seq: this.defined++ };
    vars.set(name, info);
    return info;
  }

  /** the variables as they are now (what `restore` takes); from here on both share the tables, copied before a change */
  snapshot(): ScopesSnapshot {
    this.own = new Set();
    return { scopes: new Map(this.scopes), order: new Map(this.order), owners: new Map(this.owners), defined: this.defined };
  }

  /** the variables as `s` has them (a Scopes that has defined nothing yet) */
  restore(s: ScopesSnapshot): void {
    this.scopes = new Map(s.scopes) as Map<string, Map<string, VarInfo>>;
    this.order = new Map(s.order);
    this.owners = new Map(s.owners) as Map<string, string[]>;
    this.defined = s.defined;
    this.own = new Set();
  }

  private addOwner(name: string, scope: string): void {
    let list = this.owners.get(name);
    if (!list) {
      this.owners.set(name, (list = []));
      this.own?.add(list);
    } else if (this.own && !this.own.has(list)) {
      this.owners.set(name, (list = list.slice()));
      this.own.add(list);
    }
    const at = this.order.get(scope)!;
    // scopes are mostly created in file order: appending is the common case
    let i = list.length;
    while (i > 0 && this.order.get(list[i - 1])! > at) i--;
    charge(1 + list.length - i);
    list.splice(i, 0, scope);
  }

  lookup(scope: string, name: string): VarInfo | undefined {
    const v = this.scopes.get(scope)?.get(name);
    if (v && this.reads) this.reads.push(v.seq);
    return v;
  }

  /** Every scope that defines `name` (for top-level expectations), at most `limit` of them. */
  findEverywhere(name: string, limit = Infinity): VarInfo[] {
    const out: VarInfo[] = [];
    for (const scope of this.owners.get(name) ?? []) {
      if (out.length >= limit) break;
      out.push(this.scopes.get(scope)!.get(name)!);
    }
    if (this.reads) for (const v of out) this.reads.push(v.seq);
    return out;
  }

  /** How many scopes define `name`. */
  ownerCount(name: string): number {
    return this.owners.get(name)?.length ?? 0;
  }

  /** The first scope other than `scope` that defines `name` (in creation order). */
  firstElsewhere(name: string, scope: string): VarInfo | undefined {
    for (const s of this.owners.get(name) ?? []) {
      if (s === scope) continue;
      const v = this.scopes.get(s)!.get(name)!;
      if (this.reads) this.reads.push(v.seq);
      return v;
    }
    return undefined;
  }

  names(scope: string): string[] {
    return [...(this.scopes.get(scope)?.keys() ?? [])];
  }

  /** The names of a scope, without copying them (a "did you mean" search stops at its budget). */
  nameIterator(scope: string): Iterable<string> {
    return this.scopes.get(scope)?.keys() ?? [];
  }

  allScopes(): string[] {
    return [...this.scopes.keys()];
  }
}
