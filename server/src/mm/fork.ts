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
 */

export class NotForkable extends Error {}

const tables: WeakMap<object, unknown>[] = [];

/** register a module's per-run side table (keyed by an object that forkState copies) */
export function forkableTable<K extends object, V>(map: WeakMap<K, V>): WeakMap<K, V> {
  tables.push(map as unknown as WeakMap<object, unknown>);
  return map;
}

/**
 * Copy `root` deeply. Objects in `shared` (immutable inputs: the IR, the design, the static
 * diagnostics) are referenced, not copied. Several roots copied with one `memo` share aliases.
 */
export function forkState<T>(root: T, shared: ReadonlySet<object>, memo: Map<object, unknown> = new Map()): T {
  const copy = (v: unknown, path: string): unknown => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function') throw new NotForkable(`a function in the state (field ${path})`);
      return v;
    }
    if (shared.has(v)) return v;
    const done = memo.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      memo.set(v, out);
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        // numbers and strings inline (extent cycles, node lists): no call per element
        out[i] = typeof x === 'object' || typeof x === 'function' ? copy(x, path) : x;
      }
      return out;
    }
    if (v instanceof Map) {
      const out = new Map();
      memo.set(v, out);
      for (const [k, x] of v) out.set(copy(k, path), copy(x, path));
      return out;
    }
    if (v instanceof Set) {
      const out = new Set();
      memo.set(v, out);
      for (const x of v) out.add(copy(x, path));
      return out;
    }
    if (ArrayBuffer.isView(v)) {
      const out = (v as unknown as { slice(): unknown }).slice();
      memo.set(v, out);
      return out;
    }
    if (v instanceof WeakMap || v instanceof WeakSet || v instanceof Promise) throw new NotForkable(`an uncopyable ${v.constructor.name} in the state (field ${path})`);
    const proto = Object.getPrototypeOf(v);
    const out = Object.create(proto) as Record<string, unknown>;
    memo.set(v, out);
    const rec = v as Record<string, unknown>;
    for (const k of Object.keys(v)) {
      const x = rec[k];
      out[k] = typeof x === 'object' || typeof x === 'function' ? copy(x, k) : x;
    }
    // side tables are keyed by class instances (the Mm of a run), never by plain objects
    if (proto !== Object.prototype) for (const t of tables) if (t.has(v)) t.set(out, copy(t.get(v), 'side table'));
    return out;
  };
  return copy(root, 'root') as T;
}
