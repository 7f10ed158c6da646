/**
 * The files Docker writes into a container (/etc/hosts, /etc/resolv.conf, /etc/hostname) and their
 * counterparts on a machine, rendered from lib/sim.
 */
import { DEFAULT_NAMESERVER, type Machine } from "../../model";
import { type ContainerView, type EndpointView, hostsFile } from "../../sim";
import type { ToolEnv } from "../context";

const HOSTS_HEAD = [
  "127.0.0.1\tlocalhost",
  "::1\tlocalhost ip6-localhost ip6-loopback",
  "fe00::0\tip6-localnet",
  "ff00::0\tip6-mcastprefix",
  "ff02::1\tip6-allnodes",
  "ff02::2\tip6-allrouters",
];

export function machineOf(env: ToolEnv): Machine | undefined {
  return env.view?.machine ?? env.ctx.resolved().doc.machines[env.source.id];
}

/**
 * Endpoints of a namespace in the order their interfaces were added (eth0, eth1, ...): the order of
 * the owner's endpoint list, which is the order of `run --network` and `network connect`.
 */
export function interfaces(v: ContainerView): { ep: EndpointView; name: string }[] {
  if (v.mode === "host" || v.mode === "none" || !v.running) return [];
  const order = v.nsOwner.endpoints.map((e) => e.networkId);
  return [...v.endpoints]
    .filter((ep) => ep.ip !== null && ep.network.driver !== "null" && ep.network.driver !== "host")
    .sort((a, b) => order.indexOf(a.network.id) - order.indexOf(b.network.id))
    .map((ep) => ({ ep, name: ep.ifname ?? `eth${order.indexOf(ep.network.id)}` }));
}

/** /etc/hosts of a container (links first, then one line per own address) or of a machine. */
export function hostsText(env: ToolEnv): string {
  const v = env.view;
  if (!v || v.mode === "host") {
    const m = machineOf(env);
    return `127.0.0.1\tlocalhost\n127.0.1.1\t${m?.name ?? "localhost"}\n\n${HOSTS_HEAD.slice(1).join("\n")}\n`;
  }
  const own = interfaces(v);
  const ownIps = new Set(own.map((i) => i.ep.ip));
  const lines = [...HOSTS_HEAD, ...extraHosts(env, v)];
  for (const entry of hostsFile(env.ctx.resolved(), v).slice(1)) {
    if (ownIps.has(entry.ip) && entry.names.length === 1 && entry.names[0] === v.hostname) continue;
    lines.push(`${entry.ip}\t${entry.names.join(" ")}`);
  }
  for (const i of own) lines.push(`${i.ep.ip}\t${v.hostname}`);
  return `${lines.join("\n")}\n`;
}

/** `--add-host name:ip` lines; `host-gateway` is the engine's default bridge gateway. */
function extraHosts(env: ToolEnv, v: ContainerView): string[] {
  const bridge = Object.values(env.ctx.doc.networks).find((n) => n.machineId === v.c.machineId && n.builtin && n.name === "bridge");
  return (v.c.spec?.extraHosts ?? []).map((h) => {
    const i = h.indexOf(":");
    const ip = h.slice(i + 1);
    return `${ip === "host-gateway" ? (bridge?.gateway ?? "172.17.0.1") : ip}\t${h.slice(0, i)}`;
  });
}

/** Nameservers of the machine's own resolv.conf (Docker copies it for the default bridge). */
function machineNameservers(env: ToolEnv): string[] {
  const m = machineOf(env);
  const r = env.ctx.resolved();
  if (m?.engine && m.engine.nameservers.length > 0) return [...m.engine.nameservers];
  const router = m?.nics.map((n) => (n.lanId ? r.doc.lans[n.lanId]?.router : null)).find((x) => x);
  return [router ?? DEFAULT_NAMESERVER];
}

/** The server nslookup asks: the embedded DNS on user-defined networks, else the first upstream. */
export function nameserverOf(env: ToolEnv): string {
  const v = env.view;
  if (v && v.mode !== "host" && v.embeddedDns) return "127.0.0.11";
  if (v?.c.spec?.dns?.[0]) return v.c.spec.dns[0];
  return machineNameservers(env)[0] as string;
}

function resolvConfText(env: ToolEnv): string {
  const v = env.view;
  const own = v && v.mode !== "host" ? v.c.spec : undefined;
  const search = own?.dnsSearch ? `search ${own.dnsSearch.join(" ")}\n` : "";
  if (v && v.mode !== "host" && v.embeddedDns) return `${search}nameserver 127.0.0.11\noptions ndots:0\n`;
  return `${search}${(own?.dns ?? machineNameservers(env)).map((ns) => `nameserver ${ns}\n`).join("")}`;
}

export function hostnameOf(env: ToolEnv): string {
  return env.view ? env.view.hostname : (machineOf(env)?.name ?? "localhost");
}

/** Files `cat` knows, or null when the path doesn't exist. */
export function readFile(env: ToolEnv, path: string): string | null {
  switch (path.replace(/^\/+/, "/")) {
    case "/etc/hosts":
      return hostsText(env);
    case "/etc/resolv.conf":
      return resolvConfText(env);
    case "/etc/hostname":
      return `${hostnameOf(env)}\n`;
    default:
      // On a machine, the working directory's files (and those the terminal wrote) can be read too.
      // Absolute paths are the simulated machine's own: only what was written there exists.
      if (env.view) return null;
      return path.startsWith("/") ? env.ctx.machineFile(path) : env.ctx.files.read(path);
  }
}
