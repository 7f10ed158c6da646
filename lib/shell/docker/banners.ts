/**
 * What the images' servers print when they start, as their official images do (see
 * docs/docker-images.md): nginx's entrypoint and notices, Apache's AH00558 and start lines, Redis's
 * banner. Times are the start time in each server's own format; `OS:` and addresses are the container's.
 */
import { digest64, imageKey, kernelRelease, type LogLine, runsImageCommand } from "../../model";
import type { ContainerView } from "../../sim";
import { rfc3339Nano } from "./networkread";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** "2026/12/07 11:41:04": nginx's error-log time. */
function nginxTime(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** "Mon Dec 07 11:41:04.123456 2026": Apache's error-log time. */
function apacheTime(at: number): string {
  const d = new Date(at);
  const micro = String(d.getUTCMilliseconds() * 1000).padStart(6, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${micro} ${d.getUTCFullYear()}`;
}

/** "07 Dec 2026 11:41:04.123": Redis's log time. */
function redisTime(at: number): string {
  const d = new Date(at);
  return `${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, "0")}`;
}

/** "[07/Dec/2026:11:41:04 +0000]": the access-log time of nginx and Apache. */
export function accessTime(at: number): string {
  const d = new Date(at);
  return `[${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000]`;
}

const out = (at: number, text: string): LogLine => ({ at, stream: "stdout", text });
const errLine = (at: number, text: string): LogLine => ({ at, stream: "stderr", text });

function nginx(v: ContainerView, at: number, ipv6: string[]): LogLine[] {
  const e = "/docker-entrypoint.sh";
  const t = nginxTime(at);
  return [
    ...[
      `${e}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
      `${e}: Looking for shell scripts in /docker-entrypoint.d/`,
      `${e}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`,
      ...ipv6,
      `${e}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`,
      `${e}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`,
      `${e}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`,
      `${e}: Configuration complete; ready for start up`,
    ].map((l) => out(at, l)),
    ...[
      `${t} [notice] 1#1: using the "epoll" event method`,
      `${t} [notice] 1#1: nginx/1.31.3`,
      `${t} [notice] 1#1: built by gcc 14.2.0 (Debian 14.2.0-19)`,
      `${t} [notice] 1#1: OS: Linux ${kernelRelease(v.machine)}`,
      `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
      `${t} [notice] 1#1: start worker processes`,
      `${t} [notice] 1#1: start worker process 29`,
      `${t} [notice] 1#1: start worker process 30`,
    ].map((l) => errLine(at, l)),
  ];
}

function httpd(v: ContainerView, at: number): LogLine[] {
  const ip = v.endpoints.find((ep) => ep.ip)?.ip ?? "127.0.0.1";
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;
  const t = apacheTime(at);
  return [
    errLine(at, fqdn),
    errLine(at, fqdn),
    errLine(at, `[${t}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.68 (Unix) configured -- resuming normal operations`),
    errLine(at, `[${t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`),
  ];
}

function redis(at: number): LogLine[] {
  const t = redisTime(at);
  return [
    out(at, "Starting Redis Server"),
    out(at, `1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`),
    out(at, `1:C ${t} * Redis version=8.10.1, bits=64, commit=00000000, modified=1, pid=1, just started`),
    out(at, `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`),
    out(at, `1:M ${t} * monotonic clock: POSIX clock_gettime`),
    out(at, `1:M ${t} * Running mode=standalone, port=6379.`),
    out(at, `1:M ${t} * Server initialized`),
    out(at, `1:M ${t} * Ready to accept connections tcp`),
  ];
}

/**
 * registry:2's logrus lines (no TTY: `time="..." level=... msg="..."` and the fields every line
 * carries), on stderr; the instance id is a UUID per start and the upload purge starts after a random
 * whole number of minutes under an hour.
 */
function registry(v: ContainerView, at: number): LogLine[] {
  const h = digest64(`registry/${v.c.id}/${at}`);
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  const fields = `go.version=go1.20.8 instance.id=${uuid} service=registry version=2.8.3`;
  const t = rfc3339Nano(at);
  const line = (level: string, msg: string) => errLine(at, `time="${t}" level=${level} msg="${msg}" ${fields}`);
  return [
    line(
      "warning",
      "No HTTP secret provided - generated random secret. This may cause problems with uploads if multiple registries are behind a load-balancer. To provide a shared secret, fill in http.secret in the configuration file or set the REGISTRY_HTTP_SECRET environment variable.",
    ),
    line("info", "redis not configured"),
    line("info", "using inmemory blob descriptor cache"),
    line("info", "listening on [::]:5000"),
    line("info", `Starting upload purge in ${Number.parseInt(h.slice(32, 36), 16) % 60}m0s`),
  ];
}

/**
 * The first log lines of an image's server started with its default command; none for other images
 * and commands. `ipv6`: what nginx's IPv6 script said of default.conf (`server-start.ts`).
 */
export function startupLines(v: ContainerView, at: number, ipv6: string[]): LogLine[] {
  if (!runsImageCommand(v.c)) return [];
  switch (imageKey(v.c.image)) {
    case "nginx":
      return nginx(v, at, ipv6);
    case "httpd":
      return httpd(v, at);
    case "redis":
      return redis(at);
    case "registry":
      return registry(v, at);
    default:
      return [];
  }
}
