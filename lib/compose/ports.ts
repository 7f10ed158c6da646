/** Compose's `ports` and `expose` entries, short and long syntax, as the engine's port requests. */
import { type PortRequest, parsePortSpec, portRange } from "../ops";

function isIp(text: string): boolean {
  return /^(\d{1,3})(\.\d{1,3}){3}$/.test(text) || text.includes(":");
}

/**
 * Parses a short-syntax port, `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, where both ports may be
 * ranges; returns Compose's error text when it is malformed.
 * @example parsePortShort("127.0.0.1:8000-8001:80-81/udp").length // 2
 */
export function parsePortShort(spec: string): PortRequest[] | string {
  return parsePortSpec(spec.trim(), isIp);
}

/**
 * `expose` entries (`"3000"`, `"8000-8002"`, `"53/udp"`) as the engine stores them (`3000/tcp`).
 * @example parseExpose("8000-8001") // ["8000/tcp", "8001/tcp"]
 */
export function parseExpose(spec: string): string[] | string {
  const [port = "", proto = "tcp"] = spec.trim().split("/");
  if (proto !== "tcp" && proto !== "udp" && proto !== "sctp") return `invalid proto: ${proto}`;
  const r = portRange(port);
  if (!r || r[0] === 0) return `invalid port: ${spec}`;
  const out: string[] = [];
  for (let p = r[0]; p <= r[1]; p++) out.push(`${p}/${proto}`);
  return out;
}
