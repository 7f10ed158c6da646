/**
 * `docker build` as the docker 28 CLI runs it against an Engine 20.10 daemon without BuildKit: the
 * legacy builder, which prints `Step N/M`, makes an image per step (kept as the build cache), runs RUN
 * steps in a build container through the container command runner, and takes COPY/ADD sources from
 * the session's files.
 */
import { digest64, type HistoryEntry } from "../../model";
import { humanSize } from "../../model/units";
import { findImage, parseRef, refText } from "../../ops";
import { err, joined, type Output, ok, type ShellContext } from "../context";
import { collectContext, sessionHasDir } from "./build-context";
import { runStep } from "./build-run";
import { type Build, cached, commit, reuse, short } from "./build-state";
import { applyMetadata, copyCreatedBy, destination, emptyConfig, nop, type Stage, varsOf } from "./build-steps";
import { type Instruction, parseDockerfile, substitute, words } from "./dockerfile";
import { all, type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { pull } from "./pull";

const BUILD_SPEC: CommandSpec = {
  path: "docker build",
  usage: "docker build [OPTIONS] PATH | URL | -",
  flags: [
    { long: "tag", short: "t", value: true },
    { long: "file", short: "f", value: true },
    { long: "build-arg", value: true },
    { long: "no-cache", value: false },
    { long: "target", value: true },
    { long: "quiet", short: "q", value: false },
    { long: "pull", value: false },
    { long: "rm", value: false },
    { long: "force-rm", value: false },
    { long: "label", value: true },
    { long: "network", value: true },
    { long: "progress", value: true },
    { long: "platform", value: true },
    { long: "help", value: false },
  ],
};

const DEPRECATED = `DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            Install the buildx component to build images with BuildKit:
            https://docs.docker.com/go/buildx/

`;

/** What the legacy builder printed, in its order: the notice (stderr), the steps, then how it ended. */
function printed(stdout: string, end: Output = ok()): Output {
  return joined([err(DEPRECATED), ok(stdout), end], end.exitCode);
}

function fail(b: Build, message: string, code = 1): Output {
  return printed(b.out, err(`${message}\n`, code));
}

const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Directories the catalog's images already have: a WORKDIR naming one changes no file. */
const EXISTING_DIRS = new Set([
  "/",
  "/tmp",
  "/root",
  "/bin",
  "/etc",
  "/usr",
  "/var",
  "/home",
  "/opt",
  "/srv",
  "/usr/local",
  "/usr/src",
  "/usr/local/bin",
  "/data",
  "/usr/local/apache2",
  "/usr/share/nginx/html",
]);

function fromStep(b: Build, ins: Instruction, globals: Map<string, string>): Stage | string {
  const parts = words(substitute(ins.rest, globals));
  const ref = parts[0] ?? "";
  const name = parts[1]?.toUpperCase() === "AS" ? (parts[2] ?? null) : null;
  const named = b.stages.find((s) => s.name !== null && s.name === ref);
  const stage: Stage = { name, imageId: null, base: undefined, config: emptyConfig(), history: [], files: new Map(), args: new Map() };
  if (ref === "scratch") return stage;
  if (named) {
    Object.assign(stage, {
      imageId: named.imageId,
      base: named.base,
      config: structuredClone(named.config),
      history: named.history,
      files: new Map(named.files),
    });
    b.out += ` ---> ${short(named.imageId ?? "")}\n`;
    return stage;
  }
  let image = findImage(b.ctx.doc, b.ctx.machineId, ref);
  if (!image) {
    const parsed = parseRef(ref);
    if (typeof parsed === "string") return parsed;
    const r = pull(b.ctx, parsed);
    b.out += r.log;
    if (!r.ok) return r.error;
    image = r.image;
  }
  Object.assign(stage, { imageId: image.imageId, base: image.base, config: structuredClone(image.config), history: image.history });
  // The builder gives every stage a PATH when its image has none.
  if (!stage.config.Env.some((e) => e.startsWith("PATH="))) stage.config.Env = [...stage.config.Env, DEFAULT_PATH];
  for (const h of image.history) for (const [p, c] of Object.entries(h.files ?? {})) stage.files.set(p, c);
  b.out += ` ---> ${short(image.imageId)}\n`;
  return stage;
}

/** Files a COPY/ADD source names: a file, a directory's files, or `.` for the whole context. */
function sourceFiles(files: Map<string, string>, src: string, absolute: boolean): { kind: "file" | "dir"; files: Map<string, string> } | null {
  const clean = src.replace(/^\.\//, "").replace(/\/+$/, "");
  const key = absolute ? `/${clean.replace(/^\/+/, "")}` : clean;
  const hit = files.get(key);
  if (hit !== undefined) return { kind: "file", files: new Map([[key.split("/").pop() as string, hit]]) };
  const prefix = key === "" || key === "." || key === "/" ? (absolute ? "/" : "") : `${key}/`;
  const under = new Map<string, string>();
  for (const [p, c] of files) if (p.startsWith(prefix)) under.set(p.slice(prefix.length), c);
  return under.size > 0 ? { kind: "dir", files: under } : null;
}

function copyStep(b: Build, stage: Stage, ins: Instruction): string | null {
  const parts = ins.json ?? words(substitute(ins.rest, varsOf(stage)));
  const dest = parts.at(-1) ?? "";
  const sources = parts.slice(0, -1);
  const from = ins.flags.from;
  const origin = from === undefined ? b.files : (b.stages.find((s) => s.name === from || String(b.stages.indexOf(s)) === from)?.files ?? null);
  if (origin === null) return `COPY failed: stage or image "${from}" not found`;
  if (sources.length > 1 && !dest.endsWith("/"))
    return `When using ${ins.cmd} with more than one source file, the destination must be a directory and end with a /`;
  const copied = new Map<string, string>();
  let kind: "file" | "dir" | "multi" = sources.length > 1 ? "multi" : "file";
  for (const src of sources) {
    const found = sourceFiles(origin, src, from !== undefined);
    if (!found) {
      return from === undefined
        ? `${ins.cmd} failed: file not found in build context or excluded by .dockerignore: stat ${src}: file does not exist`
        : `${ins.cmd} failed: stat ${src}: file does not exist`;
    }
    if (sources.length === 1) kind = found.kind;
    for (const [rel, content] of found.files) copied.set(destination(stage, dest, rel, found.kind === "dir" || sources.length > 1), content);
  }
  const createdBy = copyCreatedBy(ins.cmd, kind, copied, dest);
  const hit = cached(b, stage, createdBy);
  if (hit) {
    reuse(b, stage, hit);
    return null;
  }
  let size = 0;
  for (const c of copied.values()) size += new TextEncoder().encode(c).length;
  for (const [p, c] of copied) stage.files.set(p, c);
  const entry: HistoryEntry = {
    createdBy,
    size,
    empty: false,
    created: b.ctx.now,
    layer: digest64(`${stage.imageId}/${createdBy}`),
    files: Object.fromEntries(copied),
  };
  const e = commit(b, stage, entry);
  if (e) return e;
  b.out += ` ---> ${short(stage.imageId ?? "")}\n`;
  return null;
}

function metadataStep(b: Build, stage: Stage, ins: Instruction): string | null {
  if (ins.cmd === "ARG") {
    const [name = "", def] = ins.rest.split("=", 2);
    const value = b.buildArgs.get(name) ?? def;
    if (value !== undefined) stage.args.set(name, value);
  }
  const createdBy = ins.cmd === "ARG" ? nop(`ARG ${ins.rest}`) : applyMetadata(stage, ins.cmd, ins.rest, ins.json);
  const hit = cached(b, stage, createdBy);
  if (hit) {
    reuse(b, stage, hit);
    return null;
  }
  const cid = short(b.ctx.ids.hex64());
  // WORKDIR creates its directory when it is new: that is a layer; an existing one adds nothing.
  const workdirLayer = ins.cmd === "WORKDIR" && !EXISTING_DIRS.has(stage.config.WorkingDir) && !stage.dirs?.has(stage.config.WorkingDir);
  if (ins.cmd === "WORKDIR") stage.dirs = new Set([...(stage.dirs ?? []), stage.config.WorkingDir]);
  const entry: HistoryEntry = { createdBy, size: 0, empty: !workdirLayer, created: b.ctx.now };
  if (workdirLayer) entry.layer = digest64(`${stage.imageId}/${createdBy}`);
  const e = commit(b, stage, entry);
  if (e) return e;
  b.out += ` ---> Running in ${cid}\nRemoving intermediate container ${cid}\n ---> ${short(stage.imageId ?? "")}\n`;
  return null;
}

/** `docker build`. */
export function dockerBuild(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(BUILD_SPEC, args);
  if (isOutput(p)) return p;
  if (has(p, "help")) return { stdout: `Usage:  ${BUILD_SPEC.usage}\n\nBuild an image from a Dockerfile\n`, stderr: "", exitCode: 0 };
  if (p.args.length !== 1) {
    return err(
      `"docker build" requires exactly 1 argument.\nSee 'docker build --help'.\n\nUsage:  ${BUILD_SPEC.usage}\n\nBuild an image from a Dockerfile\n`,
      1,
    );
  }
  const dir = p.args[0] as string;
  const tags: string[] = [];
  for (const t of all(p, "tag")) {
    const ref = parseRef(t);
    if (typeof ref === "string") return err(`invalid argument "${t}" for "-t, --tag" flag: ${ref}\nSee 'docker build --help'.\n`, 125);
    tags.push(refText(ref));
  }
  if (!sessionHasDir(ctx, dir)) return err(`${DEPRECATED}unable to prepare context: path "${dir}" not found\n`, 1);
  const dfName = last(p, "file") ?? `${dir.replace(/\/+$/, "")}/Dockerfile`;
  const text = ctx.files.read(dfName);
  if (text === null) {
    const abs = `${ctx.files.cwd ?? "/root"}/${dfName.replace(/^\.\//, "")}`;
    return err(`${DEPRECATED}unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${abs}: no such file or directory\n`, 1);
  }
  const context = collectContext(ctx, dir, dfName.replace(/^\.\//, ""));
  if (typeof context === "string") return err(`${DEPRECATED}${context}\n`, 1);
  const b: Build = {
    ctx,
    // The CLI's progress line ends in carriage returns even without a terminal.
    out: `Sending build context to Docker daemon ${humanSize(context.tarBytes, 4).padStart(8)}\r\r\n`,
    noCache: has(p, "no-cache"),
    buildArgs: new Map(all(p, "build-arg").map((a) => [a.split("=")[0] as string, a.slice(a.indexOf("=") + 1)])),
    files: context.files,
    stages: [],
  };
  const parsed = parseDockerfile(text);
  if (typeof parsed === "string") return fail(b, `Error response from daemon: ${parsed}`);
  const finished = runInstructions(b, parsed, last(p, "target"));
  if (finished !== null) return finished;
  const final = b.stages.at(-1);
  if (!final?.imageId) return fail(b, "Error response from daemon: No image was generated. Is your Dockerfile empty?");
  b.out += `Successfully built ${short(final.imageId)}\n`;
  for (const t of tags) {
    ctx.apply({ type: "image.tag", machineId: ctx.machineId, source: final.imageId, target: t });
    b.out += `Successfully tagged ${t}\n`;
  }
  return printed(has(p, "quiet") ? `sha256:${final.imageId}\n` : b.out);
}

/** Runs the steps; null when all of them succeeded, else the failed build's output. */
function runInstructions(b: Build, list: Instruction[], target: string | undefined): Output | null {
  const globals = new Map<string, string>();
  if (target !== undefined && !list.some((i) => i.cmd === "FROM" && /\sAS\s+(\S+)\s*$/i.exec(i.rest)?.[1] === target)) {
    return fail(b, `Error response from daemon: failed to reach build target ${target} in Dockerfile`);
  }
  const first = list.find((i) => i.cmd !== "ARG");
  if (first && first.cmd !== "FROM") return fail(b, "Error response from daemon: no build stage in current context");
  // With --target the build ends with that stage, and the step count says so.
  const targetAt = target === undefined ? -1 : list.findIndex((i) => i.cmd === "FROM" && /\sAS\s+(\S+)\s*$/i.exec(i.rest)?.[1] === target);
  const nextFrom = targetAt < 0 ? -1 : list.findIndex((i, k) => k > targetAt && i.cmd === "FROM");
  const total = nextFrom < 0 ? list.length : nextFrom;
  let stage: Stage | null = null;
  for (const [n, ins] of list.entries()) {
    if (n >= total) break;
    b.out += `Step ${n + 1}/${total} : ${ins.original}\n`;
    if (ins.cmd === "ARG" && stage === null) {
      const [name = "", def] = ins.rest.split("=", 2);
      const value = b.buildArgs.get(name) ?? def;
      if (value !== undefined) globals.set(name, value);
      continue;
    }
    if (ins.cmd === "FROM") {
      const next = fromStep(b, ins, globals);
      if (typeof next === "string") return fail(b, next);
      b.stages.push(next);
      stage = next;
      continue;
    }
    if (stage === null) return fail(b, "Error response from daemon: Please provide a source image with `from` prior to commit");
    const why = ins.cmd === "RUN" ? runStep(b, stage, ins) : ins.cmd === "COPY" || ins.cmd === "ADD" ? copyStep(b, stage, ins) : metadataStep(b, stage, ins);
    if (why !== null) {
      if (typeof why === "object") return fail(b, why.message, why.code);
      return fail(b, why);
    }
  }
  return null;
}
