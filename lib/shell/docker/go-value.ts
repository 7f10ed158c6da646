/**
 * Go's way of printing and encoding values, for docker's `--format` templates and its JSON output:
 * maps as `map[k:v]` with sorted keys, structs as `{a b}`, pointers inside containers as an address,
 * nil as `<no value>` / `<nil>` / `[]` / `map[]` depending on its Go type.
 *
 * Data is plain JS: objects are Go maps unless marked with `goStruct` (or `goPtr` for a pointer to a
 * struct); `goNil(kind)` is a typed nil.
 */

const STRUCTS = new WeakSet<object>();
const POINTERS = new WeakSet<object>();

/** Marks an object as a Go struct: fields keep their order in JSON and print as `{v1 v2}`. */
export function goStruct<T extends object>(o: T): T {
  STRUCTS.add(o);
  return o;
}

/** Marks an object as a pointer to a Go struct (prints as an address when nested in a map or slice). */
export function goPtr<T extends object>(o: T): T {
  STRUCTS.add(o);
  POINTERS.add(o);
  return o;
}

type NilKind = "slice" | "map" | "ptr" | "iface";

/** A typed Go nil: JSON `null`, printed as `[]`, `map[]`, `<nil>` or `<no value>`. */
export class GoNil {
  constructor(readonly kind: NilKind) {}
  toJSON(): null {
    return null;
  }
}

export const goNil = (kind: NilKind): GoNil => new GoNil(kind);

/** A value with its own JSON encoding (Go's json.Marshaler), e.g. the rows of `docker ps --format '{{json .}}'`. */
export const MARSHAL: unique symbol = Symbol("marshal");
interface Marshaler {
  [MARSHAL](): string;
}
const isMarshaler = (v: unknown): v is Marshaler => typeof v === "object" && v !== null && MARSHAL in v;

export const isStruct = (v: unknown): boolean => typeof v === "object" && v !== null && STRUCTS.has(v);
const isPtr = (v: unknown): boolean => typeof v === "object" && v !== null && POINTERS.has(v);
export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoNil) && !STRUCTS.has(v);

/** Go's `%v` of a float64 (numbers decoded from JSON): shortest digits, exponent form from 1e6 or below 1e-4. */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : n < 0 ? "-Inf" : "NaN";
  if (n === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(n)));
  return exp < -4 || exp >= 6 ? expForm(n) : String(n);
}

function expForm(n: number): string {
  const [m, e] = n.toExponential().split("e") as [string, string];
  const sign = e.startsWith("-") ? "-" : "+";
  const abs = e.replace(/^[+-]/, "");
  return `${m}e${sign}${abs.padStart(2, "0")}`;
}

/** Whether numbers are Go ints (typed data) or float64 (data decoded from JSON). */
interface PrintMode {
  floats: boolean;
}

/** fmt's %v of a value nested inside another (pointers print as addresses). */
function fmtNested(v: unknown, mode: PrintMode): string {
  if (isPtr(v)) return "0xc000000000";
  return fmtValue(v, mode);
}

export function fmtValue(v: unknown, mode: PrintMode): string {
  if (v === undefined) return "<no value>";
  if (v === null) return "<nil>";
  if (v instanceof GoNil) return v.kind === "slice" ? "[]" : v.kind === "map" ? "map[]" : v.kind === "ptr" ? "<nil>" : "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return mode.floats ? goFloat(v) : Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => fmtNested(x, mode)).join(" ")}]`;
  if (isStruct(v)) {
    return `{${Object.values(v as object)
      .map((x) => fmtNested(x, mode))
      .join(" ")}}`;
  }
  if (isMap(v)) {
    const keys = Object.keys(v).sort(byteOrder);
    return `map[${keys.map((k) => `${k}:${fmtNested(v[k], mode)}`).join(" ")}]`;
  }
  return String(v);
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What text/template prints for the result of an action. */
export function printValue(v: unknown, floats = false): string {
  if (v === undefined || (v instanceof GoNil && v.kind === "iface")) return "<no value>";
  return fmtValue(v, { floats });
}

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\u0008", "\f": "\\u000c" };

function jsonString(s: string, escapeHtml: boolean): string {
  let out = '"';
  for (const ch of s) {
    const e = ESCAPES[ch];
    if (e) out += e;
    else if (ch < " ") out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    else if (escapeHtml && (ch === "<" || ch === ">" || ch === "&")) out += `\\u00${ch.charCodeAt(0).toString(16)}`;
    else if (ch === "\u2028" || ch === "\u2029") out += `\\u${ch.charCodeAt(0).toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

interface JsonOptions {
  /** Go's json.Marshal escapes <, > and & (the daemon does; the CLI's `json` template function does not). */
  escapeHtml?: boolean;
  /** json.Indent with this unit ("    " for `docker inspect`); compact when absent. */
  indent?: string;
}

/**
 * Go's encoding/json: struct fields in order, map keys sorted, typed nils as null.
 * @example goJson({ b: 1, a: [] }) // '{"a":[],"b":1}'
 */
export function goJson(v: unknown, opts: JsonOptions = {}, depth = 0): string {
  const esc = opts.escapeHtml ?? false;
  const ind = opts.indent;
  if (v === undefined || v === null || v instanceof GoNil) return "null";
  if (typeof v === "string") return jsonString(v, esc);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "boolean") return String(v);
  if (isMarshaler(v)) return v[MARSHAL]();
  const nl = (d: number) => (ind === undefined ? "" : `\n${ind.repeat(d)}`);
  const colon = ind === undefined ? ":" : ": ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => `${nl(depth + 1)}${goJson(x, opts, depth + 1)}`).join(",")}${nl(depth)}]`;
  }
  const obj = v as Record<string, unknown>;
  const keys = isStruct(v) ? Object.keys(obj).filter((k) => obj[k] !== undefined) : Object.keys(obj).sort(byteOrder);
  if (keys.length === 0) return "{}";
  return `{${keys.map((k) => `${nl(depth + 1)}${jsonString(k, esc)}${colon}${goJson(obj[k], opts, depth + 1)}`).join(",")}${nl(depth)}}`;
}
