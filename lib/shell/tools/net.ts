/**
 * What the network tools share: name resolution and connection outcomes taken from lib/sim, turned
 * into the few cases a socket call can end in (connected, refused, timed out, no route...).
 */
import { cidrContains, type Listener, parseCidr, parseIp } from "../../model";
import { type ContainerView, type LookupResult, lookup, lookupOnMachine, type ReachResult, reach } from "../../sim";
import type { ToolEnv } from "../context";

/** How a TCP connect (or an ICMP echo) ends, in the terms of the socket API. */
export type Outcome =
  | { kind: "bad-address"; name: string }
  | { kind: "connected"; address: string; listener: Listener | null; answeredBy: ContainerView | null; reach: ReachResult }
  /** ECONNREFUSED: something answered with a reset. */
  | { kind: "refused"; address: string }
  /** Nothing answers at all: the packets are dropped silently. */
  | { kind: "timeout"; address: string }
  /** EHOSTUNREACH: the address is on a directly attached network but nobody answers ARP. */
  | { kind: "host-unreachable"; address: string }
  /** ENETUNREACH: no route at all (none mode, no default route). */
  | { kind: "net-unreachable"; address: string };

/** Resolves a name the way the C library of the source does (/etc/hosts, then DNS). */
export function resolveName(env: ToolEnv, name: string): LookupResult {
  const r = env.ctx.resolved();
  return env.source.kind === "container" ? lookup(r, env.source.id, name) : lookupOnMachine(r, env.source.id, name);
}

/** The networks directly attached to the source: a container's endpoints, or a machine's bridges. */
function attachedSubnets(env: ToolEnv): { subnet: string; gateway: string | null; networkId: string }[] {
  const r = env.ctx.resolved();
  if (env.view && env.view.mode !== "host") {
    return env.view.endpoints
      .filter((ep) => ep.ip !== null && ep.network.subnet)
      .map((ep) => ({ subnet: ep.network.subnet as string, gateway: ep.network.gateway, networkId: ep.network.id }));
  }
  const machineId = env.view ? env.view.machine.id : env.source.id;
  return Object.values(r.doc.networks)
    .filter((n) => n.machineId === machineId && n.driver === "bridge" && n.subnet)
    .map((n) => ({ subnet: n.subnet as string, gateway: n.gateway, networkId: n.id }));
}

/**
 * A dropped packet to an address of a directly attached network that nobody holds fails ARP: TCP
 * reports "No route to host"; across networks the packets vanish and the caller times out.
 */
function isUnansweredOnLink(env: ToolEnv, address: string): boolean {
  const ip = parseIp(address);
  if (ip === null) return false;
  const r = env.ctx.resolved();
  const machineId = env.view ? env.view.machine.id : env.source.id;
  for (const a of attachedSubnets(env)) {
    const subnet = parseCidr(a.subnet);
    if (!subnet || !cidrContains(subnet, ip)) continue;
    if (a.gateway === address) return false;
    const owner = r.addressOwner.get(machineId)?.get(ip);
    return !owner || owner.network.id !== a.networkId;
  }
  return false;
}

/**
 * Connects to `host` on `port` (null: ICMP echo) from the tool's source and says how it ends.
 * @example connect(env, "web", 80) // { kind: "connected", address: "172.18.0.2", ... }
 */
export function connect(env: ToolEnv, host: string, port: number | null, proto: "tcp" | "udp" = "tcp"): Outcome {
  const r = env.ctx.resolved();
  const named = parseIp(host) === null;
  let address = host;
  if (named) {
    const found = resolveName(env, host);
    if (!found.ok) return { kind: "bad-address", name: host };
    address = found.addresses[0] as string;
  }
  const result = reach(r, env.source, address, { port, proto });
  switch (result.verdict) {
    case "reachable": {
      const answeredBy = result.answeredBy ? (r.containers.get(result.answeredBy) ?? null) : null;
      // The listener is found on the port the connection reached it on (a NAT rule or published port may map it).
      const at = result.port ?? port;
      return { kind: "connected", address, listener: at === null ? null : listenerFor(env, answeredBy, at, proto), answeredBy, reach: result };
    }
    case "refused":
      return { kind: "refused", address };
    case "unresolvable":
      return { kind: "bad-address", name: host };
    case "no-route":
    case "not-running":
      return { kind: "net-unreachable", address };
    default:
      return isUnansweredOnLink(env, address) ? { kind: "host-unreachable", address } : { kind: "timeout", address };
  }
}

/** The listener that took the connection: the port itself, or the container port a published port maps to. */
function listenerFor(env: ToolEnv, target: ContainerView | null, port: number, proto: string): Listener | null {
  if (!target) return null;
  const direct = target.listeners.find((l) => l.port === port && l.proto === proto);
  if (direct && !env.view) {
    // From a machine the port may still be a published one; prefer the mapping when there is one.
    const mapped = mappedListener(env, target, port, proto);
    return mapped ?? direct;
  }
  return direct ?? mappedListener(env, target, port, proto) ?? meshListener(env, target, port, proto);
}

/** A swarm task reached through the routing mesh: the service's published port maps to its target port. */
function meshListener(env: ToolEnv, target: ContainerView, port: number, proto: string): Listener | null {
  const service = target.c.task ? env.ctx.doc.services?.[target.c.task.serviceId] : undefined;
  const p = service?.ports.find((x) => x.mode === "ingress" && x.published === port && x.proto === proto);
  return p ? (target.listeners.find((l) => l.port === p.target && l.proto === proto) ?? null) : null;
}

function mappedListener(env: ToolEnv, target: ContainerView, port: number, proto: string): Listener | null {
  const r = env.ctx.resolved();
  const binding = (r.published.get(target.c.machineId) ?? []).find((p) => p.container.id === target.c.id && p.hostPort === port && p.proto === proto);
  if (!binding) return null;
  return target.listeners.find((l) => l.port === binding.containerPort && l.proto === proto) ?? null;
}

interface Url {
  scheme: "http" | "https";
  host: string;
  port: number;
  path: string;
  /** Host as typed, with `:port` when the URL had one (wget prints it so). */
  hostPort: string;
  text: string;
}

/** Parses `http(s)://host[:port][/path]`; `requireScheme` for tools that refuse bare `host:port`. */
export function parseUrl(text: string, requireScheme = false, allowHttps = false): Url | null {
  let rest = text;
  let kind: "http" | "https" = "http";
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (scheme) {
    const name = (scheme[1] as string).toLowerCase();
    if (name === "https" && allowHttps) kind = "https";
    else if (name !== "http") return null;
    rest = rest.slice(scheme[0].length);
  } else if (requireScheme) return null;
  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? "/" : rest.slice(slash);
  const m = /^([^:@/]+)(?::(\d{1,5}))?$/.exec(authority.includes("@") ? authority.slice(authority.lastIndexOf("@") + 1) : authority);
  if (!m) return null;
  const port = m[2] === undefined ? (kind === "https" ? 443 : 80) : Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { scheme: kind, host: m[1] as string, port, path, hostPort: m[2] === undefined ? (m[1] as string) : `${m[1]}:${m[2]}`, text };
}

export interface HttpResponse {
  status: number;
  reason: string;
  body: string;
}

/** busybox httpd's answer to a path it doesn't have. */
const NOT_FOUND_BODY = "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n";

/** A generic page for servers outside the sandbox (the internet), which Dockside doesn't model. */
const OUTSIDE_BODY = "<!doctype html>\n<html><head><title>It answered</title></head><body><p>A server outside the sandbox.</p></body></html>\n";

/**
 * What a GET of `path` returns once connected: the listener's page at `/` (and `/index.html`), 404
 * elsewhere; null when the listener does not speak HTTP.
 */
export function httpGet(outcome: Extract<Outcome, { kind: "connected" }>, path: string): HttpResponse | null {
  const clean = path.split("?")[0] ?? "/";
  // docker-proxy accepted on loopback and closed the connection when the container refused it.
  if (outcome.reach.proxyReset) return null;
  let body: string | undefined;
  if (outcome.listener) body = outcome.listener.body;
  else if (!outcome.answeredBy) body = OUTSIDE_BODY;
  if (body === undefined) return null;
  if (clean === "/" || clean === "/index.html") return { status: 200, reason: "OK", body };
  return { status: 404, reason: "Not Found", body: NOT_FOUND_BODY };
}

/** Deterministic, plausible round-trip times in milliseconds (0.04 to 0.25 on a bridge). */
export function rtt(seed: string, seq: number): number {
  let h = 2166136261;
  const text = `${seed}#${seq}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return 0.04 + (h % 210) / 1000;
}

/** Formats an epoch time the way GNU wget and `date -u` print it. */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Formats an epoch time as an HTTP date. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Length in bytes of UTF-8 text (what Content-Length and the progress bars count). */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
