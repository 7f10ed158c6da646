/** `docker swarm init/join/join-token/leave` and `docker node ls`, with the daemon's texts. */
import { digest64, type Machine, type SwarmMember, shortId, swarmId } from "../../model";
import { swarmNodes } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { argCountError, type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { renderRows } from "./swarm-format";

/** The engine version `docker node ls` reports: the daemon the simulator follows. */
const ENGINE_VERSION = "20.10.24+dfsg1";

const NOT_IN_SWARM = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
const NOT_MANAGER =
  "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";

/** The member record of this node when it is a manager, or the daemon's refusal. */
export function managerOrError(ctx: ShellContext): SwarmMember | Output {
  const member = ctx.doc.machines[ctx.machineId]?.engine?.swarm;
  if (!member) return err(`Error response from daemon: ${NOT_IN_SWARM}\n`);
  if (member.role !== "manager") return err(`Error response from daemon: ${NOT_MANAGER}\n`);
  return member;
}

const INIT: CommandSpec = {
  path: "docker swarm init",
  usage: "docker swarm init [OPTIONS]",
  flags: [
    { long: "advertise-addr", value: true },
    { long: "listen-addr", value: true },
  ],
};
const JOIN: CommandSpec = {
  path: "docker swarm join",
  usage: "docker swarm join [OPTIONS] HOST:PORT",
  flags: [
    { long: "token", value: true },
    { long: "advertise-addr", value: true },
    { long: "listen-addr", value: true },
  ],
};
const JOIN_TOKEN: CommandSpec = {
  path: "docker swarm join-token",
  usage: "docker swarm join-token [OPTIONS] (worker|manager)",
  flags: [{ long: "quiet", short: "q", value: false }],
};
const LEAVE: CommandSpec = { path: "docker swarm leave", usage: "docker swarm leave [OPTIONS]", flags: [{ long: "force", short: "f", value: false }] };

function joinCommand(ctx: ShellContext, role: "worker" | "manager"): string {
  const member = ctx.doc.machines[ctx.machineId]?.engine?.swarm as SwarmMember;
  const swarm = ctx.doc.swarms?.[member.clusterId];
  const token = role === "worker" ? swarm?.workerToken : swarm?.managerToken;
  return `docker swarm join --token ${token} ${member.advertiseAddr}:2377`;
}

function base36(hex: string, digits: number): string {
  return BigInt(`0x${hex}`).toString(36).padStart(digits, "0").slice(-digits);
}

function init(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(INIT, argv);
  if (isOutput(p)) return p;
  if (p.args.length > 0) return argCountError(INIT, "accepts no arguments", true);
  const nodeId = swarmId(ctx.ids.hex64());
  const r = ctx.apply({
    type: "swarm.init",
    machineId: ctx.machineId,
    clusterId: swarmId(ctx.ids.hex64()),
    nodeId,
    advertiseAddr: last(p, "advertise-addr")?.replace(/:\d+$/, "") ?? null,
    tokenDigest: base36(ctx.ids.hex64(), 50),
    workerSecret: swarmId(ctx.ids.hex64()),
    managerSecret: swarmId(ctx.ids.hex64()),
    ingressNetworkId: swarmId(ctx.ids.hex64()),
    gwbridgeNetworkId: ctx.ids.hex64(),
    at: ctx.now,
  });
  if (!r.ok) return err(`Error response from daemon: ${r.error}\n`);
  return ok(
    `Swarm initialized: current node (${nodeId}) is now a manager.\n\nTo add a worker to this swarm, run the following command:\n\n    ${joinCommand(ctx, "worker")}\n\nTo add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n`,
  );
}

function join(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(JOIN, argv);
  if (isOutput(p)) return p;
  if (p.args.length !== 1) return argCountError(JOIN, "requires exactly 1 argument", true);
  const r = ctx.apply({
    type: "swarm.join",
    machineId: ctx.machineId,
    token: last(p, "token") ?? "",
    remote: p.args[0] as string,
    nodeId: swarmId(ctx.ids.hex64()),
    gwbridgeNetworkId: ctx.ids.hex64(),
    at: ctx.now,
  });
  if (!r.ok) return err(`Error response from daemon: ${r.error}\n`);
  const role = ctx.doc.machines[ctx.machineId]?.engine?.swarm?.role ?? "worker";
  return ok(`This node joined a swarm as a ${role}.\n`);
}

function joinToken(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(JOIN_TOKEN, argv);
  if (isOutput(p)) return p;
  if (p.args.length !== 1) return argCountError(JOIN_TOKEN, "requires exactly 1 argument", true);
  const role = p.args[0] as string;
  if (role !== "worker" && role !== "manager") return err(`unknown role ${role}\n`);
  const member = managerOrError(ctx);
  if ("exitCode" in member) return member;
  const line = joinCommand(ctx, role);
  if (has(p, "quiet")) return ok(`${line.split(" ")[4]}\n`);
  return ok(`To add a ${role} to this swarm, run the following command:\n\n    ${line}\n\n`);
}

function leave(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(LEAVE, argv);
  if (isOutput(p)) return p;
  if (p.args.length > 0) return argCountError(LEAVE, "accepts no arguments", true);
  const r = ctx.apply({ type: "swarm.leave", machineId: ctx.machineId, force: has(p, "force"), at: ctx.now });
  return r.ok ? ok("Node left the swarm.\n") : err(`Error response from daemon: ${r.error}\n`);
}

const SWARM_USAGE = `Usage:  docker swarm COMMAND

Manage Swarm

Commands:
  ca          Display and rotate the root CA
  init        Initialize a swarm
  join        Join a swarm as a node and/or manager
  join-token  Manage join tokens
  leave       Leave the swarm
  unlock      Unlock swarm
  unlock-key  Manage the unlock key
  update      Update the swarm

Run 'docker swarm COMMAND --help' for more information on a command.
`;

/** `docker swarm SUBCOMMAND ...`; null for a sub-command it does not know. */
export function dockerSwarm(ctx: ShellContext, argv: string[]): Output | null {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case undefined:
      return err(SWARM_USAGE, 0);
    case "init":
      return init(ctx, args);
    case "join":
      return join(ctx, args);
    case "join-token":
      return joinToken(ctx, args);
    case "leave":
      return leave(ctx, args);
    default:
      return null;
  }
}

const NODE_LS: CommandSpec = {
  path: "docker node ls",
  usage: "docker node ls [OPTIONS]",
  flags: [
    { long: "quiet", short: "q", value: false },
    { long: "format", value: true },
    { long: "filter", short: "f", value: true },
  ],
};

function managerStatus(node: Machine & { engine: { swarm: SwarmMember } }, leader: string | undefined): string {
  if (node.engine.swarm.role !== "manager") return "";
  return node.id === leader ? "Leader" : "Reachable";
}

/** `docker node ls`, sorted by hostname; the node running the command is marked with `*`. */
function dockerNodeLs(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(NODE_LS, argv);
  if (isOutput(p)) return p;
  const member = managerOrError(ctx);
  if ("exitCode" in member) return member;
  const nodes = swarmNodes(ctx.doc, member.clusterId);
  const leader = nodes.find((n) => n.engine.swarm.role === "manager")?.id;
  const rows = [...nodes]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((n) => ({
      ID: n.engine.swarm.nodeId,
      Self: n.id === ctx.machineId,
      Hostname: n.name,
      Status: "Ready",
      Availability: "Active",
      ManagerStatus: managerStatus(n, leader),
      EngineVersion: ENGINE_VERSION,
      TLSStatus: "Ready",
    }));
  let format = last(p, "format") ?? "";
  if (has(p, "quiet")) format = "{{.ID}}";
  if (format === "" || format === "table") {
    const table = rows.map((r) => ({ ...r, ID: `${r.ID}${r.Self ? " *" : ""}` }));
    return renderRows(
      "table {{.ID}}\t{{.Hostname}}\t{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}\t{{.EngineVersion}}",
      { ID: "ID", Hostname: "HOSTNAME", Status: "STATUS", Availability: "AVAILABILITY", ManagerStatus: "MANAGER STATUS", EngineVersion: "ENGINE VERSION" },
      table,
    );
  }
  return renderRows(format, {}, rows);
}

/** `docker node COMMAND`; null for a sub-command it does not know. */
export function dockerNode(ctx: ShellContext, argv: string[]): Output | null {
  const [cmd, ...args] = argv;
  if (cmd === "ls" || cmd === "list") return dockerNodeLs(ctx, args);
  if (cmd === undefined) return err("Usage:  docker node COMMAND\n\nManage Swarm nodes\n", 0);
  return null;
}

/** The name a node's networkdb peer has in `docker network inspect` (Peers). */
export function peerName(member: SwarmMember): string {
  return shortId(digest64(`peer/${member.nodeId}`));
}
