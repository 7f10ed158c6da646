/**
 * The text programs tutorials pipe into: echo, printf, head, tail, wc, sort, uniq, tr, cut, tee, seq,
 * basename, dirname, id. They read FILE operands through `TextIo` (the container's or the session's
 * files) or stdin; BusyBox and GNU word errors differently (`io.bb`).
 */
import { type Chunk, err, type Output, ok, written } from "../context";
import { type ExecUser, execUser, idLine, ROOT } from "./users";

/** Where a text program reads and writes files. */
export interface TextIo {
  read(path: string): { text: string } | { error: string };
  write?(path: string, text: string, append: boolean): string | null;
  /** BusyBox's wording (alpine, busybox) rather than GNU coreutils'. */
  bb: boolean;
  /** Who runs the program (`docker exec -u`); absent: root. */
  user?: ExecUser;
  /** The working directory (`docker exec -w`, the image's WORKDIR); absent: `/`. */
  cwd?: string;
}

/** A text program: arguments and stdin in, terminal output out. */
export type TextTool = (args: string[], stdin: string, io: TextIo) => Output;

function unescapeText(text: string): string {
  return text.replace(/\\(n|r|t|\\|0[0-7]{0,3}|e|a|b|f|v)/g, (_, c: string) => {
    const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", e: "\x1b", a: "\x07", b: "\b", f: "\f", v: "\v" };
    return simple[c] ?? String.fromCharCode(Number.parseInt(c.slice(1) || "0", 8));
  });
}

export function lines(text: string): string[] {
  const all = text.split("\n");
  if (all[all.length - 1] === "") all.pop();
  return all;
}

export const join = (ls: string[]) => (ls.length ? `${ls.join("\n")}\n` : "");

/** Splits leading `-xyz` flags (and `-n N` style values named in `withValue`) from operands. */
function options(args: string[], withValue = ""): { flags: Map<string, string>; rest: string[] } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!/^-[A-Za-z]/.test(a)) {
      rest.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      if (withValue.includes(c)) {
        flags.set(c, a.slice(j + 1) || (args[++i] ?? ""));
        break;
      }
      flags.set(c, "");
    }
  }
  return { flags, rest };
}

/** FILE operands read: their text, and the error line of each missing one, at its place among them. */
interface Inputs {
  text: string;
  stderr: string;
  each: [string, string][];
  /** Each error with the number of files read before it. */
  failed: { at: number; text: string }[];
}

/** The text of FILE operands (stdin without any, or for `-`), with an error line per missing file. */
export function inputs(prog: string, files: string[], stdin: string, io: TextIo): Inputs {
  if (files.length === 0) return { text: stdin, stderr: "", each: [["", stdin]], failed: [] };
  let text = "";
  const each: [string, string][] = [];
  const failed: Inputs["failed"] = [];
  for (const f of files) {
    const r = f === "-" ? { text: stdin } : io.read(f);
    if ("text" in r) {
      text += r.text;
      each.push([f, r.text]);
    } else failed.push({ at: each.length, text: `${prog}: ${f}: ${r.error}\n` });
  }
  return { text, stderr: failed.map((e) => e.text).join(""), each, failed };
}

/**
 * What a program that handles its operands one by one writes: each file's output (`outs`, one per
 * `each`), with the error of a missing file where that file came.
 */
export function inTurn(r: Inputs, outs: readonly string[], exitCode: number): Output {
  const chunks: Chunk[] = [];
  for (let i = 0; i <= outs.length; i++) {
    for (const e of r.failed) if (e.at === i) chunks.push({ stream: "stderr", text: e.text });
    if (i < outs.length) chunks.push({ stream: "stdout", text: outs[i] as string });
  }
  return written(chunks, exitCode);
}

const done = (stdout: string, stderr: string, failed = stderr !== ""): Output => ({ stdout, stderr, exitCode: failed ? 1 : 0 });

const echo: TextTool = (args) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i] as string); i++) {
    if ((args[i] as string).includes("n")) newline = false;
    if ((args[i] as string).includes("e")) escapes = true;
  }
  const text = args.slice(i).join(" ");
  return ok((escapes ? unescapeText(text) : text) + (newline ? "\n" : ""));
};

/** One printf conversion: flags, width, precision and the conversion letter. */
function convert(spec: string, conv: string, arg: string | undefined): string {
  const m = /^([-+ 0#]*)(\d*)(?:\.(\d*))?$/.exec(spec) ?? ["", "", "", undefined];
  const flags = m[1] ?? "";
  const width = Number(m[2] || 0);
  const prec = m[3] === undefined ? undefined : Number(m[3] || 0);
  const num = () => {
    const a = arg ?? "";
    if (/^['"]/.test(a)) return a.charCodeAt(1) || 0;
    const n = Number(a);
    return Number.isFinite(n) ? n : 0;
  };
  let s: string;
  switch (conv) {
    case "d":
    case "i":
      s = String(Math.trunc(num()));
      break;
    case "u":
      s = String(Math.abs(Math.trunc(num())));
      break;
    case "x":
    case "X":
      s = Math.trunc(num()).toString(16);
      if (conv === "X") s = s.toUpperCase();
      break;
    case "o":
      s = Math.trunc(num()).toString(8);
      break;
    case "f":
    case "F":
      s = num().toFixed(prec ?? 6);
      break;
    case "e":
      s = num()
        .toExponential(prec ?? 6)
        .replace(/e([+-])(\d)$/, "e$10$2");
      break;
    case "c":
      s = (arg ?? "").slice(0, 1);
      break;
    case "b":
      s = unescapeText(arg ?? "");
      break;
    default:
      s = arg ?? "";
      if (prec !== undefined) s = s.slice(0, prec);
  }
  if (flags.includes("+") && /^[dif]$/.test(conv) && !s.startsWith("-")) s = `+${s}`;
  if (s.length >= width) return s;
  if (flags.includes("-")) return s.padEnd(width);
  if (flags.includes("0") && /^[diuxXofF]$/.test(conv)) {
    const neg = s.startsWith("-") || s.startsWith("+");
    return (neg ? s[0] : "") + s.slice(neg ? 1 : 0).padStart(width - (neg ? 1 : 0), "0");
  }
  return s.padStart(width);
}

export const printf: TextTool = (args) => {
  const [format, ...rest] = args;
  if (format === undefined) return err("printf: usage: printf FORMAT [ARGUMENT...]\n", 1);
  let k = 0;
  let out = "";
  do {
    let used = false;
    out += unescapeText(format.replace(/%%/g, "\u0000")).replace(/%([-+ 0#]*\d*(?:\.\d*)?)([diouxXfFeEcsb])/g, (_, spec: string, conv: string) => {
      used = true;
      return convert(spec, conv, rest[k++]);
    });
    out = out.replace(/\u0000/g, "%");
    if (!used) break;
  } while (k < rest.length);
  return ok(out);
};

function count(flags: Map<string, string>, rest: string[], fallback: number): { n: string; files: string[] } {
  const short = rest.find((a) => /^-\d+$/.test(a));
  const files = rest.filter((a) => a !== short);
  return { n: flags.get("n") ?? (short ? short.slice(1) : String(fallback)), files };
}

const head: TextTool = (args, stdin, io) => {
  const { flags, rest } = options(
    args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a)),
    "nc",
  );
  const { n, files } = count(flags, rest, 10);
  const r = inputs("head", files, stdin, io);
  const outs = r.each.map(([name, text], i) => `${r.each.length > 1 ? `${i > 0 ? "\n" : ""}==> ${name} <==\n` : ""}${join(lines(text).slice(0, Number(n)))}`);
  return inTurn(r, outs, r.stderr ? 1 : 0);
};

const tail: TextTool = (args, stdin, io) => {
  const { flags, rest } = options(
    args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a)),
    "nc",
  );
  const { n, files } = count(flags, rest, 10);
  const r = inputs("tail", files, stdin, io);
  const all = lines(r.text);
  return done(join(n.startsWith("+") ? all.slice(Number(n.slice(1)) - 1) : all.slice(-Number(n) || all.length)), r.stderr);
};

const wc: TextTool = (args, stdin, io) => {
  const { flags, rest } = options(args);
  const r = inputs("wc", rest, stdin, io);
  const counts = (t: string) => [t.match(/\n/g)?.length ?? 0, t.split(/\s+/).filter(Boolean).length, new TextEncoder().encode(t).length];
  const pick = ["l", "w", "c"].filter((f) => flags.has(f));
  const cols = pick.length ? pick.map((f) => ["l", "w", "c"].indexOf(f)) : [0, 1, 2];
  const rows = r.each.map(([name, t]) => [counts(t), name] as [number[], string]);
  if (rows.length > 1) rows.push([[0, 1, 2].map((i) => rows.reduce((s, [c]) => s + (c[i] as number), 0)), "total"]);
  // BusyBox pads every column to 9 unless one count is asked for; GNU aligns to the widest number.
  const gnuWidth = Math.max(1, ...rows.flatMap(([c]) => cols.map((i) => String(c[i]).length)));
  const width = io.bb ? (cols.length === 1 ? 0 : 9) : cols.length === 1 && rows.length === 1 ? 0 : gnuWidth;
  const stdout = rows
    .map(([c, name]) => {
      const nums = cols.map((i) => String(c[i]).padStart(width)).join(" ");
      return name ? `${nums} ${name}\n` : `${nums}\n`;
    })
    .join("");
  return done(stdout, r.stderr);
};

function sortKey(line: string, key: string | undefined, sep: string | undefined): string {
  if (!key) return line;
  const [start, end] = key.split(",").map((k) => Number.parseInt(k, 10));
  const fields = sep !== undefined ? line.split(sep) : line.trim().split(/\s+/);
  return fields.slice((start ?? 1) - 1, end ?? fields.length).join(sep ?? " ");
}

const sort: TextTool = (args, stdin, io) => {
  const { flags, rest } = options(args, "kto");
  const r = inputs("sort", rest, stdin, io);
  const key = flags.get("k");
  const numeric = flags.has("n") || /n/.test(key ?? "");
  const sep = flags.get("t");
  const cmp = (a: string, b: string) => {
    const ka = sortKey(a, key, sep);
    const kb = sortKey(b, key, sep);
    if (numeric) {
      const d = (Number.parseFloat(ka) || 0) - (Number.parseFloat(kb) || 0);
      if (d !== 0) return d;
    } else if (ka !== kb) return ka < kb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  let sorted = lines(r.text).sort(cmp);
  if (flags.has("r")) sorted.reverse();
  if (flags.has("u")) sorted = sorted.filter((l, i) => i === 0 || cmp(sorted[i - 1] as string, l) !== 0);
  return done(join(sorted), r.stderr);
};

const uniq: TextTool = (args, stdin, io) => {
  const { flags, rest } = options(args);
  const r = inputs("uniq", rest.slice(0, 1), stdin, io);
  const groups: [string, number][] = [];
  for (const l of lines(r.text)) {
    const last = groups[groups.length - 1];
    if (last && (flags.has("i") ? last[0].toLowerCase() === l.toLowerCase() : last[0] === l)) last[1]++;
    else groups.push([l, 1]);
  }
  const kept = groups.filter(([, n]) => (flags.has("d") ? n > 1 : flags.has("u") ? n === 1 : true));
  return done(join(kept.map(([l, n]) => (flags.has("c") ? `${String(n).padStart(7)} ${l}` : l))), r.stderr);
};

/** Expands `a-z`, `[:upper:]` and escapes in a tr set. */
function trSet(set: string): string {
  const classes: Record<string, string> = {
    "[:upper:]": "A-Z",
    "[:lower:]": "a-z",
    "[:digit:]": "0-9",
    "[:alpha:]": "A-Za-z",
    "[:alnum:]": "A-Za-z0-9",
    "[:space:]": " \t\n\r\v\f",
  };
  const s = unescapeText(set.replace(/\[:[a-z]+:\]/g, (c) => classes[c] ?? c));
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i + 1] === "-" && i + 2 < s.length) {
      for (let c = s.charCodeAt(i); c <= s.charCodeAt(i + 2); c++) out += String.fromCharCode(c);
      i += 2;
    } else out += s[i];
  }
  return out;
}

const tr: TextTool = (args, stdin) => {
  const { flags, rest } = options(args);
  const [from, to] = rest.map(trSet);
  if (from === undefined) return err(flags.size ? "tr: missing operand\n" : "tr: missing operand\n", 1);
  let out = "";
  let last = "";
  for (const ch of stdin) {
    const i = from.indexOf(ch);
    let c = ch;
    if (i >= 0) {
      if (flags.has("d")) continue;
      if (to !== undefined && to.length > 0) c = to[Math.min(i, to.length - 1)] as string;
    }
    if (flags.has("s") && c === last && (to ?? from).includes(c)) continue;
    out += c;
    last = c;
  }
  return ok(out);
};

/** `1,3`, `2-`, `-3`, `1-2` as a predicate on 1-based positions. */
function ranges(list: string): ((n: number) => boolean) | null {
  const parts = list.split(",").map((p) => {
    const m = /^(\d*)(-?)(\d*)$/.exec(p);
    if (!m || (m[1] === "" && m[3] === "")) return null;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY) : a;
    return [a, b] as const;
  });
  if (parts.some((p) => p === null)) return null;
  return (n) => parts.some((p) => p !== null && n >= p[0] && n <= p[1]);
}

const cut: TextTool = (args, stdin, io) => {
  const { flags, rest } = options(args, "dfcb");
  const list = flags.get("f") ?? flags.get("c") ?? flags.get("b");
  if (list === undefined)
    return err(
      io.bb
        ? "cut: expected a list of bytes, characters, or fields\n"
        : "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
      1,
    );
  const pick = ranges(list);
  if (!pick) return err(io.bb ? `cut: invalid range\n` : `cut: invalid field value '${list}'\n`, 1);
  const r = inputs("cut", rest, stdin, io);
  const sep = flags.get("d") ?? "\t";
  const out = lines(r.text).map((l) => {
    if (!flags.has("f")) return [...l].filter((_, i) => pick(i + 1)).join("");
    if (!l.includes(sep)) return flags.has("s") ? null : l;
    return l
      .split(sep)
      .filter((_, i) => pick(i + 1))
      .join(sep);
  });
  return done(join(out.filter((l): l is string => l !== null)), r.stderr);
};

const tee: TextTool = (args, stdin, io) => {
  const { flags, rest } = options(args);
  let stderr = "";
  for (const f of rest) {
    const failed = io.write ? io.write(f, stdin, flags.has("a")) : "Read-only file system";
    if (failed) stderr += `tee: ${f}: ${failed}\n`;
  }
  return done(stdin, stderr);
};

const seq: TextTool = (args) => {
  const nums = args.map(Number);
  if (nums.length === 0 || nums.some((n) => Number.isNaN(n))) return err("seq: invalid argument\n", 1);
  const [first, step, last] =
    nums.length === 1 ? [1, 1, nums[0] as number] : nums.length === 2 ? [nums[0] as number, 1, nums[1] as number] : (nums as [number, number, number]);
  const out: string[] = [];
  for (let n = first; step > 0 ? n <= last : n >= last; n += step) {
    out.push(String(n));
    if (out.length > 100_000) return err("seq: too many numbers\n", 1);
  }
  return ok(join(out));
};

const basename: TextTool = (args) => {
  const [path, suffix] = args;
  if (path === undefined) return err("basename: missing operand\n", 1);
  let b = path.replace(/\/+$/, "").split("/").pop() || "/";
  if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
  return ok(`${b}\n`);
};

const dirname: TextTool = (args) => {
  const path = args[0];
  if (path === undefined) return err("dirname: missing operand\n", 1);
  const trimmed = path.replace(/\/+$/, "");
  const i = trimmed.lastIndexOf("/");
  return ok(`${i < 0 ? "." : i === 0 ? "/" : trimmed.slice(0, i)}\n`);
};

/** The user `id NAME` asks about, from the files' own passwd and group; an error when they have no such user. */
function namedUser(name: string, io: TextIo): ExecUser | { error: string } {
  const text = (path: string) => {
    const r = io.read(path);
    return "text" in r ? r.text : null;
  };
  const u = execUser(name, text("/etc/passwd"), text("/etc/group"));
  if (!("error" in u)) return u;
  return { error: io.bb ? `id: unknown user ${name}\n` : `id: '${name}': no such user\n` };
}

const id: TextTool = (args, _stdin, io) => {
  const { flags, rest } = options(args);
  const asked = rest[0] === undefined ? null : namedUser(rest[0], io);
  if (asked && "error" in asked) return err(asked.error, 1);
  const u = asked ?? io.user ?? ROOT;
  if (flags.has("u") || flags.has("g")) {
    const [n, name] = flags.has("u") ? [u.uid, u.name] : [u.gid, u.group];
    if (!flags.has("n")) return ok(`${n}\n`);
    if (name) return ok(`${name}\n`);
    // Both print the number anyway, after saying it has no name.
    const why = io.bb ? `id: unknown ID ${n}\n` : `id: cannot find name for ${flags.has("u") ? "user" : "group"} ID ${n}\n`;
    return { stdout: `${n}\n`, stderr: why, exitCode: 1 };
  }
  return ok(idLine(u));
};

export const TEXT_TOOLS: ReadonlyMap<string, TextTool> = new Map([
  ["echo", echo],
  ["printf", printf],
  ["head", head],
  ["tail", tail],
  ["tr", tr],
  ["sort", sort],
  ["uniq", uniq],
  ["wc", wc],
  ["cut", cut],
  ["tee", tee],
  ["seq", seq],
  ["basename", basename],
  ["dirname", dirname],
  ["id", id],
  ["true", () => ok()],
  ["false", () => ({ stdout: "", stderr: "", exitCode: 1 })],
  ["whoami", () => ok("root\n")],
  ["pwd", (_args, _stdin, io) => ok(`${io.cwd ?? "/"}\n`)],
  ["sleep", () => ok()],
]);

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * `date [-u] [+FORMAT]` at `now` (UTC, as containers have no TZ set).
 * @example date(["+%Y-%m-%d"], Date.UTC(2026, 11, 7)).stdout // "2026-12-07\n"
 */
export function date(args: string[], now: number): Output {
  const d = new Date(now);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const fmt = args.find((a) => a.startsWith("+"))?.slice(1) ?? "%a %b %e %H:%M:%S %Z %Y";
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  const day = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  const values = new Map<string, string>([
    ["Y", String(d.getUTCFullYear())],
    ["m", p2(d.getUTCMonth() + 1)],
    ["d", p2(d.getUTCDate())],
    ["e", String(d.getUTCDate()).padStart(2, " ")],
    ["H", p2(d.getUTCHours())],
    ["M", p2(d.getUTCMinutes())],
    ["S", p2(d.getUTCSeconds())],
    ["s", String(Math.floor(now / 1000))],
    ["a", DAYS[d.getUTCDay()] as string],
    ["b", MONTHS[d.getUTCMonth()] as string],
    ["Z", "UTC"],
    ["T", time],
    ["F", day],
    ["%", "%"],
  ]);
  return ok(`${fmt.replace(/%(.)/g, (m, c: string) => values.get(c) ?? m)}\n`);
}
