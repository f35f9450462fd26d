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
  /** every assignment, first first */
  definitions: Span[];
  /** mapping size in bytes when the call gave a constant */
  sizeBytes?: number;
  /** the number of this assignment among the file's assignments, in lowering order (what an item read: model/relower.ts) */
  seq: number;
}

export const KERNEL_SCOPE = 'kernel';

export class Scopes {
  private readonly scopes = new Map<string, Map<string, VarInfo>>();
  /** the order scopes were created in (findEverywhere answers in that order) */
  private readonly order = new Map<string, number>();
  /**
   * name -> the scopes that define it, in creation order: "which other task assigns this?" is
   * then a look at one or two entries, where a walk over every scope per unknown name made N
   * tasks that each miss a name defined elsewhere O(N²) (issue 17)
   */
  private readonly owners = new Map<string, string[]>();
  /** assignments so far (the next one's `seq`) */
  private defined = 0;
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
    }
    const prev = vars.get(name);
    if (!prev) this.addOwner(name, scope);
    // one definitions array per variable, shared by its successive VarInfos (a copy per assignment
    // made N reassignments of one name quadratic)
    const definitions = prev?.definitions ?? [];
    definitions.push(span);
    const info: VarInfo = { name, kind, scope, span, definitions, sizeBytes, seq: this.defined++ };
    vars.set(name, info);
    return info;
  }

  private addOwner(name: string, scope: string): void {
    let list = this.owners.get(name);
    if (!list) this.owners.set(name, (list = []));
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
