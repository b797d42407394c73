/**
 * A validator built when first used, not when its module is imported. Zod
 * builds every schema's objects as the schema is declared: declared at the top
 * of the record and board JSON modules, ours took ~15–25 ms of every page's
 * start (the browser evaluates those modules before the board's first render),
 * though a page validates only once somebody writes. The proxy stands for the
 * schema everywhere: parsing, `extend`/`omit`, nesting in other schemas,
 * `instanceof`, JSON Schema generation.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy(Object.create(null) as T, {
    get: (_, key) => Reflect.get(real(), key),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // Reported configurable: the proxy's own (empty, extensible) target must allow it.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    set: (_, key, value) => Reflect.set(real(), key, value),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
  });
}
