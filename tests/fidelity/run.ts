/**
 * Running a scenario against the real engine (runReal) and against the simulator (runSim).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitWords } from "../../lib/shell/words";
import { cleanEngine, dockerEnv, type Engine, REPO_ROOT, restartDaemon } from "./engine";

export interface CommandResult {
  cmd: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Scenario {
  fresh: boolean;
  commands: string[];
}

/** Blank lines and `#` lines are ignored; a first line `# fresh-engine` asks for a fresh daemon. */
export function parseScenario(text: string): Scenario {
  const lines = text.split("\n");
  const first = lines.find((l) => l.trim() !== "");
  const fresh = first !== undefined && /^#\s*fresh-engine\s*$/.test(first.trim());
  const commands = lines.map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  return { fresh, commands };
}

const COMMAND_TIMEOUT_MS = 60_000;

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, input?: string, cwd?: string) {
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolvePromise) => {
    const child = spawn(bin, args, { env, cwd, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout?.on("data", (d: Buffer) => out.push(d));
    child.stderr?.on("data", (d: Buffer) => err.push(d));
    if (input !== undefined) child.stdin?.end(input);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolvePromise({ exitCode: 127, stdout: "", stderr: `${bin}: ${e.message}\n` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString("utf8");
      resolvePromise({
        exitCode: timedOut ? 124 : (code ?? (signal ? 128 + 9 : 1)),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: timedOut ? `${stderr}[harness: command timed out after ${timeoutMs} ms]\n` : stderr,
      });
    });
  });
}

const whichCache = new Map<string, boolean>();
function onPath(prog: string): boolean {
  let v = whichCache.get(prog);
  if (v === undefined) {
    v = spawnSync("sh", ["-c", 'command -v "$1" >/dev/null 2>&1', "sh", prog]).status === 0;
    whichCache.set(prog, v);
  }
  return v;
}

/** Host-side programs missing on this machine (e.g. iputils ping) fall back to the busybox applet. */
function hostArgv(words: string[]): string[] {
  const [prog, ...rest] = words;
  if (!prog) return words;
  if (prog.includes("/") || onPath(prog)) return words;
  if (onPath("busybox")) return ["busybox", prog, ...rest];
  return words;
}

/** A line restarting the host's Docker engine, which the harness does itself. */
const ENGINE_RESTART = /^(?:systemctl restart docker(?:\.service)?|service docker restart)$/;

/** A line that needs a shell: an unquoted pipe, redirection, list operator or substitution. */
export function needsShell(line: string): boolean {
  const unquoted = line.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, "");
  return /[|<>;&`]|\$\(/.test(unquoted);
}

/**
 * A PATH entry whose `docker` talks to the private engine, for lines run through `sh -c`, and a
 * working directory of the scenario's own for the files such lines write.
 */
function shellSetup(eng: Engine): { path: string; cwd: string } {
  const bin = join(eng.dir, "shell-bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "docker"), `#!/bin/sh\nexec ${eng.dockerBin} -H ${eng.host} "$@"\n`, { mode: 0o755 });
  const cwd = mkdtempSync(join(tmpdir(), "dockside-scenario-"));
  return { path: bin, cwd };
}

/**
 * Runs the scenario against the real engine. Before it: all containers and non-predefined networks
 * are removed; with `# fresh-engine` the daemon is restarted as well.
 */
export async function runReal(scenarioText: string, engine: Engine): Promise<CommandResult[]> {
  const sc = parseScenario(scenarioText);
  cleanEngine(engine);
  let eng = engine;
  if (sc.fresh) eng = restartDaemon(engine);
  const env = dockerEnv(eng);
  const results: CommandResult[] = [];
  let shell: { path: string; cwd: string } | null = null;
  for (const cmd of sc.commands) {
    if (ENGINE_RESTART.test(cmd.trim())) {
      // The host's `systemctl restart docker`: the private dockerd stops and starts again, its state
      // on disk kept (what the host's init system would do; it prints nothing).
      eng = restartDaemon(eng);
      results.push({ cmd, exitCode: 0, stdout: "", stderr: "" });
      continue;
    }
    if (needsShell(cmd)) {
      shell ??= shellSetup(eng);
      const shEnv = { ...env, PATH: `${shell.path}:${env.PATH ?? "/usr/bin:/bin"}` };
      const argv = ["sh", "-c", cmd];
      const r = eng.netns
        ? await run("nsenter", [`--net=/run/netns/${eng.netns}`, "--", ...argv], shEnv, COMMAND_TIMEOUT_MS, undefined, shell.cwd)
        : await run("sh", ["-c", cmd], shEnv, COMMAND_TIMEOUT_MS, undefined, shell.cwd);
      results.push({ cmd, ...r });
      continue;
    }
    let words: string[];
    try {
      words = splitWords(cmd);
    } catch (e) {
      results.push({ cmd, exitCode: 2, stdout: "", stderr: `harness: ${(e as Error).message}\n` });
      continue;
    }
    if (words.length === 0) continue;
    let r: { exitCode: number; stdout: string; stderr: string };
    if (words[0] === "docker") {
      // In the scenario's own directory too: `docker cp c:/f f` writes there, never into the repository,
      // and `docker build .` reads the files earlier lines wrote.
      shell ??= shellSetup(eng);
      r = await run(eng.dockerBin, ["-H", eng.host, ...words.slice(1)], env, COMMAND_TIMEOUT_MS, undefined, shell.cwd);
    } else {
      const argv = hostArgv(words);
      // Host programs run in the directory where earlier lines wrote their files.
      const cwd = shell?.cwd;
      if (eng.netns) {
        r = await run("nsenter", [`--net=/run/netns/${eng.netns}`, "--", ...argv], env, COMMAND_TIMEOUT_MS, undefined, cwd);
      } else {
        r = await run(argv[0] as string, argv.slice(1), env, COMMAND_TIMEOUT_MS, undefined, cwd);
      }
    }
    results.push({ cmd, ...r });
  }
  return results;
}

export const SIM_BIN = join(REPO_ROOT, "bin", "dockside.mjs");

/** Runs the scenario through the simulator CLI: `node bin/dockside.mjs sh --json` with the scenario on stdin. */
export async function runSim(scenarioText: string, simBin: string = process.env.DOCKSIDE_SIM_BIN ?? SIM_BIN): Promise<CommandResult[]> {
  if (!existsSync(simBin)) throw new Error(`simulator CLI not found: ${simBin}`);
  const r = await new Promise<{ exitCode: number; stdout: string; stderr: string }>((res) => {
    const child = spawn(process.execPath, [simBin, "sh", "--json", "--offline", "--images", join(REPO_ROOT, "tests/fidelity/engine-images.json")], {
      cwd: REPO_ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => {
      clearTimeout(timer);
      res({ exitCode: 127, stdout: "", stderr: e.message });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      res({
        exitCode: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    child.stdin.end(scenarioText);
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new Error(`simulator did not print a JSON array (exit ${r.exitCode}).\nstdout:\n${r.stdout.slice(0, 2000)}\nstderr:\n${r.stderr.slice(0, 2000)}`);
  }
  if (!Array.isArray(parsed)) throw new Error("simulator output is not a JSON array");
  return parsed.map((x, i) => {
    const o = (x ?? {}) as Record<string, unknown>;
    return {
      cmd: typeof o.cmd === "string" ? o.cmd : `#${i}`,
      exitCode: typeof o.exitCode === "number" ? o.exitCode : Number.NaN,
      stdout: typeof o.stdout === "string" ? o.stdout : "",
      stderr: typeof o.stderr === "string" ? o.stderr : "",
    };
  });
}
