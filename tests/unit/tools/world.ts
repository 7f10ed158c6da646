/** Builds sandbox situations for the tool tests with ops, the way `docker` commands would. */
import { createWorld, seededIds } from "../../../lib/model";
import type { NetworkRequest, PortRequest } from "../../../lib/ops";
import { ShellContext, type ToolEnv } from "../../../lib/shell/context";

export interface RunOptions {
  image?: string;
  network?: string;
  aliases?: string[];
  hostname?: string;
  ports?: Partial<PortRequest>[];
  links?: { target: string; alias: string }[];
  command?: string[];
}

export class World {
  readonly ctx: ShellContext;
  private t = 1_700_000_000_000;
  private readonly ids = seededIds(7);

  constructor() {
    this.ctx = new ShellContext(createWorld(seededIds(1), this.t), "m-host", seededIds(3), () => this.t);
  }

  private must(outcome: { ok: true } | { ok: false; error: string }): void {
    if (!outcome.ok) throw new Error(outcome.error);
  }

  networkId(name: string): string {
    const n = this.ctx.resolved().networkByName("m-host", name);
    if (!n) throw new Error(`no network ${name}`);
    return n.id;
  }

  containerId(name: string): string {
    const v = this.ctx.container(name);
    if (!v) throw new Error(`no container ${name}`);
    return v.c.id;
  }

  network(name: string, opts: { internal?: boolean; subnet?: string; gateway?: string } = {}): this {
    this.t += 1000;
    this.must(
      this.ctx.apply({
        type: "network.create",
        id: this.ids.hex64(),
        machineId: "m-host",
        name,
        driver: "bridge",
        subnet: opts.subnet ?? null,
        gateway: opts.gateway ?? null,
        ipRange: null,
        internal: opts.internal ?? false,
        attachable: false,
        options: {},
        labels: {},
        at: this.t,
      }),
    );
    return this;
  }

  /** `docker run -d` */
  run(name: string, o: RunOptions = {}): this {
    this.t += 1000;
    const id = this.ids.hex64();
    const mode = o.network ?? "bridge";
    const special = mode === "host" || mode === "none" || mode.startsWith("container:");
    const networks: NetworkRequest[] = special && mode !== "none" ? [] : [{ networkId: this.networkId(mode), aliases: o.aliases ?? [], ipv4Address: null }];
    this.must(
      this.ctx.apply({
        type: "container.create",
        id,
        machineId: "m-host",
        name,
        image: o.image ?? "alpine",
        command: o.command ?? [],
        interactive: true,
        tty: true,
        hostname: o.hostname ?? null,
        networkMode: mode.startsWith("container:") ? `container:${this.containerId(mode.slice(10))}` : mode,
        networks,
        ports: (o.ports ?? []).map((p) => ({
          hostIp: p.hostIp ?? "",
          hostPort: p.hostPort ?? "",
          containerPort: p.containerPort ?? 80,
          proto: p.proto ?? "tcp",
        })),
        publishAll: false,
        expose: [],
        links: (o.links ?? []).map((l) => ({ target: this.containerId(l.target), alias: l.alias })),
        listens: null,
        autoRemove: false,
        at: this.t,
      }),
    );
    this.must(this.ctx.apply({ type: "container.start", containerId: id, at: this.t }));
    return this;
  }

  connect(network: string, container: string, aliases: string[] = []): this {
    this.must(
      this.ctx.apply({ type: "network.connect", containerId: this.containerId(container), networkId: this.networkId(network), aliases, ipv4Address: null }),
    );
    return this;
  }

  disconnect(network: string, container: string): this {
    this.must(this.ctx.apply({ type: "network.disconnect", containerId: this.containerId(container), networkId: this.networkId(network), force: false }));
    return this;
  }

  stop(container: string): this {
    this.t += 1000;
    this.must(this.ctx.apply({ type: "container.stop", containerId: this.containerId(container), at: this.t }));
    return this;
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
  get host(): ToolEnv {
    return { ctx: this.ctx, source: { kind: "machine", id: "m-host" } };
  }
}
