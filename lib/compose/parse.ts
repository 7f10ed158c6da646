/**
 * `parseCompose`: compose.yaml text to a normalised project, with Compose's own checks and texts.
 * Keys that Compose knows and Dockside does not model become warnings with their path; keys that
 * Compose itself rejects are errors, as `docker compose` reports them.
 */
import type { Listener } from "../model";
import type { PortRequest } from "../ops";
import { type Lookup, substituteVars } from "./env";
import { loadYaml } from "./load";
import { mergeComposeFiles } from "./merge";
import { parseExpose, parsePortShort } from "./ports";
import { splitCommand } from "./shellwords";
import type { BuildSpec, ComposeProject, ComposeWarning, NetworkSpec, ParseResult, ServiceLink, ServiceNetwork, ServiceSpec } from "./types";
import { bool, ComposeInvalid, expected, isObj, kind, type Obj, str } from "./validate";
import { parseDependsOn, parseMounts, parseVolumes, resolveHostPath } from "./volumes";

// One error class for the whole parse, so every Compose error is reported the same way.
const Invalid = ComposeInvalid;

function int(v: unknown, path: string): number {
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n === "number" && Number.isInteger(n) && n >= 0) return n;
  return expected(path, "a non-negative integer", v);
}

function obj(v: unknown, path: string): Obj {
  if (v === null || v === undefined) return {};
  if (isObj(v)) return v;
  return expected(path, "a mapping", v);
}

function list(v: unknown, path: string): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  return expected(path, "a list", v);
}

function strList(v: unknown, path: string): string[] {
  return list(v, path).map((x, i) => str(x, `${path}.${i}`));
}

/** Lists or `{key: value}` maps (labels, driver_opts) as a string map. */
function strMap(v: unknown, path: string): Record<string, string> {
  if (Array.isArray(v)) {
    const out: Record<string, string> = {};
    v.forEach((item, i) => {
      const text = str(item, `${path}.${i}`);
      const eq = text.indexOf("=");
      out[eq < 0 ? text : text.slice(0, eq)] = eq < 0 ? "" : text.slice(eq + 1);
    });
    return out;
  }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v, path))) out[k] = x === null ? "" : str(x, `${path}.${k}`);
  return out;
}

const TOP_MODELLED = new Set(["name", "services", "networks", "volumes"]);
const TOP_UNMODELLED = new Set(["version", "secrets", "configs", "include", "models"]);

const SERVICE_MODELLED = new Set([
  "image",
  "build",
  "command",
  "container_name",
  "hostname",
  "network_mode",
  "networks",
  "ports",
  "expose",
  "links",
  "depends_on",
  "deploy",
  "scale",
  "profiles",
  "stdin_open",
  "tty",
  "volumes",
]);

const SERVICE_UNMODELLED = new Set(
  (
    "annotations attach blkio_config cap_add cap_drop cgroup cgroup_parent configs cpu_count cpu_percent cpu_period cpu_quota " +
    "cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset credential_spec develop device_cgroup_rules devices dns dns_opt dns_search " +
    "domainname entrypoint env_file environment extends external_links extra_hosts gpus group_add healthcheck init ipc isolation " +
    "label_file labels logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit models oom_kill_disable oom_score_adj pid pids_limit " +
    "platform post_start pre_stop privileged provider pull_policy read_only restart runtime secrets security_opt shm_size stop_grace_period " +
    "stop_signal storage_opt sysctls tmpfs ulimits use_api_socket user userns_mode uts volumes_from working_dir"
  ).split(" "),
);

/** Keys that change what resolves or what is reachable: worth saying so in the warning. */
const AFFECTS_NETWORK = new Set(["dns", "dns_search", "dns_opt", "extra_hosts", "external_links", "mac_address", "domainname"]);

const NETWORK_KEYS = new Set(["driver", "driver_opts", "internal", "external", "ipam", "name", "attachable", "labels", "enable_ipv6", "enable_ipv4"]);

const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * A directory name as Compose turns it into a project name: lower-cased, characters outside
 * `[a-z0-9_-]` dropped, leading `_`/`-` trimmed.
 * @example normalizeProjectName("My App!") // "myapp"
 */
function normalizeProjectName(dir: string): string {
  return dir
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "")
    .replace(/^[_-]+/, "");
}

class Ctx {
  warnings: ComposeWarning[] = [];
  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }
  /** Unknown keys: `x-` extensions are allowed anywhere, others are Compose's error. */
  keys(o: Obj, path: string, modelled: Set<string>, unmodelled: Set<string>): void {
    for (const key of Object.keys(o)) {
      if (modelled.has(key) || key.startsWith("x-")) continue;
      if (unmodelled.has(key))
        this.warn(
          `${path}.${key}`,
          AFFECTS_NETWORK.has(key) ? "not modelled by Dockside (it changes name resolution in real Docker)" : "not modelled by Dockside",
        );
      else throw new Invalid(`validating compose file: ${path} additional properties '${key}' not allowed`);
    }
  }
}

/** Substitutes variables in every string of the file (not under `x-` keys); unset ones are blank, as Compose warns. */
function interpolate(value: unknown, ctx: Ctx, path: string, env: Lookup, warned: Set<string>): unknown {
  if (typeof value === "string") {
    return substituteVars(value, env, (name) => {
      if (warned.has(name)) return;
      warned.add(name);
      ctx.warn(path, `The "${name}" variable is not set. Defaulting to a blank string.`);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, ctx, `${path}.${i}`, env, warned));
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) out[k] = k.startsWith("x-") ? v : interpolate(v, ctx, path ? `${path}.${k}` : k, env, warned);
    return out;
  }
  return value;
}

const BUILD_KEYS = new Set(["context", "dockerfile", "args", "target"]);
const BUILD_UNMODELLED = new Set(
  (
    "additional_contexts cache_from cache_to dockerfile_inline entitlements extra_hosts isolation labels network no_cache platforms " +
    "privileged pull secrets shm_size ssh tags ulimits"
  ).split(" "),
);

/** `build: DIR` or `build: {context, dockerfile, args, target}`; the context resolved against the project directory. */
function parseBuild(v: unknown, path: string, ctx: Ctx, workingDir: string, env: Lookup): BuildSpec {
  if (typeof v === "string") return { context: resolveHostPath(v, workingDir), dockerfile: "Dockerfile", args: {}, target: null };
  const b = obj(v, path);
  ctx.keys(b, path, BUILD_KEYS, BUILD_UNMODELLED);
  const context = b.context === undefined ? "." : str(b.context, `${path}.context`);
  if (/^(https?|git):\/\/|^git@/.test(context)) throw new Invalid(`${path}.context: Dockside builds only from the project's own files, not from ${context}`);
  const args: Record<string, string> = {};
  if (Array.isArray(b.args)) {
    b.args.forEach((item, i) => {
      const text = str(item, `${path}.args.${i}`);
      const eq = text.indexOf("=");
      // `- NAME` without a value takes it from the environment, and is left out when that has none.
      const value = eq < 0 ? env(text) : text.slice(eq + 1);
      if (value !== undefined) args[eq < 0 ? text : text.slice(0, eq)] = value;
    });
  } else {
    for (const [k, x] of Object.entries(obj(b.args, `${path}.args`))) {
      const value = x === null ? env(k) : typeof x === "number" || typeof x === "boolean" ? String(x) : str(x, `${path}.args.${k}`);
      if (value !== undefined) args[k] = value;
    }
  }
  return {
    context: resolveHostPath(context, workingDir),
    dockerfile: b.dockerfile === undefined ? "Dockerfile" : str(b.dockerfile, `${path}.dockerfile`),
    args,
    target: b.target === undefined ? null : str(b.target, `${path}.target`),
  };
}

function parseListens(v: unknown, path: string): Listener[] {
  return strList(v, path).map((text, i) => {
    const [port = "", proto = "tcp"] = text.split("/");
    const p = Number(port);
    if (!/^\d+$/.test(port) || p < 1 || p > 65535 || (proto !== "tcp" && proto !== "udp" && proto !== "sctp"))
      return expected(`${path}.${i}`, 'a port such as "8000/tcp"', text);
    return { port: p, proto };
  });
}

function parsePorts(v: unknown, path: string, ctx: Ctx): PortRequest[] {
  const out: PortRequest[] = [];
  list(v, path).forEach((entry, i) => {
    const at = `${path}.${i}`;
    if (typeof entry === "string" || typeof entry === "number") {
      const parsed = parsePortShort(String(entry));
      if (typeof parsed === "string") throw new Invalid(`${at}: ${parsed}`);
      out.push(...parsed);
      return;
    }
    const o = obj(entry, at);
    ctx.keys(o, at, new Set(["target", "published", "host_ip", "protocol", "mode", "name"]), new Set(["app_protocol"]));
    if (o.target === undefined) throw new Invalid(`validating compose file: ${at} missing property 'target'`);
    const target = int(o.target, `${at}.target`);
    if (target < 1 || target > 65535) expected(`${at}.target`, "a port between 1 and 65535", o.target);
    const protocol = o.protocol === undefined ? "tcp" : str(o.protocol, `${at}.protocol`).toLowerCase();
    if (protocol !== "tcp" && protocol !== "udp" && protocol !== "sctp") throw new Invalid(`${at}.protocol: invalid proto: ${protocol}`);
    const published = o.published === undefined || o.published === null ? "" : str(o.published, `${at}.published`);
    if (published !== "" && !/^\d{1,5}(-\d{1,5})?$/.test(published)) throw new Invalid(`${at}.published: invalid hostPort: ${published}`);
    if (o.mode !== undefined && o.mode !== "ingress" && o.mode !== "host") expected(`${at}.mode`, 'one of "ingress", "host"', o.mode);
    out.push({ hostIp: o.host_ip === undefined ? "" : str(o.host_ip, `${at}.host_ip`), hostPort: published, containerPort: target, proto: protocol });
  });
  return out;
}

function parseServiceNetworks(v: unknown, path: string, ctx: Ctx): ServiceNetwork[] {
  if (Array.isArray(v)) return v.map((n, i) => ({ key: str(n, `${path}.${i}`), aliases: [], ipv4Address: null }));
  return Object.entries(obj(v, path)).map(([key, cfg]) => {
    const at = `${path}.${key}`;
    const o = obj(cfg, at);
    ctx.keys(
      o,
      at,
      new Set(["aliases", "ipv4_address"]),
      new Set(["ipv6_address", "link_local_ips", "priority", "gw_priority", "mac_address", "driver_opts", "interface_name"]),
    );
    return {
      key,
      aliases: strList(o.aliases, `${at}.aliases`),
      ipv4Address: o.ipv4_address === undefined || o.ipv4_address === null ? null : str(o.ipv4_address, `${at}.ipv4_address`),
    };
  });
}

function parseService(name: string, raw: unknown, project: string, ctx: Ctx, workingDir: string, env: Lookup): ServiceSpec {
  const path = `services.${name}`;
  const s = obj(raw, path);
  ctx.keys(s, path, SERVICE_MODELLED, SERVICE_UNMODELLED);
  const build = s.build === undefined || s.build === null ? null : parseBuild(s.build, `${path}.build`, ctx, workingDir, env);
  if (s.image === undefined && !build) throw new Invalid(`service "${name}" has neither an image nor a build context specified: invalid compose project`);
  const image = s.image !== undefined ? str(s.image, `${path}.image`) : `${project}-${name}`;
  const command =
    s.command === undefined || s.command === null ? [] : typeof s.command === "string" ? splitCommand(s.command) : strList(s.command, `${path}.command`);
  const deploy = obj(s.deploy, `${path}.deploy`);
  for (const key of Object.keys(deploy)) if (key !== "replicas" && key !== "mode") ctx.warn(`${path}.deploy.${key}`, "not modelled by Dockside");
  let replicas = 1;
  const fromDeploy = deploy.replicas === undefined ? null : int(deploy.replicas, `${path}.deploy.replicas`);
  const fromScale = s.scale === undefined ? null : int(s.scale, `${path}.scale`);
  if (fromDeploy !== null && fromScale !== null && fromDeploy !== fromScale)
    throw new Invalid(`services.${name}: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project`);
  replicas = fromDeploy ?? fromScale ?? 1;
  if (deploy.mode === "global") ctx.warn(`${path}.deploy.mode`, "global mode runs one replica per node; Dockside runs one");
  const containerName = s.container_name === undefined ? null : str(s.container_name, `${path}.container_name`);
  if (containerName !== null && replicas > 1)
    throw new Invalid(`services.${name}: can't set container_name and ${name} as container name must be unique: invalid compose project`);
  const networkMode = s.network_mode === undefined ? null : str(s.network_mode, `${path}.network_mode`);
  if (networkMode !== null && s.networks !== undefined)
    throw new Invalid(`service ${name} declares mutually exclusive \`network_mode\` and \`networks\`: invalid compose project`);
  if (networkMode !== null && !/^(host|none|bridge|default|service:.+|container:.+)$/.test(networkMode))
    ctx.warn(`${path}.network_mode`, `network mode "${networkMode}" is treated as a network name`);
  const networks =
    networkMode !== null
      ? []
      : s.networks === undefined
        ? [{ key: "default", aliases: [], ipv4Address: null }]
        : parseServiceNetworks(s.networks, `${path}.networks`, ctx);
  const expose: string[] = [];
  list(s.expose, `${path}.expose`).forEach((e, i) => {
    const parsed = parseExpose(str(e, `${path}.expose.${i}`));
    if (typeof parsed === "string") throw new Invalid(`${path}.expose.${i}: ${parsed}`);
    expose.push(...parsed);
  });
  const links: ServiceLink[] = strList(s.links, `${path}.links`).map((l) => {
    const [service = "", alias = service] = l.split(":");
    return { service, alias };
  });
  const warn = (p: string, m: string) => ctx.warn(p, m);
  const dependsOn = parseDependsOn(s.depends_on, `${path}.depends_on`, warn);
  const volumes = parseMounts(s.volumes, `${path}.volumes`, workingDir, warn);
  const ext = obj(s["x-dockside"], `${path}.x-dockside`);
  const ports = s.ports === undefined ? [] : parsePorts(s.ports, `${path}.ports`, ctx);
  return {
    name,
    image,
    build,
    command,
    interactive: s.stdin_open === undefined ? false : bool(s.stdin_open, `${path}.stdin_open`),
    tty: s.tty === undefined ? false : bool(s.tty, `${path}.tty`),
    hostname: s.hostname === undefined ? null : str(s.hostname, `${path}.hostname`),
    containerName,
    networkMode: networkMode === "default" ? "bridge" : networkMode,
    networks,
    ports,
    expose,
    links,
    dependsOn,
    replicas,
    profiles: strList(s.profiles, `${path}.profiles`),
    listens: ext.listens === undefined ? null : parseListens(ext.listens, `${path}.x-dockside.listens`),
    volumes,
    startStopped: ext.state === "exited",
  };
}

const DRIVERS = new Set(["bridge", "overlay", "macvlan", "ipvlan", "host", "null"]);

function parseNetwork(key: string, raw: unknown, project: string, ctx: Ctx): NetworkSpec {
  const path = `networks.${key}`;
  const n = obj(raw, path);
  ctx.keys(n, path, NETWORK_KEYS, new Set());
  const external = n.external === undefined ? false : isObj(n.external) ? true : bool(n.external, `${path}.external`);
  if (isObj(n.external)) ctx.warn(`${path}.external.name`, "deprecated: use networks.<name>.name");
  if (external) {
    for (const k of Object.keys(n)) {
      if (k !== "external" && k !== "name" && !k.startsWith("x-"))
        throw new Invalid(`conflicting parameters "external" and "${k}" specified for network "${key}"`);
    }
  }
  const driver = n.driver === undefined ? "bridge" : str(n.driver, `${path}.driver`);
  if (!DRIVERS.has(driver)) expected(`${path}.driver`, `one of ${[...DRIVERS].join(", ")}`, driver);
  const ipam = obj(n.ipam, `${path}.ipam`);
  ctx.keys(ipam, `${path}.ipam`, new Set(["config"]), new Set(["driver", "options"]));
  const configs = list(ipam.config, `${path}.ipam.config`);
  if (configs.length > 1) ctx.warn(`${path}.ipam.config`, "only the first IPAM config is modelled");
  const cfg = obj(configs[0], `${path}.ipam.config.0`);
  ctx.keys(cfg, `${path}.ipam.config.0`, new Set(["subnet", "gateway", "ip_range"]), new Set(["aux_addresses"]));
  const opt = (k: string) => (cfg[k] === undefined ? null : str(cfg[k], `${path}.ipam.config.0.${k}`));
  if (n.enable_ipv6 === true) ctx.warn(`${path}.enable_ipv6`, "IPv6 is not modelled by Dockside");
  const extName = isObj(n.external) && n.external.name !== undefined ? str(n.external.name, `${path}.external.name`) : null;
  const name = n.name !== undefined ? str(n.name, `${path}.name`) : (extName ?? (external ? key : `${project}_${key}`));
  return {
    key,
    name,
    driver: driver as NetworkSpec["driver"],
    internal: n.internal === undefined ? false : bool(n.internal, `${path}.internal`),
    attachable: n.attachable === undefined ? false : bool(n.attachable, `${path}.attachable`),
    external,
    subnet: opt("subnet"),
    gateway: opt("gateway"),
    ipRange: opt("ip_range"),
    options: n.driver_opts === undefined ? {} : strMap(n.driver_opts, `${path}.driver_opts`),
    labels: n.labels === undefined ? {} : strMap(n.labels, `${path}.labels`),
  };
}

function checkReferences(p: ComposeProject, active: Set<string>): void {
  const names = new Set(p.services.map((s) => s.name));
  const nets = new Set(p.networks.map((n) => n.key));
  for (const s of p.services) {
    if (!active.has(s.name)) continue;
    for (const n of s.networks) if (!nets.has(n.key)) throw new Invalid(`service "${s.name}" refers to undefined network ${n.key}: invalid compose project`);
    for (const { service: d, required } of s.dependsOn) {
      // An optional dependency on an inactive service is dropped, as Compose does.
      if (!names.has(d) || (!active.has(d) && required)) throw new Invalid(`service "${s.name}" depends on undefined service "${d}": invalid compose project`);
    }
    for (const m of s.volumes) {
      if (m.type === "volume" && m.source !== "" && !p.volumes.some((v) => v.key === m.source))
        throw new Invalid(`service "${s.name}" refers to undefined volume ${m.source}: invalid compose project`);
    }
    for (const l of s.links)
      if (!names.has(l.service) || !active.has(l.service))
        throw new Invalid(`service "${s.name}" depends on undefined service "${l.service}": invalid compose project`);
    const shared = s.networkMode?.startsWith("service:") ? s.networkMode.slice(8) : null;
    if (shared !== null && (!names.has(shared) || !active.has(shared)))
      throw new Invalid(`service "${s.name}" depends on undefined service "${shared}": invalid compose project`);
  }
  // Compose refuses dependency cycles before creating anything.
  const deps = (s: ServiceSpec) => [
    ...s.dependsOn.map((d) => d.service),
    ...s.links.map((l) => l.service),
    ...(s.networkMode?.startsWith("service:") ? [s.networkMode.slice(8)] : []),
  ];
  const byName = new Map(p.services.map((s) => [s.name, s]));
  const state = new Map<string, 1 | 2>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 2) return;
    if (state.get(name) === 1) throw new Invalid(`dependency cycle detected: ${[...trail, name].join(" -> ")}`);
    state.set(name, 1);
    for (const d of deps(byName.get(name) as ServiceSpec)) if (byName.has(d)) visit(d, [...trail, name]);
    state.set(name, 2);
  };
  for (const s of p.services) visit(s.name, []);
}

export interface ParseOptions {
  /** `-p NAME`: wins over `name:` in the file. */
  projectName?: string;
  /** Base name of the directory holding the file: the project name when nothing else gives one. */
  dirName: string;
  /** `--profile` values. */
  profiles?: string[];
  /** File name for messages. */
  file?: string;
  /** Absolute project directory, against which relative bind-mount sources and build contexts resolve (default `/<dirName>`). */
  workingDir?: string;
  /** The variables `${VAR}` reads: the shell's environment over the project's `.env` (none by default). */
  env?: Lookup;
}

/**
 * Parses and validates a compose file into a normalised project.
 * @example parseCompose("services:\n  web:\n    image: nginx\n", { dirName: "app" }) // { ok: true, project: { name: "app", ... }, warnings: [] }
 */
export function parseCompose(text: string, opts: ParseOptions): ParseResult {
  return parseComposeFiles([{ path: opts.file ?? "compose.yaml", text }], opts);
}

/**
 * Parses several files (`-f a.yml -f b.yml`, or `COMPOSE_FILE=a.yml:b.yml`) merged as Compose v2
 * merges them, then validates the result as one project.
 * @example parseComposeFiles([{ path: "a.yml", text: "services:\n  web:\n    image: nginx\n" }, { path: "b.yml", text: "services:\n  web:\n    ports: ['80:80']\n" }], { dirName: "app" }) // { ok: true, ... }
 */
export function parseComposeFiles(files: { path: string; text: string }[], opts: ParseOptions): ParseResult {
  const values: Obj[] = [];
  for (const f of files) {
    const loaded = loadYaml(f.text, f.path);
    if (!loaded.ok) return files.length > 1 && loaded.error.startsWith("yaml:") ? { ok: false, error: `${f.path}: ${loaded.error}` } : loaded;
    if (loaded.value === null || loaded.value === undefined)
      return { ok: false, error: files.length > 1 ? `${f.path}: empty compose file` : "empty compose file" };
    if (!isObj(loaded.value))
      return { ok: false, error: `validating compose file: ${files.length > 1 ? `${f.path}: ` : ""}(root) must be a mapping, got ${kind(loaded.value)}` };
    values.push(loaded.value);
  }
  if (values.length === 0) return { ok: false, error: "no configuration file provided: not found" };
  const ctx = new Ctx();
  try {
    const merged = values.length === 1 ? (values[0] as Obj) : mergeComposeFiles(values);
    const env: Lookup = opts.env ?? (() => undefined);
    const raw = interpolate(merged, ctx, "", env, new Set()) as Obj;
    ctx.keys(raw, "(root)", TOP_MODELLED, TOP_UNMODELLED);
    // Compose's own wording, without the file path it prefixes.
    if (raw.version !== undefined) {
      ctx.warnings = ctx.warnings.filter((w) => w.path !== "(root).version");
      ctx.warn("version", "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion");
    }
    let name: string;
    if (opts.projectName !== undefined) name = opts.projectName;
    else if (raw.name !== undefined) name = str(raw.name, "name");
    else name = normalizeProjectName(opts.dirName);
    if (name === "") throw new Invalid("project name must not be empty");
    if (!PROJECT_NAME.test(name))
      throw new Invalid(
        `invalid project name "${name}": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
      );
    if (raw.services === undefined && raw.include === undefined) throw new Invalid("no service selected");
    const workingDir = opts.workingDir ?? `/${opts.dirName}`;
    const services = Object.entries(obj(raw.services, "services")).map(([n, s]) => parseService(n, s, name, ctx, workingDir, env));
    const networks = Object.entries(obj(raw.networks, "networks")).map(([k, n]) => parseNetwork(k, n, name, ctx));
    const volumes = parseVolumes(raw.volumes, name, (p, m) => ctx.warn(p, m));
    const project: ComposeProject = { name, services, networks, volumes, profiles: opts.profiles ?? [] };
    const active = new Set(services.filter((s) => s.profiles.length === 0 || s.profiles.some((p) => project.profiles.includes(p))).map((s) => s.name));
    if (!networks.some((n) => n.key === "default") && services.some((s) => active.has(s.name) && s.networks.some((n) => n.key === "default"))) {
      networks.unshift({
        key: "default",
        name: `${name}_default`,
        driver: "bridge",
        internal: false,
        attachable: false,
        external: false,
        subnet: null,
        gateway: null,
        ipRange: null,
        options: {},
        labels: {},
      });
    }
    checkReferences(project, active);
    return { ok: true, project, warnings: ctx.warnings };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}
