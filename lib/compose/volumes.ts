/**
 * Compose's `volumes`: a service's mounts (short `[SOURCE:]TARGET[:MODE]` and long syntax) and the
 * top-level named volumes, with Compose's own checks and texts.
 */
import type { DependencySpec, MountSpec, VolumeSpec } from "./types";
import { bool, ComposeInvalid, expected, isObj, type Obj, str } from "./validate";

/** A host path as Compose resolves it: `~` against HOME is not known here, so it stays; `.` and `..` against the project directory. */
export function resolveHostPath(path: string, workingDir: string): string {
  const joined = path.startsWith("/") ? path : `${workingDir.replace(/\/+$/, "")}/${path}`;
  const out: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

const isPath = (s: string) => s.startsWith("/") || s.startsWith(".") || s.startsWith("~");

const MODES = new Set(["ro", "rw", "z", "Z", "nocopy", "consistent", "cached", "delegated", "shared", "rshared", "slave", "rslave", "private", "rprivate"]);

function shortMount(text: string, at: string, workingDir: string): MountSpec {
  const parts = text.split(":");
  if (parts.length > 3 || parts.some((p) => p === "")) throw new ComposeInvalid(`${at}: invalid spec: ${text}: too many colons`);
  if (parts.length === 1) return { type: "volume", source: "", target: text, readOnly: false, mode: null };
  const [source = "", target = "", mode = ""] = parts;
  const modes = mode === "" ? [] : mode.split(",");
  for (const m of modes) if (!MODES.has(m)) throw new ComposeInvalid(`${at}: invalid mode: ${m}`);
  const readOnly = modes.includes("ro");
  if (isPath(source)) return { type: "bind", source: resolveHostPath(source, workingDir), target, readOnly, mode: mode || null };
  return { type: "volume", source, target, readOnly, mode: mode || null };
}

function longMount(o: Obj, at: string, workingDir: string, warn: (path: string, message: string) => void): MountSpec {
  for (const key of Object.keys(o)) {
    if (key === "type" || key === "source" || key === "target" || key === "read_only" || key.startsWith("x-")) continue;
    if (["volume", "bind", "tmpfs", "consistency", "image"].includes(key)) warn(`${at}.${key}`, "not modelled by Dockside");
    else throw new ComposeInvalid(`validating compose file: ${at} additional properties '${key}' not allowed`);
  }
  if (o.type === undefined) throw new ComposeInvalid(`validating compose file: ${at} missing property 'type'`);
  const type = str(o.type, `${at}.type`);
  if (type !== "volume" && type !== "bind" && type !== "tmpfs") {
    if (type === "npipe" || type === "cluster" || type === "image") throw new ComposeInvalid(`${at}.type: volume type ${type} is not modelled by Dockside`);
    throw new ComposeInvalid(`validating compose file: ${at}.type must be one of the following: "bind", "volume", "tmpfs", "cluster", "npipe", "image"`);
  }
  if (o.target === undefined) throw new ComposeInvalid(`validating compose file: ${at} missing property 'target'`);
  const target = str(o.target, `${at}.target`);
  let source = o.source === undefined ? "" : str(o.source, `${at}.source`);
  if (type === "bind") {
    if (source === "") throw new ComposeInvalid(`${at}: invalid mount config for type "bind": field Source must not be empty`);
    source = resolveHostPath(source, workingDir);
  }
  if (type === "tmpfs" && source !== "") throw new ComposeInvalid(`${at}: invalid mount config for type "tmpfs": field Source must not be specified`);
  const readOnly = o.read_only === undefined ? false : bool(o.read_only, `${at}.read_only`);
  return { type, source, target, readOnly, mode: null };
}

/**
 * A service's `volumes:` list. Named sources must be declared in the top-level `volumes:` (checked by
 * the caller, which knows them).
 * @example parseMounts(["data:/var/lib/data", "./conf:/etc/app:ro"], "services.db.volumes", "/srv/app", () => {})[1] // { type: "bind", source: "/srv/app/conf", target: "/etc/app", readOnly: true, mode: "ro" }
 */
export function parseMounts(v: unknown, path: string, workingDir: string, warn: (path: string, message: string) => void): MountSpec[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) return expected(path, "a list", v);
  const out = v.map((entry, i) => {
    const at = `${path}.${i}`;
    if (typeof entry === "string") return shortMount(entry, at, workingDir);
    if (!isObj(entry)) return expected(at, "a string or a mapping", entry);
    return longMount(entry, at, workingDir, warn);
  });
  const seen = new Set<string>();
  for (const m of out) {
    if (seen.has(m.target)) throw new ComposeInvalid(`${path}: duplicate mount target ${m.target}`);
    seen.add(m.target);
  }
  return out;
}

const CONDITIONS = new Set(["service_started", "service_healthy", "service_completed_successfully"]);

/**
 * `depends_on` in its list form, or its map form with `condition` and `required`.
 * @example parseDependsOn({ db: { condition: "service_healthy" } }, "services.web.depends_on", () => {}) // [{ service: "db", condition: "service_healthy", required: true }]
 */
export function parseDependsOn(v: unknown, path: string, warn: (path: string, message: string) => void): DependencySpec[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map((d, i) => ({ service: str(d, `${path}.${i}`), condition: "service_started", required: true }));
  if (!isObj(v)) return expected(path, "a list or a mapping", v);
  return Object.entries(v).map(([service, cfg]) => {
    const at = `${path}.${service}`;
    if (cfg !== null && cfg !== undefined && !isObj(cfg)) return expected(at, "a mapping", cfg);
    const o = cfg ?? {};
    for (const key of Object.keys(o)) {
      if (key === "restart") warn(`${at}.restart`, "not modelled by Dockside");
      else if (key !== "condition" && key !== "required" && !key.startsWith("x-"))
        throw new ComposeInvalid(`validating compose file: ${at} additional properties '${key}' not allowed`);
    }
    const condition = o.condition === undefined ? "service_started" : str(o.condition, `${at}.condition`);
    if (!CONDITIONS.has(condition))
      throw new ComposeInvalid(
        `validating compose file: ${at}.condition must be one of the following: "service_started", "service_healthy", "service_completed_successfully"`,
      );
    if (condition === "service_healthy") warn(`${at}.condition`, "health checks are not modelled by Dockside: the dependency counts as started");
    return {
      service,
      condition: condition as DependencySpec["condition"],
      required: o.required === undefined ? true : bool(o.required, `${at}.required`),
    };
  });
}

/**
 * The top-level `volumes:`: names (`name:`, else `<project>_<key>`; the key itself when external).
 * @example parseVolumes({ data: null }, "app", () => {})[0]?.name // "app_data"
 */
export function parseVolumes(v: unknown, project: string, warn: (path: string, message: string) => void): VolumeSpec[] {
  if (v === null || v === undefined) return [];
  if (!isObj(v)) return expected("volumes", "a mapping", v);
  return Object.entries(v).map(([key, cfg]) => {
    const path = `volumes.${key}`;
    if (cfg !== null && cfg !== undefined && !isObj(cfg)) return expected(path, "a mapping", cfg);
    const o = cfg ?? {};
    for (const k of Object.keys(o)) {
      if (k === "driver_opts") warn(`${path}.driver_opts`, "not modelled by Dockside");
      else if (!["name", "driver", "external", "labels"].includes(k) && !k.startsWith("x-"))
        throw new ComposeInvalid(`validating compose file: ${path} additional properties '${k}' not allowed`);
    }
    const external = o.external === undefined ? false : isObj(o.external) ? true : bool(o.external, `${path}.external`);
    if (external) {
      for (const k of Object.keys(o)) {
        if (k !== "external" && k !== "name" && !k.startsWith("x-"))
          throw new ComposeInvalid(`conflicting parameters "external" and "${k}" specified for volume "${key}"`);
      }
    }
    const extName = isObj(o.external) && o.external.name !== undefined ? str(o.external.name, `${path}.external.name`) : null;
    const name = o.name !== undefined ? str(o.name, `${path}.name`) : (extName ?? (external ? key : `${project}_${key}`));
    const labels: Record<string, string> = {};
    if (Array.isArray(o.labels))
      o.labels.forEach((l, i) => {
        const text = str(l, `${path}.labels.${i}`);
        const eq = text.indexOf("=");
        labels[eq < 0 ? text : text.slice(0, eq)] = eq < 0 ? "" : text.slice(eq + 1);
      });
    else if (isObj(o.labels)) for (const [k, x] of Object.entries(o.labels)) labels[k] = x === null ? "" : str(x, `${path}.labels.${k}`);
    return { key, name, external, driver: o.driver === undefined ? "local" : str(o.driver, `${path}.driver`), labels };
  });
}
