/**
 * `docker compose [-f FILE] [-p NAME] [--profile P] [--env-file F] up -d [--build] | build | down | ps | config`,
 * against the session's document. The file comes from the working directory the shell was started in;
 * `${VAR}` in it reads the shell's environment, then the project's `.env` (or the `--env-file` files).
 */
import { type ComposeProject, composeConfig, composeDown, composePs, composeUp, type Lookup, parseComposeFiles, parseDotEnv } from "../../compose";
import type { Op } from "../../ops";
import { err, joined, type Output, ok, type ShellContext } from "../context";
import { composeBuild } from "./compose-build";

export interface ComposeFiles {
  /** Contents of a file relative to the working directory, or null if there is none. */
  read(path: string): string | null;
  /** Base name of the working directory (the default project name). */
  cwdName: string;
  /** Absolute working directory, against which relative bind mounts resolve (default `/<cwdName>`). */
  cwd?: string;
  /** The environment `docker compose` was started with (`COMPOSE_FILE`, `COMPOSE_PROJECT_NAME`). */
  env?: (name: string) => string | undefined;
}

/** The names Compose looks for, in its order of preference. */
const DEFAULT_FILES = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

const USAGE = `Usage:  docker compose [OPTIONS] COMMAND

Define and run multi-container applications with Docker

Options:
      --env-file stringArray       Specify an alternate environment file
  -f, --file stringArray           Compose configuration files
      --profile stringArray        Specify a profile to enable
  -p, --project-name string        Project name

Commands:
  build       Build or rebuild services
  config      Parse, resolve and render compose file in canonical format
  down        Stop and remove containers, networks
  ps          List containers
  up          Create and start containers
`;

interface Global {
  files: string[];
  envFiles: string[];
  project?: string;
  profiles: string[];
  rest: string[];
}

function parseGlobal(args: string[]): Global | Output {
  const g: Global = { files: [], envFiles: [], profiles: [], rest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const eq = a.indexOf("=");
    const [flag, inline] = a.startsWith("--") && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (["-f", "--file", "-p", "--project-name", "--profile", "--env-file"].includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined) return err(`flag needs an argument: '${flag.replace(/^-+/, "")}' in ${flag}\n`, 1);
      if (flag === "-f" || flag === "--file") g.files.push(value);
      else if (flag === "--env-file") g.envFiles.push(value);
      else if (flag === "--profile") g.profiles.push(value);
      else g.project = value;
    } else if (a.startsWith("-") && g.rest.length === 0) return err(`unknown shorthand flag: '${a.replace(/^-+/, "")}' in ${a}\n`, 1);
    else {
      g.rest = args.slice(i);
      break;
    }
  }
  return g;
}

function dirOf(path: string): string | null {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? null : path.slice(0, slash) || "/";
}

/** Files named by `-f`, else by `COMPOSE_FILE` (`:`-separated), else the first default name present. */
function chooseFiles(g: Global, files: ComposeFiles): string[] | Output {
  if (g.files.length > 0) return g.files;
  const fromEnv = files.env?.("COMPOSE_FILE");
  if (fromEnv) return fromEnv.split(files.env?.("COMPOSE_PATH_SEPARATOR") || ":").filter((f) => f !== "");
  const found = DEFAULT_FILES.find((f) => files.read(f) !== null);
  return found ? [found] : err("no configuration file provided: not found\n", 1);
}

/**
 * The variables the file is interpolated with: the shell's environment over the `--env-file` files
 * (relative to the working directory), else over the project directory's `.env` if there is one.
 */
function projectEnv(g: Global, files: ComposeFiles, cwd: string, dir: string | null): Lookup | string {
  const shell: Lookup = (name) => files.env?.(name);
  const paths = g.envFiles.length > 0 ? g.envFiles : [dir === null ? ".env" : `${dir}/.env`];
  const vars = new Map<string, string>();
  for (const path of paths) {
    const abs = path.startsWith("/") ? path : `${cwd}/${path.replace(/^\.\//, "")}`;
    const text = files.read(path);
    if (text === null) {
      if (g.envFiles.length > 0) return `couldn't find env file: ${abs}`;
      continue;
    }
    const parsed = parseDotEnv(text, (name) => shell(name) ?? vars.get(name));
    if (typeof parsed === "string") return `failed to read ${abs}: ${parsed}`;
    for (const [k, v] of parsed) vars.set(k, v);
  }
  return (name) => shell(name) ?? vars.get(name);
}

function loadProject(g: Global, files: ComposeFiles): { project: ComposeProject; warnings: string } | Output {
  const paths = chooseFiles(g, files);
  if (!Array.isArray(paths)) return paths;
  const texts: { path: string; text: string }[] = [];
  for (const path of paths) {
    const text = files.read(path);
    if (text === null) return err(`open ${path}: no such file or directory\n`, 1);
    texts.push({ path, text });
  }
  const first = paths[0] as string;
  // The project directory is the first file's: its name is the default project name.
  const dir = dirOf(first);
  const cwd = files.cwd ?? `/${files.cwdName}`;
  const workingDir = dir === null ? cwd : dir.startsWith("/") ? dir : `${cwd}/${dir}`;
  const dirName = dir === null ? files.cwdName : (workingDir.split("/").filter(Boolean).at(-1) ?? files.cwdName);
  const env = projectEnv(g, files, cwd, dir);
  if (typeof env === "string") return err(`${env}\n`, 1);
  const projectName = g.project ?? (env("COMPOSE_PROJECT_NAME") || undefined);
  const parsed = parseComposeFiles(texts, { projectName, dirName, profiles: g.profiles, file: first, workingDir, env });
  if (!parsed.ok) return err(`${parsed.error}\n`, 1);
  const warnings = parsed.warnings.map((w) => `WARN[0000] ${first}: ${w.path}: ${w.message}\n`).join("");
  return { project: parsed.project, warnings };
}

function projectName(g: Global, files: ComposeFiles): { name: string; project?: ComposeProject; warnings: string } | Output {
  // `down` and `ps` work from the project name alone, as Compose does with -p and no file.
  if (g.project !== undefined && g.files.length === 0 && DEFAULT_FILES.every((f) => files.read(f) === null)) return { name: g.project, warnings: "" };
  const loaded = loadProject(g, files);
  if ("exitCode" in loaded) return loaded;
  return { name: loaded.project.name, project: loaded.project, warnings: "" };
}

function applyAll(ctx: ShellContext, result: { ops: Op[]; lines: string[]; ok: boolean }, warnings: string): Output {
  for (const op of result.ops) {
    const applied = ctx.apply(op);
    if (!applied.ok) return err(`${warnings}${result.lines.join("\n")}\nError response from daemon: ${applied.error}\n`, 1);
  }
  const text = `${warnings}${result.lines.map((l) => `${l}\n`).join("")}`;
  return result.ok ? { stdout: "", stderr: text, exitCode: 0 } : err(text, 1);
}

/**
 * Runs `docker compose ARGS...` in the session.
 * @example dockerCompose(ctx, ["up", "-d"], { read: (p) => files[p] ?? null, cwdName: "app" }).stderr // " Network app_default  Creating\n..."
 */
export function dockerCompose(ctx: ShellContext, args: string[], files: ComposeFiles): Output {
  const g = parseGlobal(args);
  if ("exitCode" in g) return g;
  const [cmd, ...rest] = g.rest;
  if (cmd === undefined || cmd === "--help" || cmd === "help") return ok(USAGE);
  if (cmd === "version") return ok("Docker Compose version v2.29.7\n");
  switch (cmd) {
    case "up": {
      const unknown = rest.find((a) => !["-d", "--detach", "--wait", "--quiet-pull", "--no-build", "--build", "--remove-orphans"].includes(a));
      if (unknown !== undefined) return err(unknown.startsWith("-") ? `unknown flag: ${unknown}\n` : `no such service: ${unknown}\n`, 1);
      const loaded = loadProject(g, files);
      if ("exitCode" in loaded) return loaded;
      // Images of `build:` services are built first: all with --build, none with --no-build, else the missing ones.
      const built = rest.includes("--no-build")
        ? { stdout: "", stderr: "", exitCode: 0 }
        : composeBuild(ctx, loaded.project, { services: [], force: rest.includes("--build"), noCache: false, args: [] });
      if (built.exitCode !== 0) return joined([err(loaded.warnings), built]);
      const result = composeUp(ctx.doc, ctx.machineId, loaded.project, { ids: ctx.ids, at: ctx.now });
      return joined([err(loaded.warnings), built, applyAll(ctx, result, "")]);
    }
    case "build": {
      const choice = { services: [] as string[], force: true, noCache: false, args: [] as string[] };
      for (let i = 0; i < rest.length; i++) {
        const a = rest[i] as string;
        if (a === "--no-cache") choice.noCache = true;
        else if (a === "--build-arg" || a.startsWith("--build-arg=")) {
          const value = a.includes("=") && a.startsWith("--build-arg=") ? a.slice(12) : rest[++i];
          if (value === undefined) return err("flag needs an argument: --build-arg\n", 1);
          choice.args.push(value);
        } else if (a.startsWith("-")) return err(`unknown flag: ${a}\n`, 1);
        else choice.services.push(a);
      }
      const loaded = loadProject(g, files);
      if ("exitCode" in loaded) return loaded;
      const built = composeBuild(ctx, loaded.project, choice);
      return joined([err(loaded.warnings), built]);
    }
    case "down": {
      const unknown = rest.find((a) => !["--remove-orphans", "-v", "--volumes"].includes(a));
      if (unknown !== undefined) return err(`unknown flag: ${unknown}\n`, 1);
      const p = projectName(g, files);
      if ("exitCode" in p) return p;
      const volumes = rest.includes("-v") || rest.includes("--volumes");
      const result = composeDown(ctx.doc, ctx.machineId, p.name, { at: ctx.now, project: p.project, volumes });
      return applyAll(ctx, result, p.warnings);
    }
    case "ps": {
      const unknown = rest.find((a) => !["-a", "--all"].includes(a));
      if (unknown !== undefined) return err(unknown.startsWith("-") ? `unknown flag: ${unknown}\n` : `no such service: ${unknown}\n`, 1);
      const p = projectName(g, files);
      if ("exitCode" in p) return p;
      const all = rest.includes("-a") || rest.includes("--all");
      return { stdout: composePs(ctx.doc, ctx.machineId, p.name, { now: ctx.now, all, project: p.project }), stderr: p.warnings, exitCode: 0 };
    }
    case "config": {
      if (rest.length > 0 && rest[0] !== "--no-interpolate") return err(`unknown flag: ${rest[0]}\n`, 1);
      const loaded = loadProject(g, files);
      if ("exitCode" in loaded) return loaded;
      return { stdout: composeConfig(loaded.project), stderr: loaded.warnings, exitCode: 0 };
    }
    default:
      return err(`unknown docker command: "compose ${cmd}"\n`, 1);
  }
}
