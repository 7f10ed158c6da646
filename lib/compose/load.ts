/**
 * Reading untrusted YAML within bounds: size, flow nesting, aliases and depth are checked before the
 * value is built, so a hostile file is refused in time and memory proportional to its size.
 */
import { parseDocument } from "yaml";

export const MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_ALIASES = 100;

type Loaded = { ok: true; value: unknown } | { ok: false; error: string };

function byteLength(text: string): number {
  // UTF-8 never uses fewer bytes than UTF-16 code units, so a long string is refused without encoding it.
  if (text.length > MAX_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

/** Deepest `[`/`{` nesting outside quotes and comments: a linear pre-scan, cheaper than any parser. */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = "";
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (comment) {
      if (ch === "\n") comment = false;
      continue;
    }
    if (quote) {
      if (ch === "\\" && quote === '"') i++;
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === "#" && (i === 0 || /\s/.test(text[i - 1] as string))) comment = true;
    else if ((ch === '"' || ch === "'") && depth > 0) quote = ch;
    else if (ch === "[" || ch === "{") max = Math.max(max, ++depth);
    else if ((ch === "]" || ch === "}") && depth > 0) depth--;
  }
  return max;
}

function valueDepth(value: unknown, limit: number): number {
  // Iterative, so depth itself cannot overflow the stack.
  const stack: [unknown, number][] = [[value, 1]];
  let max = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== "object") continue;
    max = Math.max(max, d);
    if (max > limit) return max;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return max;
}

/**
 * Parses YAML text into plain data, refusing files over 1 MB, nesting deeper than 64 levels and
 * alias expansion beyond 100 aliases (the "billion laughs" shape).
 * @example loadYaml("a: [1, 2]") // { ok: true, value: { a: [1, 2] } }
 */
export function loadYaml(text: string, file = "compose.yaml"): Loaded {
  const size = byteLength(text);
  if (size > MAX_BYTES) return { ok: false, error: `${file}: file is too large (${size} bytes); the limit is ${MAX_BYTES} bytes (1 MB)` };
  if (flowDepth(text) > MAX_DEPTH) return { ok: false, error: `${file}: nesting is deeper than ${MAX_DEPTH} levels; refusing to parse` };
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: true, strict: true });
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, error: `${file}: nesting is too deep to parse` };
    throw e;
  }
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const message = first.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? first.message;
    return { ok: false, error: pos ? `yaml: line ${pos.line}, column ${pos.col}: ${message}` : `yaml: ${message}` };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const message = (e as Error).message;
    if (/alias/i.test(message)) return { ok: false, error: `${file}: too many aliases (more than ${MAX_ALIASES} expansions): refusing a possible alias bomb` };
    if (e instanceof RangeError) return { ok: false, error: `${file}: nesting is too deep to parse` };
    return { ok: false, error: `${file}: ${message}` };
  }
  if (valueDepth(value, MAX_DEPTH) > MAX_DEPTH) return { ok: false, error: `${file}: nesting is deeper than ${MAX_DEPTH} levels; refusing to parse` };
  return { ok: true, value };
}
