import { checkInvariants } from "./invariants";
import { type Doc, DocSchema, SCHEMA_VERSION } from "./schema";

/** Each entry lifts a document from version `n` to `n + 1`. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // 2 added VMs (`machines.*.vm`, `services`) and hypervisor networks; all optional, so a version-1
  // document only needs the (empty) network tables that newer code writes.
  1: (doc) => ({ natNetworks: {}, hostOnlyNetworks: {}, libvirtNetworks: {}, ...doc }),
};

type LoadResult = { ok: true; doc: Doc } | { ok: false; error: string };

/** Formats a zod issue path the way people read JSON: `containers.abc.ports[0].hostPort`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(document)";
}

/**
 * Validates and migrates a parsed JSON value into a current document.
 * @example loadDoc(JSON.parse(text)) // { ok: true, doc } or { ok: false, error: "networks.x.subnet: ..." }
 */
export function loadDoc(value: unknown): LoadResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: "a Dockside document is a JSON object" };
  }
  let raw = value as Record<string, unknown>;
  let version = raw.schemaVersion;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: "schemaVersion: expected a positive whole number" };
  }
  if (version > SCHEMA_VERSION) {
    return { ok: false, error: `schemaVersion: ${version} was written by a newer Dockside (this one reads up to ${SCHEMA_VERSION})` };
  }
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) return { ok: false, error: `schemaVersion: no migration from version ${version}` };
    raw = { ...step(raw), schemaVersion: version + 1 };
    version += 1;
  }
  const parsed = DocSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${formatPath(issue.path)}: ${issue.message}` : "invalid document" };
  }
  const problems = checkInvariants(parsed.data);
  if (problems.length > 0) return { ok: false, error: problems[0] ?? "invalid document" };
  return { ok: true, doc: parsed.data };
}

/** Parses JSON text and loads it; JSON syntax errors are reported, never thrown. */
export function parseDoc(text: string): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  return loadDoc(value);
}

export function serializeDoc(doc: Doc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
