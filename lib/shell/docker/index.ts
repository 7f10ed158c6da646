/** The `docker` command: sub-command dispatch with the CLI's usage and unknown-command texts. */
import { err, type Output, ok, type ShellContext } from "../context";
import { dockerBuild } from "./build";
import { dockerCompose } from "./compose";
import { dockerContainerPrune, dockerPause, dockerUnpause, dockerUpdate, dockerWait } from "./control";
import { dockerExport } from "./export";
import { dockerCommit, dockerCp, dockerDiff } from "./files";
import { dockerHistory, dockerImageInspect, dockerLoad, dockerSave, dockerSystemDf } from "./image-read";
import { dockerImagePrune, dockerImages, dockerRmi, dockerTag } from "./images";
import { dockerInspect } from "./inspect";
import { dockerExec, dockerKill, dockerRename, dockerRestart, dockerRm, dockerStart, dockerStop } from "./lifecycle";
import { dockerLogin, dockerLogout } from "./login";
import { dockerLogs } from "./logs";
import { dockerNetworkConnect, dockerNetworkCreate, dockerNetworkDisconnect, dockerNetworkPrune, dockerNetworkRm } from "./network";
import { dockerNetworkInspect, dockerNetworkLs } from "./networkread";
import { dockerPort } from "./port";
import { dockerPs } from "./ps";
import { dockerPull } from "./pull";
import { dockerPush } from "./push";
import { dockerRun } from "./run";
import { dockerService } from "./service";
import { dockerStats } from "./stats";
import { dockerNode, dockerSwarm } from "./swarm";
import { dockerInfo, dockerVersion } from "./system";
import { dockerTop } from "./top";
import { dockerVolume } from "./volume";

const DOCKER_CLIENT_VERSION = "28.2.2";

type Handler = (ctx: ShellContext, argv: string[]) => Output;

const CONTAINER: Record<string, Handler> = {
  run: (ctx, a) => dockerRun(ctx, a),
  create: (ctx, a) => dockerRun(ctx, a, true),
  start: dockerStart,
  stop: dockerStop,
  restart: dockerRestart,
  kill: dockerKill,
  rm: dockerRm,
  rename: dockerRename,
  exec: dockerExec,
  ps: dockerPs,
  ls: dockerPs,
  list: dockerPs,
  inspect: dockerInspect,
  port: dockerPort,
  logs: dockerLogs,
  wait: dockerWait,
  pause: dockerPause,
  unpause: dockerUnpause,
  update: dockerUpdate,
  prune: dockerContainerPrune,
  top: dockerTop,
  diff: dockerDiff,
  cp: dockerCp,
  export: dockerExport,
  stats: dockerStats,
};

const NETWORK: Record<string, Handler> = {
  create: dockerNetworkCreate,
  rm: dockerNetworkRm,
  remove: dockerNetworkRm,
  connect: dockerNetworkConnect,
  disconnect: dockerNetworkDisconnect,
  ls: dockerNetworkLs,
  list: dockerNetworkLs,
  inspect: dockerNetworkInspect,
  prune: (ctx) => dockerNetworkPrune(ctx),
};

const NETWORK_USAGE = `Usage:  docker network COMMAND

Manage networks

Commands:
  connect     Connect a container to a network
  create      Create a network
  disconnect  Disconnect a container from a network
  inspect     Display detailed information on one or more networks
  ls          List networks
  prune       Remove all unused networks
  rm          Remove one or more networks

Run 'docker network COMMAND --help' for more information on a command.
`;

const IMAGE: Record<string, Handler> = {
  build: dockerBuild,
  ls: dockerImages,
  list: dockerImages,
  pull: dockerPull,
  push: dockerPush,
  rm: dockerRmi,
  remove: dockerRmi,
  tag: dockerTag,
  history: dockerHistory,
  inspect: dockerImageInspect,
  prune: dockerImagePrune,
  save: dockerSave,
  load: dockerLoad,
};

const IMAGE_USAGE = `Usage:  docker image COMMAND

Manage images

Commands:
  build       Build an image from a Dockerfile
  history     Show the history of an image
  inspect     Display detailed information on one or more images
  load        Load an image from a tar archive or STDIN
  ls          List images
  prune       Remove unused images
  pull        Download an image from a registry
  push        Upload an image to a registry
  rm          Remove one or more images
  save        Save one or more images to a tar archive (streamed to STDOUT by default)
  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE

Run 'docker image COMMAND --help' for more information on a command.
`;

const TOP: Record<string, Handler> = {
  images: dockerImages,
  build: dockerBuild,
  pull: dockerPull,
  push: dockerPush,
  login: dockerLogin,
  logout: dockerLogout,
  rmi: dockerRmi,
  tag: dockerTag,
  history: dockerHistory,
  save: dockerSave,
  load: dockerLoad,
  run: CONTAINER.run as Handler,
  create: CONTAINER.create as Handler,
  start: dockerStart,
  stop: dockerStop,
  restart: dockerRestart,
  kill: dockerKill,
  rm: dockerRm,
  rename: dockerRename,
  exec: dockerExec,
  ps: dockerPs,
  inspect: dockerInspect,
  port: dockerPort,
  logs: dockerLogs,
  wait: dockerWait,
  pause: dockerPause,
  unpause: dockerUnpause,
  update: dockerUpdate,
  top: dockerTop,
  stats: dockerStats,
  version: dockerVersion,
  info: dockerInfo,
  diff: dockerDiff,
  cp: dockerCp,
  export: dockerExport,
  commit: dockerCommit,
};

/**
 * What `docker` answers to, for the terminal's tab completion: the tables above, and the groups
 * `docker()` dispatches to (`docker network ...`), so completion never offers what the shell lacks.
 */
export const DOCKER_COMPLETIONS: { readonly top: readonly string[]; readonly groups: Readonly<Record<string, readonly string[]>> } = {
  top: [...Object.keys(TOP), "network", "container", "image", "volume", "compose", "swarm", "service", "node", "system"],
  groups: { network: Object.keys(NETWORK), container: Object.keys(CONTAINER), image: Object.keys(IMAGE), system: ["df"] },
};

function unknown(path: string, group?: string): Output {
  const usage = group ? `\n\nUsage:  docker ${group}\n\nRun 'docker ${group} --help' for more information\n` : "\n\nRun 'docker --help' for more information\n";
  return err(`docker: unknown command: docker ${path}${usage}`, 1);
}

/**
 * Runs `docker ARGS...` against the session's document.
 * @example docker(ctx, ["network", "create", "alpine-net"]).stdout // "<64 hex id>\n"
 */
export function docker(ctx: ShellContext, argv: string[]): Output {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "help") return ok("Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n");
  if (sub === "--version" || sub === "-v") return ok(`Docker version ${DOCKER_CLIENT_VERSION}, build e6534b4\n`);
  if (sub === "network") {
    const [cmd, ...args] = rest;
    if (cmd === undefined) return err(NETWORK_USAGE, 0);
    const h = NETWORK[cmd];
    return h ? h(ctx, args) : unknown(`network ${cmd}`, "network");
  }
  if (sub === "compose") return dockerCompose(ctx, rest, ctx.files);
  if (sub === "swarm" || sub === "service" || sub === "node") {
    const handler = sub === "swarm" ? dockerSwarm : sub === "service" ? dockerService : dockerNode;
    return handler(ctx, rest) ?? unknown(`${sub} ${rest[0]}`, sub);
  }
  if (sub === "volume") return dockerVolume(ctx, rest);
  if (sub === "image") {
    const [cmd, ...args] = rest;
    if (cmd === undefined) return err(IMAGE_USAGE, 0);
    const h = IMAGE[cmd];
    return h ? h(ctx, args) : unknown(`image ${cmd}`, "image");
  }
  if (sub === "system" && rest[0] === "df") return dockerSystemDf(ctx);
  if (sub === "container") {
    const [cmd, ...args] = rest;
    if (cmd === undefined) return err("Usage:  docker container COMMAND\n\nManage containers\n", 0);
    const h = CONTAINER[cmd];
    return h ? h(ctx, args) : unknown(`container ${cmd}`, "container");
  }
  const h = TOP[sub];
  return h ? h(ctx, rest) : unknown(sub);
}
