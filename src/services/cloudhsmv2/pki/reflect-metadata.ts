/**
 * Minimal Reflect metadata polyfill. @peculiar/x509 depends on tsyringe, which refuses to load
 * unless `Reflect.getMetadata` exists, and no polyfill package (reflect-metadata) is installed.
 * tsyringe only reads/writes "design:paramtypes"-style keys on classes, so a WeakMap store with
 * prototype-chain lookup is enough. A real polyfill, if one is loaded first, wins.
 */
type Key = unknown;
type Prop = string | symbol | undefined;

const store = new WeakMap<object, Map<Prop, Map<Key, unknown>>>();

function table(target: object, prop: Prop, create: boolean): Map<Key, unknown> | undefined {
  let byProp = store.get(target);
  if (!byProp && create) store.set(target, (byProp = new Map()));
  let entries = byProp?.get(prop);
  if (byProp && !entries && create) byProp.set(prop, (entries = new Map()));
  return entries;
}

const getOwn = (key: Key, target: object, prop?: Prop): unknown => table(target, prop, false)?.get(key);
const hasOwn = (key: Key, target: object, prop?: Prop): boolean => table(target, prop, false)?.has(key) ?? false;

function lookup(key: Key, target: object, prop?: Prop): { found: boolean; value?: unknown } {
  for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
    if (hasOwn(key, t, prop)) return { found: true, value: getOwn(key, t, prop) };
  }
  return { found: false };
}

const polyfill = {
  defineMetadata: (key: Key, value: unknown, target: object, prop?: Prop): void => {
    table(target, prop, true)!.set(key, value);
  },
  getOwnMetadata: getOwn,
  hasOwnMetadata: hasOwn,
  getMetadata: (key: Key, target: object, prop?: Prop): unknown => lookup(key, target, prop).value,
  hasMetadata: (key: Key, target: object, prop?: Prop): boolean => lookup(key, target, prop).found,
  metadata:
    (key: Key, value: unknown) =>
    (target: object, prop?: Prop): void =>
      polyfill.defineMetadata(key, value, target, prop),
};

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== 'function') {
  for (const [name, fn] of Object.entries(polyfill)) reflect[name] = fn;
}

export {};
