/**
 * Several compose files merged as Compose v2 merges `-f a.yml -f b.yml`: mappings merged, later files
 * win for scalars, sequences appended, `command`/`entrypoint` replaced, `ports` and `volumes` kept
 * unique (volumes by target), and the map-or-list keys (`environment`, `labels`, `networks`,
 * `depends_on`...) merged by key in their expanded (mapping) form.
 */
import { parsePortShort } from "./ports";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

const REPLACED = new Set(["command", "entrypoint"]);

/** `KEY=VALUE` lists and mappings alike, as a mapping. */
function envMap(v: unknown): Obj | null {
  if (isObj(v)) return v;
  if (!Array.isArray(v)) return null;
  const out: Obj = {};
  for (const item of v) {
    if (typeof item !== "string") return null;
    const eq = item.indexOf("=");
    out[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? null : item.slice(eq + 1);
  }
  return out;
}

/** A list of names as a mapping of names to null (service `networks`), or to `{condition}` (`depends_on`). */
function namesMap(v: unknown, value: () => unknown): Obj | null {
  if (isObj(v)) return v;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) return null;
  return Object.fromEntries((v as string[]).map((n) => [n, value()]));
}

const BY_KEY: Record<string, (v: unknown) => Obj | null> = {
  environment: envMap,
  labels: envMap,
  annotations: envMap,
  sysctls: envMap,
  extra_hosts: envMap,
  networks: (v) => namesMap(v, () => null),
  depends_on: (v) => namesMap(v, () => ({ condition: "service_started" })),
};

function portKeys(entry: unknown): string[] {
  if (typeof entry === "string" || typeof entry === "number") {
    const parsed = parsePortShort(String(entry));
    if (typeof parsed === "string") return [`raw:${entry}`];
    return parsed.map((p) => `${p.hostIp}|${p.hostPort}|${p.containerPort}|${p.proto}`);
  }
  if (isObj(entry)) {
    const published = entry.published === undefined || entry.published === null ? "" : String(entry.published);
    return [`${entry.host_ip ?? ""}|${published}|${entry.target}|${String(entry.protocol ?? "tcp").toLowerCase()}`];
  }
  return [`raw:${JSON.stringify(entry)}`];
}

function mountTarget(entry: unknown): string | null {
  if (isObj(entry)) return typeof entry.target === "string" ? entry.target : null;
  if (typeof entry !== "string") return null;
  const parts = entry.split(":");
  return parts.length === 1 ? (parts[0] as string) : (parts[1] ?? null);
}

function mergePorts(base: unknown[], over: unknown[]): unknown[] {
  const seen = new Set(base.flatMap(portKeys));
  const out = [...base];
  for (const entry of over) {
    const keys = portKeys(entry);
    if (keys.every((k) => seen.has(k))) continue;
    for (const k of keys) seen.add(k);
    out.push(entry);
  }
  return out;
}

function mergeMounts(base: unknown[], over: unknown[]): unknown[] {
  const out = [...base];
  for (const entry of over) {
    const target = mountTarget(entry);
    const at = target === null ? -1 : out.findIndex((e) => mountTarget(e) === target);
    if (at >= 0) out[at] = entry;
    else out.push(entry);
  }
  return out;
}

function mergeValue(base: unknown, over: unknown, key: string, inService: boolean): unknown {
  if (over === undefined) return base;
  if (base === undefined || base === null) return over;
  if (inService && REPLACED.has(key)) return over;
  if (inService && key in BY_KEY) {
    const expand = BY_KEY[key] as (v: unknown) => Obj | null;
    const a = expand(base);
    const b = expand(over);
    if (a && b) return mergeMaps(a, b, false);
  }
  if (Array.isArray(base) && Array.isArray(over)) {
    if (inService && key === "ports") return mergePorts(base, over);
    if (inService && key === "volumes") return mergeMounts(base, over);
    return [...base, ...over];
  }
  if (isObj(base) && isObj(over)) return mergeMaps(base, over, false);
  return over;
}

function mergeMaps(base: Obj, over: Obj, services: boolean): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (services) out[k] = isObj(out[k]) && isObj(v) ? mergeService(out[k] as Obj, v) : v;
    else if (k === "healthcheck" && isObj(out[k]) && isObj(v)) out[k] = { ...(out[k] as Obj), ...v };
    else out[k] = mergeValue(out[k], v, k, false);
  }
  return out;
}

function mergeService(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeValue(out[k], v, k, true);
  return out;
}

/**
 * Merges the parsed top-level values of several compose files, first to last.
 * @example mergeComposeFiles([{ services: { web: { ports: ["80:80"] } } }, { services: { web: { ports: ["443:443"] } } }]) // { services: { web: { ports: ["80:80", "443:443"] } } }
 */
export function mergeComposeFiles(values: Obj[]): Obj {
  let out: Obj = {};
  for (const v of values) {
    const next: Obj = { ...out };
    for (const [k, x] of Object.entries(v)) {
      if (k === "services" && isObj(next.services) && isObj(x)) next.services = mergeMaps(next.services as Obj, x, true);
      else next[k] = mergeValue(next[k], x, k, false);
    }
    out = next;
  }
  return out;
}
