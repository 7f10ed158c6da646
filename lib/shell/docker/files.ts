/** `docker diff` and `docker cp`: a container's writable layer as the daemon reports and copies it. */
import { type Doc, digest64, imageKey, layeredFiles } from "../../model";
import { findImage, parseRef, refText } from "../../ops";
import type { ContainerView } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { commitFs, committedLayer, containerFs, MANAGED_FILES, withImageFiles } from "../fs/container";
import { dirname, normalize } from "../fs/path";
import { imageTree } from "../fs/rootfs";
import type { Vfs } from "../fs/vfs";
import { imagePrograms, programsOf } from "../tools";
import { readFile } from "../tools/etc";
import { argCountError, type CommandSpec, isOutput, parseFlags } from "./flags";

const DIFF: CommandSpec = { path: "docker diff", usage: "docker diff CONTAINER", flags: [] };
const CP: CommandSpec = {
  path: "docker cp",
  usage: "docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
  flags: [
    { long: "archive", short: "a", value: false },
    { long: "follow-link", short: "L", value: false },
    { long: "quiet", short: "q", value: false },
  ],
};

/**
 * `docker diff CONTAINER`: A, C and D lines of its writable layer and the mount points the daemon
 * made in it; an image directory is C when something inside it changed. The daemon's order is that
 * of a Go map (any order); these are sorted by path.
 * @example dockerDiff(ctx, ["box"]).stdout // "C /tmp\nA /tmp/x\n"
 */
export function dockerDiff(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(DIFF, argv);
  if (isOutput(p)) return p;
  if (p.args.length !== 1) return argCountError(DIFF, "requires 1 argument");
  const v = ctx.container(p.args[0] as string);
  if (!v) return err(`Error response from daemon: No such container: ${p.args[0]}\n`);
  return ok(
    containerChanges(ctx.doc, v)
      .map((ch) => `${ch.kind} ${ch.path}\n`)
      .join(""),
  );
}

/** One line of `docker diff`. */
interface Change {
  kind: "A" | "C" | "D";
  path: string;
}

/**
 * What a container changed against its image (its writable layer and the mount points the daemon
 * made), sorted by path; the inspector shows the same list.
 * @example containerChanges(doc, view) // [{ kind: "C", path: "/tmp" }, { kind: "A", path: "/tmp/x" }]
 */
export function containerChanges(doc: Doc, v: ContainerView): Change[] {
  // The image as the container sees it: its base's tree under its own layers (a RUN's files are the image's).
  const image = findImage(doc, v.c.machineId, v.c.image);
  const lower = withImageFiles(imageTree(image?.base ?? v.c.image, imagePrograms(v.image.tools)), layeredFiles(image?.history ?? []), 0);
  const changes = new Map<string, Change["kind"]>();
  for (const [path, e] of Object.entries(doc.files?.[v.c.id] ?? {})) {
    if (MANAGED_FILES.has(path)) continue;
    const inImage = lower.get(path) !== undefined;
    // A directory of the image counts as changed only through what changed inside it (below).
    if (e.t === "d" && inImage) continue;
    changes.set(path, e.t === "w" ? "D" : inImage ? "C" : "A");
  }
  for (const m of v.c.mounts ?? []) {
    for (let t = m.target; t !== "/" && !lower.get(t) && !changes.has(t); t = dirname(t)) changes.set(t, "A");
  }
  for (const path of [...changes.keys()]) {
    for (let d = dirname(path); d !== "/" && !changes.has(d); d = dirname(d)) if (lower.get(d)) changes.set(d, "C");
  }
  return [...changes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, kind]) => ({ kind, path }));
}

/** Copies a file or directory tree out of a container into the session's files. */
function copyOut(fs: Vfs, from: string, to: string, write: (path: string, text: string) => void): boolean {
  const n = fs.stat(from);
  if (!n) return false;
  if (n.t === "f") write(to, n.data);
  else if (n.t === "d") for (const name of fs.list(from) as string[]) copyOut(fs, normalize(name, from), `${to}/${name}`, write);
  return true;
}

/**
 * `docker cp CONTAINER:SRC DEST` and `docker cp SRC CONTAINER:DEST` between a container and the
 * terminal session's files. Quiet, as the CLI is when its output is not a terminal.
 * @example dockerCp(ctx, ["box:/tmp/x", "x.txt"]).exitCode // 0
 */
export function dockerCp(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(CP, argv);
  if (isOutput(p)) return p;
  if (p.args.length !== 2) return argCountError(CP, "requires 2 arguments");
  const [src, dest] = p.args as [string, string];
  const split = (a: string) => {
    const i = a.indexOf(":");
    return i > 0 && !a.startsWith("/") && !a.startsWith(".") ? { container: a.slice(0, i), path: a.slice(i + 1) } : null;
  };
  const from = split(src);
  const to = split(dest);
  if (from && to) return err("copying between containers is not supported\n");
  if (!from && !to) return err("must specify at least one container source\n");
  const side = (from ?? to) as { container: string; path: string };
  const v = ctx.container(side.container);
  if (!v) return err(`Error response from daemon: No such container: ${side.container}\n`);
  const env = { ctx, source: { kind: "container" as const, id: v.c.id }, view: v };
  const fs = containerFs(ctx, v, programsOf(env), (path) => readFile(env, path));
  const notFound = (path: string) => err(`Error response from daemon: Could not find the file ${path} in container ${side.container}\n`);
  if (from) {
    const path = normalize(from.path);
    let refused: string | null = null;
    if (!copyOut(fs, path, dest, (file, text) => (refused ??= ctx.writeFile(file, text, false)))) return notFound(from.path);
    return refused ? err(`Error response from daemon: ${refused}\n`) : ok();
  }
  const text = ctx.files.read(src);
  if (text === null) return err(`lstat ${src}: no such file or directory\n`);
  let target = normalize(side.path);
  if (fs.stat(target)?.t === "d") target = normalize(src.split("/").pop() ?? src, target);
  else if (fs.stat(dirname(target))?.t !== "d") return notFound(dirname(side.path));
  const failed = fs.write(target, text);
  if (failed) return err(`Error response from daemon: ${failed === "EROFS" ? "container rootfs is marked read-only" : failed}\n`);
  const refused = commitFs(ctx, fs);
  return refused ? err(`Error response from daemon: ${refused}\n`) : ok();
}

const COMMIT: CommandSpec = {
  path: "docker commit",
  usage: "docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
  flags: [
    { long: "message", short: "m", value: true },
    { long: "author", short: "a", value: true },
    { long: "pause", short: "p", value: false },
  ],
};

/**
 * `docker commit CONTAINER [REPO[:TAG]]`: a new image whose top layer holds the files the container
 * added or changed, on top of its image's layers and configuration.
 * @example dockerCommit(ctx, ["box", "snap"]).stdout // "sha256:<64 hex>\n"
 */
export function dockerCommit(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(COMMIT, argv);
  if (isOutput(p)) return p;
  if (p.args.length < 1 || p.args.length > 2) return argCountError(COMMIT, "requires at least 1 and at most 2 arguments");
  const v = ctx.container(p.args[0] as string);
  if (!v) return err(`Error response from daemon: No such container: ${p.args[0]}\n`);
  const ref = p.args[1] === undefined ? null : parseRef(p.args[1]);
  if (typeof ref === "string") return err(`Error response from daemon: ${ref}\n`);
  const from = findImage(ctx.doc, v.c.machineId, v.c.image);
  const { changed, ...written } = committedLayer(ctx.doc.files?.[v.c.id]);
  const imageId = ctx.ids.hex64();
  const message = p.flags.get("message")?.at(-1) ?? "";
  const r = ctx.apply({
    type: "image.add",
    machineId: v.c.machineId,
    imageId,
    tags: ref ? [refText(ref)] : [],
    parent: from?.imageId ?? "",
    created: ctx.now,
    comment: message,
    config: from?.config ?? {
      User: "",
      Env: [],
      Entrypoint: null,
      Cmd: [...v.image.cmd],
      WorkingDir: "",
      ExposedPorts: [...v.image.exposes],
      Volumes: [],
      StopSignal: "",
      Labels: {},
    },
    history: [
      ...(from?.history ?? []),
      {
        createdBy: v.c.command.join(" ") || v.image.cmd.join(" "),
        empty: !changed,
        created: ctx.now,
        comment: message,
        ...written,
        ...(changed ? { layer: digest64(`${imageId}/commit`) } : {}),
      },
    ],
    base: from?.base ?? imageKey(v.c.image),
  });
  return r.ok ? ok(`sha256:${imageId}\n`) : err(`Error response from daemon: ${r.error}\n`);
}
