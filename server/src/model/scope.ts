import { Span } from '../common/span';

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
}

export const KERNEL_SCOPE = 'kernel';

export class Scopes {
  private readonly scopes = new Map<string, Map<string, VarInfo>>();

  define(scope: string, name: string, kind: VarKind, span: Span, sizeBytes?: number): VarInfo {
    let vars = this.scopes.get(scope);
    if (!vars) this.scopes.set(scope, (vars = new Map()));
    const prev = vars.get(name);
    // one definitions array per variable, shared by its successive VarInfos (a copy per assignment
    // made N reassignments of one name quadratic)
    const definitions = prev?.definitions ?? [];
    definitions.push(span);
    const info: VarInfo = { name, kind, scope, span, definitions, sizeBytes };
    vars.set(name, info);
    return info;
  }

  lookup(scope: string, name: string): VarInfo | undefined {
    return this.scopes.get(scope)?.get(name);
  }

  /** Every scope that defines `name` (for top-level expectations). */
  findEverywhere(name: string): VarInfo[] {
    const out: VarInfo[] = [];
    for (const vars of this.scopes.values()) {
      const v = vars.get(name);
      if (v) out.push(v);
    }
    return out;
  }

  names(scope: string): string[] {
    return [...(this.scopes.get(scope)?.keys() ?? [])];
  }

  allScopes(): string[] {
    return [...this.scopes.keys()];
  }
}
