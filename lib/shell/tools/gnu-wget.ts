/** GNU `wget` on a machine (the recorded host has GNU wget, not BusyBox's). */
import { err, type Output, type Tool } from "../context";
import { serveHttp } from "./accesslog";
import { byteLength, connect, isoTime, parseUrl } from "./net";

const FAILED: Record<string, string> = {
  refused: "Connection refused",
  "host-unreachable": "No route to host",
  "net-unreachable": "Network is unreachable",
  timeout: "Connection timed out",
};

/**
 * `wget [-q] [-O FILE|-] [-T SEC] [--spider] URL` with GNU wget's messages and exit codes (4 network, 8 server error).
 * @example gnuWget(hostEnv, ["-qO-", "http://localhost:8080/"]).stdout // the page
 */
export const gnuWget: Tool = (env, args) => {
  let quiet = false;
  let output: string | null = null;
  let spider = false;
  let target: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--spider") spider = true;
    else if (a === "--quiet") quiet = true;
    else if (a.startsWith("--output-document=")) output = a.slice(18);
    else if (a.startsWith("--timeout=") || a.startsWith("--tries=")) continue;
    else if (a.startsWith("--")) return err(`wget: unrecognized option '${a}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`, 2);
    else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j] as string;
        if (f === "O" || f === "T" || f === "t" || f === "o") {
          const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (f === "O") output = value ?? null;
          break;
        }
        if (f === "q") quiet = true;
        else if (f !== "S" && f !== "v" && f !== "c" && f !== "N") {
          return err(`wget: invalid option -- '${f}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`, 2);
        }
      }
    } else target ??= a;
  }
  if (target === null) return err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n", 1);
  const url = parseUrl(/^[a-z]+:\/\//i.test(target) ? target : `http://${target}`);
  if (!url) return err(`${target}: Unsupported scheme.\n`, 1);
  const full = `http://${url.hostPort}${url.path}`;
  const now = isoTime(env.ctx.now);
  let log = `--${now}--  ${full}\n`;
  const done = (exitCode: number, stdout = ""): Output => ({ stdout, stderr: quiet ? "" : log, exitCode });
  const outcome = connect(env, url.host, url.port);
  const named = !/^\d+\.\d+\.\d+\.\d+$/.test(url.host);
  if (outcome.kind === "bad-address") {
    log += `Resolving ${url.host} (${url.host})... failed: Name or service not known.\nwget: unable to resolve host address ‘${url.host}’\n`;
    return done(4);
  }
  if (named) log += `Resolving ${url.host} (${url.host})... ${outcome.address}\n`;
  log += named ? `Connecting to ${url.host} (${url.host})|${outcome.address}|:${url.port}... ` : `Connecting to ${url.host}:${url.port}... `;
  if (outcome.kind !== "connected") {
    log += `failed: ${FAILED[outcome.kind]}.\n`;
    return done(4);
  }
  log += "connected.\n";
  const res = serveHttp(env, outcome, { method: "GET", path: url.path, userAgent: "Wget/1.25.0", host: url.hostPort });
  if (!res) {
    log += "HTTP request sent, awaiting response... No data received.\nRetrying.\n\n";
    return done(4);
  }
  log += `HTTP request sent, awaiting response... ${res.status} ${res.reason}\n`;
  if (res.status !== 200) {
    log += `${now} ERROR ${res.status}: ${res.reason}.\n\n`;
    return done(8);
  }
  const size = byteLength(res.body);
  if (spider) {
    log = log.replace(/^--/, "Spider mode enabled. Check if remote file exists.\n--");
    log += `Length: ${size} [text/html]\nRemote file exists and could contain further links,\nbut recursion is disabled -- not retrieving.\n\n`;
    return done(0);
  }
  const toStdout = output === "-";
  const file = output ?? (url.path.split("?")[0]?.split("/").pop() || "index.html");
  log += `Length: ${size} [text/html]\nSaving to: ‘${toStdout ? "STDOUT" : file}’\n\n`;
  log += `${(toStdout ? "-" : file).padEnd(19).slice(0, 19)} 100%[===================>] ${String(size).padStart(7)}  --.-KB/s    in 0s      \n\n`;
  log += toStdout ? `${now} (41.2 MB/s) - written to stdout [${size}/${size}]\n\n` : `${now} (41.2 MB/s) - ‘${file}’ saved [${size}/${size}]\n\n`;
  // Dockside keeps no file system: a saved file is reported, not stored.
  return done(0, toStdout ? res.body : "");
};
