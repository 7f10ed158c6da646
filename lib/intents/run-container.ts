/**
 * Intent: run a container (`docker run`, `docker create`, the palette's "Add container"). What the
 * daemon does once the CLI has read its flags: check the limits, pull a missing image, create the
 * container, start it and run its main process, whose first lines go to its log. Each step reads what
 * the one before did, so the intent applies its ops through a session as it goes.
 */
import type { ImageRecord, LogLine, Mount, Resources } from "../model";
import { checkResources, findImage, type NetworkRequest, OpError, type OpOf, parseRef, type Ref, refText } from "../ops";
import type { Resolved } from "../sim";
import { type At, type IntentSession, placeAt } from "./intent";
import { generateName } from "./names";

/** What the main process printed (an attached client shows it); `startError` when its program is not in the image. */
export interface MainResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The order of the two streams when the process wrote both (the shell's `Output.chunks`). */
  chunks?: readonly Pick<LogLine, "stream" | "text">[];
  startError?: string;
}

/** A pull's outcome; `log` is what the daemon streamed (from `<tag>: Pulling from <path>` on). */
export type PullResult = { ok: true; log: string; image: ImageRecord } | { ok: false; log: string; error: string };

/**
 * What the engine does that needs the shell's machinery: pull from a registry (Docker Hub, or a
 * registry container's store) and run the main process of a container `container.start` has just
 * started (its programs). The shell's `pull` and `runMainProcess` over the same session.
 */
export interface Engine {
  pull(ref: Ref): PullResult;
  main(id: string): MainResult;
}

/** The container to make, as `container.create` takes it; absent fields are `docker run`'s defaults. */
interface RunContainer extends Partial<Omit<OpOf<"container.create">, "type" | "id" | "machineId" | "name" | "at">> {
  image: string;
  /** Absent: Docker's generated `adjective_surname`. */
  name?: string;
  /** `docker create`: made, not started. */
  createOnly?: boolean;
  at?: At;
}

export type RunOutcome =
  | { ok: true; id: string; pullLog: string; main: MainResult | null }
  | {
      ok: false;
      /** limits and image: nothing happened; pull: `pullLog` holds what was streamed; create, start: the daemon refused. */
      stage: "limits" | "image" | "pull" | "create" | "start";
      error: string;
      pullLog: string;
      id?: string;
    };

type NetworkPlan = { networkMode: string; networks: NetworkRequest[] } | { error: string };

const builtin = (n: string) => n === "host" || n === "none" || n === "bridge" || n === "default" || n.startsWith("container:");

/**
 * The network mode and endpoints of `--network` (repeatable), `--network-alias` and `--ip`; the error
 * is the CLI's words after `docker: `.
 * @example planNetworks(r, "m-host", [], [], undefined) // { networkMode: "default", networks: [{ networkId: <bridge>, ... }] }
 */
export function planNetworks(r: Resolved, machineId: string, requested: readonly string[], aliases: string[], ip: string | undefined): NetworkPlan {
  if (requested.length > 1 && requested.some(builtin)) {
    if (requested.every(builtin)) return { error: `Error response from daemon: Container cannot be connected to network endpoints: ${requested.join(", ")}` };
    return { error: "conflicting options: cannot attach both user-defined and non-user-defined network-modes" };
  }
  const first = requested[0] ?? "default";
  if (aliases.length > 0 && (first === "default" || first === "bridge" || first === "none" || first === "host")) {
    return { error: "network-scoped aliases are only supported for user-defined networks" };
  }
  if (first.startsWith("container:")) {
    const target = r.containerByName(machineId, first.slice(10));
    return { networkMode: `container:${target?.c.id ?? first.slice(10)}`, networks: [] };
  }
  const networks: NetworkRequest[] = [];
  for (const name of requested.length > 0 ? requested : ["bridge"]) {
    const n = r.networkByName(machineId, name === "default" ? "bridge" : name);
    if (!n) return { error: `Error response from daemon: network ${name} not found` };
    networks.push({ networkId: n.id, aliases: networks.length === 0 ? aliases : [], ipv4Address: networks.length === 0 ? (ip ?? null) : null });
  }
  return { networkMode: requested.length === 0 ? "default" : first, networks };
}

function resourceError(resources: Resources | undefined): string | null {
  try {
    if (resources) checkResources(resources);
    return null;
  } catch (e) {
    if (e instanceof OpError) return e.message;
    throw e;
  }
}

/** The engine's image for `text`, pulled when it has none, with the pull's log; or the stage that failed. */
function ensureImage(s: IntentSession, engine: Engine, text: string): { image: ImageRecord; pullLog: string } | RunOutcome {
  const local = findImage(s.doc, s.machineId, text);
  if (local) return { image: local, pullLog: "" };
  const ref = parseRef(text);
  if (typeof ref === "string") return { ok: false, stage: "image", error: ref, pullLog: "" };
  const head = `Unable to find image '${refText(ref)}' locally\n`;
  const pulled = engine.pull(ref);
  return pulled.ok ? { image: pulled.image, pullLog: head + pulled.log } : { ok: false, stage: "pull", error: pulled.error, pullLog: head + pulled.log };
}

/**
 * @example runContainer(ctx, { image: "nginx", name: "web", interactive: true, tty: true }, engine)
 *   // ops: image.pull (when missing), container.create, container.start, container.log (nginx's start-up lines)
 */
export function runContainer(s: IntentSession, req: RunContainer, engine: Engine): RunOutcome {
  // The daemon checks the limits before it looks for the image, so a bad limit pulls nothing.
  const limits = resourceError(req.spec?.resources);
  if (limits) return { ok: false, stage: "limits", error: limits, pullLog: "" };
  const found = ensureImage(s, engine, req.image);
  if ("ok" in found) return found;
  const { pullLog } = found;
  const created = createContainer(s, req, found.image);
  if (!created.ok) return { ok: false, stage: "create", error: created.error, pullLog };
  const { id } = created;
  if (req.createOnly) return { ok: true, id, pullLog, main: null };
  const started = s.apply({ type: "container.start", containerId: id, at: s.now, foreground: true });
  if (!started.ok) return { ok: false, stage: "start", error: started.error, pullLog, id };
  return { ok: true, id, pullLog, main: engine.main(id) };
}

/**
 * The create step of running a container from an image the engine has (`image`; none for `scratch`):
 * each VOLUME of the image that no mount covers gets an anonymous volume, then `container.create`
 * with `docker run`'s defaults for what the request leaves out, and the drop's place on the canvas.
 * docker build's RUN steps make their containers here too.
 */
export function createContainer(s: IntentSession, req: RunContainer, image: ImageRecord | undefined): { ok: true; id: string } | { ok: false; error: string } {
  // `createOnly` is runContainer's to read; what is left in `settings` is the op's own fields.
  const { image: imageText, name, createOnly, at: where, mounts: own, ...settings } = req;
  const id = s.ids.hex64();
  // Each VOLUME of the image that no mount covers gets an anonymous volume, named after the container's id.
  const mounts: Mount[] = [...(own ?? [])];
  for (const target of image?.config.Volumes ?? []) {
    if (!mounts.some((m) => m.target === target)) mounts.push({ type: "volume", source: s.ids.hex64(), target, readOnly: false });
  }
  const created = s.apply({
    type: "container.create",
    id,
    machineId: s.machineId,
    name: name ?? generateName(s.doc, s.machineId, id),
    image: imageText,
    command: [],
    interactive: false,
    tty: false,
    hostname: null,
    networkMode: "default",
    ports: [],
    publishAll: false,
    expose: [],
    links: [],
    listens: null,
    autoRemove: false,
    ...settings,
    networks: settings.networks ?? planDefault(s),
    ...(mounts.length > 0 ? { mounts } : {}),
    at: s.now,
  });
  if (!created.ok) return created;
  for (const op of placeAt(id, where ?? null)) s.apply(op);
  return { ok: true, id };
}

/** The default bridge's endpoint, when the request names no networks. */
function planDefault(s: IntentSession): NetworkRequest[] {
  const plan = planNetworks(s.resolved(), s.machineId, [], [], undefined);
  return "error" in plan ? [] : plan.networks;
}
