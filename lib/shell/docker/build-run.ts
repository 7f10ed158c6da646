/**
 * RUN steps: the legacy builder starts a container from the step's image, runs the command in it (the
 * container command runner: its shell and tools), commits the result as the step's image and removes
 * the container. A program the real base image has but Dockside does not run (a compiler, `npm
 * install`, `pip install`) still makes the step's layer, marked as simulated in the output and the
 * history; anything else that fails fails the build with its exit code.
 */

import { createContainer } from "../../intents";
import { digest64, type HistoryEntry } from "../../model";
import { findImage } from "../../ops";
import { chunksOf, type ShellContext } from "../context";
import { committedLayer } from "../fs/container";
import { execInContainer } from "../tools";
import { type Build, cached, commit, reuse, short } from "./build-state";
import type { Stage } from "./build-steps";
import type { Instruction } from "./dockerfile";

const DEBIAN = ["apt-get", "apt", "dpkg"];
const TOOLCHAIN = ["make", "gcc", "g++", "cc", "git"];

/** Programs each catalog image ships that Dockside does not run. */
const UNSIMULATED: Record<string, readonly string[]> = {
  alpine: ["apk"],
  registry: ["apk"],
  debian: DEBIAN,
  ubuntu: DEBIAN,
  nginx: DEBIAN,
  httpd: DEBIAN,
  redis: [...DEBIAN, "redis-cli"],
  postgres: [...DEBIAN, "psql"],
  mariadb: DEBIAN,
  mongo: DEBIAN,
  mysql: ["microdnf"],
  node: [...DEBIAN, ...TOOLCHAIN, "npm", "npx", "yarn", "node", "corepack"],
  python: [...DEBIAN, ...TOOLCHAIN, "pip", "pip3", "python", "python3"],
};

/** The `CREATED BY` of a RUN: the command, after `|N k=v` for the stage's build args. */
function runCreatedBy(stage: Stage, argv: string[]): string {
  const envKeys = new Set(stage.config.Env.map((e) => e.slice(0, e.indexOf("="))));
  const args = [...stage.args]
    .filter(([k]) => !envKeys.has(k))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return [...(args.length > 0 ? [`|${args.length}`, ...args] : []), ...argv].join(" ");
}

/** The program a failed command could not find (`sh: npm: not found`). */
function missingProgram(text: string): string | null {
  return /(?:^|\n)(?:\/bin\/)?(?:sh|bash|ash): (?:\d+: )?([^\s:]+): (?:not found|command not found)/.exec(text)?.[1] ?? null;
}

/** The step's container, made as `docker run` makes one (lib/intents), and started. */
function startContainer(ctx: ShellContext, image: string): string | null {
  const created = createContainer(ctx, { image }, findImage(ctx.doc, ctx.machineId, image));
  if (!created.ok) return null;
  return ctx.apply({ type: "container.start", containerId: created.id, at: ctx.now, foreground: true }).ok ? created.id : null;
}

/** Runs one RUN step; null on success, else the error (with the command's exit code). */
export function runStep(b: Build, stage: Stage, ins: Instruction): null | string | { message: string; code: number } {
  const argv = ins.json ?? ["/bin/sh", "-c", ins.rest];
  const createdBy = runCreatedBy(stage, argv);
  const hit = cached(b, stage, createdBy);
  if (hit) {
    reuse(b, stage, hit);
    return null;
  }
  const id = startContainer(b.ctx, stage.imageId ?? "scratch");
  if (!id) return `failed to create the build container for step ${ins.original}`;
  b.out += ` ---> Running in ${short(id)}\n`;
  const view = b.ctx.resolved().containers.get(id);
  const exported = stage.config.Env.filter((e) => !e.startsWith("PATH="));
  const vars = [...exported, ...[...stage.args].map(([k, v]) => `${k}=${v}`)];
  const prefix =
    vars.length > 0 ? `export ${vars.map((v) => `${v.slice(0, v.indexOf("=") + 1)}'${v.slice(v.indexOf("=") + 1).replace(/'/g, "'\\''")}'`).join(" ")}; ` : "";
  const run = ins.json ?? ["/bin/sh", "-c", `${prefix}${ins.rest}`];
  const out = view ? execInContainer({ ctx: b.ctx, source: { kind: "container", id }, view }, run) : { stdout: "", stderr: "", exitCode: 126 };
  const missing = out.exitCode === 127 ? missingProgram(out.stdout + out.stderr) : null;
  const simulated = missing !== null && (UNSIMULATED[stage.base ?? ""] ?? []).includes(missing);
  // A simulated step prints what ran before the program Dockside lacks, not the shell's complaint about it.
  const strip = (t: string) => (simulated ? t.replace(new RegExp(`^.*: ${missing}: (?:command )?not found\n?`, "m"), "") : t);
  // The legacy builder streams the step's output as it comes, its stderr in red.
  for (const c of chunksOf(out)) {
    const text = strip(c.text);
    b.out += c.stream === "stdout" || text === "" ? text : `\x1b[91m${text}\x1b[0m`;
  }
  if (out.exitCode !== 0 && !simulated) {
    b.ctx.apply({ type: "container.exit", containerId: id, exitCode: Math.min(255, out.exitCode), at: b.ctx.now });
    return { message: `The command '${argv.join(" ")}' returned a non-zero code: ${out.exitCode}`, code: out.exitCode };
  }
  if (simulated) b.out += `Dockside does not run ${missing}: this step's layer is simulated\n`;
  // The step's layer is what its container wrote, read before the container goes.
  const { changed, ...written } = committedLayer(b.ctx.doc.files?.[id]);
  // The builder removes the container with its anonymous volumes (a VOLUME of the image), and what RUN wrote there with them.
  b.ctx.apply({ type: "container.remove", containerId: id, force: true, volumes: true });
  const layered = simulated || changed;
  const entry: HistoryEntry = { createdBy, empty: !layered, created: b.ctx.now, ...written };
  if (layered) entry.layer = digest64(`${stage.imageId}/${createdBy}/${b.ctx.now}`);
  if (simulated) entry.simulated = true;
  for (const gone of written.deleted ?? []) for (const p of [...stage.files.keys()]) if (p === gone || p.startsWith(`${gone}/`)) stage.files.delete(p);
  for (const [p, data] of Object.entries(written.files ?? {})) stage.files.set(p, data);
  const e = commit(b, stage, entry);
  if (e) return e;
  b.out += `Removing intermediate container ${short(id)}\n ---> ${short(stage.imageId ?? "")}\n`;
  return null;
}
