/** docker network create / rm / connect / disconnect / prune. */
import { connectNetwork, createNetwork } from "../../intents";
import { parseCidr, swarmId } from "../../model";
import { err, type Output, ok, type ShellContext } from "../context";
import { created } from "../intent";
import { all, argCountError, type CommandSpec, has, isOutput, last, type Parsed, parseFlags } from "./flags";

const CREATE: CommandSpec = {
  path: "docker network create",
  usage: "docker network create [OPTIONS] NETWORK",
  flags: [
    { long: "driver", short: "d", value: true },
    { long: "subnet", value: true },
    { long: "gateway", value: true },
    { long: "ip-range", value: true },
    { long: "aux-address", value: true },
    { long: "internal", value: false },
    { long: "attachable", value: false },
    { long: "ingress", value: false },
    { long: "ipv6", value: false },
    { long: "opt", short: "o", value: true },
    { long: "label", value: true },
    { long: "scope", value: true },
    { long: "ipam-driver", value: true },
  ],
};
const RM: CommandSpec = { path: "docker network rm", usage: "docker network rm NETWORK [NETWORK...]", flags: [{ long: "force", short: "f", value: false }] };
const CONNECT: CommandSpec = {
  path: "docker network connect",
  usage: "docker network connect [OPTIONS] NETWORK CONTAINER",
  flags: [
    { long: "alias", value: true },
    { long: "ip", value: true },
    { long: "ip6", value: true },
    { long: "link", value: true },
    { long: "link-local-ip", value: true },
    { long: "driver-opt", value: true },
  ],
};
const DISCONNECT: CommandSpec = {
  path: "docker network disconnect",
  usage: "docker network disconnect [OPTIONS] NETWORK CONTAINER",
  flags: [{ long: "force", short: "f", value: false }],
};

function keyValues(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf("=");
    out[eq >= 0 ? item.slice(0, eq) : item] = eq >= 0 ? item.slice(eq + 1) : "";
  }
  return out;
}

const DRIVERS = new Set(["bridge", "overlay", "macvlan", "ipvlan"]);

export function dockerNetworkCreate(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(CREATE, argv);
  if (isOutput(p)) return p;
  if (p.args.length !== 1) return argCountError(CREATE, "requires 1 argument");
  const name = p.args[0] as string;
  const driver = last(p, "driver") ?? "bridge";
  const subnets = all(p, "subnet");
  const gateway = last(p, "gateway") ?? null;
  const ipRange = last(p, "ip-range") ?? null;
  if ((gateway !== null || ipRange !== null) && subnets.length === 0) return err("every ip-range or gateway must have a corresponding subnet\n");
  if (subnets.length > 1 && driver === "bridge") return err("Error response from daemon: bridge driver doesn't support multiple subnets\n");
  const subnet = subnets[0] ?? null;
  if (subnet !== null && !parseCidr(subnet)) return err(`Error response from daemon: Invalid subnet ${subnet} : invalid CIDR address: ${subnet}\n`);
  if (gateway !== null && subnet !== null) {
    const c = parseCidr(subnet);
    const g = parseCidr(`${gateway}/32`);
    if (c && (!g || (g.base & (c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0)) >>> 0 !== c.base)) {
      return err(`no matching subnet for gateway ${gateway}\n`);
    }
  }
  if (driver === "host" || driver === "null") return err(`Error response from daemon: only one instance of "${driver}" network is allowed\n`);
  if (!DRIVERS.has(driver)) return err(`Error response from daemon: plugin "${driver}" not found\n`);
  if (driver === "overlay") return overlayCreate(ctx, p, name, subnet, gateway);
  const options = keyValues(all(p, "opt"));
  const mode = options.ipvlan_mode;
  if (driver === "ipvlan" && mode !== undefined && mode !== "" && !["l2", "l3", "l3s"].includes(mode)) {
    return err(`Error response from daemon: requested ipvlan mode '${mode}' is not valid, 'l2' mode is the ipvlan driver default\n`);
  }
  const made = createNetwork(ctx.intentEnv, {
    machineId: ctx.machineId,
    name,
    driver: driver as "bridge" | "macvlan" | "ipvlan",
    subnet,
    gateway,
    ipRange,
    internal: has(p, "internal"),
    attachable: has(p, "attachable"),
    options,
    labels: keyValues(all(p, "label")),
  });
  const r = ctx.applyAll(made);
  if (!r.ok) return err(`Error response from daemon: ${r.error}\n`);
  const id = created(made, "network.create")?.id;
  return ok(`${id}\n`);
}

export function dockerNetworkRm(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(RM, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(RM, "requires at least 1 argument");
  let stdout = "";
  let stderr = "";
  for (const name of p.args) {
    const n = ctx.resolved().networkByName(ctx.machineId, name);
    if (!n) {
      if (!has(p, "force")) stderr += `Error response from daemon: network ${name} not found\n`;
      continue;
    }
    const r = ctx.apply({ type: "network.remove", networkId: n.id });
    if (r.ok) stdout += `${name}\n`;
    else stderr += `Error response from daemon: ${r.error}\n`;
  }
  // The CLI reports a failed removal with the exit status on a line of its own.
  if (stderr !== "") return { stdout, stderr: `${stderr}exit status 1\n`, exitCode: 1 };
  return ok(stdout);
}

function target(ctx: ShellContext, spec: CommandSpec, argv: string[]) {
  const p = parseFlags(spec, argv);
  if (isOutput(p)) return p;
  if (p.args.length !== 2) return argCountError(spec, "requires 2 arguments");
  const [netName, ctrName] = p.args as [string, string];
  const n = ctx.resolved().networkByName(ctx.machineId, netName);
  if (!n) return err(`Error response from daemon: network ${netName} not found\n`);
  const v = ctx.container(ctrName);
  if (!v) return err(`Error response from daemon: No such container: ${ctrName}\n`);
  return { p, n, v };
}

export function dockerNetworkConnect(ctx: ShellContext, argv: string[]): Output {
  const t = target(ctx, CONNECT, argv);
  if ("exitCode" in t) return t;
  const r = ctx.applyAll(connectNetwork({ containerId: t.v.c.id, networkId: t.n.id, aliases: all(t.p, "alias"), ipv4Address: last(t.p, "ip") ?? null }));
  return r.ok ? ok() : err(`Error response from daemon: ${r.error}\n`);
}

export function dockerNetworkDisconnect(ctx: ShellContext, argv: string[]): Output {
  const t = target(ctx, DISCONNECT, argv);
  if ("exitCode" in t) return t;
  if (t.n.builtin && t.n.name === "host")
    return err("Error response from daemon: container cannot be disconnected from host network or connected to host network\n");
  const r = ctx.apply({ type: "network.disconnect", containerId: t.v.c.id, networkId: t.n.id, force: has(t.p, "force") });
  return r.ok ? ok() : err(`Error response from daemon: ${r.error}\n`);
}

export function dockerNetworkPrune(ctx: ShellContext): Output {
  const removed: string[] = [];
  const r = ctx.resolved();
  for (const n of Object.values(ctx.doc.networks).sort((a, b) => a.order - b.order)) {
    if (n.builtin || n.machineId !== ctx.machineId) continue;
    const used = r.order.some((v) => v.c.state === "running" && v.c.endpoints.some((ep) => ep.networkId === n.id));
    if (used) continue;
    if (ctx.apply({ type: "network.remove", networkId: n.id }).ok) removed.push(n.name);
  }
  return ok(removed.length > 0 ? `Deleted Networks:\n${removed.map((n) => `${n}\n`).join("")}` : "");
}

/** `docker network create -d overlay`: a swarm-scope network, made by a manager. */
function overlayCreate(ctx: ShellContext, p: Parsed, name: string, subnet: string | null, gateway: string | null): Output {
  const id = swarmId(ctx.ids.hex64());
  const r = ctx.apply({
    type: "overlay.create",
    id,
    machineId: ctx.machineId,
    name,
    subnet,
    gateway,
    internal: has(p, "internal"),
    attachable: has(p, "attachable"),
    options: keyValues(all(p, "opt")),
    labels: keyValues(all(p, "label")),
    at: ctx.now,
  });
  if (!r.ok) return err(`Error response from daemon: ${r.error}\n`);
  return ok(`${id}\n`);
}
