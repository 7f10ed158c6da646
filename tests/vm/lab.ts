/** A builder for multi-machine topologies over the real ops: every change goes through apply(). */
import { type AdapterMode, createWorld, type Doc, type IdSource, type PortForward, seededIds } from "../../lib/model";
import { apply, type Op } from "../../lib/ops";
import { type ReachResult, reach, resolve } from "../../lib/sim";

export class Lab {
  doc: Doc;
  ids: IdSource;
  t = 1_000;
  constructor(seed = 11) {
    this.ids = seededIds(seed);
    this.doc = createWorld(this.ids, 0);
  }
  op(op: Op): this {
    const r = apply(this.doc, op);
    if (!r.ok) throw new Error(`${op.type}: ${r.error}`);
    this.doc = r.doc;
    return this;
  }
  try(op: Op): { ok: true } | { ok: false; error: string } {
    const r = apply(this.doc, op);
    if (r.ok) this.doc = r.doc;
    return r.ok ? { ok: true } : { ok: false, error: r.error };
  }
  /** A physical host on the default LAN. */
  host(name: string, address: string, engine = false): this {
    return this.op({
      type: "machine.create",
      id: `m-${name}`,
      name,
      kind: "host",
      lanId: "lan-1",
      address,
      engineNetworkIds: engine ? [this.ids.hex64(), this.ids.hex64(), this.ids.hex64()] : null,
      vm: null,
      at: this.t++,
    });
  }
  vm(name: string, opts: { hypervisor?: "virtualbox" | "kvm"; engine?: boolean; host?: string } = {}): this {
    return this.op({
      type: "machine.create",
      id: `m-${name}`,
      name,
      kind: "vm",
      lanId: null,
      address: null,
      engineNetworkIds: opts.engine ? [this.ids.hex64(), this.ids.hex64(), this.ids.hex64()] : null,
      vm: { hostId: opts.host ?? "m-host", hypervisor: opts.hypervisor ?? "virtualbox", uuid: `uuid-${name}`, os: "Ubuntu_64" },
      at: this.t++,
    });
  }
  nic(
    vm: string,
    slot: number,
    mode: AdapterMode,
    extra: { natNetwork?: string; intnet?: string; hostOnly?: string; bridge?: string; network?: string } = {},
  ): this {
    return this.op({ type: "vm.setAdapter", machineId: `m-${vm}`, slot, mode, ...extra });
  }
  natpf(vm: string, slot: number, rule: string): this {
    return this.op({ type: "vm.addPortForward", machineId: `m-${vm}`, slot, rule: parseRule(rule) });
  }
  start(vm: string): this {
    return this.op({ type: "vm.start", machineId: `m-${vm}` });
  }
  hostOnly(name = "vboxnet0", address = "192.168.56.1/24"): this {
    return this.op({ type: "hostonly.create", id: `ho-${name}`, hostId: "m-host", name, address, dhcp: true });
  }
  natNetwork(name: string, network: string): this {
    return this.op({ type: "natnetwork.create", id: `nn-${name}`, hostId: "m-host", name, network, enabled: true, dhcp: true });
  }
  libvirtDefault(): this {
    return this.op({
      type: "libvirt.netDefine",
      id: "lv-default",
      hostId: "m-host",
      name: "default",
      bridge: "virbr0",
      address: "192.168.122.1/24",
      forward: "nat",
      dhcpStart: "192.168.122.2",
      dhcpEnd: "192.168.122.254",
    });
  }
  address(machine: string, nic: string): string | null {
    return this.doc.machines[`m-${machine}`]?.nics.find((n) => n.name === nic)?.address?.split("/")[0] ?? null;
  }
  reach(from: string, to: string, port: number | null = null): ReachResult {
    return reach(resolve(this.doc), { kind: "machine", id: `m-${from}` }, to, { port });
  }
}

/** "name,tcp,hostip,hostport,guestip,guestport", as `--natpf1` takes it. */
export function parseRule(text: string): PortForward {
  const [name = "", proto = "tcp", hostIp = "", hostPort = "0", guestIp = "", guestPort = "0"] = text.split(",");
  return { name, proto: proto === "udp" ? "udp" : "tcp", hostIp, hostPort: Number(hostPort), guestIp, guestPort: Number(guestPort) };
}
