/**
 * `docker logs`: what the main process printed (and servers logged), with `--tail`, `-t`, `--since`
 * and `--until` as the docker CLI and daemon read them.
 */
import type { LogLine } from "../../model";
import { err, type Output, onTerminal, type ShellContext, written } from "../context";
import { argCountError, type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { rfc3339Nano } from "./networkread";

const SPEC: CommandSpec = {
  path: "docker logs",
  usage: "docker logs [OPTIONS] CONTAINER",
  flags: [
    { long: "details", value: false },
    { long: "follow", short: "f", value: false },
    { long: "since", value: true },
    { long: "tail", short: "n", value: true },
    { long: "timestamps", short: "t", value: false },
    { long: "until", value: true },
    { long: "help", value: false },
  ],
};

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's `time.ParseDuration` in milliseconds, or null. */
function goDuration(text: string): number | null {
  const m = /^([+-])?((?:\d+(?:\.\d*)?(?:ns|us|µs|ms|s|m|h))+|0)$/.exec(text);
  if (!m) return null;
  let total = 0;
  for (const part of (m[2] as string).matchAll(/(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (DURATION_UNITS[part[2] as string] as number);
  }
  return m[1] === "-" ? -total : total;
}

/**
 * The daemon's `GetTimestamp`: a duration before now ("10m"), an RFC 3339 date or date-time (UTC
 * unless it says otherwise), or Unix seconds; null when it is none of those.
 * @example sinceMs("1h", now) // now - 3_600_000
 */
function sinceMs(value: string, now: number): number | null {
  // "0" is Unix time 0 (no filter), not a duration.
  const d = value === "0" ? null : goDuration(value);
  if (d !== null) return now - d;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!m) return null;
  const [, y, mo, da, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const t = Date.parse(`${y}-${mo}-${da}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone}`);
  return Number.isNaN(t) ? null : t;
}

function pick(lines: readonly LogLine[], p: ReturnType<typeof parseFlags> & object, now: number): LogLine[] | Output {
  if (isOutput(p)) return p;
  let out = [...lines];
  for (const [flag, keep] of [
    ["since", (l: LogLine, t: number) => l.at > t],
    ["until", (l: LogLine, t: number) => l.at <= t],
  ] as const) {
    const value = last(p, flag);
    if (value === undefined) continue;
    const t = sinceMs(value, now);
    if (t === null) return err(`invalid value for "${flag}": failed to parse value as time or duration: "${value}"\n`, 1);
    out = out.filter((l) => keep(l, t));
  }
  const tail = last(p, "tail");
  // The daemon reads anything but a non-negative number as "all".
  if (tail !== undefined && /^\d+$/.test(tail)) {
    const n = Number(tail);
    out = n === 0 ? [] : out.slice(-n);
  }
  return out;
}

/**
 * `docker logs [--tail N] [-t] [--since T] [--until T] CONTAINER`.
 * @example dockerLogs(ctx, ["--tail", "1", "web"]).stdout // the last line web's process printed
 */
export function dockerLogs(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(SPEC, argv);
  if (isOutput(p)) return p;
  if (has(p, "help")) return { stdout: `Usage:  ${SPEC.usage}\n\nFetch the logs of a container\n`, stderr: "", exitCode: 0 };
  if (p.args.length !== 1) return argCountError(SPEC, "requires 1 argument");
  const v = ctx.container(p.args[0] as string);
  if (!v) return err(`Error response from daemon: No such container: ${p.args[0]}\n`, 1);
  const picked = pick(ctx.doc.logs?.[v.c.id] ?? [], p, ctx.now);
  if (!Array.isArray(picked)) return picked;
  const stamp = has(p, "timestamps");
  // --details adds the log's attributes (none here) and the space before the line.
  const details = has(p, "details") ? " " : "";
  const out = written(
    picked.map((l) => ({ stream: l.stream, text: `${stamp ? `${rfc3339Nano(l.at)} ` : ""}${details}${l.text}\n` })),
    0,
  );
  // A container with a terminal logged what its terminal showed: one stream, lines ended with \r\n.
  return v.c.tty ? onTerminal(out) : out;
}
