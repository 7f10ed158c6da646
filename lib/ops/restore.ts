/**
 * Applying `doc.restore` (what undo sends): every path must still hold what the undone op left there,
 * otherwise someone changed it since and nothing is restored. The restored records are then checked
 * against what others did meanwhile (an address, host port or subnet taken since), and the document
 * against its schema, because a restore writes whole records.
 */
import { current, isDraft } from "immer";
import { type Doc, DocSchema, formatPath, parseCidr } from "../model";
import { bindingsCollide, publishedOf } from "../sim";
import { jsonEqual, type RestoreChange } from "./changes";
import { OpError } from "./errors";

/** Counters that only ever grow; another op moving them on is no reason to refuse an undo. */
function isCounter(path: readonly string[]): boolean {
  return (path.length === 1 && path[0] === "clock") || (path[0] === "machines" && path[2] === "engine" && (path[3] === "lastPort" || path[3] === "poolCursor"));
}

const KINDS: Record<string, string> = {
  containers: "container",
  networks: "network",
  machines: "machine",
  lans: "LAN",
  volumes: "volume",
  natNetworks: "NAT network",
  hostOnlyNetworks: "host-only network",
  libvirtNetworks: "libvirt network",
};

function nameOf(value: unknown): string | null {
  return typeof value === "object" && value !== null && typeof (value as { name?: unknown }).name === "string" ? (value as { name: string }).name : null;
}

/** "container web", "the position of network appnet", "the title". */
function subject(doc: Doc, ch: RestoreChange): string {
  const [table, id, field] = ch.path;
  if (table === "title") return "the title";
  const tables = doc as unknown as Record<string, Record<string, unknown> | undefined>;
  if (table === "layout" && id) {
    for (const [t, kind] of Object.entries(KINDS)) {
      const name = nameOf(tables[t]?.[id]);
      if (name) return `the position of ${kind} ${name}`;
    }
    return "a position on the canvas";
  }
  const kind = (table && KINDS[table]) ?? table ?? "document";
  if (!id) return `the ${kind}s`;
  const name = nameOf(tables[table as string]?.[id]) ?? (field ? null : (nameOf(ch.from) ?? nameOf(ch.to))) ?? id.slice(0, 12);
  return field ? `${kind} ${name} (${ch.path.slice(2).join(".")})` : `${kind} ${name}`;
}

function conflict(doc: Doc, ch: RestoreChange, now: unknown): never {
  const what = subject(doc, ch);
  if (ch.path.length === 2 && now === undefined) throw new OpError("restore.conflict", `${what} no longer exists`);
  if (ch.path.length === 2 && ch.from === undefined) throw new OpError("restore.conflict", `${what} exists again`);
  throw new OpError("restore.conflict", `${what} has changed since`);
}

function parentOf(doc: Doc, path: readonly string[]): Record<string, unknown> | undefined {
  let node: unknown = doc;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
}

function valueAt(doc: Doc, path: readonly string[]): unknown {
  const parent = parentOf(doc, path);
  const key = path[path.length - 1] as string;
  return parent && Object.hasOwn(parent, key) ? parent[key] : undefined;
}

/** Addresses, host ports and subnets of the restored records that something else took meanwhile. */
function checkCollisions(doc: Doc, touched: ReadonlySet<string>): void {
  const running = Object.values(doc.containers).filter((c) => c.state === "running");
  const ips = new Map<string, string>();
  for (const c of running) {
    for (const ep of c.endpoints) {
      if (ep.ip === null) continue;
      const key = `${ep.networkId}/${ep.ip}`;
      const other = ips.get(key);
      if (other && (touched.has(c.id) || touched.has(other))) {
        const holder = touched.has(c.id) ? other : c.id;
        const net = doc.networks[ep.networkId]?.name ?? ep.networkId;
        throw new OpError("restore.conflict", `address ${ep.ip} on network ${net} is now used by ${doc.containers[holder]?.name ?? holder}`);
      }
      ips.set(key, c.id);
    }
  }
  const published = running
    .filter((c) => c.networkMode !== "host" && !c.networkMode.startsWith("container:"))
    .flatMap((c) => publishedOf({ c, running: true }).map((p) => ({ ...p, machineId: c.machineId })));
  for (const [i, a] of published.entries()) {
    if (!touched.has(a.container.id)) continue;
    const b = published.find((p, j) => j !== i && p.container.id !== a.container.id && p.machineId === a.machineId && bindingsCollide(a, p));
    if (b) throw new OpError("restore.conflict", `host port ${a.hostPort}/${a.proto} is now published by ${b.container.name}`);
  }
  const nets = Object.values(doc.networks).filter((n) => n.subnet !== null && !n.builtin);
  for (const a of nets) {
    if (!touched.has(a.id)) continue;
    const ca = parseCidr(a.subnet as string);
    for (const b of nets) {
      if (b.id === a.id || (b.machineId !== a.machineId && a.scope === "local" && b.scope === "local")) continue;
      const cb = parseCidr(b.subnet as string);
      if (!ca || !cb) continue;
      const prefix = Math.min(ca.prefix, cb.prefix);
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      if ((ca.base & mask) >>> 0 === (cb.base & mask) >>> 0) {
        throw new OpError("restore.conflict", `subnet ${a.subnet} of network ${a.name} is now used by network ${b.name}`);
      }
    }
  }
}

/**
 * Applies a `doc.restore` to a draft (or plain document): all or nothing, throwing `OpError` with the
 * first reason it cannot.
 */
export function restoreDoc(doc: Doc, op: { changes: readonly RestoreChange[] }): void {
  const writable = new Set(Object.keys(DocSchema.shape).filter((k) => k !== "schemaVersion"));
  const todo: RestoreChange[] = [];
  for (const ch of op.changes) {
    if (!writable.has(ch.path[0] as string)) throw new OpError("restore.path", `${formatPath(ch.path)}: not a part of the document that can be restored`);
    const now = valueAt(doc, ch.path);
    if (jsonEqual(now, ch.from)) todo.push(ch);
    else if (!isCounter(ch.path)) conflict(doc, ch, now);
  }
  const touched = new Set<string>();
  for (const ch of todo) {
    const parent = parentOf(doc, ch.path);
    const key = ch.path[ch.path.length - 1] as string;
    if (!parent) {
      if (ch.to === undefined) continue;
      throw new OpError("restore.conflict", `${subject(doc, { path: ch.path.slice(0, 2) })} no longer exists`);
    }
    if (ch.to === undefined) delete parent[key];
    else parent[key] = ch.to;
    if (ch.path[1]) touched.add(ch.path[1]);
  }
  checkCollisions(doc, touched);
  const parsed = DocSchema.safeParse(isDraft(doc) ? current(doc) : doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OpError("restore.invalid", `${issue ? formatPath(issue.path) : "document"}: ${issue?.message ?? "invalid"}`);
  }
}
