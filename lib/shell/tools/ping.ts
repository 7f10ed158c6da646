/** BusyBox `ping`, as the Alpine/BusyBox images (and the recorded host) print it. */
import { cidrContains, parseCidr, parseIp } from "../../model";
import { internetServer, machineAddresses } from "../../sim";
import { err, type Tool, type ToolEnv } from "../context";
import { connect, type Outcome, rtt } from "./net";

const PING_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: ping [OPTIONS] HOST

Send ICMP ECHO_REQUESTs to HOST

\t-4,-6\t\tForce IP or IPv6 name resolution
\t-c CNT\t\tSend only CNT pings
\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)
\t-i SECS\t\tInterval
\t-A\t\tPing as soon as reply is received
\t-t TTL\t\tSet TTL
\t-I IFACE/IP\tSource interface or IP address
\t-W SEC\t\tSeconds to wait for the first response (default 10)
\t\t\t(after all -c CNT packets are sent)
\t-w SEC\t\tSeconds until ping exits (default:infinite)
\t\t\t(can exit earlier with -c CNT)
\t-q\t\tQuiet, only display output at start/finish
\t-p HEXBYTE\tPayload pattern
`;

/** A terminal in the browser cannot be interrupted with Ctrl-C mid-command, so an endless ping stops here. */
const DEFAULT_COUNT = 4;

interface PingArgs {
  host: string;
  count: number | null;
  deadline: number | null;
  size: number;
  quiet: boolean;
  ttl: number | null;
}

const WITH_VALUE = new Set(["c", "s", "i", "t", "I", "W", "w", "p"]);

function parseArgs(args: string[]): PingArgs | string {
  const out: PingArgs = { host: "", count: null, deadline: null, size: 56, quiet: false, ttl: null };
  const hosts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith("-") || a === "-") {
      hosts.push(a);
      continue;
    }
    // Clustered flags like -qc2 or -c2, as getopt reads them.
    for (let j = 1; j < a.length; j++) {
      const f = a[j] as string;
      if (!WITH_VALUE.has(f)) {
        if (f === "q") out.quiet = true;
        else if (!"46A".includes(f)) return `ping: invalid option -- '${f}'\n${PING_USAGE}`;
        continue;
      }
      const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
      if (value === undefined) return `ping: option requires an argument -- '${f}'\n${PING_USAGE}`;
      const n = Number(value);
      if (f !== "I" && f !== "p" && (!Number.isFinite(n) || n < 0)) return `ping: invalid number '${value}'\n`;
      if (f === "c") out.count = Math.floor(n);
      if (f === "w") out.deadline = Math.floor(n);
      if (f === "s") out.size = Math.floor(n);
      if (f === "t") out.ttl = Math.floor(n);
      break;
    }
  }
  if (hosts.length !== 1) return PING_USAGE;
  out.host = hosts[0] as string;
  return out;
}

/** Hops a reply crosses: one less TTL for each router between the two ends (the host is one for containers). */
function replyTtl(env: ToolEnv, outcome: Extract<Outcome, { kind: "connected" }>): number {
  const ip = parseIp(outcome.address) as number;
  if (outcome.answeredBy || ip >>> 24 === 127) return 64;
  const r = env.ctx.resolved();
  const machine = env.view?.machine ?? r.doc.machines[env.source.id];
  if (machine && machineAddresses(r, machine).has(ip)) return 64;
  // A macvlan/ipvlan endpoint sits on the LAN itself: its neighbours answer without the host routing.
  const onSegment = env.view?.endpoints.some((ep) => {
    if (ep.network.driver !== "macvlan" && ep.network.driver !== "ipvlan") return false;
    const subnet = ep.network.subnet ? parseCidr(ep.network.subnet) : null;
    return subnet !== null && cidrContains(subnet, ip);
  });
  const throughHost = env.view !== undefined && env.view.mode !== "host" && !onSegment ? 1 : 0;
  return (onInternet(outcome) ? 118 : 64) - throughHost;
}

/** The reply came from a server out on the internet (past the LAN's router), not from inside the sandbox. */
const onInternet = (outcome: Extract<Outcome, { kind: "connected" }>): boolean =>
  internetServer(outcome.address) !== null && outcome.reach.path.some((h) => h.label === "internet");

/**
 * `ping [-c N] [-W s] [-w s] [-q] HOST`: resolves and probes through lib/sim's reach().
 * @example ping(env, ["-c", "1", "alpine2"]).stdout // "PING alpine2 (172.18.0.3): 56 data bytes\n64 bytes from ..."
 */
export const ping: Tool = (env, args) => {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") return err(parsed, 1);
  const outcome = connect(env, parsed.host, null);
  if (outcome.kind === "bad-address") return err(`ping: bad address '${parsed.host}'\n`, 1);
  const address = outcome.address;
  let stdout = `PING ${parsed.host} (${address}): ${parsed.size} data bytes\n`;
  if (outcome.kind === "net-unreachable") return { stdout, stderr: "ping: sendto: Network is unreachable\n", exitCode: 1 };
  const sent = parsed.count ?? (parsed.deadline !== null ? Math.max(parsed.deadline, 1) : DEFAULT_COUNT);
  const footer = `\n--- ${parsed.host} ping statistics ---\n`;
  if (outcome.kind !== "connected") {
    stdout += `${footer}${sent} packets transmitted, 0 packets received, 100% packet loss\n`;
    return { stdout, stderr: "", exitCode: 1 };
  }
  const ttl = replyTtl(env, outcome);
  const seed = `${env.ctx.now}/${env.source.id}/${address}`;
  // Out on the internet a round trip takes milliseconds (about 9 to 17 here), not the host's fraction of one.
  const far = onInternet(outcome) ? { base: 9, scale: 40 } : { base: 0, scale: 1 };
  const times: number[] = [];
  for (let seq = 0; seq < sent; seq++) {
    const t = Number((far.base + far.scale * rtt(seed, seq)).toFixed(3));
    times.push(t);
    if (!parsed.quiet) stdout += `${parsed.size + 8} bytes from ${address}: seq=${seq} ttl=${ttl} time=${t.toFixed(3)} ms\n`;
  }
  const min = Math.min(...times);
  const max = Math.max(...times);
  const avg = times.reduce((a, b) => a + b, 0) / times.length;
  stdout += `${footer}${sent} packets transmitted, ${sent} packets received, 0% packet loss\n`;
  stdout += `round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`;
  return { stdout, stderr: "", exitCode: 0 };
};
