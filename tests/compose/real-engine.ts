/**
 * One corpus file brought up twice: in Dockside (composeUp + resolve) and on the private real engine
 * with Debian's docker-compose (Compose v1), then the same questions asked of both: which names
 * resolve from which container (to which containers), what reaches what (by name and by address),
 * what is published, and what the Docker host reaches on the published ports.
 *
 * The real engine only has the busybox-made images of tests/fidelity (nginx, httpd, redis, alpine,
 * busybox). A service whose image it lacks runs as a stand-in: busybox listening (`nc -ll`) on the
 * TCP ports Dockside says that image listens on. The comparison is about names, reachability and
 * publishing, which the stand-in exercises exactly as the real image would.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { ComposeProject } from "../../lib/compose";
import { type Doc, imageKey } from "../../lib/model";
import { type ContainerView, lookup, type Resolved, reach, resolve } from "../../lib/sim";
import { dockerEnv, type Engine } from "../fidelity/engine";
import { HOST } from "./helpers";

export const REAL_IMAGES = new Set(["nginx", "httpd", "redis", "alpine", "busybox"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** One question asked of both sides, with both answers. */
export interface Probe {
  kind: "state" | "name" | "reach" | "reach-ip" | "published" | "host" | "volumes" | "mounts";
  question: string;
  dockside: string;
  real: string;
}

export interface Comparison {
  file: string;
  /** Why the file was not compared, when it was not. */
  skipped?: string;
  /** What Compose v1 printed when `up` failed. */
  upError?: string;
  probes: Probe[];
  standIns: string[];
}

/** Dockside's v2 container name as Compose v1 names it (`<project>_<service>_<n>`). */
export function v1Name(project: ComposeProject, name: string): string {
  const prefix = `${project.name}-`;
  if (!name.startsWith(prefix)) return name;
  const m = /^(.+)-(\d+)$/.exec(name.slice(prefix.length));
  if (!m || !project.services.some((s) => s.name === m[1] && s.containerName === null)) return name;
  return `${project.name}_${m[1]}_${m[2]}`;
}

function shortPort(p: Obj): string {
  const ip = typeof p.host_ip === "string" && p.host_ip !== "" ? `${p.host_ip.includes(":") ? `[${p.host_ip}]` : p.host_ip}:` : "";
  const published = p.published === undefined || p.published === null ? "" : `${p.published}:`;
  return `${ip}${ip && !published ? ":" : published}${p.target}/${p.protocol ?? "tcp"}`;
}

function standInCommand(ports: number[]): string[] {
  if (ports.length === 0) return ["sleep", "1d"];
  return ["sh", "-c", `${ports.map((p) => `nc -ll -p ${p} -e /bin/true &`).join(" ")} wait`];
}

/**
 * The file as Compose v1 can run it on the busybox images: no top-level `name` (given with -p
 * instead), no extensions, `depends_on` as a list (v1 would wait for health checks the stand-ins
 * don't have), images the engine lacks replaced by stand-ins.
 */
export function fileForV1(text: string, project: ComposeProject, r: Resolved, doc: Doc): { yaml: string; standIns: string[] } {
  const raw = parse(text) as Obj;
  const standIns: string[] = [];
  for (const key of Object.keys(raw)) if (key === "name" || key.startsWith("x-")) delete raw[key];
  const services = (raw.services ?? {}) as Obj;
  for (const [name, value] of Object.entries(services)) {
    if (!isObj(value)) continue;
    for (const key of Object.keys(value)) if (key.startsWith("x-")) delete value[key];
    if (isObj(value.depends_on)) value.depends_on = Object.keys(value.depends_on);
    // This sandbox may not raise rlimits (memlock -1 fails in runc); Dockside does not model them either.
    if (value.ulimits !== undefined) {
      delete value.ulimits;
      standIns.push(`${name} without its ulimits`);
    }
    // v1 has no `host_ip` in the long syntax: the same binding in the short one.
    if (Array.isArray(value.ports)) value.ports = value.ports.map((p) => (isObj(p) ? shortPort(p) : p));
    const spec = project.services.find((s) => s.name === name);
    const key = spec ? imageKey(spec.image) : "";
    if (spec && !spec.build && REAL_IMAGES.has(key)) {
      value.image = `${key}:latest`;
      continue;
    }
    const first = Object.values(doc.containers)
      .filter((c) => c.machineId === HOST)
      .find((c) => c.name === (spec?.containerName ?? `${project.name}-${name}-1`));
    const ports = first ? (r.containers.get(first.id)?.listeners ?? []).filter((l) => l.proto === "tcp").map((l) => l.port) : [];
    delete value.build;
    value.image = "busybox:latest";
    value.command = standInCommand(ports);
    standIns.push(`${name} (${spec?.image ?? "?"}) listening on ${ports.length > 0 ? ports.join(", ") : "nothing"}`);
  }
  return { yaml: stringify(raw), standIns };
}

function run(bin: string, args: string[], engine: Engine, timeout = 120_000, cwd?: string) {
  const env = { ...dockerEnv(engine), DOCKER_HOST: engine.host, COMPOSE_INTERACTIVE_NO_CLI: "1" };
  const r = spawnSync(bin, args, { encoding: "utf8", env, timeout, cwd });
  return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: `${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

const dk = (engine: Engine, args: string[], timeout?: number) => run(engine.dockerBin, ["-H", engine.host, ...args], engine, timeout);

/** Classifies what busybox `nc -w 1 HOST PORT` said, in Dockside's verdict words. */
export function ncVerdict(status: number, stderr: string): string {
  if (status === 0) return "reachable";
  if (/Connection refused/.test(stderr)) return "refused";
  if (/bad address/.test(stderr)) return "unresolvable";
  if (/timed out/.test(stderr)) return "dropped";
  if (/unreachable|No route/i.test(stderr)) return "no-route";
  return `other: ${stderr.trim()}`;
}

const MARK = "@@";

/** Runs several shell snippets in one `docker exec`, returning each one's output and status. */
function execBatch(engine: Engine, container: string, snippets: string[]): { out: string; status: number }[] {
  if (snippets.length === 0) return [];
  const script = snippets.map((s, i) => `{ ${s} ; } 2>&1; echo "${MARK}${i} $?"`).join("\n");
  const r = dk(engine, ["exec", container, "sh", "-c", script], 300_000);
  const out: { out: string; status: number }[] = [];
  let buf = "";
  for (const line of r.stdout.split("\n")) {
    const m = new RegExp(`^${MARK}(\\d+) (\\d+)$`).exec(line);
    if (m) {
      out[Number(m[1])] = { out: buf, status: Number(m[2]) };
      buf = "";
    } else buf += `${line}\n`;
  }
  return snippets.map((_, i) => out[i] ?? { out: `no answer (${r.stderr.trim()})`, status: -1 });
}

/** Addresses a name has for the container, files first (links in /etc/hosts), then DNS, as libc does. */
function resolveSnippet(name: string): string {
  const q = `'${name.replace(/'/g, "")}'`;
  return `h=$(awk -v n=${q} '{for(i=2;i<=NF;i++) if($i==n) print $1}' /etc/hosts); if [ -n "$h" ]; then echo "$h" | sed 's/^/ADDR /'; else nslookup -timeout=1 -retry=1 -type=a ${q} 2>/dev/null | awk '/^Name:/{f=1} f && /^Address/{print "ADDR", $NF}'; fi`;
}

interface RealContainer {
  name: string;
  running: boolean;
  ips: string[];
}

function realContainers(engine: Engine): RealContainer[] {
  const ids = dk(engine, ["ps", "-aq"]).stdout.split(/\s+/).filter(Boolean);
  if (ids.length === 0) return [];
  const fmt = "{{.Name}} {{.State.Running}}{{range .NetworkSettings.Networks}} {{.IPAddress}}{{end}}";
  return dk(engine, ["inspect", "-f", fmt, ...ids])
    .stdout.split("\n")
    .filter(Boolean)
    .map((line) => {
      const [name = "", running = "", ...ips] = line.split(" ");
      return { name: name.replace(/^\//, ""), running: running === "true", ips: ips.filter(Boolean) };
    });
}

/** Names worth asking: services, aliases, link aliases and container names (as each side names them). */
function askedNames(project: ComposeProject, views: ContainerView[]): string[] {
  const names = new Set<string>();
  for (const s of project.services) {
    names.add(s.name);
    for (const n of s.networks) for (const a of n.aliases) names.add(a);
    for (const l of s.links) names.add(l.alias);
  }
  for (const v of views) names.add(v.c.name);
  return [...names].sort();
}

/**
 * Brings `text` up on both sides and asks both the same questions. The real engine must be clean;
 * it is left with the project taken down.
 */
export function compareFile(file: string, text: string, project: ComposeProject, doc: Doc, engine: Engine, workDir: string): Comparison {
  const r = resolve(doc);
  const { yaml, standIns } = fileForV1(text, project, r, doc);
  const dir = join(workDir, file.replace(/\.ya?ml$/, ""));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "docker-compose.yml"), yaml);
  const compose = (args: string[]) => run("docker-compose", ["-p", project.name, "-f", "docker-compose.yml", ...args], engine, 180_000, dir);
  const result: Comparison = { file, probes: [], standIns };
  const up = compose(["up", "-d"]);
  try {
    if (up.status !== 0) {
      result.upError = up.stderr.trim().split("\n").at(-1) ?? "";
      return result;
    }
    probeAll(result, project, r, engine);
    return result;
  } finally {
    compose(["down", "-v", "--remove-orphans", "-t", "1"]);
  }
}

function probeAll(result: Comparison, project: ComposeProject, r: Resolved, engine: Engine): void {
  const views = r.order.filter((v) => v.c.machineId === HOST);
  const real = new Map(realContainers(engine).map((c) => [c.name, c]));
  const ipToName = new Map<string, string>();
  for (const v of views) for (const ip of real.get(v1Name(project, v.c.name))?.ips ?? []) ipToName.set(ip, v.c.name);
  const dsIpToName = new Map<string, string>();
  for (const v of views) for (const ep of v.endpoints) if (ep.ip) dsIpToName.set(ep.ip, v.nsOwner.name);
  const push = (kind: Probe["kind"], question: string, dockside: string, realAnswer: string) =>
    result.probes.push({ kind, question, dockside, real: realAnswer });

  for (const v of views) push("state", `${v.c.name} running`, String(v.running), String(real.get(v1Name(project, v.c.name))?.running ?? "missing"));

  const names = askedNames(project, views);
  const running = views.filter((v) => v.running && real.get(v1Name(project, v.c.name))?.running);
  for (const from of running) {
    const rn = v1Name(project, from.c.name);
    // Names: which containers each name leads to (addresses differ between the two, containers don't).
    const asked = names.map((n) => (views.some((v) => v.c.name === n) ? { n, real: v1Name(project, n) } : { n, real: n }));
    const answers = execBatch(
      engine,
      rn,
      asked.map((a) => resolveSnippet(a.real)),
    );
    const realResolves = new Map<string, boolean>();
    asked.forEach((a, i) => {
      const res = lookup(r, from.c.id, a.n);
      const mine = res.ok ? [...new Set(res.addresses.map((ip) => dsIpToName.get(ip) ?? ip))].sort().join(",") : "-";
      const addrs = [...(answers[i]?.out ?? "").matchAll(/^ADDR (\S+)$/gm)].map((m) => m[1] as string);
      const theirs = addrs.length > 0 ? [...new Set(addrs.map((ip) => ipToName.get(ip) ?? ip))].sort().join(",") : "-";
      realResolves.set(a.n, theirs !== "-");
      push("name", `${from.c.name} resolves ${a.n}`, mine, theirs);
    });
    // Reach: every TCP listener of every other container, by name, and by address when the name fails.
    const targets: { to: ContainerView; port: number; byIp: boolean; dsTarget: string; realTarget: string }[] = [];
    for (const to of views) {
      if (to === from || !to.running) continue;
      const realTo = real.get(v1Name(project, to.c.name));
      for (const l of to.listeners) {
        if (l.proto !== "tcp") continue;
        targets.push({ to, port: l.port, byIp: false, dsTarget: to.c.name, realTarget: v1Name(project, to.c.name) });
        const dsIp = to.endpoints.find((e) => e.ip)?.ip;
        const realIp = realTo?.ips[0];
        const byName = reach(r, { kind: "container", id: from.c.id }, to.c.name, { port: l.port }).verdict;
        if (dsIp && realIp && byName !== "reachable") targets.push({ to, port: l.port, byIp: true, dsTarget: dsIp, realTarget: realIp });
      }
    }
    // A name the real engine could not resolve is "unresolvable" without asking nc, whose 1 s alarm
    // would otherwise cut a slow lookup short (on internal networks the embedded DNS has no upstream
    // to ask, so a lookup of an unknown name times out rather than failing at once).
    const ncs = execBatch(
      engine,
      rn,
      targets.map((t) =>
        !t.byIp && realResolves.get(t.to.c.name) === false
          ? `echo "nc: bad address '${t.realTarget}'" >&2; false`
          : `nc -w 1 ${t.realTarget} ${t.port} </dev/null`,
      ),
    );
    targets.forEach((t, i) => {
      const mine = reach(r, { kind: "container", id: from.c.id }, t.dsTarget, { port: t.port }).verdict;
      const a = ncs[i] ?? { out: "", status: -1 };
      const q = `${from.c.name} -> ${t.byIp ? `${t.to.c.name}'s address` : t.to.c.name}:${t.port}`;
      push(t.byIp ? "reach-ip" : "reach", q, mine, ncVerdict(a.status, a.out));
    });
  }

  // Volumes by name (anonymous ones have random names on both sides), and each container's mounts;
  // bind sources differ by directory (the project's is a temporary one here), so they are left out.
  const hex = /^[0-9a-f]{64}$/;
  const dsVolumes = Object.values(r.doc.volumes ?? {})
    .filter((v) => v.machineId === HOST && !v.anonymous)
    .map((v) => v.name)
    .sort();
  const realVolumes = dk(engine, ["volume", "ls", "--format", "{{.Name}}"])
    .stdout.split("\n")
    .filter((n) => n !== "" && !hex.test(n))
    .sort();
  push("volumes", "named volumes", dsVolumes.join(", ") || "-", realVolumes.join(", ") || "-");
  for (const v of views) {
    const rn = v1Name(project, v.c.name);
    const mine = (v.c.mounts ?? [])
      .map((m) => `${m.type} ${m.type === "volume" && !hex.test(m.source) ? m.source : ""}:${m.target} ${m.readOnly ? "ro" : "rw"}`)
      .sort();
    const fmt = '{{range .Mounts}}{{.Type}} {{.Name}}:{{.Destination}} {{if .RW}}rw{{else}}ro{{end}}{{"\\n"}}{{end}}';
    const theirs = dk(engine, ["inspect", "-f", fmt, rn])
      .stdout.split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => l.replace(/^volume [0-9a-f]{64}:/, "volume :"))
      .sort();
    push("mounts", `${v.c.name} mounts`, mine.join(", ") || "-", theirs.join(", ") || "-");
  }

  // Published ports, and what the Docker host reaches on them.
  for (const v of views) {
    const rn = v1Name(project, v.c.name);
    const ephemeral = new Set(v.c.ports.filter((p) => p.hostPort === "").map((p) => `${p.containerPort}/${p.proto}`));
    const mine = v.published
      .map((p) => `${p.containerPort}/${p.proto} -> ${p.hostIp || "0.0.0.0"}:${ephemeral.has(`${p.containerPort}/${p.proto}`) ? "*" : p.hostPort}`)
      .sort();
    const lines = real.get(rn)?.running ? dk(engine, ["port", rn]).stdout.split("\n").filter(Boolean) : [];
    const theirs = [
      ...new Set(
        lines
          .filter((l) => !l.includes("[::]"))
          .map((l) => {
            const m = /^(\S+) -> (.*):(\d+)$/.exec(l);
            return m ? `${m[1]} -> ${m[2]}:${ephemeral.has(m[1] as string) ? "*" : m[3]}` : l;
          }),
      ),
    ].sort();
    push("published", `${v.c.name} publishes`, mine.join(", ") || "-", theirs.join(", ") || "-");
    for (const p of v.published) {
      if (ephemeral.has(`${p.containerPort}/${p.proto}`) || p.proto !== "tcp" || (p.hostIp !== "" && p.hostIp !== "127.0.0.1" && p.hostIp !== "0.0.0.0"))
        continue;
      const hostMine = reach(r, { kind: "machine", id: HOST }, "127.0.0.1", { port: p.hostPort }).verdict;
      const h = run("nsenter", [`--net=/run/netns/${engine.netns}`, "--", "busybox", "nc", "-w", "1", "127.0.0.1", String(p.hostPort)], engine, 10_000);
      push("host", `host -> 127.0.0.1:${p.hostPort}`, hostMine, ncVerdict(h.status, h.stderr));
    }
  }
}
