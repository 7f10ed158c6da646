/**
 * The containers family: create, start, stop, kill, exit, remove, rename and the canvas's edits of a
 * container, with the daemon's checks and its own error texts. Addresses and host ports are handed out
 * at start (endpoints.ts) and stored, because start order decides who got which. The ops' shapes are in
 * container-ops.ts.
 */
import { containerImage, type Doc, imageKey, parseIp, runsImageCommand } from "../model";
import { networkUsableOn } from "../sim";
import { CONTAINER_OPS } from "./container-ops";
import { allocatePorts, checkEndpoint, container, network, releaseNetworking } from "./endpoints";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { imageProcess, servedListeners } from "./image-process";
import { imageForContainer } from "./images";
import { ended, removeContainer, startContainer } from "./lifecycle";
import { checkResources, NO_LIMITS, parseSignal, signalOutcome, stopSignalOf } from "./signals";
import { checkMounts, ensureMountVolumes } from "./volumes";

type OpOf<T extends string> = OpIn<typeof CONTAINER_OPS, T>;

const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

function create(doc: Doc, op: OpOf<"container.create">): void {
  if (!doc.machines[op.machineId]?.engine) fail("machine.no-engine", `machine ${op.machineId} runs no Docker Engine`);
  if (doc.containers[op.id]) fail("container.exists", `container ${op.id} already exists`);
  if (!CONTAINER_NAME.test(op.name)) fail("container.name", `Invalid container name (${op.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const name = op.name.replace(/^\//, "");
  const clash = Object.values(doc.containers).find((c) => c.machineId === op.machineId && c.name === name);
  if (clash) {
    fail(
      "container.conflict",
      `Conflict. The container name "/${name}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
  }
  const mode = op.networkMode;
  if (mode.startsWith("container:")) {
    if (op.ports.length > 0 || op.publishAll) fail("conflict.ports", "conflicting options: port publishing and the container type network mode");
    if (op.hostname) fail("conflict.hostname", "conflicting options: hostname and the network mode");
    if (op.links.length > 0)
      fail("conflict.links", "conflicting options: container type network can't be used with links. This would result in undefined behavior");
  }
  if (mode === "host" && op.links.length > 0) {
    fail("conflict.links", "conflicting options: host type networking can't be used with links. This would result in undefined behavior");
  }
  for (const req of op.networks) {
    const n = network(doc, req.networkId);
    // The daemon checks --ip when the container starts (the container is created either way).
    checkEndpoint(doc, { networkMode: n.name === "host" ? mode : "default" }, n, { aliases: req.aliases, ipv4Address: null });
    if (req.ipv4Address !== null && parseIp(req.ipv4Address) === null) fail("ip.invalid", `invalid IPv4 address: ${req.ipv4Address}`);
    if (n.scope === "swarm" && !networkUsableOn(doc, n, op.machineId)) fail("network.missing", `network ${n.name} not found`);
    if (n.scope === "swarm" && !n.attachable)
      fail(
        "network.not-attachable",
        `Could not attach to network ${n.name}: rpc error: code = PermissionDenied desc = network ${n.name} not manually attachable`,
      );
  }
  for (const link of op.links) {
    if (!doc.containers[link.target]) fail("link.missing", `could not get container for ${link.target}`);
  }
  checkMounts(op.mounts ?? []);
  const spec = op.spec?.resources ? { ...op.spec, resources: checkResources(op.spec.resources) } : op.spec;
  for (const d of op.dependsOn ?? []) if (!doc.containers[d.target]) fail("depends.missing", `No such container: ${d.target}`);
  const record = imageForContainer(doc, op.machineId, op.image, op.at);
  const imageBase = record?.base && record.base !== imageKey(op.image) ? record.base : undefined;
  const image = containerImage({ image: op.image, imageBase });
  const ports = op.ports.map((p) => ({ ...p, assigned: null }));
  const expose = [...op.expose];
  if (op.publishAll) {
    for (const e of [...image.exposes, ...op.expose]) {
      const [port, proto] = e.split("/");
      const containerPort = Number(port);
      const p = proto === "udp" || proto === "sctp" ? proto : "tcp";
      if (!ports.some((b) => b.containerPort === containerPort && b.proto === p)) {
        ports.push({ hostIp: "", hostPort: "", containerPort, proto: p, assigned: null });
      }
    }
  }
  ensureMountVolumes(doc, op.machineId, op.id, op.mounts ?? [], op.at);
  const served = record && op.command.length === 0 && op.listens === null ? servedListeners(record) : null;
  // A built image whose ENTRYPOINT/CMD differ from its base's runs its own, as the daemon copies them into the container.
  const own = record && runsImageCommand(op) ? imageProcess(record, image.cmd) : null;
  const command = own ? own.cmd : op.command;
  const withEntrypoint = own?.entrypoint ? { ...(spec ?? {}), entrypoint: own.entrypoint } : spec;
  doc.clock += 1;
  doc.containers[op.id] = {
    id: op.id,
    machineId: op.machineId,
    name,
    image: op.image,
    command,
    interactive: op.interactive,
    tty: op.tty,
    state: "created",
    exitCode: 0,
    hostname: op.hostname,
    networkMode: mode,
    endpoints: op.networks.map((n) => ({ networkId: n.networkId, aliases: n.aliases, ipv4Address: n.ipv4Address, ip: null })),
    ports,
    publishAll: op.publishAll,
    expose,
    links: op.links,
    listens: op.listens ?? served,
    autoRemove: op.autoRemove,
    ...(op.mounts && op.mounts.length > 0 ? { mounts: op.mounts } : {}),
    ...(op.dependsOn && op.dependsOn.length > 0 ? { dependsOn: op.dependsOn } : {}),
    ...(withEntrypoint && Object.keys(withEntrypoint).length > 0 ? { spec: withEntrypoint } : {}),
    ...(record ? { imageId: record.imageId } : {}),
    ...(imageBase ? { imageBase } : {}),
    createdAt: op.at,
    startedAt: 0,
    finishedAt: 0,
    order: doc.clock,
  };
}

function start(doc: Doc, op: OpOf<"container.start">): void {
  startContainer(doc, container(doc, op.containerId), op.at, op.foreground === true);
}

/** `docker stop` (the image's STOPSIGNAL or `-s`, then KILL after the timeout) and `docker kill -s`. */
function signal(doc: Doc, op: OpOf<"container.stop"> | OpOf<"container.kill">): void {
  const c = container(doc, op.containerId);
  const stopping = op.type === "container.stop";
  const signo = op.signal !== undefined ? parseSignal(op.signal) : stopping ? stopSignalOf(c) : 9;
  if (c.state !== "running") {
    if (c.restarting && stopping) {
      delete c.restarting;
      c.manuallyStopped = true;
      return;
    }
    if (stopping) return;
    fail("container.not-running", `Cannot kill container: ${c.name}: Container ${c.id} is not running`);
  }
  // A frozen process handles nothing: only KILL (which stop sends after its timeout) ends it.
  const outcome = c.paused ? (signo === 9 ? 137 : null) : signalOutcome(c, signo);
  if (outcome === null && !stopping) return;
  ended(doc, c, outcome ?? 137, op.at, true);
}

/** The main process the terminal ran has ended (or never started: the program is not in the image). */
function exit(doc: Doc, op: OpOf<"container.exit">): void {
  const c = container(doc, op.containerId);
  if (c.state !== "running") return;
  if (op.startFailed) {
    c.state = "created";
    c.exitCode = 127;
    releaseNetworking(c);
    if (c.autoRemove) removeContainer(doc, c.id);
    return;
  }
  if (op.oomKilled) c.oomKilled = true;
  ended(doc, c, op.exitCode, op.at, false);
}

function remove(doc: Doc, op: OpOf<"container.remove">): void {
  const c = container(doc, op.containerId);
  if (c.paused && !op.force) {
    fail("container.paused", `You cannot remove a paused container ${c.id}. Unpause and then stop the container before attempting removal or force remove`);
  }
  if (c.state === "running" && !op.force) {
    fail("container.running", `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`);
  }
  removeContainer(doc, c.id, op.volumes === true);
}

function rename(doc: Doc, op: OpOf<"container.rename">): void {
  const c = container(doc, op.containerId);
  if (!CONTAINER_NAME.test(op.name)) fail("container.name", `Invalid container name (${op.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const clash = Object.values(doc.containers).find((o) => o.machineId === c.machineId && o.name === op.name && o.id !== c.id);
  if (clash)
    fail(
      "container.conflict",
      `Conflict. The container name "/${op.name}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
  c.name = op.name;
}

function update(doc: Doc, op: OpOf<"container.update">): void {
  const c = container(doc, op.containerId);
  if (op.image !== undefined) c.image = op.image;
  if (op.command !== undefined) c.command = op.command;
  if (op.hostname !== undefined) {
    if (op.hostname && c.networkMode.startsWith("container:")) fail("conflict.hostname", "conflicting options: hostname and the network mode");
    c.hostname = op.hostname;
  }
  if (op.listens !== undefined) c.listens = op.listens;
  if (op.restart) {
    if (c.autoRemove && op.restart.name !== "no")
      fail("update.autoremove", `Cannot update container ${c.id}: Restart policy cannot be updated because AutoRemove is enabled for the container`);
    c.spec = { ...c.spec, restart: op.restart };
  }
  if (op.resources) c.spec = { ...c.spec, resources: checkResources(op.resources, c.spec?.resources ?? NO_LIMITS) };
}

function setPorts(doc: Doc, op: OpOf<"container.setPorts">): void {
  const c = container(doc, op.containerId);
  if (c.networkMode.startsWith("container:") && op.ports.length > 0)
    fail("conflict.ports", "conflicting options: port publishing and the container type network mode");
  const before = c.ports;
  c.ports = op.ports.map((p) => ({ ...p, assigned: null }));
  if (c.state === "running") {
    try {
      allocatePorts(doc, c);
    } catch (err) {
      c.ports = before;
      throw err;
    }
  }
}

function setAliases(doc: Doc, op: OpOf<"container.setAliases">): void {
  const c = container(doc, op.containerId);
  const ep = c.endpoints.find((e) => e.networkId === op.networkId);
  if (!ep) fail("network.not-connected", `container ${c.id} is not connected to network ${network(doc, op.networkId).name}`);
  checkEndpoint(doc, { networkMode: "default" }, network(doc, op.networkId), { aliases: op.aliases, ipv4Address: null });
  ep.aliases = op.aliases;
}

export const containersFamily = defineFamily("containers", CONTAINER_OPS, {
  "container.create": create,
  "container.start": start,
  "container.stop": signal,
  "container.kill": signal,
  "container.exit": exit,
  "container.remove": remove,
  "container.rename": rename,
  "container.update": update,
  "container.setPorts": setPorts,
  "container.setAliases": setAliases,
});
