/** `curl` (8.x wording, as the recorded host prints it), on the host and in images that ship it. */
import { err, type Output, type Tool } from "../context";
import { serveHttp } from "./accesslog";
import { byteLength, connect, type HttpResponse, httpDate, parseUrl } from "./net";

interface CurlArgs {
  silent: boolean;
  showError: boolean;
  head: boolean;
  include: boolean;
  fail: boolean;
  output: string | null;
  writeOut: string | null;
  maxTime: number | null;
  url: string | null;
}

const SHORT_VALUED = new Set(["o", "w", "m", "X", "H", "d", "A", "u", "e", "x", "r", "b", "c", "T"]);
const LONG: Record<string, keyof CurlArgs | "ignore-value" | "ignore"> = {
  "--silent": "silent",
  "--show-error": "showError",
  "--head": "head",
  "--include": "include",
  "--fail": "fail",
  "--output": "output",
  "--write-out": "writeOut",
  "--max-time": "maxTime",
  "--connect-timeout": "maxTime",
  "--request": "ignore-value",
  "--header": "ignore-value",
  "--data": "ignore-value",
  "--user-agent": "ignore-value",
  "--location": "ignore",
  "--verbose": "ignore",
  "--insecure": "ignore",
  "--no-progress-meter": "ignore",
};

function parseArgs(args: string[]): CurlArgs | Output {
  const o: CurlArgs = { silent: false, showError: false, head: false, include: false, fail: false, output: null, writeOut: null, maxTime: null, url: null };
  const set = (key: string, value: string | undefined) => {
    if (key === "output") o.output = value ?? null;
    else if (key === "writeOut") o.writeOut = value ?? null;
    else if (key === "maxTime") o.maxTime = Number(value);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith("--")) {
      const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      const key = LONG[flag];
      if (key === undefined) return err(`curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, 2);
      if (key === "ignore") continue;
      if (key === "ignore-value") {
        if (inline === undefined) i++;
        continue;
      }
      if (key === "output" || key === "writeOut" || key === "maxTime") set(key, inline ?? args[++i]);
      else (o[key] as boolean) = true;
      continue;
    }
    if (!a.startsWith("-") || a === "-") {
      o.url ??= a;
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j] as string;
      if (SHORT_VALUED.has(f)) {
        const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (f === "o") set("output", value);
        if (f === "w") set("writeOut", value);
        if (f === "m") set("maxTime", value);
        break;
      }
      if (f === "s") o.silent = true;
      else if (f === "S") o.showError = true;
      else if (f === "I") o.head = true;
      else if (f === "i") o.include = true;
      else if (f === "f") o.fail = true;
      else if (!"LvkNg".includes(f)) return err(`curl: option -${f}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, 2);
    }
  }
  return o;
}

function headers(res: HttpResponse, now: number): string {
  const lines = [`HTTP/1.1 ${res.status} ${res.reason}`, "Content-type: text/html", `Date: ${httpDate(now)}`, "Connection: close"];
  if (res.status === 200) lines.push("Accept-Ranges: bytes", `Content-Length: ${byteLength(res.body)}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** `-w` text: curl expands %{variables} and backslash escapes. */
function writeOut(format: string, vars: Record<string, string>): string {
  return format
    .replace(/%\{(\w+)\}/g, (_, name: string) => vars[name] ?? "")
    .replace(/\\([nrt\\])/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : "\\"));
}

/**
 * `curl [-sSIif] [-o FILE] [-w FMT] [-m SEC] URL`.
 * @example curl(hostEnv, ["-sS", "localhost:8999"]).stderr // "curl: (7) Failed to connect to localhost port 8999 after 0 ms: Couldn't connect to server\n"
 */
export const curl: Tool = (env, args) => {
  const o = parseArgs(args);
  if ("exitCode" in o) return o;
  if (o.url === null) return err("curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2);
  const url = parseUrl(o.url, false, true);
  if (!url) return err(o.silent && !o.showError ? "" : `curl: (3) URL rejected: Malformed input to a URL function\n`, 3);
  const vars: Record<string, string> = { http_code: "000", url_effective: url.text, size_download: "0", remote_ip: "", remote_port: "" };
  const failWith = (code: number, text: string): Output => {
    const shown = !o.silent || o.showError ? `curl: (${code}) ${text}\n` : "";
    return { stdout: o.writeOut !== null ? writeOut(o.writeOut, vars) : "", stderr: shown, exitCode: code };
  };
  const outcome = connect(env, url.host, url.port);
  const where = `Failed to connect to ${url.host} port ${url.port}`;
  switch (outcome.kind) {
    case "bad-address":
      return failWith(6, `Could not resolve host: ${url.host}`);
    case "refused":
    case "net-unreachable":
      return failWith(7, `${where} after 0 ms: Couldn't connect to server`);
    case "host-unreachable":
      return failWith(7, `${where} after 3071 ms: Couldn't connect to server`);
    case "timeout":
      if (o.maxTime !== null) return failWith(28, `${where} after ${Math.round(o.maxTime * 1000) + 2} ms: Timeout was reached`);
      return failWith(28, `${where} after 134231 ms: Couldn't connect to server`);
  }
  vars.remote_ip = outcome.address;
  vars.remote_port = String(url.port);
  const res = serveHttp(env, outcome, { method: o.head ? "HEAD" : "GET", path: url.path, userAgent: "curl/8.14.1", host: url.hostPort });
  if (!res || url.scheme === "https") {
    return failWith(
      url.scheme === "https" ? 35 : 52,
      url.scheme === "https" ? "OpenSSL/3.0.15: error:0A00010B:SSL routines::wrong version number" : "Empty reply from server",
    );
  }
  vars.http_code = String(res.status);
  if (o.fail && res.status >= 400) return failWith(22, `The requested URL returned error: ${res.status}`);
  let body = o.head ? headers(res, env.ctx.now) : o.include ? headers(res, env.ctx.now) + res.body : res.body;
  vars.size_download = String(o.head ? 0 : byteLength(res.body));
  // Dockside keeps no file system: -o FILE consumes the body.
  if (o.output !== null && o.output !== "-") body = "";
  if (o.writeOut !== null) body += writeOut(o.writeOut, vars);
  return { stdout: body, stderr: "", exitCode: 0 };
};
