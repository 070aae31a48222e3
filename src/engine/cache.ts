// Memo tables keyed level by level (scenario -> role -> unit type -> ...): each level is read
// through `subMap`, which makes the empty child the first time, so a lookup reads as one line.

interface MapLike<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The Map stored under `key` in `parent`, created empty the first time. */
export function subMap<K, CK, CV>(parent: MapLike<K, Map<CK, CV>>, key: K): Map<CK, CV> {
  let child = parent.get(key);
  if (child === undefined) {
    child = new Map();
    parent.set(key, child);
  }
  return child;
}

/** The WeakMap stored under `key` in `parent` (for children keyed by objects), created empty the first time. */
export function subWeakMap<K, CK extends object, CV>(parent: MapLike<K, WeakMap<CK, CV>>, key: K): WeakMap<CK, CV> {
  let child = parent.get(key);
  if (child === undefined) {
    child = new WeakMap();
    parent.set(key, child);
  }
  return child;
}
