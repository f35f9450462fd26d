/**
 * Copying the emulator's state (run/incremental.ts keeps copies at statement boundaries and
 * re-runs an edited scenario from the last one before the edit).
 *
 * The copy is generic: it walks whatever the state holds (class instances keep their
 * prototype, Maps, Sets, arrays, typed arrays, plain objects), copies each object once and
 * keeps aliasing (two references to one object stay two references to one copy). It needs no
 * list of fields, so it follows the `Mm` class wherever its fields move.
 *
 * What it refuses: a function held in a field (a closure can hide state the walk cannot see and
 * would keep pointing at the original). `forkState` throws `NotForkable` then and the caller
 * simply runs from scratch: a missed copy is a wrong answer, a refused one only a slower one.
 *
 * Side tables: a module that keeps per-run state in a WeakMap keyed by an object of the state
 * (e.g. "warned once per run") registers the map with `forkableTable`; the copy of the key (a
 * class instance, never a plain object) gets a copy of the value. Caches whose loss changes no result need not register.
 *
 * Copies taken one after another in a run share what did not change between them
 * (`IncrementalFork`, ADR 0011): copies are never changed once made, so an object of the state
 * that still equals its copy in the previous copy (every field the same primitive, or an object
 * whose copy is that very object of the previous copy) is that copy again. The walk allocates
 * only what changed, and the copies kept hold one copy of each unchanged object between them.
 *
 * What the walk does not visit (ADR 0011, 2026-12-05, second section):
 *  - spans ({ start, end } plain objects, never changed once made) are shared;
 *  - a flat container (a `FlatMap`, whose writes mark it changed, or an array registered with
 *    `flat`, its changes told with `changed`; their elements never changed in place) is copied
 *    shallowly and only when it changed since the previous copy. The tasks of `KernelState` are
 *    such a container: a copy takes the tasks as they are and the state copies a task again
 *    before it reads or changes it (mm/taskWrites.ts);
 *  - a class registered with `forkableClass` is copied into an instance its constructor made,
 *    so copies keep the emulator's hidden classes.
 */

import { isTextSpan } from '../common/shiftSpans';
import { sameKeysLiteral } from '../common/literals';

export class NotForkable extends Error {}

const tables: WeakMap<object, unknown>[] = [];

/** register a module's per-run side table (keyed by an object that forkState copies) */
export function forkableTable<K extends object, V>(map: WeakMap<K, V>): WeakMap<K, V> {
  tables.push(map as unknown as WeakMap<object, unknown>);
  return map;
}

/**
 * Copy `root` deeply. Objects in `shared` (immutable inputs: the IR, the design, the static
 * diagnostics) are referenced, not copied, and so are spans; flat containers are copied shallowly
 * (their elements are the caller's to keep unchanged). Several roots copied with one `memo` share aliases.
 */
export function forkState<T>(root: T, shared: ReadonlySet<object>, memo: Map<object, unknown> = new Map()): T {
  return walkFull(root, shared, memo) as T;
}

/** what one copy of IncrementalFork did: objects of the state visited, and copies made (the others were the previous copy's) */
export interface ForkCount {
  visited: number;
  made: number;
  /** elements of flat containers compared or copied (natively: several times cheaper than an object visited) */
  elements: number;
  /** elements of the flat containers this copy made (the others were the previous copy's) */
  elementsMade: number;
}

/** the elements of a flat container */
function sizeOf(v: object): number {
  return Array.isArray(v) ? v.length : v instanceof Map || v instanceof Set ? v.size : 0;
}

/**
 * Copies of a state that changes between them (the boundaries of one run): each shares with the
 * previous one every object that did not change since (see the file's comment). The copies must
 * never be changed: a restored run works on a copy of a copy (`forkState`), and `adopt` says
 * which object of the restored state is a copy of which kept object, so the first copy after a
 * restore shares with the copy restored.
 */
export class IncrementalFork {
  /** object of the state -> its copy in the last copy (or the kept copy it was restored from) */
  private prev = new Map<object, unknown>();

  /** test only: objects taken from the previous copy without comparing (a wrong reuse, which the tests must catch) */
  constructor(private readonly staleReuse?: (o: object) => boolean) {}

  /** a copy of `root`, sharing what is unchanged with the previous copy; `memo` may hold copies made beforehand (`proposed`) */
  fork<T>(root: T, shared: ReadonlySet<object>, memo: Map<object, unknown> = new Map()): { copy: T; count: ForkCount } {
    const w = walkIncremental(root, shared, memo, this.prev, this.staleReuse);
    this.prev = memo;
    return { copy: w.root as T, count: { visited: memo.size, made: w.made, elements: w.elements, elementsMade: w.elementsMade } };
  }

  /**
   * `made` as the copy of `live` (a copy made outside the walk, for `memo`), or the previous copy of
   * `live` when that holds the same fields as `made` (its fields already copies or shared objects)
   */
  proposed<T extends object>(live: object, made: T): T {
    const old = this.prev.get(live);
    return old !== undefined && shallowSame(made, old) ? (old as T) : made;
  }

  /** `restored` was just copied (forkState, memo `from -> restored`) from a kept copy: each restored object equals its source */
  adopt(memo: Map<object, unknown>): void {
    const prev = new Map<object, unknown>();
    for (const [from, to] of memo) if (typeof to === 'object' && to !== null && to !== from) prev.set(to, from);
    this.prev = prev;
  }

  /** forget the state's objects (the run ended: they would stay alive) */
  reset(): void {
    this.prev = new Map();
  }
}

/** a flat container's version (a symbol: not a key Object.keys or the walk sees) */
const VERSION = Symbol('flat version');
let versions = 0;

/**
 * A flat Map: its values are never changed in place (primitives, or objects replaced rather than
 * changed: a node's owner accounts, the tasks of mm/taskWrites.ts, the creators of run/report.ts),
 * and every write (set, delete, clear) marks it changed in the same call. A copy of the state
 * copies it shallowly, sharing its values, and only when it changed since the previous copy (a
 * copy keeps the version it copied). The audit (test/run/incrementalCopies.test.ts) catches a
 * value changed in place (a kept copy changes). Before this class every writer had to call
 * `changed` after its write, and only the audit caught one that forgot.
 */
export class FlatMap<K, V> extends Map<K, V> {
  [VERSION]: number = ++versions;

  override set(key: K, value: V): this {
    super.set(key, value);
    this[VERSION] = ++versions;
    return this;
  }

  override delete(key: K): boolean {
    if (!super.delete(key)) return false;
    this[VERSION] = ++versions;
    return true;
  }

  override clear(): void {
    super.clear();
    this[VERSION] = ++versions;
  }

  /** a copy with the same entries, at the same version (not a change) */
  static copyOf<K, V>(m: FlatMap<K, V>): FlatMap<K, V> {
    const c = new FlatMap<K, V>();
    m.forEach(addEntry, c);
    c[VERSION] = m[VERSION];
    return c;
  }
}

const mapSet = Map.prototype.set;

/** (forEach's callback with the copy as `this`: the entry added without marking a change) */
function addEntry(this: Map<unknown, unknown>, value: unknown, key: unknown): void {
  mapSet.call(this, key, value);
}

/**
 * Registers an array whose elements are never changed in place (a node's owner list, its entries
 * replaced), and whose every change is told with `changed` (a Map of that kind is a FlatMap, which
 * marks its own writes). A copy of the state copies it shallowly, only when it changed since the
 * previous copy. The audit catches an element changed in place and a change not told.
 */
export function flat<T>(c: T[]): T[] {
  (c as { [VERSION]?: number })[VERSION] = ++versions;
  return c;
}

/** a flat array changed (every push, splice or element replaced) */
export function changed(c: unknown[]): void {
  // only a flat one (a node's owner list replayed on a shadow node is not)
  if (versionOf(c) !== undefined) (c as { [VERSION]?: number })[VERSION] = ++versions;
}

function versionOf(v: object): number | undefined {
  return (v as { [VERSION]?: number })[VERSION];
}

/** a FlatMap, or an array registered with `flat` (or a copy of either) */
export function isFlat(v: object): boolean {
  return versionOf(v) !== undefined;
}

/** a shallow copy of a flat container (a FlatMap or a flat array), flat at the same version */
function flatCopy(v: object): object {
  if (v instanceof FlatMap) return FlatMap.copyOf(v);
  const c = (v as unknown[]).slice();
  (c as { [VERSION]?: number })[VERSION] = versionOf(v);
  return c;
}

/**
 * A text span ({ start, end } and nothing else): never changed once made (the emulator makes new
 * ones), so copies share it; it is also held on both sides of a task (mm/taskWrites.ts).
 */
function isSpan(v: object): boolean {
  return Object.getPrototypeOf(v) === Object.prototype && isTextSpan(v as Record<string, unknown>);
}

/** two objects hold the same fields (primitives by Object.is, objects by identity): `a` may stand for `b` */
function shallowSame(a: object, b: unknown): boolean {
  if (typeof b !== 'object' || b === null || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map || a instanceof Set || ArrayBuffer.isView(a)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !Object.is(ra[ka[i]], rb[ka[i]])) return false;
  return true;
}

type Copier = (v: unknown, path: string) => unknown;

/**
 * A new object of v's kind for `fill` to complete (a typed array: its full copy). Arrays and plain
 * objects start as shallow copies, made so that they get the hidden class of the emulator's own
 * objects: an array by slice (a new Array(n) filled by index is holey, another class), a plain
 * object by an object literal of its keys in order (a literal's class is the one the emulator's
 * literals give; an object filled key by key gets another). A restored run works on such copies,
 * and with two classes of every object the emulator's hot paths ran its statements about 1.6x
 * slower (CPU profile of the worker, copies on against off, 5,000-line scenario).
 */
function blank(v: object): object {
  if (Array.isArray(v)) return v.slice();
  if (v instanceof Map) return new Map();
  if (v instanceof Set) return new Set();
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): object }).slice();
  if (v instanceof WeakMap || v instanceof WeakSet || v instanceof Promise) throw new NotForkable(`an uncopyable ${v.constructor.name} in the state`);
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto === Object.prototype) return sameKeysLiteral(v);
  const make = classBlanks.get(proto as object);
  return make !== undefined ? make() : (Object.create(proto) as object);
}

/** per prototype of a class of the state, a blank made by its constructor (forkableClass) */
const classBlanks = new Map<object, () => object>();

/**
 * A class whose instances a copy of the state makes with `make` (its constructor, any arguments)
 * before setting every field: the copy then has the hidden class of the emulator's own instances.
 * Made by Object.create, the copies had another, and a run resumed from a copy ran its statements
 * about 1.4x slower (the bench's 5,000-line scenario: the statements after a resume at task 200,
 * per 50 tasks 0.70-0.82 ms of CPU against 0.50 from scratch; 0.55-0.69 with the hot classes
 * registered). `make` must change nothing outside the object it returns.
 */
export function forkableClass<T extends object>(ctor: { prototype: T }, make: () => T): void {
  classBlanks.set(ctor.prototype, make);
}

/** the walk of forkState: every object copied, once (the memo keeps aliasing and cycles) */
function walkFull(root: unknown, shared: ReadonlySet<object>, memo: Map<object, unknown>): unknown {
  const copy: Copier = (v, path) => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function') throw new NotForkable(`a function in the state (field ${path})`);
      return v;
    }
    if (shared.has(v)) return v;
    const done = memo.get(v);
    if (done !== undefined) return done;
    if (versionOf(v) !== undefined) {
      const c = flatCopy(v);
      memo.set(v, c);
      return c;
    }
    if (isSpan(v)) return v;
    const out = blank(v);
    memo.set(v, out);
    fill(v, out, copy, path);
    return out;
  };
  return copy(root, 'root');
}

/**
 * The walk of IncrementalFork. An object is that of the previous copy when its previous copy holds
 * what it holds, children compared by their copies. The state has cycles (a mapping names its
 * task), so the verdict is given per strongly connected component (Tarjan's algorithm, in the
 * walk's depth-first order): while a component is walked its objects stand for their previous
 * copies; if every object of it matches its previous copy under that assumption, the previous
 * copies are the copy (they point at each other the same way); else every object of it is made
 * anew and filled once the component is complete. A component reaches only completed ones, whose
 * copies are final, so nothing outside it ever points at a copy that is then replaced.
 */
function walkIncremental(root: unknown, shared: ReadonlySet<object>, memo: Map<object, unknown>, prev: Map<object, unknown>, stale: ((o: object) => boolean) | undefined): { root: unknown; made: number; elements: number; elementsMade: number } {
  let made = 0;
  let elements = 0;
  let elementsMade = 0;
  // per object, by discovery index: the object, its copy so far (its previous copy, or a blank
  // made at once when it has none), whether it still matches its previous copy, and whether it had none
  const nodes: object[] = [];
  const copies: unknown[] = [];
  const same: boolean[] = [];
  const fresh: boolean[] = [];
  // Tarjan's stack: discovery indexes of the objects whose component is not complete (the memo holds their index meanwhile)
  const stack: number[] = [];
  // out of copy(): the lowest index on the stack the value reached (Infinity: none)
  let low = Infinity;
  // fill's lookup, once every object of a component has its copy
  const lookup: Copier = (v) => (v === null || typeof v !== 'object' || shared.has(v) ? v : (memo.get(v) ?? (isSpan(v) ? v : undefined)));
  const copy: Copier = (v, path) => {
    low = Infinity;
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function') throw new NotForkable(`a function in the state (field ${path})`);
      return v;
    }
    if (shared.has(v)) return v;
    const done = memo.get(v);
    if (done !== undefined) {
      if (typeof done !== 'number') return done;
      low = done;
      return copies[done];
    }
    const version = versionOf(v);
    if (version !== undefined) {
      // the previous copy when the container did not change since, else a new one
      const old = prev.get(v);
      let c: unknown = old;
      if (old === undefined || (versionOf(old as object) !== version && !stale?.(v))) {
        c = flatCopy(v);
        made++;
        const n = sizeOf(v);
        elements += n;
        elementsMade += n;
      }
      memo.set(v, c);
      return c;
    }
    if (isSpan(v)) return v;
    const i = nodes.length;
    const old = prev.get(v);
    nodes.push(v);
    if (old === undefined) {
      made++;
      copies.push(blank(v));
      same.push(false);
      fresh.push(true);
    } else {
      copies.push(old);
      same.push(typeof old === 'object' && old !== null && Object.getPrototypeOf(v) === Object.getPrototypeOf(old));
      fresh.push(false);
    }
    memo.set(v, i);
    stack.push(i);
    let reach = i;
    // every child is walked (its component must complete, and its edges count for this one's); compared while all matched
    let s = same[i];
    const o = copies[i] as Record<string | number, unknown>;
    if (Array.isArray(v)) {
      if (s && (o as unknown as unknown[]).length !== v.length) s = false;
      for (let k = 0; k < v.length; k++) {
        const x = v[k];
        if (typeof x === 'object' || typeof x === 'function') {
          const c = copy(x, path);
          if (low < reach) reach = low;
          if (s && c !== o[k]) s = false;
        } else if (s && !Object.is(x, o[k])) s = false;
      }
    } else if (v instanceof Map) {
      const om = o as unknown as Map<unknown, unknown>;
      if (s && om.size !== v.size) s = false;
      const it = s ? om.entries() : undefined;
      for (const [k, x] of v) {
        const ck = copy(k, path);
        if (low < reach) reach = low;
        const cx = copy(x, path);
        if (low < reach) reach = low;
        if (s) {
          const [ok, ox] = it!.next().value as [unknown, unknown];
          if (!Object.is(ck, ok) || !Object.is(cx, ox)) s = false;
        }
      }
    } else if (v instanceof Set) {
      const os = o as unknown as Set<unknown>;
      if (s && os.size !== v.size) s = false;
      const it = s ? os.values() : undefined;
      for (const x of v) {
        const c = copy(x, path);
        if (low < reach) reach = low;
        if (s && !Object.is(c, it!.next().value)) s = false;
      }
    } else if (ArrayBuffer.isView(v)) {
      if (s) {
        const a = v as unknown as ArrayLike<unknown>;
        const b = o as unknown as ArrayLike<unknown>;
        if (a.length !== b.length) s = false;
        for (let k = 0; s && k < a.length; k++) if (!Object.is(a[k], b[k])) s = false;
      }
    } else {
      if (v instanceof WeakMap || v instanceof WeakSet || v instanceof Promise) throw new NotForkable(`an uncopyable ${v.constructor.name} in the state (field ${path})`);
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(v);
      if (s) {
        const ok = Object.keys(o);
        if (ok.length !== keys.length) s = false;
        else for (let k = 0; s && k < keys.length; k++) if (keys[k] !== ok[k]) s = false;
      }
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        const x = rec[key];
        if (typeof x === 'object' || typeof x === 'function') {
          const c = copy(x, key);
          if (low < reach) reach = low;
          if (s && c !== o[key]) s = false;
        } else if (s && !Object.is(x, o[key])) s = false;
      }
      // side tables are keyed by class instances (the Mm of a run), never by plain objects
      if (Object.getPrototypeOf(v) !== Object.prototype) {
        for (const t of tables) {
          if (t.has(v)) {
            const c = copy(t.get(v), 'side table');
            if (low < reach) reach = low;
            if (s && (!t.has(o) || c !== t.get(o))) s = false;
          } else if (s && t.has(o)) s = false;
        }
      }
    }
    same[i] = s || (stale !== undefined && !fresh[i] && stale(v));
    if (reach < i) {
      // in the component of an object still on the stack: its verdict comes with that one's
      low = reach;
      return copies[i];
    }
    // i roots a component: the stack from i up
    let from = stack.length - 1;
    while (stack[from] !== i) from--;
    let all = true;
    for (let k = from; k < stack.length; k++) if (!same[stack[k]]) all = false;
    for (let k = from; k < stack.length; k++) {
      const j = stack[k];
      if (!all && !fresh[j]) {
        copies[j] = blank(nodes[j]);
        made++;
      }
      memo.set(nodes[j], copies[j]);
    }
    if (!all) for (let k = from; k < stack.length; k++) fill(nodes[stack[k]], copies[stack[k]] as object, lookup, path);
    stack.length = from;
    low = Infinity;
    return copies[i];
  };
  return { root: copy(root, 'root'), made, elements, elementsMade };
}

/** copy v's contents into out (a blank of v's kind); children already copied are memo hits */
function fill(v: object, out: object, copy: Copier, path: string): void {
  if (Array.isArray(v)) {
    const o = out as unknown[];
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      // numbers and strings inline (extent cycles, node lists): no call per element
      o[i] = typeof x === 'object' || typeof x === 'function' ? copy(x, path) : x;
    }
    return;
  }
  if (v instanceof Map) {
    for (const [k, x] of v) (out as Map<unknown, unknown>).set(copy(k, path), copy(x, path));
    return;
  }
  if (v instanceof Set) {
    for (const x of v) (out as Set<unknown>).add(copy(x, path));
    return;
  }
  if (ArrayBuffer.isView(v)) return;
  const rec = v as Record<string, unknown>;
  const o = out as Record<string, unknown>;
  for (const k of Object.keys(v)) {
    const x = rec[k];
    o[k] = typeof x === 'object' || typeof x === 'function' ? copy(x, k) : x;
  }
  // side tables are keyed by class instances (the Mm of a run), never by plain objects
  if (Object.getPrototypeOf(v) !== Object.prototype) for (const t of tables) if (t.has(v)) t.set(out, copy(t.get(v), 'side table'));
}

/** a stable name for an object compared by identity (fingerprint's shared objects) */
const identities = new WeakMap<object, number>();
let identityCount = 0;

/**
 * The state under `root` as text, for tests: every field, Map and Set entry and side table in
 * order, prototypes by constructor name, aliasing as back references (but for objects `asValue`
 * names), objects in `shared` by identity. A copy has the fingerprint of what it copies; a kept copy keeps its fingerprint.
 */
export function fingerprint(root: unknown, shared: ReadonlySet<object> = new Set(), asValue?: (o: object) => boolean): string {
  const ids = new Map<object, number>();
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) {
      out.push(typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' && Object.is(v, -0) ? '-0' : typeof v === 'function' ? 'function' : String(v));
      return;
    }
    if (shared.has(v)) {
      if (!identities.has(v)) identities.set(v, ++identityCount);
      out.push(`shared#${identities.get(v)}`);
      return;
    }
    const seen = ids.get(v);
    if (seen !== undefined) return void out.push(`@${seen}`);
    // objects never changed once made (spans) may be one object or two equal ones: printed without identity
    if (!asValue?.(v)) ids.set(v, ids.size);
    const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
    out.push(`${proto?.constructor?.name ?? 'null'}(`);
    if (Array.isArray(v)) {
      out.push(String(v.length));
      for (let i = 0; i < v.length; i++) visit(v[i]);
    } else if (v instanceof Map) for (const [k, x] of v) (visit(k), out.push('=>'), visit(x));
    else if (v instanceof Set) for (const x of v) visit(x);
    else if (ArrayBuffer.isView(v)) out.push(Array.from(v as unknown as ArrayLike<number>, String).join(','));
    else {
      for (const k of Object.keys(v)) (out.push(`${k}:`), visit((v as Record<string, unknown>)[k]));
      tables.forEach((t, i) => t.has(v) && (out.push(`table${i}:`), visit(t.get(v))));
    }
    out.push(')');
  };
  visit(root);
  return out.join(' ');
}
