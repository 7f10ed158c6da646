/**
 * The ops behind the machine items of the palette: a LAN (`lab lan add`), a physical host racked on
 * a LAN (`lab host add`), a VM on a host's hypervisor (`VBoxManage createvm` / `lab vm add --hypervisor
 * kvm`). The same ops the terminal emits, so both draw the same picture.
 */
import { cidrContains, type Doc, formatIp, type Lan, parseCidr, parseIp, randomIds } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { defaultNetworkOp } from "@/lib/ops/libvirt";

type At = { x: number; y: number } | null;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** A machine or LAN name nobody uses yet: `pc2`, `pc3`, ... */
export function freeMachineName(doc: Doc, base: string, kind: "machine" | "lan"): string {
  const taken = new Set((kind === "lan" ? Object.values(doc.lans) : Object.values(doc.machines)).map((r) => r.name));
  if (!taken.has(base)) return base;
  const stem = base.replace(/\d+$/, "");
  for (let i = 2; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}

function move(id: string, at: At): Op[] {
  return at ? [{ type: "layout.move", id, position: { x: Math.round(at.x), y: Math.round(at.y) } }] : [];
}

function uuid(): string {
  const h = randomIds.hex64();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `lab lan add NAME --subnet CIDR [--internet]`, with the router on the first address. */
export function lanOps(name: string, subnet: string, internet: boolean, at: At): Op[] | string {
  if (!NAME.test(name)) return `lab: invalid LAN name: ${name}`;
  const c = parseCidr(subnet);
  if (!c) return `lab: invalid subnet: ${subnet}`;
  const id = `lan-${randomIds.hex64().slice(0, 12)}`;
  return [{ type: "lan.create", id, name, subnet, router: formatIp(c.base + 1), internet }, ...move(id, at)];
}

/** The lowest free address on a LAN from .10 up, as `lab host add` picks it. */
function freeAddress(doc: Doc, lan: Lan): string | null {
  const c = parseCidr(lan.subnet);
  if (!c) return null;
  const used = new Set<number>(lan.router ? [parseIp(lan.router) ?? -1] : []);
  for (const m of Object.values(doc.machines)) for (const n of m.nics) if (n.lanId === lan.id && n.address) used.add(parseCidr(n.address)?.ip ?? -1);
  const last = c.base + 2 ** (32 - c.prefix) - 2;
  for (let ip = c.base + 10; ip <= last; ip++) if (!used.has(ip) && cidrContains(c, ip)) return `${formatIp(ip)}/${c.prefix}`;
  return null;
}

/** `lab host add NAME --lan LAN`: a physical Linux host with Docker Engine, eth0 on the LAN. */
export function hostOps(doc: Doc, name: string, lanId: string, at: At): Op[] | string {
  if (!NAME.test(name)) return `lab: invalid host name: ${name}`;
  const lan = doc.lans[lanId];
  if (!lan) return "lab: no such LAN";
  const id = `m-${randomIds.hex64().slice(0, 12)}`;
  const op: Op = {
    type: "machine.create",
    id,
    name,
    kind: "host",
    lanId,
    address: freeAddress(doc, lan),
    engineNetworkIds: [randomIds.hex64(), randomIds.hex64(), randomIds.hex64()],
    vm: null,
    at: Date.now(),
  };
  return [op, ...move(id, at)];
}

/** A powered-off VM on `hostId` with Docker Engine inside; a KVM guest brings libvirt's default network. */
export function vmOps(doc: Doc, name: string, hypervisor: "virtualbox" | "kvm", hostId: string, at: At): Op[] | string {
  if (!NAME.test(name)) return `VBoxManage: error: Invalid machine name '${name}'`;
  const host = doc.machines[hostId];
  if (host?.kind !== "host") return "a VM runs on a physical host: pick one";
  const ops: Op[] = [];
  const define = hypervisor === "kvm" ? defaultNetworkOp(doc, hostId, `lv-${randomIds.hex64().slice(0, 12)}`) : null;
  if (define) ops.push(define);
  const id = `m-${randomIds.hex64().slice(0, 12)}`;
  ops.push({
    type: "machine.create",
    id,
    name,
    kind: "vm",
    lanId: null,
    address: null,
    engineNetworkIds: [randomIds.hex64(), randomIds.hex64(), randomIds.hex64()],
    vm: { hostId, hypervisor, uuid: uuid(), os: hypervisor === "kvm" ? "ubuntu22.04" : "Ubuntu_64" },
    at: Date.now(),
  });
  return [...ops, ...move(id, at)];
}
