/** BusyBox `wget`, as the BusyBox-based images print it (the recorded images emulate Alpine's `-T`). */
import { err, type Output, type Tool } from "../context";
import { serveHttp } from "./accesslog";
import { byteLength, connect, type HttpResponse, httpDate, type Outcome, parseUrl } from "./net";

interface WgetArgs {
  quiet: boolean;
  output: string | null;
  timeout: number | null;
  spider: boolean;
  headers: boolean;
  url: string | null;
}

const USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
	[--post-data STR | --post-file FILE] [-Y on/off]
	[-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

	--spider	Only check URL existence: $? is 0 if exists
	--header STR	Add STR (of form 'header: value') to headers
	--post-data STR	Send STR using POST method
	--post-file FILE	Send FILE using POST method
	-c		Continue retrieval of aborted transfer
	-q		Quiet
	-P DIR		Save to DIR (default .)
	-S    		Show server response
	-T SEC		Network read timeout is SEC seconds
	-O FILE		Save to FILE ('-' for stdout)
	-o LOGFILE	Log messages to FILE
	-U STR		Use STR for User-Agent header
	-Y on/off	Use proxy
`;

const VALUED = new Set(["O", "o", "T", "P", "U", "Y"]);
const LONG_VALUED = new Set(["--header", "--post-data", "--post-file", "--user-agent", "--output-document", "--timeout"]);

function parseArgs(args: string[]): WgetArgs | string {
  const out: WgetArgs = { quiet: false, output: null, timeout: null, spider: false, headers: false, url: null };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith("--")) {
      const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      if (flag === "--spider") out.spider = true;
      else if (flag === "--quiet") out.quiet = true;
      else if (flag === "--server-response") out.headers = true;
      else if (LONG_VALUED.has(flag)) {
        const value = inline ?? args[++i];
        if (flag === "--output-document") out.output = value ?? null;
        if (flag === "--timeout") out.timeout = Number(value);
      } else return `wget: unrecognized option '${a}'\n${USAGE}`;
      continue;
    }
    if (!a.startsWith("-") || a === "-") {
      out.url ??= a;
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j] as string;
      if (VALUED.has(f)) {
        const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (value === undefined) return `wget: option requires an argument -- '${f}'\n${USAGE}`;
        if (f === "O") out.output = value;
        if (f === "T") out.timeout = Number(value);
        break;
      }
      if (f === "q") out.quiet = true;
      else if (f === "S") out.headers = true;
      else if (f !== "c") return `wget: invalid option -- '${f}'\n${USAGE}`;
    }
  }
  return out;
}

const STRERROR: Record<string, string> = {
  refused: "Connection refused",
  "host-unreachable": "No route to host",
  "net-unreachable": "Network is unreachable",
  timeout: "Connection timed out",
};

function progress(name: string, size: number): string {
  return `${name.padEnd(20).slice(0, 20)} 100% |********************************|${String(size).padStart(6)}  0:00:00 ETA\n`;
}

function responseHeaders(res: HttpResponse, now: number): string {
  const lines = [`HTTP/1.1 ${res.status} ${res.reason}`];
  if (res.status === 200) {
    lines.push("Content-type: text/html", `Date: ${httpDate(now)}`, "Connection: close", "Accept-Ranges: bytes", `Content-Length: ${byteLength(res.body)}`);
  }
  return lines.map((l) => `  ${l}\n`).join("");
}

/**
 * `wget [-q] [-O FILE|-] [-T SEC] [-S] [--spider] URL`.
 * @example wget(env, ["-qO-", "http://web/"]).stdout // the nginx welcome page
 */
export const wget: Tool = (env, args) => {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") return err(parsed, 1);
  if (parsed.url === null) return err(USAGE, 1);
  const url = parseUrl(parsed.url);
  if (!url) return err(`wget: not an http or ftp url: ${parsed.url}\n`, 1);
  const outcome: Outcome = connect(env, url.host, url.port);
  if (outcome.kind === "bad-address") return err(`wget: bad address '${url.host}'\n`, 1);
  let stderr = parsed.quiet ? "" : `Connecting to ${url.hostPort} (${outcome.address}:${url.port})\n`;
  const fail = (text: string): Output => ({ stdout: "", stderr: stderr + text, exitCode: 1 });
  if (outcome.kind === "timeout" && parsed.timeout !== null) return fail("wget: download timed out\n");
  if (outcome.kind !== "connected") return fail(`wget: can't connect to remote host (${outcome.address}): ${STRERROR[outcome.kind]}\n`);
  const res = serveHttp(env, outcome, { method: parsed.spider ? "HEAD" : "GET", path: url.path, userAgent: "Wget", host: url.hostPort });
  if (!res) return fail("wget: error getting response: Connection reset by peer\n");
  if (parsed.headers) stderr += responseHeaders(res, env.ctx.now);
  if (res.status !== 200) return fail(`wget: server returned error: HTTP/1.1 ${res.status} ${res.reason}\n`);
  if (parsed.spider) return { stdout: "", stderr: parsed.quiet ? stderr : `${stderr}remote file exists\n`, exitCode: 0 };
  const size = byteLength(res.body);
  if (parsed.output === "-") {
    if (!parsed.quiet) stderr += `writing to stdout\n${progress("-", size)}written to stdout\n`;
    return { stdout: res.body, stderr, exitCode: 0 };
  }
  // Dockside keeps no container file system: the download is reported, not stored.
  const file = parsed.output ?? (url.path.split("?")[0]?.split("/").pop() || "index.html");
  if (!parsed.quiet) stderr += `saving to '${file}'\n${progress(file, size)}'${file}' saved\n`;
  return { stdout: "", stderr, exitCode: 0 };
};
