/**
 * The process flags of `docker run`/`create`/`update`: entrypoint, environment, restart policy, cgroup
 * limits, DNS options; parsed with the CLI's errors, checked with the daemon's words where the daemon
 * checks them (the op checks the limits).
 */
import type { ContainerSpec, Resources, RestartPolicy } from "../../model";
import type { Output } from "../context";
import { all, type CommandSpec, flagError, has, last, type Parsed } from "./flags";

const UNITS = ["", "k", "m", "g", "t", "p"];

/**
 * go-units `RAMInBytes`: "64m", "1.5g", "512", "6MB", in powers of 1024; null when it isn't a size.
 * @example ramInBytes("64m") // 67108864
 */
function ramInBytes(text: string): number | null {
  const m = /^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return null;
  return Math.trunc(n * 1024 ** UNITS.indexOf((m[2] ?? "").toLowerCase()));
}

/** `--cpus 0.5` as nano-CPUs, or the CLI's error. */
function nanoCpus(text: string): number | string {
  const frac = /^(\d+)\/(\d+)$/.exec(text);
  const value = frac ? Number(frac[1]) / Number(frac[2]) : /^\d*\.?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) return `failed to parse ${text} as a rational number`;
  const nano = value * 1e9;
  if (Math.abs(nano - Math.round(nano)) > 1e-6) return "value is too precise";
  return Math.round(nano);
}

/** `--restart name[:max]`: the CLI's format check, then the daemon's. */
export function parseRestart(text: string): RestartPolicy | { cli: string } | { daemon: string } {
  const [name = "", max] = text.split(":");
  if (max !== undefined && !/^-?\d+$/.test(max)) return { cli: "invalid restart policy format: maximum retry count must be an integer" };
  if (name === "" || name === "no") {
    if (max !== undefined) return { daemon: "maximum retry count cannot be used with restart policy 'no'" };
    return { name: "no", maxRetries: 0 };
  }
  if (name === "always" || name === "unless-stopped") {
    if (max !== undefined) return { daemon: `maximum retry count cannot be used with restart policy '${name}'` };
    return { name, maxRetries: 0 };
  }
  if (name === "on-failure") {
    const n = Number(max ?? "0");
    if (n < 0) return { daemon: "invalid restart policy: maximum retry count cannot be negative" };
    return { name, maxRetries: n };
  }
  return { daemon: `invalid restart policy '${name}'` };
}

type Flagged = { flag: string; message: string };

/** The limits the flags ask for, or which flag is wrong and why (the CLI's `invalid argument` text). */
export function parseResources(p: Parsed): { resources: Resources | null } | Flagged {
  const r: Resources = { memory: 0, memorySwap: 0, nanoCpus: 0, cpuShares: 0, pidsLimit: null };
  let any = false;
  const mem = last(p, "memory");
  if (mem !== undefined) {
    const n = ramInBytes(mem);
    if (n === null) return { flag: "-m, --memory", message: `invalid argument "${mem}" for "-m, --memory" flag: invalid size: '${mem}'` };
    r.memory = n;
    any = true;
  }
  const swap = last(p, "memory-swap");
  if (swap !== undefined) {
    const n = swap === "-1" ? -1 : ramInBytes(swap);
    if (n === null) return { flag: "--memory-swap", message: `invalid argument "${swap}" for "--memory-swap" flag: invalid size: '${swap}'` };
    r.memorySwap = n;
    any = true;
  }
  const cpus = last(p, "cpus");
  if (cpus !== undefined) {
    const n = nanoCpus(cpus);
    if (typeof n === "string") return { flag: "--cpus", message: `invalid argument "${cpus}" for "--cpus" flag: ${n}` };
    r.nanoCpus = n;
    any = true;
  }
  const shares = last(p, "cpu-shares");
  if (shares !== undefined) {
    if (!/^-?\d+$/.test(shares)) {
      return {
        flag: "-c, --cpu-shares",
        message: `invalid argument "${shares}" for "-c, --cpu-shares" flag: strconv.ParseInt: parsing "${shares}": invalid syntax`,
      };
    }
    r.cpuShares = Number(shares);
    any = true;
  }
  const pids = last(p, "pids-limit");
  if (pids !== undefined) {
    if (!/^-?\d+$/.test(pids)) {
      return { flag: "--pids-limit", message: `invalid argument "${pids}" for "--pids-limit" flag: strconv.ParseInt: parsing "${pids}": invalid syntax` };
    }
    r.pidsLimit = Number(pids);
    any = true;
  }
  return { resources: any ? r : null };
}

function env(p: Parsed): string[] {
  // `-e NAME` without a value passes the client's own variable; the terminal has none, so it is dropped.
  return all(p, "env").filter((e) => e.includes("="));
}

/**
 * The process part of `docker run`'s flags as the container keeps it, or the CLI's error output.
 * `daemonError` wraps what the daemon would refuse (after the CLI's own checks).
 */
export function parseRunSpec(
  spec: CommandSpec,
  p: Parsed,
  daemonError: (message: string) => Output,
  cliError: (message: string) => Output,
): ContainerSpec | Output {
  const out: ContainerSpec = {};
  const entrypoint = last(p, "entrypoint");
  if (entrypoint !== undefined) out.entrypoint = entrypoint === "" ? [] : [entrypoint];
  const e = env(p);
  if (e.length > 0) out.env = e;
  const workdir = last(p, "workdir");
  if (workdir !== undefined) out.workdir = workdir;
  const user = last(p, "user");
  if (user !== undefined) out.user = user;
  if (has(p, "init")) out.init = true;
  const restart = last(p, "restart");
  if (restart !== undefined) {
    const r = parseRestart(restart);
    if ("cli" in r) return cliError(r.cli);
    if (has(p, "rm") && !("name" in r && r.name === "no")) return cliError("conflicting options: cannot specify both --restart and --rm");
    if ("daemon" in r) return daemonError(r.daemon);
    if (r.name !== "no") out.restart = r;
  }
  const limits = parseResources(p);
  if ("flag" in limits) return flagError(spec, limits.message);
  if (limits.resources) out.resources = limits.resources;
  const dns = all(p, "dns");
  if (dns.length > 0) out.dns = dns;
  const search = all(p, "dns-search");
  if (search.length > 0) out.dnsSearch = search;
  const hosts = all(p, "add-host");
  for (const h of hosts) {
    const [name = "", ip] = h.includes("=") ? h.split("=") : [h.slice(0, h.indexOf(":")), h.slice(h.indexOf(":") + 1)];
    if (name === "" || ip === undefined || ip === "" || !h.match(/[:=]/))
      return flagError(spec, `invalid argument "${h}" for "--add-host" flag: bad format for add-host: "${h}"`);
  }
  if (hosts.length > 0) out.extraHosts = hosts.map((h) => h.replace("=", ":"));
  const tmpfs = all(p, "tmpfs");
  if (tmpfs.length > 0) out.tmpfs = Object.fromEntries(tmpfs.map((t) => [t.split(":")[0] as string, t.includes(":") ? t.slice(t.indexOf(":") + 1) : ""]));
  const pid = last(p, "pid");
  if (pid === "host") out.pidMode = "host";
  return out;
}
