import { parseCidr, parseIp } from "./ipv4";
import type { Container, Doc, Lan, Machine, Network, Volume } from "./schema";

/**
 * Cross-record rules a schema can't express, as human-readable problems (empty when sound). Every op is
 * applied and then checked: `checkChange` looks only at the records the op touched (and, when it removed
 * something, at what could point to it), so an op costs the same in a small and in a large document;
 * `checkInvariants` checks a whole document (loading, imports).
 */
export function checkInvariants(doc: Doc): string[] {
  const all = (rec: Record<string, unknown> | undefined) => Object.keys(rec ?? {});
  return new Checker(doc).run({
    machines: all(doc.machines),
    lans: all(doc.lans),
    networks: all(doc.networks),
    containers: all(doc.containers),
    volumes: all(doc.volumes),
    layout: all(doc.layout),
  });
}

type Kind = "machines" | "lans" | "networks" | "containers" | "volumes" | "layout";
const KINDS: readonly Kind[] = ["machines", "lans", "networks", "containers", "volumes", "layout"];
/** Past this many touched records (a `doc.replace`, a big compose file) one full pass is cheaper. */
const FULL_PASS_AT = 256;

/** Keys whose record is new or not the same object as before; structural sharing makes this a pointer test. */
function diff(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): { changed: string[]; removed: string[] } {
  if (a === b) return { changed: [], removed: [] };
  const changed: string[] = [];
  const removed: string[] = [];
  for (const k in b) if (a?.[k] !== b[k]) changed.push(k);
  for (const k in a) if (!b || !(k in b)) removed.push(k);
  return { changed, removed };
}

/**
 * The problems `next` has that an op applied to the sound document `prev` could have introduced.
 * @example checkChange(doc, { ...doc, layout: { ghost: { x: 0, y: 0 } } }) // ["layout.ghost: position of something that doesn't exist"]
 */
export function checkChange(prev: Doc, next: Doc): string[] {
  const todo = {} as Record<Kind, string[]>;
  const removed = {} as Record<Kind, string[]>;
  let touched = 0;
  for (const kind of KINDS) {
    const d = diff(prev[kind], next[kind]);
    todo[kind] = d.changed;
    removed[kind] = d.removed;
    touched += d.changed.length + d.removed.length;
  }
  if (touched > FULL_PASS_AT) return checkInvariants(next);
  const everything = (kind: Kind) => Object.keys(next[kind] ?? {});
  // A removed record may still be pointed at: re-check every record of the kinds that can point to it.
  const gone = (kind: Kind) => removed[kind].length > 0;
  if (gone("lans")) todo.machines = everything("machines");
  if (gone("machines")) {
    todo.networks = everything("networks");
    todo.volumes = everything("volumes");
  }
  if (gone("machines") || gone("networks") || gone("volumes") || gone("containers") || movedNetwork(prev, next, todo.networks)) {
    todo.containers = everything("containers");
  }
  const servicesGone = diff(prev.services, next.services).removed.length > 0;
  if (gone("machines") || gone("networks") || gone("containers") || gone("lans") || servicesGone) todo.layout = everything("layout");
  return new Checker(next, prev).run(todo);
}

/** A network that changed machine or scope can strand the endpoints that point to it. */
function movedNetwork(prev: Doc, next: Doc, keys: string[]): boolean {
  return keys.some((k) => {
    const a = prev.networks[k];
    const b = next.networks[k];
    return a !== undefined && b !== undefined && (a.machineId !== b.machineId || a.scope !== b.scope);
  });
}

/**
 * Checks the records it is given of one document. Uniqueness of names is checked against the whole
 * collection, through an index built once per pass, and only for records that are new or renamed
 * (compared with `prev`), which is what an op can make clash.
 */
class Checker {
  private readonly problems: string[] = [];
  private volumeIndex: Set<string> | null = null;

  constructor(
    private readonly doc: Doc,
    private readonly prev?: Doc,
  ) {}

  run(todo: Record<Kind, string[]>): string[] {
    const d = this.doc;
    for (const k of todo.machines) this.machine(k, d.machines[k] as Machine);
    for (const k of todo.lans) this.lan(k, d.lans[k] as Lan);
    const nets = this.uniques(todo.networks, d.networks, this.prev?.networks);
    for (const k of todo.networks) this.network(k, d.networks[k] as Network, nets);
    const ctrs = this.uniques(todo.containers, d.containers, this.prev?.containers);
    for (const k of todo.containers) this.container(k, d.containers[k] as Container, ctrs);
    const vols = this.uniques(todo.volumes, d.volumes ?? {}, this.prev?.volumes);
    for (const k of todo.volumes) this.volume(k, d.volumes?.[k] as Volume, vols);
    for (const k of todo.layout) {
      if (d.layout[k] !== undefined && !placeable(d, k)) this.problems.push(`layout.${k}: position of something that doesn't exist`);
    }
    return this.problems;
  }

  /**
   * For the records whose `machine/name` is new, the key that first holds that name in the collection
   * (in its own order, as a full pass meets them); a record clashes when that key is not its own.
   */
  private uniques<T extends { machineId: string; name: string }>(
    keys: string[],
    all: Record<string, T>,
    before: Record<string, T> | undefined,
  ): Map<string, string> {
    const wanted = new Set<string>();
    for (const k of keys) {
      const r = all[k] as T;
      const old = before?.[k];
      if (!old || old.machineId !== r.machineId || old.name !== r.name) wanted.add(`${r.machineId}/${r.name}`);
    }
    const first = new Map<string, string>();
    if (wanted.size === 0) return first;
    for (const [k, r] of Object.entries(all)) {
      const nameKey = `${r.machineId}/${r.name}`;
      if (wanted.has(nameKey) && !first.has(nameKey)) first.set(nameKey, k);
    }
    return first;
  }

  private clashes(first: Map<string, string>, key: string, r: { machineId: string; name: string }): boolean {
    const owner = first.get(`${r.machineId}/${r.name}`);
    return owner !== undefined && owner !== key;
  }

  private machine(key: string, m: Machine): void {
    if (key !== m.id) this.problems.push(`machines.${key}: id does not match its key`);
    for (const nic of m.nics) {
      if (nic.lanId !== null && !this.doc.lans[nic.lanId]) this.problems.push(`machines.${key}.nics: unknown LAN ${nic.lanId}`);
      if (nic.address !== null && !parseCidr(nic.address)) this.problems.push(`machines.${key}.nics: bad address ${nic.address}`);
    }
  }

  private lan(key: string, l: Lan): void {
    if (key !== l.id) this.problems.push(`lans.${key}: id does not match its key`);
    if (!parseCidr(l.subnet)) this.problems.push(`lans.${key}.subnet: not a CIDR`);
  }

  private network(key: string, n: Network, first: Map<string, string>): void {
    const p = this.problems;
    if (key !== n.id) p.push(`networks.${key}: id does not match its key`);
    if (!this.doc.machines[n.machineId]) p.push(`networks.${key}: unknown machine ${n.machineId}`);
    if (n.subnet !== null && !parseCidr(n.subnet)) p.push(`networks.${key}.subnet: not a CIDR`);
    if (n.gateway !== null && parseIp(n.gateway) === null) p.push(`networks.${key}.gateway: not an address`);
    if (this.clashes(first, key, n)) p.push(`networks.${key}: network with name ${n.name} already exists`);
  }

  private container(key: string, c: Container, first: Map<string, string>): void {
    const p = this.problems;
    const d = this.doc;
    if (key !== c.id) p.push(`containers.${key}: id does not match its key`);
    if (!d.machines[c.machineId]) p.push(`containers.${key}: unknown machine ${c.machineId}`);
    if (this.clashes(first, key, c)) p.push(`containers.${key}: name ${c.name} is already in use`);
    const seen = new Set<string>();
    for (const ep of c.endpoints) {
      const net = d.networks[ep.networkId];
      if (!net) p.push(`containers.${key}.endpoints: unknown network ${ep.networkId}`);
      else if (net.machineId !== c.machineId && net.scope === "local") p.push(`containers.${key}.endpoints: network ${net.name} is on another machine`);
      if (seen.has(ep.networkId)) p.push(`containers.${key}.endpoints: connected twice to ${ep.networkId}`);
      seen.add(ep.networkId);
      if (ep.ip !== null && parseIp(ep.ip) === null) p.push(`containers.${key}.endpoints: bad address ${ep.ip}`);
    }
    for (const link of c.links) if (!d.containers[link.target]) p.push(`containers.${key}.links: unknown container ${link.target}`);
    for (const dep of c.dependsOn ?? []) if (!d.containers[dep.target]) p.push(`containers.${key}.dependsOn: unknown container ${dep.target}`);
    for (const m of c.mounts ?? []) {
      if (m.type === "volume" && !this.volumes().has(`${c.machineId}/${m.source}`)) p.push(`containers.${key}.mounts: unknown volume ${m.source}`);
    }
  }

  private volume(key: string, v: Volume, first: Map<string, string>): void {
    if (key !== v.id) this.problems.push(`volumes.${key}: id does not match its key`);
    if (!this.doc.machines[v.machineId]) this.problems.push(`volumes.${key}: unknown machine ${v.machineId}`);
    if (this.clashes(first, key, v)) this.problems.push(`volumes.${key}: volume ${v.name} already exists`);
  }

  /** Every volume as `machine/name`, built once per pass and only when a mount needs it. */
  private volumes(): Set<string> {
    this.volumeIndex ??= new Set(Object.values(this.doc.volumes ?? {}).map((v) => `${v.machineId}/${v.name}`));
    return this.volumeIndex;
  }
}

/** Whether `id` is something the canvas draws, so it may have a position. */
export function placeable(doc: Doc, id: string): boolean {
  return Boolean(doc.machines[id] ?? doc.networks[id] ?? doc.containers[id] ?? doc.lans[id] ?? doc.services?.[id]);
}
