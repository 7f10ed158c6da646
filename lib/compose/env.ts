/**
 * The variables a compose file is interpolated with: the shell's environment over the project's
 * `.env` file (or the `--env-file` files), and `${VAR}` substitution with Compose's operators and errors.
 */
import { ComposeInvalid } from "./validate";

/** A variable's value, or undefined when it is not set. */
export type Lookup = (name: string) => string | undefined;

const VAR = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-d}` / `${VAR-d}` (default when unset or empty / unset),
 * `${VAR:?e}` / `${VAR?e}` (Compose's "required variable" error), `${VAR:+a}` / `${VAR+a}`, `$$`.
 * `unset` hears of every plain reference to a variable that is not set (Compose warns of it).
 * @example substituteVars("${TAG:-latest}", () => undefined) // "latest"
 */
export function substituteVars(text: string, lookup: Lookup, unset?: (name: string) => void): string {
  if (!text.includes("$")) return text;
  return text.replace(VAR, (m, braced, op, arg, bare) => {
    if (m === "$$") return "$";
    const name = (braced ?? bare) as string;
    const value = lookup(name);
    const empty = value === undefined || value === "";
    switch (op) {
      case ":-":
        return empty ? (arg as string) : (value as string);
      case "-":
        return value === undefined ? (arg as string) : value;
      case ":?":
      case "?":
        if (op === ":?" ? empty : value === undefined)
          throw new ComposeInvalid(arg ? `required variable ${name} is missing a value: ${arg}` : `required variable ${name} is missing a value`);
        return value as string;
      case ":+":
        return empty ? "" : (arg as string);
      case "+":
        return value === undefined ? "" : (arg as string);
      default:
        if (value === undefined) unset?.(name);
        return value ?? "";
    }
  });
}

const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;

/** `\n`, `\t`, `\"`, `\\`, `\$` in a double-quoted value, as the dotenv parser unescapes them. */
function unescapeQuoted(value: string): string {
  return value.replace(/\\([abfnrtv"\\$])/g, (_, c: string) =>
    c === "$" ? "$$" : (({ a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" } as Record<string, string>)[c] ?? c),
  );
}

/**
 * Parses a `.env` file as Compose's dotenv parser does: `KEY=value` (or `KEY: value`), `export KEY=...`,
 * `#` comments, unquoted values cut at ` #`, single quotes kept literally, double quotes unescaped and
 * interpolated, a bare `KEY` taken from the environment; errors name the line.
 * @example parseDotEnv("TAG=1.0\n# c\nexport NAME='web'\n", () => undefined) // Map { "TAG" => "1.0", "NAME" => "web" }
 */
export function parseDotEnv(text: string, env: Lookup): Map<string, string> | string {
  try {
    return dotEnvLines(text, env);
  } catch (e) {
    // `${VAR?err}` inside the file.
    if (e instanceof ComposeInvalid) return e.message;
    throw e;
  }
}

function dotEnvLines(text: string, env: Lookup): Map<string, string> | string {
  const out = new Map<string, string>();
  const lookup: Lookup = (name) => env(name) ?? out.get(name);
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const line = (lines[i] as string).replace(/^\s*export\s+/, "").trimStart();
    if (line === "" || line.startsWith("#")) continue;
    const end = line.search(/[=:]/);
    const rawKey = end < 0 ? line : line.slice(0, end);
    const bad = [...rawKey.trimEnd()].find((c) => !KEY_CHAR.test(c) && c !== " " && c !== "\t");
    if (bad !== undefined) return `line ${n}: unexpected character ${JSON.stringify(bad)} in variable name`;
    const key = rawKey.trim();
    if (/\s/.test(key)) return `line ${n}: key cannot contain a space`;
    if (end < 0) {
      const inherited = env(key);
      if (inherited !== undefined) out.set(key, inherited);
      continue;
    }
    let rest = line.slice(end + 1).trimStart();
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may run over several lines, up to its closing quote.
      let body = rest.slice(1);
      let close = body.search(quote === '"' ? /(?<!\\)"/ : /(?<!\\)'/);
      while (close < 0 && i + 1 < lines.length) {
        body += `\n${lines[++i]}`;
        close = body.search(quote === '"' ? /(?<!\\)"/ : /(?<!\\)'/);
      }
      if (close < 0) return `line ${n}: unterminated quoted value ${rest}`;
      const value = body.slice(0, close);
      out.set(key, quote === '"' ? substituteVars(unescapeQuoted(value), lookup) : value);
      continue;
    }
    rest = rest.split(" #")[0]?.trimEnd() ?? "";
    out.set(key, substituteVars(rest, lookup));
  }
  return out;
}
