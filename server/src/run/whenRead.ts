/**
 * `target[key]` made by `make` when first read: an own enumerable accessor in the same place, which
 * JSON, spreads and structured clone read like the plain value it turns into (and a write replaces).
 * A run's reports and step records (run/simulate.ts) and a moved result's parts (run/movedResult.ts)
 * are made this way: a caller that reads none of them never builds them.
 */
export function whenRead<T extends object, K extends keyof T>(target: T, key: K, make: () => T[K]): void {
  const settle = (value: T[K]): void => void Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): T[K] {
      const value = make();
      settle(value);
      return value;
    },
    set: settle,
  });
}
