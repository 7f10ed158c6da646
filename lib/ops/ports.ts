/**
 * The `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]` port syntax shared by `docker run -p` and Compose's
 * short `ports:` entries, turned into the engine's port requests.
 */
import type { PortRequest } from "./schema";

function validPort(text: string): boolean {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535;
}

/** "80" or "8000-9000" as [low, high], or null when malformed or reversed. */
export function portRange(text: string): [number, number] | null {
  const [lo = "", hi = lo, extra] = text.split("-");
  if (extra !== undefined || !validPort(lo) || !validPort(hi)) return null;
  return Number(lo) <= Number(hi) ? [Number(lo), Number(hi)] : null;
}

/**
 * Parses one port spec; both ports may be ranges. `isHostIp` decides which host addresses the caller
 * accepts. Returns the CLI's error text when the spec is malformed.
 * @example parsePortSpec("127.0.0.1:8000-8001:80-81/udp", isIp).length // 2
 */
export function parsePortSpec(spec: string, isHostIp: (text: string) => boolean): PortRequest[] | string {
  let rest = spec;
  let proto: PortRequest["proto"] = "tcp";
  const slash = rest.lastIndexOf("/");
  if (slash >= 0) {
    const p = rest.slice(slash + 1).toLowerCase();
    if (p !== "tcp" && p !== "udp" && p !== "sctp") return `invalid proto: ${p}`;
    proto = p;
    rest = rest.slice(0, slash);
  }
  let hostIp = "";
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0 || rest[close + 1] !== ":") return `invalid IP address: ${rest}`;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(":");
  let hostPort = "";
  let containerPort: string;
  if (parts.length === 1) containerPort = parts[0] as string;
  else if (parts.length === 2) [hostPort, containerPort] = parts as [string, string];
  else if (parts.length === 3 && hostIp === "") [hostIp, hostPort, containerPort] = parts as [string, string, string];
  else return `invalid port format: ${spec}`;
  if (hostIp !== "" && !isHostIp(hostIp)) return `invalid IP address: ${hostIp}`;
  const c = portRange(containerPort);
  if (!c || c[0] === 0) return `invalid containerPort: ${containerPort}`;
  const h = hostPort === "" ? null : portRange(hostPort);
  if (hostPort !== "" && !h) return `invalid hostPort: ${hostPort}`;
  const count = c[1] - c[0] + 1;
  const out: PortRequest[] = [];
  for (let i = 0; i < count; i++) {
    let hp = "";
    if (h) {
      const hostCount = h[1] - h[0] + 1;
      if (hostCount === count) hp = String(h[0] + i);
      else if (count === 1) hp = hostCount === 1 ? String(h[0]) : `${h[0]}-${h[1]}`;
      else return `invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`;
    }
    out.push({ hostIp, hostPort: hp, containerPort: c[0] + i, proto });
  }
  return out;
}
