/**
 * What the canvas's gestures share: a free name for a new record (a container or network, as Docker
 * allows; a machine or LAN, for the machine palette), the inspector's ports field read as `-p` reads it,
 * and a dry run of ops before they are sent (the palette's run goes through `addContainer.ts`).
 */
import { type Doc, parseIp } from "@/lib/model";
import type { Op, PortRequest } from "@/lib/ops";
import { apply, parsePortSpec } from "@/lib/ops";

/** The host addresses `docker run -p` accepts (as the shell's own check), without loading the shell. */
const isHostIp = (text: string): boolean => parseIp(text) !== null || text === "::" || text === "::1";

/** A name Docker would accept and nobody on the machine uses yet: `web`, `web-2`, ... */
export function freeName(doc: Doc, machineId: string, base: string, kind: "container" | "network"): string {
  const clean = base.replace(/[^a-zA-Z0-9_.-]/g, "-").replace(/^[^a-zA-Z0-9]+/, "") || kind;
  const taken = new Set(
    (kind === "container" ? Object.values(doc.containers) : Object.values(doc.networks)).filter((r) => r.machineId === machineId).map((r) => r.name),
  );
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}-${i}`)) return `${clean}-${i}`;
}

/** A machine or LAN name nobody uses yet: `pc2`, `pc3`, ... */
export function freeMachineName(doc: Doc, base: string, kind: "machine" | "lan"): string {
  const taken = new Set((kind === "lan" ? Object.values(doc.lans) : Object.values(doc.machines)).map((r) => r.name));
  if (!taken.has(base)) return base;
  const stem = base.replace(/\d+$/, "");
  for (let i = 2; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}

/**
 * Parses the inspector's ports field (`8080:80, 127.0.0.1:8081:80/udp`) with the same port-spec
 * parser as the shell's `-p`, so a mistake reads as Docker would word it.
 * @example parsePorts("8080:80") // { ok: true, ports: [{ hostIp: "", hostPort: "8080", containerPort: 80, proto: "tcp" }] }
 */
export function parsePorts(text: string): { ok: true; ports: PortRequest[] } | { ok: false; error: string } {
  const ports: PortRequest[] = [];
  for (const spec of text.split(/[\s,]+/).filter(Boolean)) {
    const parsed = parsePortSpec(spec, isHostIp);
    if (typeof parsed === "string") return { ok: false, error: parsed };
    ports.push(...parsed);
  }
  return { ok: true, ports };
}

/** Runs the ops against a copy first: all of them apply, or the first refusal is returned and nothing is sent. */
export function dryRun(doc: Doc, ops: readonly Op[]): { ok: true } | { ok: false; error: string } {
  let d = doc;
  for (const op of ops) {
    const r = apply(d, op);
    if (!r.ok) return { ok: false, error: r.error };
    d = r.doc;
  }
  return { ok: true };
}
