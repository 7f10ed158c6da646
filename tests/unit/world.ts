/** A tiny builder over the real ops, for tests: every change goes through apply(). */
import { createWorld, type Doc, type IdSource, seededIds } from "../../lib/model";
import { apply, type Op } from "../../lib/ops";

export class World {
  doc: Doc;
  ids: IdSource;
  t = 1_000;
  constructor(seed = 7) {
    this.ids = seededIds(seed);
    this.doc = createWorld(this.ids, 0);
  }
  op(op: Op): this {
    const r = apply(this.doc, op);
    if (!r.ok) throw new Error(`${op.type}: ${r.error}`);
    this.doc = r.doc;
    return this;
  }
  try(op: Op): { ok: boolean; error?: string } {
    const r = apply(this.doc, op);
    if (r.ok) this.doc = r.doc;
    return r.ok ? { ok: true } : { ok: false, error: r.error };
  }
  netId(name: string): string {
    const n = Object.values(this.doc.networks).find((x) => x.name === name);
    if (!n) throw new Error(`no network ${name}`);
    return n.id;
  }
  id(name: string): string {
    const c = Object.values(this.doc.containers).find((x) => x.name === name);
    if (!c) throw new Error(`no container ${name}`);
    return c.id;
  }
  network(name: string, opts: { subnet?: string; gateway?: string; internal?: boolean; options?: Record<string, string> } = {}): string {
    const id = this.ids.hex64();
    this.op({
      type: "network.create",
      id,
      machineId: "m-host",
      name,
      driver: "bridge",
      subnet: opts.subnet ?? null,
      gateway: opts.gateway ?? null,
      ipRange: null,
      internal: opts.internal ?? false,
      attachable: false,
      options: opts.options ?? {},
      labels: {},
      at: this.t++,
    });
    return id;
  }
  create(
    name: string,
    opts: {
      image?: string;
      command?: string[];
      networks?: { name: string; aliases?: string[]; ip?: string }[];
      mode?: string;
      ports?: { hostIp?: string; hostPort?: string; containerPort: number }[];
      links?: { target: string; alias: string }[];
      hostname?: string;
    } = {},
  ): string {
    const id = this.ids.hex64();
    const nets = opts.networks ?? (opts.mode ? [] : [{ name: "bridge" }]);
    const mode = opts.mode ?? opts.networks?.[0]?.name ?? "default";
    this.op({
      type: "container.create",
      id,
      machineId: "m-host",
      name,
      image: opts.image ?? "alpine",
      command: opts.command ?? [],
      interactive: true,
      tty: true,
      hostname: opts.hostname ?? null,
      networkMode: mode.startsWith("container:") ? `container:${this.id(mode.slice(10))}` : mode,
      networks:
        mode === "host"
          ? [{ networkId: this.netId("host"), aliases: [], ipv4Address: null }]
          : nets.map((n) => ({ networkId: this.netId(n.name), aliases: n.aliases ?? [], ipv4Address: n.ip ?? null })),
      ports: (opts.ports ?? []).map((p) => ({ hostIp: p.hostIp ?? "", hostPort: p.hostPort ?? "", containerPort: p.containerPort, proto: "tcp" as const })),
      publishAll: false,
      expose: [],
      links: (opts.links ?? []).map((l) => ({ target: this.id(l.target), alias: l.alias })),
      listens: null,
      autoRemove: false,
      at: this.t++,
    });
    return id;
  }
  run(name: string, opts: Parameters<World["create"]>[1] = {}): string {
    const id = this.create(name, opts);
    this.op({ type: "container.start", containerId: id, at: this.t++ });
    return id;
  }
}

export const seeds = seededIds;
