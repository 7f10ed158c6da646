/** An endpoint as `resolve` derives it, and the small rules about endpoints the shell also prints. */
import { type Container, digest64, type Network } from "../model";
import type { EndpointView } from "./types";

/** Docker (before 26) derives the MAC from the address: 02:42 followed by the four octets. */
export function macOf(ip: number | null): string {
  if (ip === null) return "";
  const octets = [(ip >>> 24) & 255, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
  return ["02", "42", ...octets.map((o) => o.toString(16).padStart(2, "0"))].join(":");
}

export function isUserDefined(n: Network): boolean {
  return !n.builtin;
}

/** Formats an endpoint's address as Docker's `IPv4Address`, e.g. "172.18.0.2/16". */
export function endpointCidr(ep: EndpointView): string {
  return ep.ip ? `${ep.ip}/${ep.prefix}` : "";
}

/** The MAC and the EndpointID are derived on demand: only inspect and `ip` print them. */
export class Endpoint implements EndpointView {
  constructor(
    readonly container: Container,
    readonly network: Network,
    readonly ip: string | null,
    readonly ipNum: number | null,
    readonly prefix: number,
    readonly gateway: string | null,
    readonly aliases: string[],
    readonly dnsNames: string[],
    readonly ifname: string | null,
  ) {}
  get mac(): string {
    const d = this.network.driver;
    return d === "bridge" || d === "overlay" || d === "macvlan" ? macOf(this.ipNum) : "";
  }
  get endpointId(): string {
    return digest64(`${this.container.id}/${this.network.id}/${this.container.startedAt}`);
  }
}
