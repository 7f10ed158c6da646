/**
 * The one builder of test situations: a document changed only through the real ops, held by a shell
 * session on the default host, so a test can build a topology (networks, containers, machines, VMs)
 * and then run tools or ask `resolve` and `reach` about it. Ids come from a seed; time moves 1 ms per op.
 */
import { planNetworks } from "../lib/intents";
import { type AdapterMode, createWorld, type Doc, type IdSource, type PortForward, seededIds } from "../lib/model";
import { apply, type Op, type PortRequest } from "../lib/ops";
import { LIBVIRT_DEFAULT } from "../lib/ops/libvirt";
import { Shell, ShellContext, type ShellResult, type ToolEnv } from "../lib/shell";
import { type ReachResult, reach, resolve } from "../lib/sim";

const HOST = "m-host";

export interface RunOptions {
  image?: string;
  command?: string[];
  /** The networks it joins, by name; absent: the default bridge (or none, with a `mode`). */
  networks?: { name: string; aliases?: string[]; ip?: string }[];
  /** `--network host|none|container:NAME`. */
  mode?: string;
  ports?: Partial<PortRequest>[];
  links?: { target: string; alias: string }[];
  hostname?: string;
}

export class World {
  readonly ids: IdSource;
  readonly ctx: ShellContext;
  t = 1_000;

  constructor(seed = 7) {
    this.ids = seededIds(seed);
    this.ctx = new ShellContext(createWorld(this.ids, 0), HOST, this.ids, () => this.t);
  }

  get doc(): Doc {
    return this.ctx.doc;
  }
  set doc(doc: Doc) {
    this.ctx.doc = doc;
  }

  /** Applies an op the test expects to succeed. */
  op(op: Op): this {
    const r = this.ctx.apply(op);
    if (!r.ok) throw new Error(`${op.type}: ${r.error}`);
    return this;
  }

  /** Applies an op that may be refused. */
  try(op: Op): { ok: true } | { ok: false; error: string } {
    const r = this.ctx.apply(op);
    return r.ok ? { ok: true } : { ok: false, error: r.error };
  }

  netId(name: string): string {
    const n = this.ctx.resolved().networkByName(HOST, name);
    if (!n) throw new Error(`no network ${name}`);
    return n.id;
  }

  /** A container of the host, by name. */
  id(name: string): string {
    const v = this.ctx.container(name);
    if (!v) throw new Error(`no container ${name}`);
    return v.c.id;
  }

  /** `docker network create` on the host. */
  network(name: string, opts: { subnet?: string; gateway?: string; internal?: boolean; options?: Record<string, string> } = {}): this {
    const at = this.t++;
    return this.op({
      type: "network.create",
      id: this.ids.hex64(),
      machineId: HOST,
      name,
      driver: "bridge",
      subnet: opts.subnet ?? null,
      gateway: opts.gateway ?? null,
      ipRange: null,
      internal: opts.internal ?? false,
      attachable: false,
      options: opts.options ?? {},
      labels: {},
      at,
    });
  }

  /** `docker create -it` on the host. */
  create(name: string, o: RunOptions = {}): this {
    const id = this.ids.hex64();
    const plan = planNetworks(this.ctx.resolved(), HOST, o.mode ? [o.mode] : [], [], undefined);
    if ("error" in plan) throw new Error(plan.error);
    const at = this.t++;
    return this.op({
      type: "container.create",
      id,
      machineId: HOST,
      name,
      image: o.image ?? "alpine",
      command: o.command ?? [],
      interactive: true,
      tty: true,
      hostname: o.hostname ?? null,
      networkMode: o.mode ? plan.networkMode : (o.networks?.[0]?.name ?? plan.networkMode),
      networks: o.networks?.map((n) => ({ networkId: this.netId(n.name), aliases: n.aliases ?? [], ipv4Address: n.ip ?? null })) ?? plan.networks,
      ports: (o.ports ?? []).map((p) => ({
        hostIp: p.hostIp ?? "",
        hostPort: p.hostPort ?? "",
        containerPort: p.containerPort ?? 80,
        proto: p.proto ?? "tcp",
      })),
      publishAll: false,
      expose: [],
      links: (o.links ?? []).map((l) => ({ target: this.id(l.target), alias: l.alias })),
      listens: null,
      autoRemove: false,
      at,
    });
  }

  /** `docker run -dit` on the host. */
  run(name: string, o: RunOptions = {}): this {
    this.create(name, o);
    return this.op({ type: "container.start", containerId: this.id(name), at: this.t++ });
  }

  connect(network: string, container: string, aliases: string[] = []): this {
    return this.op({ type: "network.connect", containerId: this.id(container), networkId: this.netId(network), aliases, ipv4Address: null });
  }

  disconnect(network: string, container: string): this {
    return this.op({ type: "network.disconnect", containerId: this.id(container), networkId: this.netId(network), force: false });
  }

  stop(container: string): this {
    return this.op({ type: "container.stop", containerId: this.id(container), at: this.t++ });
  }

  /** The LANs' router leads nowhere, as on the recording engine's host (tests/fidelity/README.md: no internet). */
  offline(): this {
    const doc = this.ctx.doc;
    this.ctx.doc = { ...doc, lans: Object.fromEntries(Object.entries(doc.lans).map(([id, lan]) => [id, { ...lan, internet: false }])) };
    return this;
  }

  /** Where `docker exec NAME` runs. */
  in(container: string): ToolEnv {
    const view = this.ctx.container(container);
    if (!view) throw new Error(`no container ${container}`);
    return { ctx: this.ctx, source: { kind: "container", id: view.c.id }, view };
  }

  /** The host's own shell. */
  get onHost(): ToolEnv {
    return { ctx: this.ctx, source: { kind: "machine", id: HOST } };
  }

  /** A physical host `m-NAME` on the default LAN. */
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

  /** A powered-off VM `m-NAME` on a physical host (the default one unless told). */
  vm(name: string, opts: { hypervisor?: "virtualbox" | "kvm"; engine?: boolean; host?: string } = {}): this {
    return this.op({
      type: "machine.create",
      id: `m-${name}`,
      name,
      kind: "vm",
      lanId: null,
      address: null,
      engineNetworkIds: opts.engine ? [this.ids.hex64(), this.ids.hex64(), this.ids.hex64()] : null,
      vm: { hostId: opts.host ?? HOST, hypervisor: opts.hypervisor ?? "virtualbox", uuid: `uuid-${name}`, os: "Ubuntu_64" },
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
    return this.op({ type: "hostonly.create", id: `ho-${name}`, hostId: HOST, name, address, dhcp: true });
  }

  natNetwork(name: string, network: string): this {
    return this.op({ type: "natnetwork.create", id: `nn-${name}`, hostId: HOST, name, network, enabled: true, dhcp: true });
  }

  /** libvirt's `default` network on the host, as installing libvirt defines it. */
  libvirtDefault(): this {
    return this.op({ type: "libvirt.netDefine", id: "lv-default", hostId: HOST, ...LIBVIRT_DEFAULT });
  }

  /** A machine's address on one of its NICs, without the prefix. */
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

/** A fresh terminal at a fixed time (7 Dec 2026, 11:42 UTC) after `lines` were typed in it. */
export function typed(lines: readonly string[], seed = 7): Shell {
  const sh = Shell.fresh({ seed, clock: () => Date.UTC(2026, 11, 7, 11, 42) });
  for (const l of lines) sh.run(l);
  return sh;
}

/** What a typed line prints, on stdout and stderr, and its exit code: one value to compare. */
export function printed(sh: Shell, line: string): [string, string, number] {
  const o = sh.run(line);
  return [o.stdout, o.stderr, o.exitCode];
}

/** The document after `ops`, each applied as a room applies it; a refused op fails the test. */
export function applied(doc: Doc, ...ops: readonly Op[]): Doc {
  let d = doc;
  for (const op of ops) {
    const r = apply(d, op);
    if (!r.ok) throw new Error(`${op.type}: ${r.error}`);
    d = r.doc;
  }
  return d;
}

/** `line` typed on the host of `doc` at `now`, ids from `seed`: an intent given the same document, ids and time makes the same ops. */
export function typedOn(doc: Doc, line: string, seed: number, now: number): ShellResult {
  return new Shell(new ShellContext(doc, HOST, seededIds(seed), () => now)).run(line);
}

/** The ops of a line `typedOn` runs, which must succeed. */
export function typedOps(doc: Doc, line: string, seed: number, now: number): Op[] {
  const out = typedOn(doc, line, seed, now);
  if (out.exitCode !== 0) throw new Error(`${line}: ${out.stderr}`);
  return out.ops;
}
