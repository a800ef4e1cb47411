// How Go's text/template sees and prints values: structs versus maps, `<no value>`, `%v`.

const STRUCT = Symbol('struct');

/** Marks an object as a struct: unknown fields are errors, `{{json .}}` keeps key order. */
export function struct<T extends object>(o: T): T {
  Object.defineProperty(o, STRUCT, { value: true, enumerable: false });
  return o;
}

export function isStruct(o: unknown): boolean {
  return typeof o === 'object' && o !== null && (o as Record<symbol, unknown>)[STRUCT] === true;
}

class NoValue {}
export const NO_VALUE = new NoValue();

/** Go's `%v` rendering of a value. */
export function goString(v: unknown): string {
  if (v === NO_VALUE) return '<no value>';
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  if (typeof v === 'object') {
    if (isStruct(v)) return `{${Object.values(v).map(goString).join(' ')}}`;
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goString((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}

