import type { Container, PortBinding, Proto } from "../model";

/** A host port in force: traffic to hostIp:hostPort/proto goes to the container's port. */
export interface Published {
  container: Container;
  /** "" for every host address (0.0.0.0 and [::]). */
  hostIp: string;
  hostPort: number;
  containerPort: number;
  proto: Proto;
}

/** The host port a binding has now: the one it was handed at start, or its fixed one. */
export function hostPortOf(b: PortBinding): number | null {
  if (b.assigned !== null) return b.assigned;
  if (/^\d+$/.test(b.hostPort)) return Number(b.hostPort);
  return null;
}

/** Bindings of a container as they would be in force if it runs (before conflicts are checked). */
export function publishedOf(v: { c: Container; running: boolean }): Published[] {
  const out: Published[] = [];
  for (const b of v.c.ports) {
    const hostPort = hostPortOf(b);
    if (hostPort === null) continue;
    out.push({ container: v.c, hostIp: normalizeHostIp(b.hostIp), hostPort, containerPort: b.containerPort, proto: b.proto });
  }
  return out;
}

export function normalizeHostIp(ip: string): string {
  return ip === "0.0.0.0" || ip === "::" || ip === "[::]" ? "" : ip;
}

/** Does a request for `hostIp:port/proto` collide with a binding in force? */
export function bindingsCollide(a: { hostIp: string; hostPort: number; proto: Proto }, b: { hostIp: string; hostPort: number; proto: Proto }): boolean {
  if (a.proto !== b.proto || a.hostPort !== b.hostPort) return false;
  const ai = normalizeHostIp(a.hostIp);
  const bi = normalizeHostIp(b.hostIp);
  return ai === bi || ai === "" || bi === "";
}

/**
 * The error Docker's port allocator gives when one of `wanted` is taken, or null.
 * @example "Bind for 0.0.0.0:8080 failed: port is already allocated"
 */
export function checkPortsFree(inForce: readonly Published[] | PortTable, wanted: readonly Published[]): string | null {
  for (const w of wanted) {
    const candidates = inForce instanceof PortTable ? inForce.at(w.proto, w.hostPort) : inForce;
    const taken = candidates.find((p) => p.container.id !== w.container.id && bindingsCollide(p, w));
    if (!taken) continue;
    // Docker's allocator keys ports by address, so 127.0.0.1:P and 0.0.0.0:P only collide when the
    // proxy binds the socket: the kernel's error comes back instead of the allocator's.
    if (normalizeHostIp(taken.hostIp) !== normalizeHostIp(w.hostIp)) {
      return `Error starting userland proxy: listen tcp4 ${w.hostIp || "0.0.0.0"}:${w.hostPort}: bind: address already in use`;
    }
    return `Bind for ${w.hostIp || "0.0.0.0"}:${w.hostPort} failed: port is already allocated`;
  }
  return null;
}

/** Published bindings indexed by protocol and port, so checking a machine's ports stays linear. */
export class PortTable {
  private byKey = new Map<string, Published[]>();
  readonly all: Published[] = [];
  at(proto: string, port: number): Published[] {
    return this.byKey.get(`${proto}/${port}`) ?? [];
  }
  add(list: readonly Published[]): void {
    for (const p of list) {
      const key = `${p.proto}/${p.hostPort}`;
      const hits = this.byKey.get(key);
      if (hits) hits.push(p);
      else this.byKey.set(key, [p]);
      this.all.push(p);
    }
  }
}
