/**
 * The functions a docker `--format` template can call: Go's builtins (print, printf, index, len, eq,
 * and, or...) and the docker CLI's own (json, join, split, lower, upper, title, pad, truncate).
 */
import { byteOrder, fmtValue, GoNil, goJson, isMap, isStruct } from "./go-value";
export interface RenderOptions {
  /** `missingkey=error`: a missing map key is an error rather than `<no value>` (docker inspect's raw fallback). */
  missingKeyError?: boolean;
  /** Numbers are float64 (data decoded from JSON). */
  floats?: boolean;
  /** Go type name used in "can't evaluate field X in type T". */
  typeName?: string;
}

export function goTypeName(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "int";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  return "interface {}";
}

export function rangeEntries(v: unknown): [unknown, unknown][] | null {
  if (v === undefined || v === null || v instanceof GoNil) return [];
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isMap(v))
    return Object.keys(v)
      .sort(byteOrder)
      .map((k) => [k, v[k]]);
  if (typeof v === "number" && Number.isInteger(v)) return Array.from({ length: Math.max(0, v) }, (_, i) => [i, i] as [unknown, unknown]);
  return null;
}

export function truth(v: unknown): boolean {
  if (v === undefined || v === null || v instanceof GoNil) return false;
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0;
  if (typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

function sprint(args: unknown[], floats: boolean): string {
  // fmt.Sprint: spaces between operands when neither is a string
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += fmtValue(a, { floats });
  });
  return out;
}

function sprintf(format: string, args: unknown[], floats: boolean): string {
  let i = 0;
  return format.replace(
    /%([-+ #0]*)(\d+)?(?:\.(\d+))?([vsdqtxXf%])/g,
    (_m, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
      if (verb === "%") return "%";
      const a = args[i++];
      if (a === undefined && i > args.length) return `%!${verb}(MISSING)`;
      let s: string;
      switch (verb) {
        case "q":
          s = JSON.stringify(fmtValue(a, { floats }));
          break;
        case "d":
          s = typeof a === "number" ? String(Math.trunc(a)) : `%!d(${goTypeName(a)}=${fmtValue(a, { floats })})`;
          break;
        case "x":
        case "X":
          s = typeof a === "number" ? a.toString(16) : [...new TextEncoder().encode(String(a))].map((b) => b.toString(16).padStart(2, "0")).join("");
          if (verb === "X") s = s.toUpperCase();
          break;
        case "f":
          s = typeof a === "number" ? a.toFixed(prec === undefined ? 6 : Number(prec)) : `%!f(${goTypeName(a)}=${fmtValue(a, { floats })})`;
          break;
        default:
          s = fmtValue(a, { floats });
          if (verb === "s" && prec !== undefined) s = s.slice(0, Number(prec));
      }
      if (width !== undefined) s = flags.includes("-") ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes("0") ? "0" : " ");
      return s;
    },
  );
}

function cmpArgs(args: unknown[]): [unknown, unknown] {
  if (args.length < 2) throw new Error("missing argument for comparison");
  return [args[0], args[1]];
}

function indexInto(v: unknown, key: unknown): unknown {
  if (Array.isArray(v)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= v.length) throw new Error(`index out of range: ${String(key)}`);
    return v[i];
  }
  if (isMap(v)) return Object.hasOwn(v, String(key)) ? v[String(key)] : undefined;
  if (isStruct(v)) return (v as Record<string, unknown>)[String(key)];
  if (v === undefined || v === null || v instanceof GoNil) throw new Error("index of untyped nil");
  throw new Error(`can't index item of type ${goTypeName(v)}`);
}

type Fn = (args: unknown[], opts: RenderOptions) => unknown;

export const FUNCS: Record<string, Fn> = {
  json: ([v]) => goJson(v, { escapeHtml: false }),
  join: ([list, sep]) => (Array.isArray(list) ? list.map((x) => fmtValue(x, { floats: false })).join(String(sep ?? "")) : ""),
  split: ([s, sep]) => String(s).split(String(sep)),
  lower: ([s]) => String(s).toLowerCase(),
  upper: ([s]) => String(s).toUpperCase(),
  title: ([s]) => String(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  pad: ([s, l, r]) => `${" ".repeat(Number(l))}${String(s)}${" ".repeat(Number(r))}`,
  truncate: ([s, n]) => [...String(s)].slice(0, Number(n)).join(""),
  index: ([v, ...keys]) => keys.reduce((acc, k) => indexInto(acc, k), v),
  len: ([v]) => {
    if (typeof v === "string") return new TextEncoder().encode(v).length;
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    if (v instanceof GoNil) return 0;
    throw new Error(`len of type ${goTypeName(v)}`);
  },
  print: (args, o) => sprint(args, o.floats ?? false),
  println: (args, o) => `${args.map((a) => fmtValue(a, { floats: o.floats ?? false })).join(" ")}\n`,
  printf: ([f, ...args], o) => sprintf(String(f), args, o.floats ?? false),
  eq: ([a, ...bs]) => bs.some((b) => a === b),
  ne: (args) => {
    const [a, b] = cmpArgs(args);
    return a !== b;
  },
  lt: (args) => {
    const [a, b] = cmpArgs(args);
    return (a as number) < (b as number);
  },
  le: (args) => {
    const [a, b] = cmpArgs(args);
    return (a as number) <= (b as number);
  },
  gt: (args) => {
    const [a, b] = cmpArgs(args);
    return (a as number) > (b as number);
  },
  ge: (args) => {
    const [a, b] = cmpArgs(args);
    return (a as number) >= (b as number);
  },
  not: ([a]) => !truth(a),
  and: (args) => args.find((a) => !truth(a)) ?? args[args.length - 1],
  or: (args) => args.find((a) => truth(a)) ?? args[args.length - 1],
};
