/** `docker service create/ls/ps/rm/inspect/scale`, with the CLI's and the daemon's texts. */

import { generateName } from "../../intents";
import { type Service, swarmId } from "../../model";
import { humanDuration } from "../../model/units";
import { machineOnline, servicesOf, tasksOf } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { all, argCountError, type CommandSpec, flagError, has, isOutput, last, parseFlags } from "./flags";
import { inspectOutput } from "./networkread";
import { serviceInspectData, servicePretty } from "./service-inspect";
import { managerOrError } from "./swarm";
import { convergedProgress, renderRows } from "./swarm-format";

const CREATE: CommandSpec = {
  path: "docker service create",
  usage: "docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]",
  stopAtPositional: true,
  flags: [
    { long: "name", value: true },
    { long: "replicas", value: true },
    { long: "network", value: true },
    { long: "constraint", value: true },
    { long: "publish", short: "p", value: true },
    { long: "endpoint-mode", value: true },
    { long: "detach", short: "d", value: false },
    { long: "quiet", short: "q", value: false },
  ],
};

type PortSpec = { published: number | null; target: number; proto: "tcp" | "udp" | "sctp"; mode: "ingress" | "host" };

/** `--publish 8080:80[/udp]` or `--publish published=8080,target=80,mode=host,protocol=udp`. */
function parseServicePublish(value: string): PortSpec | string {
  const bad = (why: string) => `invalid argument "${value}" for "-p, --publish" flag: ${why}`;
  if (value.includes("=")) {
    const spec: Partial<PortSpec> = { proto: "tcp", mode: "ingress", published: null };
    for (const part of value.split(",")) {
      const [key, v = ""] = part.split("=") as [string, string?];
      if (key === "published") spec.published = Number(v);
      else if (key === "target") spec.target = Number(v);
      else if (key === "mode" && (v === "ingress" || v === "host")) spec.mode = v;
      else if (key === "protocol" && (v === "tcp" || v === "udp" || v === "sctp")) spec.proto = v;
      else return bad(`invalid field key ${key}`);
    }
    if (spec.target === undefined) return bad('missing mandatory field "target"');
    if (!Number.isInteger(spec.target) || (spec.published !== null && !Number.isInteger(spec.published))) return bad("invalid port");
    return spec as PortSpec;
  }
  const m = /^(?:(\d{1,5}):)?(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(value);
  if (!m) return bad(`invalid port format ${value}`);
  return { published: m[1] ? Number(m[1]) : null, target: Number(m[2]), proto: (m[3] ?? "tcp") as PortSpec["proto"], mode: "ingress" };
}

function parseNetwork(value: string): { name: string; aliases: string[] } {
  if (!value.includes("=")) return { name: value, aliases: [] };
  const out = { name: "", aliases: [] as string[] };
  for (const part of value.split(",")) {
    const [key, v = ""] = part.split("=") as [string, string?];
    if (key === "name" || key === "target") out.name = v;
    else if (key === "alias") out.aliases.push(v);
  }
  return out;
}

/** A service of this node's swarm by name, full id or unique id prefix. */
function findService(ctx: ShellContext, clusterId: string, ref: string): Service | undefined {
  const all = servicesOf(ctx.doc, clusterId);
  return all.find((s) => s.name === ref) ?? all.find((s) => s.id === ref) ?? all.filter((s) => s.id.startsWith(ref)).at(0);
}

function registryWarning(image: string): string {
  return `image ${image} could not be accessed on a registry to record\nits digest. Each node will access ${image} independently,\npossibly leading to different nodes running different\nversions of the image.\n\n`;
}

function create(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(CREATE, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(CREATE, "requires at least 1 argument", true);
  const [image, ...command] = p.args as [string, ...string[]];
  const ports: PortSpec[] = [];
  for (const v of all(p, "publish")) {
    const parsed = parseServicePublish(v);
    if (typeof parsed === "string") return flagError(CREATE, parsed);
    ports.push(parsed);
  }
  const replicasText = last(p, "replicas") ?? "1";
  const replicas = Number(replicasText);
  if (!/^\d+$/.test(replicasText) || replicas > 1000)
    return flagError(CREATE, `invalid argument "${replicasText}" for "--replicas" flag: invalid replicas value`);
  const mode = last(p, "endpoint-mode") ?? "vip";
  if (mode !== "vip" && mode !== "dnsrr") return err(`Error response from daemon: rpc error: code = InvalidArgument desc = invalid endpoint mode: ${mode}\n`);
  const member = managerOrError(ctx);
  if ("exitCode" in member) return member;
  const networks: { networkId: string; aliases: string[] }[] = [];
  for (const v of all(p, "network")) {
    const { name, aliases } = parseNetwork(v);
    const n = ctx.resolved().networkByName(ctx.machineId, name);
    if (n?.scope !== "swarm" || n.overlay?.ingress) return err(`Error response from daemon: network ${name} not found\n`);
    networks.push({ networkId: n.id, aliases });
  }
  const hex = ctx.ids.hex64();
  const id = swarmId(hex);
  const r = ctx.apply({
    type: "service.create",
    id,
    machineId: ctx.machineId,
    name: last(p, "name") ?? generateName(ctx.doc, ctx.machineId, hex),
    image,
    command,
    replicas,
    networks,
    constraints: all(p, "constraint"),
    ports,
    endpointMode: mode,
    at: ctx.now,
  });
  if (!r.ok) return err(`Error response from daemon: ${r.error}\n`);
  const s = ctx.doc.services?.[id] as Service;
  // Without a registry the image cannot be pinned to a digest, and the CLI says so.
  const stderr = machineOnline(ctx.resolved(), ctx.machineId) ? "" : registryWarning(s.image);
  if (has(p, "detach") || has(p, "quiet")) return { stdout: `${id}\n`, stderr, exitCode: 0 };
  const running = tasksOf(ctx.resolved(), id).length;
  return { stdout: `${id}\n${convergedProgress(running, s.replicas, id)}`, stderr, exitCode: 0 };
}

const LS: CommandSpec = {
  path: "docker service ls",
  usage: "docker service ls [OPTIONS]",
  flags: [
    { long: "quiet", short: "q", value: false },
    { long: "format", value: true },
    { long: "filter", short: "f", value: true },
  ],
};

function ingressPorts(s: Service): string {
  return s.ports
    .filter((p) => p.mode === "ingress")
    .map((p) => `*:${p.published}->${p.target}/${p.proto}`)
    .join(", ");
}

function ls(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(LS, argv);
  if (isOutput(p)) return p;
  const member = managerOrError(ctx);
  if ("exitCode" in member) return member;
  const r = ctx.resolved();
  const rows = servicesOf(ctx.doc, member.clusterId)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => ({
      ID: s.id.slice(0, 12),
      Name: s.name,
      Mode: "replicated",
      Replicas: `${tasksOf(r, s.id).length}/${s.replicas}`,
      Image: s.image,
      Ports: ingressPorts(s),
    }));
  let format = last(p, "format") ?? "";
  if (has(p, "quiet")) format = "{{.ID}}";
  if (format === "" || format === "table") format = "table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}";
  return renderRows(format, { ID: "ID", Name: "NAME", Mode: "MODE", Replicas: "REPLICAS", Image: "IMAGE", Ports: "PORTS" }, rows);
}

const PS: CommandSpec = {
  path: "docker service ps",
  usage: "docker service ps [OPTIONS] SERVICE [SERVICE...]",
  flags: [
    { long: "quiet", short: "q", value: false },
    { long: "format", value: true },
    { long: "no-trunc", value: false },
    { long: "filter", short: "f", value: true },
  ],
};

function ps(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(PS, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(PS, "requires at least 1 argument", true);
  const member = managerOrError(ctx);
  if ("exitCode" in member) return member;
  const r = ctx.resolved();
  const trunc = !has(p, "no-trunc");
  const rows: object[] = [];
  for (const ref of p.args) {
    const s = findService(ctx, member.clusterId, ref);
    if (!s) return err(`no such service: ${ref}\n`);
    const entries: { slot: number; row: object }[] = [];
    for (const v of tasksOf(r, s.id)) {
      const task = v.c.task as NonNullable<typeof v.c.task>;
      entries.push({
        slot: task.slot,
        row: {
          ID: trunc ? task.taskId.slice(0, 12) : task.taskId,
          Name: `${s.name}.${task.slot}`,
          Image: s.image,
          Node: v.machine.name,
          DesiredState: "Running",
          CurrentState: `Running ${humanDuration(ctx.now - v.c.startedAt)} ago`,
          Error: "",
          Ports: v.c.ports.flatMap((b) => [`*:${b.assigned}->${b.containerPort}/${b.proto}`, `*:${b.assigned}->${b.containerPort}/${b.proto}`]).join(","),
        },
      });
    }
    const nodes = Object.values(ctx.doc.machines).filter((m) => m.engine?.swarm?.clusterId === member.clusterId).length;
    for (const pending of s.pending) {
      const why = `no suitable node (scheduling constraints not satisfied on ${nodes} node${nodes === 1 ? "" : "s"})`;
      entries.push({
        slot: pending.slot,
        row: {
          ID: trunc ? pending.taskId.slice(0, 12) : pending.taskId,
          Name: `${s.name}.${pending.slot}`,
          Image: s.image,
          Node: "",
          DesiredState: "Running",
          CurrentState: `Pending ${humanDuration(ctx.now - s.updatedAt)} ago`,
          Error: trunc && why.length > 30 ? `"${why.slice(0, 29)}…"` : `"${why}"`,
          Ports: "",
        },
      });
    }
    rows.push(...entries.sort((a, b) => a.slot - b.slot).map((e) => e.row));
  }
  let format = last(p, "format") ?? "";
  if (has(p, "quiet")) format = "{{.ID}}";
  if (format === "" || format === "table")
    format = "table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}";
  const headers = {
    ID: "ID",
    Name: "NAME",
    Image: "IMAGE",
    Node: "NODE",
    DesiredState: "DESIRED STATE",
    CurrentState: "CURRENT STATE",
    Error: "ERROR",
    Ports: "PORTS",
  };
  return renderRows(format, headers, rows);
}

function rm(ctx: ShellContext, argv: string[]): Output {
  const spec: CommandSpec = { path: "docker service rm", usage: "docker service rm SERVICE [SERVICE...]", flags: [] };
  const p = parseFlags(spec, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(spec, "requires at least 1 argument", true);
  const member = managerOrError(ctx);
  if ("exitCode" in member) return member;
  let stdout = "";
  let stderr = "";
  for (const ref of p.args) {
    const s = findService(ctx, member.clusterId, ref);
    const r = s ? ctx.apply({ type: "service.remove", machineId: ctx.machineId, serviceId: s.id }) : { ok: false as const, error: `service ${ref} not found` };
    if (r.ok) stdout += `${ref}\n`;
    else stderr += `Error response from daemon: ${r.error}\n`;
  }
  return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
}

const SCALE: CommandSpec = {
  path: "docker service scale",
  usage: "docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]",
  flags: [{ long: "detach", short: "d", value: false }],
};

function scale(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(SCALE, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(SCALE, "requires at least 1 argument", true);
  for (const a of p.args) {
    if (!/^[^=]+=\d+$/.test(a)) {
      return err(
        `invalid scale specifier '${a}'.\nSee 'docker service scale --help'.\n\nUsage:  ${SCALE.usage}\n\nScale one or multiple replicated services\n`,
      );
    }
  }
  const member = managerOrError(ctx);
  if ("exitCode" in member) return member;
  let stdout = "";
  let stderr = "";
  for (const a of p.args) {
    const [ref, n] = a.split("=") as [string, string];
    const s = findService(ctx, member.clusterId, ref);
    const r = s
      ? ctx.apply({ type: "service.scale", machineId: ctx.machineId, serviceId: s.id, replicas: Number(n), at: ctx.now })
      : { ok: false as const, error: `service ${ref} not found` };
    if (!r.ok) {
      stderr += `${ref}: Error response from daemon: ${r.error}\n`;
      continue;
    }
    stdout += `${ref} scaled to ${n}\n`;
    if (!has(p, "detach") && s) stdout += convergedProgress(tasksOf(ctx.resolved(), s.id).length, Number(n), s.name);
  }
  return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
}

const INSPECT: CommandSpec = {
  path: "docker service inspect",
  usage: "docker service inspect [OPTIONS] SERVICE [SERVICE...]",
  flags: [
    { long: "format", short: "f", value: true },
    { long: "pretty", value: false },
  ],
};

function inspect(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(INSPECT, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(INSPECT, "requires at least 1 argument", true);
  const member = managerOrError(ctx);
  if ("exitCode" in member) return member;
  const found = p.args.map((ref) => ({ ref, s: findService(ctx, member.clusterId, ref) }));
  const missing = found.find((f) => !f.s);
  if (has(p, "pretty")) {
    if (missing) return err(`Error: no such service: ${missing.ref}\n`);
    return ok(found.map((f) => servicePretty(ctx, f.s as Service)).join("\n"));
  }
  if (missing) return { stdout: "[]\n", stderr: `Error: no such service: ${missing.ref}\n`, exitCode: 1 };
  return inspectOutput(
    found.map((f) => {
      return { typed: serviceInspectData(ctx, f.s as Service, true), raw: serviceInspectData(ctx, f.s as Service) };
    }),
    last(p, "format"),
  );
}

const USAGE = `Usage:  docker service COMMAND

Manage Swarm services

Commands:
  create      Create a new service
  inspect     Display detailed information on one or more services
  logs        Fetch the logs of a service or task
  ls          List services
  ps          List the tasks of one or more services
  rm          Remove one or more services
  rollback    Revert changes to a service's configuration
  scale       Scale one or multiple replicated services
  update      Update a service

Run 'docker service COMMAND --help' for more information on a command.
`;

/** `docker service COMMAND ...`; null for a sub-command it does not know. */
export function dockerService(ctx: ShellContext, argv: string[]): Output | null {
  const [cmd, ...args] = argv;
  const handlers: Record<string, (c: ShellContext, a: string[]) => Output> = { create, ls, list: ls, ps, rm, remove: rm, scale, inspect };
  if (cmd === undefined) return err(USAGE, 0);
  const h = handlers[cmd];
  return h ? h(ctx, args) : null;
}
