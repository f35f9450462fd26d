/**
 * A shallow copy of a plain object made by an object literal of its keys in order, so that the copy
 * has the hidden class (V8 map) that the code's own literals of those keys give. An object filled
 * key by key from `{}` gets another class, and past four keys stores them out of the object (a
 * property array: more memory, one more load per read). Copies made both ways meet the same code
 * (the emulator's hot paths, the lowering and the interpreter reading trees and IR), which then
 * handles two classes of every object and runs slower. Used by the copies of the emulator's state
 * (mm/fork.ts) and the copies of trees and IR with their spans moved (common/shiftSpans.ts).
 */

/** per list of keys, a function returning an object literal of those keys taken from its argument */
const literals = new Map<string, (v: object) => object>();
const MAX_LITERAL_KEYS = 32;
const MAX_LITERALS = 4096;

/**
 * A literal of `v`'s own keys in order with `v`'s values, or an empty object for a long or unusual
 * key list (a table keyed by names, `__proto__`): the callers set every key afterwards either way.
 */
export function sameKeysLiteral(v: object): Record<string, unknown> {
  const keys = Object.keys(v);
  const sig = keys.join('\u0000');
  let make = literals.get(sig);
  if (make === undefined) {
    if (keys.length > MAX_LITERAL_KEYS || literals.size >= MAX_LITERALS || keys.includes('__proto__')) return {};
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- built from property names only, each quoted by JSON.stringify
    make = new Function('v', `return { ${keys.map((k) => `${JSON.stringify(k)}: v[${JSON.stringify(k)}]`).join(', ')} };`) as (v: object) => object;
    literals.set(sig, make);
  }
  return make(v) as Record<string, unknown>;
}
