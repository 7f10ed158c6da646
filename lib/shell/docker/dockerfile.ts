/**
 * Dockerfiles as the builder's parser reads them: comments, `\` continuations, instructions with their
 * arguments (JSON exec form or shell form), `$VAR` / `${VAR:-word}` substitution, and the parser's
 * error texts.
 */

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY... */
  cmd: string;
  /** The text after the keyword, continuations joined, as `Step N/M :` prints it. */
  rest: string;
  /** Exec form (`["a","b"]`), when the arguments are a JSON array of strings. */
  json: string[] | null;
  /** `--from=build`, `--chown=...` */
  flags: Record<string, string>;
  line: number;
  /** The instruction as written (continuations joined), as `Step N/M :` prints it. */
  original: string;
}

/** Instructions beyond this are refused: a build makes one image per step and the document keeps them. */
const MAX_INSTRUCTIONS = 200;
const MAX_DOCKERFILE_BYTES = 256 * 1024;

const KNOWN = new Set([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);

function parseJson(text: string): string[] | null {
  if (!text.startsWith("[")) return null;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : null;
  } catch {
    return null;
  }
}

/**
 * Splits a Dockerfile into instructions, or returns the parser's error.
 * @example parseDockerfile("FROM alpine\nRUN echo \\\n hi") // [{ cmd: "FROM", rest: "alpine", ... }, { cmd: "RUN", rest: "echo  hi", ... }]
 */
export function parseDockerfile(text: string): Instruction[] | string {
  if (text.length > MAX_DOCKERFILE_BYTES) return `Dockerfile is ${text.length} bytes; Dockside builds Dockerfiles of at most ${MAX_DOCKERFILE_BYTES} bytes`;
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const out: Instruction[] = [];
  let pending = "";
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const trimmed = raw.trim();
    if (pending === "" && (trimmed === "" || trimmed.startsWith("#"))) continue;
    if (pending !== "" && trimmed.startsWith("#")) continue;
    if (pending === "") start = i + 1;
    if (/\\\s*$/.test(raw)) {
      pending += `${raw.replace(/\\\s*$/, "")}`;
      continue;
    }
    const whole = (pending + raw).trim();
    pending = "";
    if (whole === "") continue;
    const m = /^(\S+)\s*(.*)$/s.exec(whole);
    const word = (m?.[1] ?? "").toUpperCase();
    let rest = (m?.[2] ?? "").trim();
    if (!KNOWN.has(word)) return `dockerfile parse error line ${start}: unknown instruction: ${m?.[1]?.toUpperCase() ?? word}`;
    const flags: Record<string, string> = {};
    while (/^--[a-z-]+(=\S*)?(\s|$)/.test(rest)) {
      const f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest) as RegExpExecArray;
      flags[f[1] as string] = f[2] ?? "";
      rest = rest.slice(f[0].length);
    }
    if (rest === "" && word !== "HEALTHCHECK") return `dockerfile parse error line ${start}: ${word} requires at least one argument`;
    out.push({ cmd: word, rest, json: parseJson(rest), flags, line: start, original: whole });
    if (out.length > MAX_INSTRUCTIONS) return `Dockerfile has more than ${MAX_INSTRUCTIONS} instructions; Dockside builds at most ${MAX_INSTRUCTIONS}`;
  }
  return out;
}

/**
 * Replaces `$VAR`, `${VAR}`, `${VAR:-word}` and `${VAR:+word}` as the builder does (unset is empty;
 * `\$` stays a dollar), in ENV, ARG, FROM, COPY, ADD, WORKDIR, EXPOSE, LABEL, USER, VOLUME, STOPSIGNAL.
 */
export function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, braced, op, word, bare) => {
    if (all === "\\$") return "$";
    const name = (braced ?? bare) as string;
    const value = vars.get(name);
    if (op === "-") return value === undefined || value === "" ? (word as string) : value;
    if (op === "+") return value === undefined || value === "" ? "" : (word as string);
    return value ?? "";
  });
}

/**
 * Splits `KEY=value KEY2="a b"` (or the old `KEY value` form) into pairs, quotes removed.
 * @example keyValues('A=1 B="x y"') // [["A", "1"], ["B", "x y"]]
 */
export function keyValues(text: string): [string, string][] {
  if (!/^[^\s=]+=/.test(text)) {
    const m = /^(\S+)\s+(.*)$/s.exec(text);
    return m ? [[m[1] as string, (m[2] as string).trim()]] : [[text, ""]];
  }
  const pairs: [string, string][] = [];
  const re = /([^\s=]+)=("(?:\\.|[^"\\])*"|'[^']*'|\S*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let v = m[2] as string;
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    else if (v.startsWith("'")) v = v.slice(1, -1);
    pairs.push([m[1] as string, v]);
  }
  return pairs;
}

/** Whitespace-separated words of an instruction, quotes removed (COPY, EXPOSE, VOLUME). */
export function words(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push((m[1] ?? m[2] ?? m[3]) as string);
  return out;
}
