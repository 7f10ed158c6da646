/**
 * `docker compose build` and the builds of `up`: each service with `build:` is built by `docker build`
 * (the legacy builder the engine runs) from its context, Dockerfile, args and target, and tagged with
 * the service's image: `image:` when given, else `<project>-<service>` as Compose v2 names it.
 */
import { activeServices, type ComposeProject, type ServiceSpec } from "../../compose";
import { findImage } from "../../ops";
import { chunksOf, joined, type Output, type ShellContext, written } from "../context";
import { dockerBuild } from "./build";
import { sessionHasDir } from "./build-context";

interface BuildChoice {
  /** Services named on the command line (all active ones when empty). */
  services: string[];
  /** `build`, `up --build`: rebuild even when the engine has the image. */
  force: boolean;
  noCache: boolean;
  /** `--build-arg K=V` of `docker compose build`, over the file's. */
  args: string[];
}

/** The build's lines as the builder streams them, without the CLI's deprecation notice. */
function withoutNotice(text: string): string {
  return text.replace(/^DEPRECATED: The legacy builder[\s\S]*?\n\n/, "");
}

function buildOne(ctx: ShellContext, s: ServiceSpec, choice: BuildChoice): Output {
  const build = s.build as NonNullable<ServiceSpec["build"]>;
  const cwd = ctx.cwd.replace(/\/+$/, "");
  // `docker build` reads its context from the working directory's files.
  const rel = build.context === cwd ? "." : build.context.startsWith(`${cwd}/`) ? build.context.slice(cwd.length + 1) : null;
  if (rel === null || !sessionHasDir(ctx, rel)) return { stdout: "", stderr: `unable to prepare context: path "${build.context}" not found\n`, exitCode: 1 };
  const dockerfile = build.dockerfile.startsWith("/") ? build.dockerfile : `${rel}/${build.dockerfile}`;
  if (ctx.files.read(dockerfile) === null) {
    const abs = build.dockerfile.startsWith("/") ? build.dockerfile : `${build.context}/${build.dockerfile.replace(/^\.\//, "")}`;
    return {
      stdout: "",
      stderr: `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${abs}: no such file or directory\n`,
      exitCode: 1,
    };
  }
  const args = [
    ...Object.entries(build.args).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
    ...choice.args.flatMap((a) => ["--build-arg", a]),
    ...(build.target ? ["--target", build.target] : []),
    ...(choice.noCache ? ["--no-cache"] : []),
  ];
  const out = dockerBuild(ctx, ["-t", s.image, "-f", dockerfile, ...args, rel]);
  return written(
    chunksOf(out).map((c) => (c.stream === "stderr" ? { ...c, text: withoutNotice(c.text) } : c)),
    out.exitCode,
  );
}

/**
 * Builds the project's services that have `build:`: all of them (or those named) when forced, else
 * only those whose image the engine lacks. Stops at the first failure, with its output and code.
 * @example composeBuild(ctx, project, { services: [], force: true, noCache: false, args: [] }).stdout // "Sending build context ...Successfully tagged app-web:latest\n"
 */
export function composeBuild(ctx: ShellContext, project: ComposeProject, choice: BuildChoice): Output {
  const active = activeServices(project);
  for (const name of choice.services) {
    if (!active.some((s) => s.name === name)) return { stdout: "", stderr: `no such service: ${name}\n`, exitCode: 1 };
  }
  const outs: Output[] = [];
  for (const s of active) {
    if (!s.build || (choice.services.length > 0 && !choice.services.includes(s.name))) continue;
    if (!choice.force && findImage(ctx.doc, ctx.machineId, s.image)) continue;
    const out = buildOne(ctx, s, choice);
    outs.push(out);
    if (out.exitCode !== 0) break;
  }
  return joined(outs);
}
