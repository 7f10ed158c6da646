/**
 * `ip addr|link|route`: BusyBox's format inside containers (as recorded), iproute2's on a machine.
 * Interfaces and routes come from the resolved endpoints of the namespace or the machine's bridges.
 */
import { cidrLast, digest64, formatCidr, formatIp, type Machine, parseCidr, parseIp } from "../../model";
import { type ContainerView, gwbridgeNetwork, macOf } from "../../sim";
import { err, type Output, ok, type Tool, type ToolEnv } from "../context";
import { interfaces, machineOf } from "./etc";

interface Iface {
  index: number;
  name: string;
  /** Index of the peer of a veth pair (`eth0@if240`). */
  peer: number | null;
  flags: string;
  mtu: number;
  qlen: boolean;
  loopback: boolean;
  mac: string;
  inet: { cidr: string; brd: string | null; scope: "host" | "global" } | null;
  /** iproute2 extras on a machine. */
  qdisc: string;
  state: string;
  master: string | null;
}

interface Route {
  dest: string;
  via: string | null;
  dev: string;
  src: string | null;
  linkdown: boolean;
}

const LOOPBACK: Iface = {
  index: 1,
  name: "lo",
  peer: null,
  flags: "LOOPBACK,UP,LOWER_UP",
  mtu: 65536,
  qlen: true,
  loopback: true,
  mac: "00:00:00:00:00:00",
  inet: { cidr: "127.0.0.1/8", brd: null, scope: "host" },
  qdisc: "noqueue",
  state: "UNKNOWN",
  master: null,
};

function broadcast(cidr: string): string | null {
  const c = parseCidr(cidr);
  return c ? formatIp(cidrLast(c)) : null;
}

function macFrom(prefix: string, seed: string): string {
  const hex = digest64(seed);
  return [prefix, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4, 6), hex.slice(6, 8)].join(":");
}

/** The MAC of a machine's NIC, the same one `ip link` on the machine shows. */
function nicMac(m: Machine, i: number): string {
  return macFrom("52:54:00", `${m.id}/${i}`).slice(0, 17);
}

/** ipvlan children share their parent's MAC (only one MAC ever shows on the wire); without a parent, a dummy link has none. */
function parentMac(m: Machine, parent: string | undefined): string {
  const i = m.nics.findIndex((n) => n.name === (parent ?? "").split(".")[0]);
  return i >= 0 ? nicMac(m, i) : "";
}

/** The namespace's endpoint on docker_gwbridge (not one of its networks), with that network's prefix and gateway. */
function gwbridgeOf(env: ToolEnv, v: ContainerView): { ip: string; name: string; cidr: string; gateway: string | null; after: string | null } | null {
  const own = v.nsOwner.gwbridge;
  const n = own ? gwbridgeNetwork(env.ctx.resolved().doc, v.nsOwner.machineId) : null;
  const c = n?.subnet ? parseCidr(n.subnet) : null;
  if (!own || !n || !c) return null;
  return { ip: own.ip, name: own.ifname, cidr: `${own.ip}/${c.prefix}`, gateway: n.gateway, after: own.after ?? null };
}

/** Kernel interface indexes are global counters; any stable, distinct numbers do. */
function containerIfaces(env: ToolEnv, v: ContainerView): Iface[] {
  const base = 2 + v.nsOwner.order * 16;
  const gw = gwbridgeOf(env, v);
  const gwSlot = gw ? base + 2 * Number(gw.name.slice(3)) : 0;
  const gwIface: Iface[] = gw
    ? [
        {
          // Indexes follow creation: made at start, docker_gwbridge's comes right after the overlay that needed it.
          index: gw.after ? base + 2 * Number(gw.after.slice(3)) + 1 : gwSlot,
          name: gw.name,
          peer: gwSlot + 1,
          flags: "BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN",
          mtu: 1500,
          qlen: false,
          loopback: false,
          mac: macOf(parseIp(gw.ip)),
          inet: { cidr: gw.cidr, brd: broadcast(gw.cidr), scope: "global" },
          qdisc: "noqueue",
          state: "UP",
          master: null,
        },
      ]
    : [];
  const own = interfaces(v).map(({ ep, name }): Iface => {
    const k = Number(name.slice(3));
    const cidr = `${ep.ip}/${ep.prefix}`;
    return {
      index: base + 2 * k,
      name,
      peer: base + 2 * k + 1,
      flags: "BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN",
      mtu: Number(ep.network.options["com.docker.network.driver.mtu"] ?? (ep.network.driver === "overlay" ? 1450 : 1500)),
      qlen: false,
      loopback: false,
      mac: ep.network.driver === "ipvlan" ? parentMac(v.machine, ep.network.options.parent) : ep.mac,
      inet: { cidr, brd: broadcast(cidr), scope: "global" as const },
      qdisc: "noqueue",
      state: "UP",
      master: null,
    };
  });
  return [LOOPBACK, ...[...own, ...gwIface].sort((a, b) => a.index - b.index)];
}

/** A container's IPv4 addresses in interface order, docker_gwbridge's included, as `hostname -I` prints them. */
export function containerAddresses(env: ToolEnv, v: ContainerView): string[] {
  return containerIfaces(env, v)
    .filter((f) => !f.loopback && f.inet)
    .map((f) => (f.inet as { cidr: string }).cidr.split("/")[0] as string);
}

function bridgeName(options: Record<string, string>, id: string): string {
  return options["com.docker.network.bridge.name"] ?? `br-${id.slice(0, 12)}`;
}

/**
 * A machine's interfaces: loopback, its NICs, one Linux bridge per Docker bridge network (gateway
 * address on it) and a veth per running container endpoint. `recordedOrder` lists docker0 before the
 * NICs, as the recorded engine host (whose eth0 was moved in after dockerd started) does.
 */
/**
 * A machine's global IPv4 addresses in interface order, as `hostname -I` prints them.
 * @example machineAddresses(env, host) // ["192.168.1.10", "172.17.0.1"]
 */
export function machineAddresses(env: ToolEnv, m: Machine): string[] {
  return machineIfaces(env, m, false)
    .filter((f) => !f.loopback && f.inet?.scope === "global")
    .map((f) => (f.inet as { cidr: string }).cidr.split("/")[0] as string);
}

function machineIfaces(env: ToolEnv, m: Machine, recordedOrder: boolean): Iface[] {
  const r = env.ctx.resolved();
  // The recorded engine host's eth0 is one end of a veth pair, hence `@ifN`, M-DOWN and no `brd`.
  const nics: Iface[] = m.nics.map((nic, i) => ({
    index: 0,
    name: nic.name,
    peer: recordedOrder ? 19 + 2 * i : null,
    flags: recordedOrder ? "BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN" : "BROADCAST,MULTICAST,UP,LOWER_UP",
    mtu: 1500,
    qlen: true,
    loopback: false,
    mac: nicMac(m, i),
    inet: nic.address ? { cidr: nic.address, brd: recordedOrder ? null : broadcast(nic.address), scope: "global" } : null,
    qdisc: "fq_codel",
    state: "UP",
    master: null,
  }));
  const bridges: Iface[] = [];
  const veths: Iface[] = [];
  const nets = Object.values(r.doc.networks)
    .filter((n) => n.machineId === m.id && n.driver === "bridge")
    .sort((a, b) => a.order - b.order);
  for (const n of nets) {
    const name = bridgeName(n.options, n.id);
    const running = (r.endpointsByNetwork.get(n.id) ?? []).filter((ep) => ep.ip !== null);
    const prefix = n.subnet ? parseCidr(n.subnet)?.prefix : undefined;
    const cidr = n.gateway && prefix !== undefined ? `${n.gateway}/${prefix}` : null;
    bridges.push({
      index: 0,
      name,
      peer: null,
      flags: running.length > 0 ? "BROADCAST,MULTICAST,UP,LOWER_UP" : "NO-CARRIER,BROADCAST,MULTICAST,UP",
      mtu: 1500,
      qlen: false,
      loopback: false,
      mac: macFrom("02:42", n.id),
      inet: cidr ? { cidr, brd: broadcast(cidr), scope: "global" } : null,
      qdisc: "noqueue",
      state: running.length > 0 ? "UP" : "DOWN",
      master: null,
    });
    for (const ep of running) {
      veths.push({
        index: 0,
        name: `veth${ep.endpointId.slice(0, 7)}`,
        peer: 2 + ep.container.order * 16,
        flags: "BROADCAST,MULTICAST,UP,LOWER_UP",
        mtu: 1500,
        qlen: false,
        loopback: false,
        mac: macFrom("ae:4f", ep.endpointId),
        inet: null,
        qdisc: "noqueue",
        state: "UP",
        master: name,
      });
    }
  }
  const docker0 = bridges.filter((b) => nets.find((n) => bridgeName(n.options, n.id) === b.name)?.builtin);
  const userBridges = bridges.filter((b) => !docker0.includes(b));
  const ordered = recordedOrder ? [...docker0, ...nics, ...userBridges, ...veths] : [...nics, ...docker0, ...userBridges, ...veths];
  return [LOOPBACK, ...ordered.map((f, i) => ({ ...f, index: i + 2 }))];
}

function machineRoutes(env: ToolEnv, m: Machine): Route[] {
  const r = env.ctx.resolved();
  const routes: Route[] = [];
  for (const nic of m.nics) {
    const lan = nic.lanId ? r.doc.lans[nic.lanId] : undefined;
    const c = nic.address ? parseCidr(nic.address) : null;
    if (!c) continue;
    if (lan?.router && routes.every((x) => x.dest !== "default"))
      routes.unshift({ dest: "default", via: lan.router, dev: nic.name, src: null, linkdown: false });
    routes.push({ dest: formatCidr(c), via: null, dev: nic.name, src: formatIp(c.ip), linkdown: false });
  }
  for (const n of Object.values(r.doc.networks)) {
    if (n.machineId !== m.id || n.driver !== "bridge" || !n.subnet || !n.gateway) continue;
    const c = parseCidr(n.subnet);
    if (!c) continue;
    const running = (r.endpointsByNetwork.get(n.id) ?? []).some((ep) => ep.ip !== null);
    routes.push({ dest: formatCidr(c), via: null, dev: bridgeName(n.options, n.id), src: n.gateway, linkdown: !running });
  }
  return routes;
}

/** The default route goes out of the first endpoint (in sandbox order) whose network has a gateway; internal networks keep theirs. */
function containerRoutes(env: ToolEnv, v: ContainerView): Route[] {
  const own = interfaces(v);
  const routes: Route[] = [];
  // Without a gateway on its own networks, the way out is docker_gwbridge.
  const gw = gwbridgeOf(env, v);
  if (gw) {
    const c = parseCidr(gw.cidr);
    if (gw.gateway) routes.push({ dest: "default", via: gw.gateway, dev: gw.name, src: null, linkdown: false });
    if (c) routes.push({ dest: formatCidr(c), via: null, dev: gw.name, src: gw.ip, linkdown: false });
  }
  const gwEp =
    v.gateway ?? v.endpoints.find((ep) => ep.ip !== null && ep.network.gateway && ep.network.driver === "bridge" && own.some((i) => i.ep === ep)) ?? null;
  const gwIface = gwEp ? own.find((i) => i.ep === gwEp) : undefined;
  if (!gw && gwEp?.network.gateway && gwIface) routes.push({ dest: "default", via: gwEp.network.gateway, dev: gwIface.name, src: null, linkdown: false });
  for (const { ep, name } of own) {
    const c = ep.network.subnet ? parseCidr(ep.network.subnet) : null;
    if (c) routes.push({ dest: formatCidr(c), via: null, dev: name, src: ep.ip, linkdown: false });
  }
  return routes;
}

function sortRoutes(routes: Route[]): Route[] {
  const key = (x: Route) => (x.dest === "default" ? -1 : (parseCidr(x.dest)?.base ?? 0));
  return [...routes].sort((a, b) => key(a) - key(b));
}

// ------------------------------------------------------------------------------------------------ printing

function busyboxHead(f: Iface): string {
  return `${f.index}: ${f.name}${f.peer !== null ? `@if${f.peer}` : ""}: <${f.flags}> mtu ${f.mtu} qdisc noqueue${f.qlen ? " qlen 1000" : " "}\n`;
}

function iprouteHead(f: Iface): string {
  const master = f.master ? ` master ${f.master}` : "";
  return `${f.index}: ${f.name}${f.peer !== null ? `@if${f.peer}` : ""}: <${f.flags}> mtu ${f.mtu} qdisc ${f.qdisc}${master} state ${f.state} group default${f.qlen ? " qlen 1000" : " "}\n`;
}

function linkLine(f: Iface, iproute: boolean): string {
  if (f.loopback) return "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n";
  return `    link/ether ${f.mac} brd ff:ff:ff:ff:ff:ff${iproute && f.master ? " link-netnsid 0" : ""}\n`;
}

function inetLine(f: Iface, oneline: boolean): string {
  if (!f.inet) return "";
  const body = `inet ${f.inet.cidr}${f.inet.brd ? ` brd ${f.inet.brd}` : ""} scope ${f.inet.scope} ${f.name}`;
  const lft = "       valid_lft forever preferred_lft forever";
  return oneline ? `${f.index}: ${f.name}    ${body}\\${lft}\n` : `    ${body}\n${lft}\n`;
}

interface Opts {
  family4: boolean;
  oneline: boolean;
  iproute: boolean;
}

function printAddr(list: Iface[], o: Opts, dev: string | null, linkOnly: boolean): Output {
  const shown = dev ? list.filter((f) => f.name === dev) : list;
  if (dev && shown.length === 0) {
    return err(o.iproute ? `Device "${dev}" does not exist.\n` : `ip: can't find device '${dev}'\n`, 1);
  }
  let out = "";
  for (const f of shown) {
    if (o.oneline && !linkOnly) {
      if (!o.family4) out += `${f.index}: ${f.name}: <${f.flags}> mtu ${f.mtu}\\${linkLine(f, o.iproute).replace(/\n$/, "")}\n`;
      out += inetLine(f, true);
      continue;
    }
    if (o.family4 && !f.inet && !linkOnly) continue;
    out += o.iproute ? iprouteHead(f) : busyboxHead(f);
    if (linkOnly || !o.family4) out += linkLine(f, o.iproute);
    if (!linkOnly) out += inetLine(f, false);
  }
  return ok(out);
}

function printRoutes(routes: Route[], iproute: boolean): Output {
  let out = "";
  for (const x of sortRoutes(routes)) {
    if (x.dest === "default") out += `default via ${x.via} dev ${x.dev} ${iproute ? "proto static " : ""}\n`;
    else if (iproute) out += `${x.dest} dev ${x.dev} proto kernel scope link src ${x.src}${x.linkdown ? " linkdown" : ""} \n`;
    else out += `${x.dest} dev ${x.dev} scope link  src ${x.src} \n`;
  }
  return ok(out);
}

const USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]

OPTIONS := -f[amily] inet|inet6|link | -o[neline]

ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]
ip route list|flush|add|del|change|append|replace|test ROUTE
ip link set IFACE [up|down] [arp on|off] [multicast on|off]
	[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]
	[master IFACE | nomaster] [netns PID]
ip tunnel add|change|del|show [NAME]
	[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]
ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]
ip rule [list] | add|del SELECTOR ACTION
`;

function matches(word: string, full: string, min: number): boolean {
  return word.length >= min && full.startsWith(word);
}

/**
 * `ip [-4] [-o] addr|link|route [show [dev] IFACE]`.
 * @example ip(env, ["route"]).stdout // "default via 172.18.0.1 dev eth0 \n172.18.0.0/16 dev eth0 scope link  src 172.18.0.2 \n"
 */
export const ip: Tool = (env, args) => {
  const v = env.view;
  const iproute = !v;
  const o: Opts = { family4: false, oneline: false, iproute };
  let i = 0;
  for (; i < args.length && (args[i] as string).startsWith("-"); i++) {
    const a = args[i] as string;
    if (a === "-4") o.family4 = true;
    else if (a === "-o" || a === "-oneline") o.oneline = true;
    else if (a === "-6") return ok("");
    else if (a === "-f" || a === "-family") o.family4 = args[++i] === "inet";
    else if (a === "-br" || a === "-brief" || a === "-c" || a === "-color") continue;
    else return err(iproute ? `Option "${a}" is unknown, try "ip -help".\n` : USAGE, iproute ? 255 : 1);
  }
  const obj = args[i] ?? "";
  const rest = args.slice(i + 1).filter((w) => w !== "show" && w !== "list" && w !== "dev" && w !== "ls");
  const m = machineOf(env);
  const list = v && v.mode !== "host" ? containerIfaces(env, v) : m ? machineIfaces(env, m, !!v) : [LOOPBACK];
  if (obj === "" || matches(obj, "address", 1)) return printAddr(list, o, rest[0] ?? null, false);
  if (matches(obj, "link", 1)) return printAddr(list, o, rest[0] ?? null, true);
  if (matches(obj, "route", 1)) {
    const routes = v && v.mode !== "host" ? containerRoutes(env, v) : m ? machineRoutes(env, m) : [];
    return printRoutes(routes, iproute);
  }
  if (matches(obj, "neighbour", 1) || matches(obj, "neighbor", 1)) return ok("");
  return err(iproute ? `Object "${obj}" is unknown, try "ip help".\n` : USAGE, iproute ? 255 : 1);
};
