/**
 * `docker compose up -d`: the named ops Compose v2 would cause, in its order (networks, then every
 * container created in dependency order, then started in that order), checked one by one with
 * `apply`, and the progress lines Compose prints (plain progress, as without a terminal).
 */
import { byOrder, type Container, type Dependency, type Doc, type IdSource, IMAGES, imageKey, type Listener, type Mount, type Network } from "../model";
import { apply, findImage, type NetworkRequest, type Op, volumeNamed } from "../ops";
import { activeServices, type ComposeProject, type ComposeWarning, containerName, type NetworkSpec, type ServiceSpec } from "./types";

const COMPOSE_VERSION = "2.29.7";

interface UpOptions {
  ids: IdSource;
  /** Time of the ops, in milliseconds since the epoch. */
  at: number;
}

export interface UpResult {
  ok: boolean;
  /** The document after the ops that were accepted. */
  doc: Doc;
  /** Ops accepted, in order: replaying them with `apply` gives `doc`. */
  ops: Op[];
  /** What Compose prints (on standard error), one line each. */
  lines: string[];
  /** Why it stopped, in Compose's words, when `ok` is false. */
  error?: string;
}

/**
 * Services in creation order: dependencies first, otherwise as written.
 * @example serviceOrder(project.services).map((s) => s.name) // ["db", "web"] when web depends_on db
 */
function serviceOrder(services: ServiceSpec[]): ServiceSpec[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const out: ServiceSpec[] = [];
  const seen = new Set<string>();
  const visit = (s: ServiceSpec) => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    const deps = [...s.dependsOn.map((d) => d.service), ...s.links.map((l) => l.service)];
    if (s.networkMode?.startsWith("service:")) deps.push(s.networkMode.slice(8));
    for (const d of deps) {
      const dep = byName.get(d);
      if (dep) visit(dep);
    }
    out.push(s);
  };
  for (const s of services) visit(s);
  return out;
}

/**
 * Networks on a machine by name (swarm-scoped ones are visible everywhere).
 * @example networkNamed(doc, "m-host", "bridge")?.subnet // "172.17.0.0/16"
 */
function networkNamed(doc: Doc, machineId: string, name: string): Network | undefined {
  return byOrder(doc.networks).find((n) => n.name === name && (n.machineId === machineId || n.scope === "swarm"));
}

/**
 * A container of a machine by exact name.
 * @example containerNamed(doc, "m-host", "app-web-1")?.state // "running"
 */
function containerNamed(doc: Doc, machineId: string, name: string): Container | undefined {
  return Object.values(doc.containers).find((c) => c.machineId === machineId && c.name === name);
}

/**
 * What listens in a service's containers: the file's `x-dockside.listens`, else the image's own
 * listeners; images Dockside doesn't know (including built ones) are taken to serve the ports the
 * file publishes or exposes.
 * @example serviceListens({ image: "app-api", ports: [], expose: ["3000/tcp"], command: [], listens: null } as unknown as ServiceSpec) // [{ port: 3000, proto: "tcp" }]
 */
function serviceListens(s: ServiceSpec): Listener[] | null {
  if (s.listens) return s.listens;
  if (IMAGES.has(imageKey(s.image)) || s.command.length > 0) return null;
  const out: Listener[] = [];
  const add = (port: number, proto: Listener["proto"]) => {
    if (!out.some((l) => l.port === port && l.proto === proto)) out.push({ port, proto });
  };
  for (const p of s.ports) add(p.containerPort, p.proto);
  for (const e of s.expose) {
    const [port, proto] = e.split("/");
    add(Number(port), proto as Listener["proto"]);
  }
  return out.length > 0 ? out : null;
}

/**
 * A service whose image the engine built from a catalog image that serves by itself (nginx, httpd,
 * redis) runs what the image runs (the page its build copied in, say); otherwise the file's ports stand in.
 */
function builtListens(doc: Doc, machineId: string, s: ServiceSpec): Listener[] | null {
  const base = s.build && !s.listens ? findImage(doc, machineId, s.image)?.base : undefined;
  return base && (IMAGES.get(base)?.listens.length ?? 0) > 0 ? null : serviceListens(s);
}

/**
 * Warnings for the `build:` services a `composeUp` without a build (the canvas's import, `dockside
 * compose`) runs from an image the engine lacks.
 * @example unbuiltWarnings(doc, "m-host", project)[0]?.path // "services.web.build"
 */
export function unbuiltWarnings(doc: Doc, machineId: string, project: ComposeProject): ComposeWarning[] {
  return activeServices(project)
    .filter((s) => s.build && !findImage(doc, machineId, s.image))
    .map((s) => ({
      path: `services.${s.name}.build`,
      message: `not built here (docker compose build in a terminal builds it): the service runs image "${s.image}", which the engine lacks; it listens on the ports the file declares`,
    }));
}

class Run {
  ops: Op[] = [];
  lines: string[] = [];
  constructor(public doc: Doc) {}
  /** Applies an op; on refusal returns Compose's error text. */
  do(op: Op): string | null {
    const r = apply(this.doc, op);
    if (!r.ok) return `Error response from daemon: ${r.error}`;
    this.doc = r.doc;
    this.ops.push(op);
    return null;
  }
  fail(error: string): UpResult {
    this.lines.push(error);
    return { ok: false, doc: this.doc, ops: this.ops, lines: this.lines, error };
  }
}

function usedNetworks(project: ComposeProject): NetworkSpec[] {
  const used = new Set(activeServices(project).flatMap((s) => s.networks.map((n) => n.key)));
  return project.networks.filter((n) => used.has(n.key));
}

function networkRequests(
  doc: Doc,
  machineId: string,
  s: ServiceSpec,
  name: string,
  nets: Map<string, Network>,
): { mode: string; networks: NetworkRequest[] } | string {
  const mode = s.networkMode;
  // The model keeps host-mode containers without an endpoint (apply refuses one on `host`).
  if (mode === "host") return { mode, networks: [] };
  if (mode === "none" || mode === "bridge") {
    const builtin = networkNamed(doc, machineId, mode);
    if (!builtin) return `Error response from daemon: network ${mode} not found`;
    return { mode, networks: [{ networkId: builtin.id, aliases: [], ipv4Address: null }] };
  }
  if (mode !== null && (mode.startsWith("service:") || mode.startsWith("container:"))) {
    const target = mode.startsWith("service:") ? null : containerNamed(doc, machineId, mode.slice(10));
    if (mode.startsWith("container:") && !target) return `Error response from daemon: No such container: ${mode.slice(10)}`;
    return { mode: target ? `container:${target.id}` : mode, networks: [] };
  }
  if (mode !== null) {
    const n = networkNamed(doc, machineId, mode);
    if (!n) return `Error response from daemon: network ${mode} not found`;
    return { mode, networks: [{ networkId: n.id, aliases: [], ipv4Address: null }] };
  }
  const networks: NetworkRequest[] = [];
  for (const sn of s.networks) {
    const n = nets.get(sn.key) as Network;
    const aliases = [...new Set([name, s.name, ...sn.aliases])];
    networks.push({ networkId: n.id, aliases, ipv4Address: sn.ipv4Address });
  }
  const first = s.networks[0] ? (nets.get(s.networks[0].key) as Network).name : "bridge";
  return { mode: first, networks };
}

/** The project's networks: reused when they exist (external ones must), created otherwise. */
function upNetworks(run: Run, machineId: string, project: ComposeProject, opts: UpOptions, nets: Map<string, Network>): string | null {
  for (const spec of usedNetworks(project)) {
    const existing = networkNamed(run.doc, machineId, spec.name);
    if (spec.external) {
      if (!existing) return `network ${spec.name} declared as external, but could not be found`;
      nets.set(spec.key, existing);
      continue;
    }
    if (existing) {
      if (existing.labels["com.docker.compose.project"] !== project.name) {
        run.lines.push(`WARN[0000] a network with name ${spec.name} exists but was not created by compose.\nSet \`external: true\` to use an existing network`);
      }
      nets.set(spec.key, existing);
      continue;
    }
    const id = opts.ids.hex64();
    run.lines.push(` Network ${spec.name}  Creating`);
    const error = run.do({
      type: "network.create",
      id,
      machineId,
      name: spec.name,
      driver: spec.driver,
      subnet: spec.subnet,
      gateway: spec.gateway,
      ipRange: spec.ipRange,
      internal: spec.internal,
      attachable: spec.attachable,
      options: spec.options,
      labels: {
        ...spec.labels,
        "com.docker.compose.network": spec.key,
        "com.docker.compose.project": project.name,
        "com.docker.compose.version": COMPOSE_VERSION,
      },
      at: opts.at,
    });
    if (error) return error;
    run.lines.push(` Network ${spec.name}  Created`);
    nets.set(spec.key, run.doc.networks[id] as Network);
  }
  return null;
}

/** The named volumes its services mount, created unless they exist (external ones must). */
function upVolumes(run: Run, machineId: string, project: ComposeProject, opts: UpOptions, volumeNames: Map<string, string>): string | null {
  const mounted = new Set(activeServices(project).flatMap((s) => s.volumes.map((m) => m.source)));
  for (const spec of project.volumes) {
    volumeNames.set(spec.key, spec.name);
    if (!mounted.has(spec.key) || volumeNamed(run.doc, machineId, spec.name)) continue;
    if (spec.external) return `volume ${spec.name} declared as external, but could not be found`;
    run.lines.push(` Volume "${spec.name}"  Creating`);
    const error = run.do({
      type: "volume.create",
      id: opts.ids.hex64(),
      machineId,
      name: spec.name,
      driver: spec.driver,
      labels: {
        ...spec.labels,
        "com.docker.compose.project": project.name,
        "com.docker.compose.version": COMPOSE_VERSION,
        "com.docker.compose.volume": spec.key,
      },
      anonymous: false,
      at: opts.at,
    });
    if (error) return error;
    run.lines.push(` Volume "${spec.name}"  Created`);
  }
  return null;
}

/** One container per replica of each service, in dependency order; those to start are added to `toStart`. */
function upContainers(
  run: Run,
  machineId: string,
  project: ComposeProject,
  opts: UpOptions,
  refs: { nets: Map<string, Network>; volumeNames: Map<string, string> },
  toStart: { id: string; name: string }[],
): string | null {
  const { nets, volumeNames } = refs;
  const created = new Map<string, string[]>();
  for (const s of serviceOrder(activeServices(project))) {
    const ids: string[] = [];
    created.set(s.name, ids);
    for (let n = 1; n <= s.replicas; n++) {
      const name = containerName(project, s, n);
      const existing = containerNamed(run.doc, machineId, name);
      if (existing) {
        ids.push(existing.id);
        if (existing.state === "running") run.lines.push(` Container ${name}  Running`);
        else if (!s.startStopped) toStart.push({ id: existing.id, name });
        continue;
      }
      const plan = networkRequests(run.doc, machineId, s, name, nets);
      if (typeof plan === "string") return plan;
      let mode = plan.mode;
      if (mode.startsWith("service:")) {
        const donor = created.get(mode.slice(8))?.[0];
        if (!donor) return `service "${s.name}" depends on undefined service "${mode.slice(8)}": invalid compose project`;
        mode = `container:${donor}`;
      }
      const links: { target: string; alias: string }[] = [];
      for (const l of s.links) {
        (created.get(l.service) ?? []).forEach((target, i) => {
          const targetName = run.doc.containers[target]?.name ?? "";
          for (const alias of i === 0 ? [l.alias, `${l.service}-${i + 1}`, targetName] : [`${l.service}-${i + 1}`, targetName]) {
            if (alias && !links.some((x) => x.alias === alias)) links.push({ target, alias });
          }
        });
      }
      const mounts: Mount[] = [];
      for (const m of s.volumes) {
        let source = m.type === "volume" ? (volumeNames.get(m.source) ?? m.source) : m.source;
        // An anonymous volume: 64 hex digits, created with the container.
        if (m.type === "volume" && m.source === "") source = opts.ids.hex64();
        mounts.push({ type: m.type, source, target: m.target, readOnly: m.readOnly, via: "mount-flag" });
      }
      const dependsOn: Dependency[] = s.dependsOn.flatMap((d) =>
        (created.get(d.service) ?? []).map((target) => ({ target, condition: d.condition, required: d.required })),
      );
      const id = opts.ids.hex64();
      run.lines.push(` Container ${name}  Creating`);
      const error = run.do({
        type: "container.create",
        id,
        machineId,
        name,
        image: s.image,
        command: s.command,
        interactive: s.interactive,
        tty: s.tty,
        hostname: s.hostname,
        networkMode: mode,
        networks: plan.networks,
        ports: s.ports,
        publishAll: false,
        expose: s.expose,
        links,
        listens: builtListens(run.doc, machineId, s),
        autoRemove: false,
        ...(mounts.length > 0 ? { mounts } : {}),
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
        at: opts.at,
      });
      if (error) return error;
      run.lines.push(` Container ${name}  Created`);
      ids.push(id);
      if (!s.startStopped) toStart.push({ id, name });
    }
  }
  return null;
}

function startAll(run: Run, toStart: { id: string; name: string }[], at: number): string | null {
  for (const { id, name } of toStart) {
    run.lines.push(` Container ${name}  Starting`);
    const error = run.do({ type: "container.start", containerId: id, at });
    if (error) return error;
    run.lines.push(` Container ${name}  Started`);
  }
  return null;
}

/**
 * Brings a project up on one machine's engine, as `docker compose up -d` does. Existing networks and
 * containers of the project are reused (Compose prints `Running` for containers already up).
 * @example composeUp(createWorld(seededIds(1), 0), "m-host", project, { ids: seededIds(2), at: 0 }).lines[0] // " Network app_default  Creating"
 */
export function composeUp(doc: Doc, machineId: string, project: ComposeProject, opts: UpOptions): UpResult {
  const run = new Run(doc);
  if (!doc.machines[machineId]?.engine) return run.fail(`machine ${machineId} runs no Docker Engine`);
  const nets = new Map<string, Network>();
  const volumeNames = new Map<string, string>();
  const toStart: { id: string; name: string }[] = [];
  const error =
    upNetworks(run, machineId, project, opts, nets) ??
    upVolumes(run, machineId, project, opts, volumeNames) ??
    upContainers(run, machineId, project, opts, { nets, volumeNames }, toStart) ??
    startAll(run, toStart, opts.at);
  if (error) return run.fail(error);
  return { ok: true, doc: run.doc, ops: run.ops, lines: run.lines };
}
