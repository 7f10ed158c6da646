/**
 * compare(real, sim): what the simulator printed vs what a real Docker Engine printed, command by command.
 * Returns human-readable mismatches (empty = faithful).
 *
 * Checks per command:
 *  (a) success/failure agree and exit codes are equal;
 *  (b) the IPv4 addresses, CIDRs and host:port pairs printed (per stream) appear in the same order
 *      (as a multiset where reality is random: nslookup answers, `network inspect` container maps);
 *  (c) page bodies (stdout of wget -O- / curl) are byte-equal;
 *  (d) catalogued Docker/BusyBox/curl phrases found in the real output are present in the sim output;
 *  (e) stdout and stderr are equal after normalising what is random or time-dependent in reality:
 *      container/network/endpoint ids, "N seconds ago"/"Up N seconds" durations (and the table padding they
 *      change), timestamps, ping round-trip times, kernel interface indexes.
 */
import type { CommandResult } from "./run";

export interface CompareOptions {
  /** Addresses of the real engine's host that the simulated host cannot share (dropped/masked on the real side). */
  ignoreAddresses?: string[];
  /** The simulated host's own addresses, masked on the sim side whenever ignoreAddresses is non-empty. */
  simIgnoreAddresses?: string[];
  /** CIDRs of the real host's own networks (dropped on the real side). */
  ignoreCidrs?: string[];
  /** CIDRs of the simulated host's own networks (dropped on the sim side whenever ignoreCidrs is non-empty). */
  simIgnoreCidrs?: string[];
}

// ------------------------------------------------------------------------------------------------ phrases

/** Docker, BusyBox and curl phrases. If reality prints one, the simulator must print the same text. */
export const PHRASES: RegExp[] = [
  /Bind for \S+ failed: port is already allocated/,
  /port is already allocated/,
  /Error starting userland proxy: [^\n]*/,
  /failed to bind host port [^\n]*/,
  /driver failed programming external connectivity on endpoint \S+/,
  /bad address '[^']*'/,
  /\d+ packets transmitted, \d+ packets received, \d+% packet loss/,
  /network with name \S+ already exists/,
  /has active endpoints/,
  /\S+ is a pre-defined network and cannot be removed/,
  /network-scoped aliases are only supported for user-defined networks/,
  /network-scoped alias is supported only for containers in user defined networks/,
  /user[- ]specified IP address is supported on user[- ]defined networks only/,
  /user specified IP address is supported only when connecting to networks with user configured subnets/,
  /Published ports are discarded when using host network mode/,
  /conflicting options: [^\n]*/,
  /No such container: \S+/,
  /No such object: \S+/,
  /Container \S+ is not running/,
  /is not running/,
  /Connection refused/,
  /download timed out/,
  /is already in use by container/,
  /The container name "[^"]*" is already in use/,
  /is not connected to network \S+/,
  /unknown flag: \S+/,
  /unknown shorthand flag: [^\n]*/,
  /unknown command: [^\n]*/,
  /network \S+ not found/,
  /Pool overlaps with other one on this address space/,
  /Address already in use/,
  /address already in use/,
  /Invalid container name \([^)]*\)[^\n]*/,
  /invalid IPv4 address: \S+/,
  /Invalid address \S+: It does not belong to any of this network's subnets/,
  /Invalid subnet [^\n]*/,
  /no matching subnet for gateway \S+/,
  /every ip-range or gateway must have a corresponding subnet/,
  /bridge driver doesn't support multiple subnets/,
  /This node is not a swarm manager[^\n]*/,
  /endpoint with name \S+ already exists in network \S+/,
  /container sharing network namespace with another container or host cannot be connected to any other network/,
  /container cannot be connected to multiple networks with one of the networks in private \(none\) mode/,
  /container cannot be disconnected from host network or connected to host network/,
  /cannot connect container to host network[^\n]*/,
  /Network is unreachable/,
  /No route to host/,
  /executable file not found in \$PATH/,
  /You cannot remove a running container/,
  /Error response from daemon:/,
  /requires (?:at least |exactly )?\d+ arguments?/,
  /No public port '[^']*' published for \S+/,
  /server can't find [^\n]*/,
  /NXDOMAIN/,
  /connection timed out; no servers could be reached/,
  /Couldn't connect to server/,
  /Failed to connect to \S+ port \d+/,
  /WARNING: [^\n]*/,
  /server returned error: [^\n]*/,
  /invalid hostPort: \S+/,
  /could not get container for \S+/,
  /Unable to find image '[^']*' locally/,
  /failed to start containers: [^\n]*/,
  /is paused, unpause the container before exec/,
  /all predefined address pools have been fully subnetted/,
  /Connection refused\.|failed: Connection refused/,
];

// ------------------------------------------------------------------------------------------------ addresses

const ADDR_RE = /(?<![\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?:(\/\d{1,2})(?![\d])|:(\d{1,5})(?!\d))?(?![\d]|\.\d)|\[::\]:(\d{1,5})(?!\d)/g;

function validIp(ip: string): boolean {
  return ip.split(".").every((o) => Number(o) <= 255);
}

/** IPv4 addresses, a.b.c.d/nn and host:port pairs (including [::]:port) in order of appearance. */
export function extractAddresses(text: string, ignore: string[] = [], ignoreCidrs: string[] = []): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ADDR_RE)) {
    if (m[4] !== undefined) {
      out.push(`[::]:${m[4]}`);
      continue;
    }
    const ip = m[1] as string;
    if (!validIp(ip)) continue;
    const token = m[0];
    if (ignore.includes(ip)) continue;
    if (m[2] !== undefined && ignoreCidrs.includes(`${ip}${m[2]}`)) continue;
    out.push(token);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ normalisation

const DURATION = String.raw`(?:Less than a second|About a minute|About an hour|an? (?:second|minute|hour|day|week|month|year)|\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?))`;
const AGO_RE = new RegExp(`${DURATION} ago`, "g");
const UP_RE = new RegExp(`\\bUp ${DURATION}`, "g");

function maskAddresses(text: string, addrs: string[]): string {
  let t = text;
  for (const a of addrs) {
    const re = new RegExp(`(?<![\\d.])${a.replace(/\./g, "\\.")}(?![\\d]|\\.\\d)`, "g");
    t = t.replace(re, "<HOST-ADDR>");
  }
  return t;
}

const TRANSIENT = /^([0-9a-f]{12}): (?:Preparing|Waiting|Pulling fs layer|Verifying Checksum|Download complete)$/;

/**
 * A pull's or push's progress as a terminal leaves it: the engine streams each layer's steps as lines
 * when its output is not a terminal, and a terminal overwrites a layer's line with its next step, so a
 * step followed by another of the same layer is dropped (the simulator prints what a terminal shows).
 */
export function terminalView(text: string): string {
  const lines = text.split("\n");
  return lines
    .filter((line, i) => {
      const id = TRANSIENT.exec(line)?.[1];
      return id === undefined || !lines.slice(i + 1).some((l) => l.startsWith(`${id}: `));
    })
    .join("\n");
}

/** Normalises what is random or time-dependent in reality. */
export function normalise(text: string, cmd: string): string {
  let t = terminalView(text);
  // the harness gives the client its own config directory (DOCKER_CONFIG); the simulated client has root's
  t = t.replace(/(stored unencrypted in ')[^']*(\/config\.json')/g, "$1<DOCKER_CONFIG>$2");
  t = t.replace(/\b[0-9a-f]{64}\b/g, "<ID64>");
  // swarm: join tokens, 25-digit base-36 ids (nodes, services, tasks, overlays) and their 12-digit prefixes
  t = t.replace(/\bSWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}\b/g, "<SWMTKN>");
  t = t.replace(/(?<![0-9a-z])(?=[0-9a-z]{0,24}\d)[0-9a-z]{25}(?![0-9a-z])/g, "<SWID>");
  t = t.replace(/\b[0-9a-f]{12}\b/g, "<ID12>");
  // a container's endpoint on docker_gwbridge is named after its sandbox
  t = t.replace(/\bgateway_[0-9a-f]{12}\b/g, "gateway_<ID12>");
  t = t.replace(/\b(?=[0-9a-z]{0,11}\d)(?=[0-9a-z]{0,11}[g-z])[0-9a-z]{12}\b/g, "<ID12>");
  t = t.replace(/^[0-9a-z]{12}(?= {3})/gm, "<ID12>");
  // timestamps: 2026-11-23T12:26:00.038212018Z, 2026-11-23 12:30:26 +0000 UTC
  t = t.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g, "<TIME>");
  t = t.replace(/\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?: [+-]\d{4} \w+)?/g, "<TIME>");
  t = t.replace(AGO_RE, "<AGO>");
  t = t.replace(UP_RE, "Up <DURATION>");
  // ping
  t = t.replace(/time=\d+(?:\.\d+)? ms/g, "time=<T> ms");
  t = t.replace(/round-trip min\/avg\/max = [\d.]+\/[\d.]+\/[\d.]+ ms/g, "round-trip min/avg/max = <RTT> ms");
  // traceroute times
  t = t.replace(/\b\d+\.\d{3} ms\b/g, "<T> ms");
  // kernel interface indexes (ip addr/link): "239: eth0@if240:" -> "N: eth0@ifN:"
  t = t.replace(/^\d+: (?!lo[:\s])/gm, "N: ");
  t = t.replace(/@if\d+/g, "@ifN");
  if (isTable(cmd)) {
    // durations change the column widths of docker's tables: compare with collapsed padding
    t = t.replace(/[ \t]{2,}/g, "  ").replace(/ +$/gm, "");
  }
  return t;
}

function dockerSub(words: string[]): string[] {
  return words[0] === "docker" ? words.slice(1).filter((w) => !w.startsWith("-")) : [];
}

function isTable(cmd: string): boolean {
  const w = dockerSub(cmd.split(/\s+/));
  const [a, b] = w;
  return (
    a === "ps" ||
    (a === "container" && (b === "ls" || b === "list" || b === "ps")) ||
    a === "images" ||
    a === "history" ||
    (a === "image" && (b === "ls" || b === "history")) ||
    (a === "system" && b === "df") ||
    (a === "service" && b === "ps")
  );
}

/** Commands whose real output order is random (DNS answer order, Go maps of containers or of changed paths). */
function isUnordered(cmd: string): boolean {
  if (/\bnslookup\b/.test(cmd)) return true;
  // The daemon collects a container's changes in a Go map, so `docker diff` lists them in any order.
  if (/^docker\s+(container\s+)?diff\b/.test(cmd)) return true;
  // The CLI gathers -v options in a Go map too: a container's HostConfig.Binds come in any order.
  if (/^docker\s+(container\s+)?inspect\b.*\.HostConfig\.Binds\b/.test(cmd)) return true;
  return /^docker\s+network\s+inspect\b/.test(cmd) && (!/-f|--format/.test(cmd) || /\.Containers\b/.test(cmd));
}

function isPageFetch(cmd: string): boolean {
  if (/\bcurl\b/.test(cmd)) return !/\s-o\s|\s-w\s|-I\b|--head/.test(cmd);
  if (/\bwget\b/.test(cmd)) return /-q?O-|-O -|-O-/.test(cmd) || /\s-qO-/.test(cmd);
  return false;
}

/** For JSON output of `docker network inspect`: the Containers map becomes a list sorted by Name. */
function canonicalNetworkJson(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[") && !trimmed.startsWith("{")) return null;
  try {
    const v = JSON.parse(trimmed) as unknown;
    const fix = (n: unknown): unknown => {
      if (n && typeof n === "object" && !Array.isArray(n)) {
        const o = n as Record<string, unknown>;
        if (o.Containers && typeof o.Containers === "object" && !Array.isArray(o.Containers)) {
          const list: Record<string, unknown>[] = Object.entries(o.Containers as Record<string, Record<string, unknown>>).map(([k, c]) => ({ __id: k, ...c }));
          list.sort((x, y) => String(x.Name).localeCompare(String(y.Name)));
          return { ...o, Containers: list };
        }
      }
      return n;
    };
    const out = Array.isArray(v) ? v.map(fix) : fix(v);
    return JSON.stringify(out, null, 4);
  } catch {
    return null;
  }
}

function sortedLines(text: string): string {
  return text.split("\n").sort().join("\n");
}

// ------------------------------------------------------------------------------------------------ diff

function lineDiff(real: string, sim: string, max = 30): string {
  const a = real.split("\n");
  const b = sim.split("\n");
  const n = a.length;
  const m = b.length;
  if (n * m > 400_000) return `  real: ${JSON.stringify(real.slice(0, 500))}\n  sim:  ${JSON.stringify(sim.slice(0, 500))}`;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      (dp[i] as number[])[j] = a[i] === b[j] ? (dp[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(dp[i + 1]?.[j] ?? 0, dp[i]?.[j + 1] ?? 0);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(`      ${a[i]}`);
      i++;
      j++;
    } else if (j < m && (i >= n || (dp[i]?.[j + 1] ?? 0) >= (dp[i + 1]?.[j] ?? 0))) {
      out.push(`  sim+ ${b[j]}`);
      j++;
    } else {
      out.push(`  real-${a[i]}`);
      i++;
    }
  }
  // keep changed lines with one line of context
  const keep = new Set<number>();
  out.forEach((l, k) => {
    if (!l.startsWith("      ")) for (let d = -1; d <= 1; d++) keep.add(k + d);
  });
  const lines: string[] = [];
  let last = -2;
  for (let k = 0; k < out.length; k++) {
    if (!keep.has(k)) continue;
    if (k !== last + 1) lines.push("  ...");
    lines.push((out[k] as string).replace(/\t/g, "→"));
    last = k;
    if (lines.length >= max) {
      lines.push("  ... (diff truncated)");
      break;
    }
  }
  return lines.join("\n");
}

function show(s: string, n = 160): string {
  const j = JSON.stringify(s);
  return j.length > n ? `${j.slice(0, n)}…"` : j;
}

// ------------------------------------------------------------------------------------------------ compare

export function compare(real: CommandResult[], sim: CommandResult[], opts: CompareOptions = {}): string[] {
  const mismatches: string[] = [];
  const realIgnore = opts.ignoreAddresses ?? [];
  const realIgnoreCidrs = opts.ignoreCidrs ?? [];
  const simIgnore = realIgnore.length > 0 ? (opts.simIgnoreAddresses ?? []) : [];
  const simIgnoreCidrs = realIgnoreCidrs.length > 0 ? (opts.simIgnoreCidrs ?? []) : [];

  if (real.length !== sim.length) {
    mismatches.push(`command count: real ran ${real.length} commands, the simulator reported ${sim.length}`);
  }
  for (let i = 0; i < real.length; i++) {
    const r = real[i] as CommandResult;
    const s = sim[i];
    const tag = `#${i + 1} \`${r.cmd}\``;
    if (!s) {
      mismatches.push(`${tag}: missing from the simulator output`);
      continue;
    }
    if (s.cmd !== r.cmd && s.cmd.trim() !== r.cmd.trim()) {
      mismatches.push(`${tag}: the simulator reports command ${show(s.cmd)} at this position`);
    }
    // (a)
    if ((r.exitCode === 0) !== (s.exitCode === 0)) {
      mismatches.push(
        `${tag}: real ${r.exitCode === 0 ? "succeeded" : "failed"} (exit ${r.exitCode}), sim ${s.exitCode === 0 ? "succeeded" : "failed"} (exit ${s.exitCode})`,
      );
    } else if (r.exitCode !== s.exitCode) {
      mismatches.push(`${tag}: exit code real ${r.exitCode}, sim ${s.exitCode}`);
    }
    const unordered = isUnordered(r.cmd);
    // (b)
    for (const stream of ["stdout", "stderr"] as const) {
      let ra = extractAddresses(r[stream], realIgnore, realIgnoreCidrs);
      let sa = extractAddresses(s[stream], simIgnore, simIgnoreCidrs);
      if (unordered) {
        ra = [...ra].sort();
        sa = [...sa].sort();
      }
      if (ra.join(" ") !== sa.join(" ")) {
        mismatches.push(`${tag}: addresses on ${stream}${unordered ? " (any order)" : ""}: real [${ra.join(", ")}], sim [${sa.join(", ")}]`);
      }
    }
    // (c)
    if (isPageFetch(r.cmd) && r.exitCode === 0 && r.stdout !== s.stdout) {
      mismatches.push(
        `${tag}: page body differs (real ${Buffer.byteLength(r.stdout)} bytes, sim ${Buffer.byteLength(s.stdout)} bytes)\n${lineDiff(r.stdout, s.stdout)}`,
      );
    }
    // (d)
    const realAll = normalise(`${r.stdout}\n${r.stderr}`, "");
    const simAll = normalise(`${s.stdout}\n${s.stderr}`, "");
    const missing = new Set<string>();
    for (const re of PHRASES) {
      const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
      for (const m of realAll.matchAll(g)) {
        const phrase = m[0];
        if (!simAll.includes(phrase)) missing.add(phrase);
      }
    }
    for (const p of missing) mismatches.push(`${tag}: real prints ${show(p)}, the simulator does not`);
    // (e)
    for (const stream of ["stdout", "stderr"] as const) {
      if (stream === "stdout" && isPageFetch(r.cmd) && r.exitCode === 0) continue; // reported by (c)
      let rt = realIgnore.length ? maskAddresses(r[stream], realIgnore) : r[stream];
      let st = simIgnore.length ? maskAddresses(s[stream], simIgnore) : s[stream];
      let sortLines = unordered;
      if (unordered && /^docker\s+network\s+inspect\b/.test(r.cmd)) {
        // canonicalise before the ids are masked (they are the keys of the Containers map)
        const rj = canonicalNetworkJson(rt);
        const sj = rj !== null ? canonicalNetworkJson(st) : null;
        if (rj !== null && sj !== null) {
          rt = rj;
          st = sj;
          sortLines = false;
        }
      }
      rt = normalise(rt, r.cmd);
      st = normalise(st, r.cmd);
      // A shell whose pipeline the OOM killer ended prints "Killed" as the container dies, and the
      // engine's log copier loses that last line in some runs (more often on a busy machine).
      if (stream === "stderr" && r.exitCode === 137 && rt === "" && st === "Killed\n") st = "";
      if (sortLines) {
        rt = sortedLines(rt);
        st = sortedLines(st);
      }
      if (rt !== st) {
        mismatches.push(`${tag}: ${stream} differs${unordered ? " (lines compared in any order)" : ""}\n${lineDiff(rt, st)}`);
      }
    }
  }
  return mismatches;
}
