/**
 * Control of the private real Docker Engine started by scripts/real-engine.sh.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const ENGINE_SCRIPT = join(REPO_ROOT, "scripts", "real-engine.sh");

export interface Engine {
  /** state directory given to scripts/real-engine.sh */
  dir: string;
  /** unix:///.../docker.sock */
  host: string;
  /** network namespace the daemon lives in; host-side commands run there */
  netns: string;
  /** docker client binary */
  dockerBin: string;
}

export function defaultDockerBin(): string {
  if (process.env.DOCKSIDE_DOCKER_BIN) return process.env.DOCKSIDE_DOCKER_BIN;
  return existsSync("/usr/local/bin/docker") ? "/usr/local/bin/docker" : "docker";
}

export function engineFor(dir: string): Engine {
  const netnsFile = join(dir, "netns");
  const netns = existsSync(netnsFile) ? readFileSync(netnsFile, "utf8").trim() : "";
  return { dir, host: `unix://${join(dir, "docker.sock")}`, netns, dockerBin: defaultDockerBin() };
}

function script(action: string, dir: string): { ok: boolean; out: string } {
  const r = spawnSync("bash", [ENGINE_SCRIPT, action, dir], {
    encoding: "utf8",
    timeout: 180_000,
    cwd: REPO_ROOT,
  });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/** Starts (or reuses) the engine in `dir` and builds the images. Throws with the dockerd log on failure. */
export function startEngine(dir: string): Engine {
  const r = script("start", dir);
  if (!r.ok) {
    let log = "";
    try {
      log = readFileSync(join(dir, "dockerd.log"), "utf8").split("\n").slice(-40).join("\n");
    } catch {
      /* no log */
    }
    throw new Error(`real Docker Engine did not start (scripts/real-engine.sh start ${dir}):\n${r.out}\n${log}`);
  }
  return engineFor(dir);
}

export function stopEngine(engine: Engine): void {
  script("stop", engine.dir);
}

/** Stops and starts dockerd (state on disk is kept; in-memory state such as the port allocator is reset). */
export function restartDaemon(engine: Engine): Engine {
  // stop only dockerd: the netns and the LAN router stay. `start` is idempotent for the rest.
  const pidFile = join(engine.dir, "docker.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    if (pid > 0) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        /* gone */
      }
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        spawnSync("sleep", ["0.2"]);
      }
    }
  }
  return startEngine(engine.dir);
}

export function docker(engine: Engine, args: string[], timeoutMs = 60_000) {
  const r = spawnSync(engine.dockerBin, ["-H", engine.host, ...args], {
    encoding: "utf8",
    timeout: timeoutMs,
    env: dockerEnv(engine),
  });
  return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Environment for the docker client: no user config, contexts or hints leaking in. */
export function dockerEnv(engine: Engine): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;
  delete env.DOCKER_CERT_PATH;
  env.DOCKER_CONFIG = join(engine.dir, "client-config");
  env.DOCKER_CLI_HINTS = "false";
  env.LANG = "C";
  env.LC_ALL = "C";
  return env;
}

const PREDEFINED = new Set(["bridge", "host", "none"]);

/** Leaves any swarm, then removes every container, every non-predefined network and every volume. */
export function cleanEngine(engine: Engine): void {
  docker(engine, ["swarm", "leave", "--force"]);
  const ids = docker(engine, ["ps", "-aq"]).stdout.split(/\s+/).filter(Boolean);
  if (ids.length > 0) docker(engine, ["rm", "-f", ...ids], 120_000);
  const nets = docker(engine, ["network", "ls", "--format", "{{.Name}}"])
    .stdout.split("\n")
    .map((s) => s.trim())
    .filter((s) => s && !PREDEFINED.has(s));
  if (nets.length > 0) docker(engine, ["network", "rm", ...nets]);
  // A scenario that lists volumes must not see what an earlier one (or an earlier run) left behind.
  const volumes = docker(engine, ["volume", "ls", "-q"]).stdout.split(/\s+/).filter(Boolean);
  if (volumes.length > 0) docker(engine, ["volume", "rm", "-f", ...volumes], 120_000);
  cleanImages(engine);
}

/** The imports every scenario starts from; registry:2 where Debian's docker-registry is installed (scripts/real-engine.sh). */
const BASE_IMAGES = [
  "alpine:latest",
  "busybox:latest",
  "nginx:latest",
  "httpd:latest",
  "redis:latest",
  ...(existsSync("/usr/bin/docker-registry") ? ["registry:2"] : []),
];

/**
 * Images a scenario built, tagged, pulled or loaded go (with the legacy builder's cache, which is its
 * intermediate images), so every scenario starts from the five imports; an import a scenario removed
 * is imported again.
 */
function cleanImages(engine: Engine): void {
  const tags = docker(engine, ["images", "--format", "{{.Repository}}:{{.Tag}}"])
    .stdout.split("\n")
    .map((s) => s.trim())
    .filter((s) => s && !s.includes("<none>") && !BASE_IMAGES.includes(s));
  if (tags.length > 0) docker(engine, ["rmi", ...tags], 120_000);
  docker(engine, ["image", "prune", "-f"], 120_000);
  const present = docker(engine, ["images", "--format", "{{.Repository}}:{{.Tag}}"]).stdout;
  if (BASE_IMAGES.some((b) => !present.split("\n").includes(b))) script("images", engine.dir);
}

/** The IPv4 addresses of the engine's host (netns) outside Docker's bridges, and its nameservers. */
export function hostIdentity(engine: Engine): { addrs: string[]; cidrs: string[]; nameservers: string[] } {
  const args = engine.netns ? [`--net=/run/netns/${engine.netns}`, "ip", "-4", "-o", "addr"] : ["ip", "-4", "-o", "addr"];
  const bin = engine.netns ? "nsenter" : (args.shift() ?? "ip");
  const r = spawnSync(bin, args, { encoding: "utf8" });
  const addrs: string[] = [];
  const cidrs: string[] = [];
  for (const line of (r.stdout ?? "").split("\n")) {
    const m = /^\d+:\s+(\S+)\s+inet\s+(\d+\.\d+\.\d+\.\d+)\/(\d+)/.exec(line);
    if (!m) continue;
    const [, dev, ip, len] = m;
    if (!dev || !ip || !len) continue;
    if (dev === "lo" || dev === "docker0" || dev === "docker_gwbridge" || dev.startsWith("br-")) continue;
    addrs.push(ip);
    cidrs.push(`${networkOf(ip, Number(len))}/${len}`);
  }
  let nameservers: string[] = [];
  const resolvPath = engine.netns ? `/etc/netns/${engine.netns}/resolv.conf` : "/etc/resolv.conf";
  try {
    nameservers = readFileSync(resolvPath, "utf8")
      .split("\n")
      .map((l) => /^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)/.exec(l)?.[1])
      .filter((x): x is string => !!x);
  } catch {
    /* none */
  }
  return { addrs, cidrs, nameservers };
}

function networkOf(ip: string, len: number): string {
  const n = ip.split(".").reduce((a, b) => (a << 8) + Number(b), 0) >>> 0;
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const v = (n & mask) >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
}
