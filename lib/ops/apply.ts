/**
 * `applyOp(draft, op)`: the one place a document changes. It dispatches to the op's family (families.ts),
 * whose handler checks what the Docker daemon checks and refuses with the daemon's own words, so the
 * terminal, the canvas and the server agree on every error.
 */
import { produce } from "immer";
import { checkChange, type Doc, shortId } from "../model";
import { OpError } from "./errors";
import { FAMILIES } from "./families";
import { dropLayers, orphanLayers } from "./files";
import { syncGwbridges } from "./gwbridge";
import { moveFast } from "./layout";
import { type Op, OpSchema } from "./schema";

export { OpError } from "./errors";

export type ApplyResult = { ok: true; doc: Doc } | { ok: false; code: string; error: string };

type Handler = (doc: Doc, op: Op) => void;

/** Every op type's handler, from every family; a type claimed by two families is a mistake caught at load. */
const HANDLERS: ReadonlyMap<string, Handler> = (() => {
  const table = new Map<string, Handler>();
  for (const family of FAMILIES) {
    for (const [type, handler] of Object.entries(family.handlers)) {
      if (table.has(type)) throw new Error(`op ${type} is declared by two families (the second is ${family.name})`);
      table.set(type, handler as Handler);
    }
  }
  return table;
})();

/**
 * Applies one op to an immer draft (or a plain object), throwing `OpError` with Docker's message when
 * the daemon would refuse it.
 */
export function applyOp(doc: Doc, op: Op): void {
  const handler = HANDLERS.get(op.type);
  if (!handler) throw new OpError("op.unknown", `no handler for op ${op.type}`);
  handler(doc, op);
}

/**
 * Validates `op` (schema, then the daemon's checks, then the document's invariants) and returns the
 * new document, or the reason it was refused. The input document is never changed.
 * @example apply(doc, { type: "network.remove", networkId: bridgeId }) // { ok: false, error: "bridge is a pre-defined network and cannot be removed" }
 */
export function apply(doc: Doc, op: unknown): ApplyResult {
  const parsed = OpSchema.safeParse(op);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "op";
    return { ok: false, code: "op.invalid", error: `${where}: ${issue?.message ?? "invalid op"}` };
  }
  return applyValid(doc, parsed.data);
}

function hasOverlay(doc: Doc): boolean {
  for (const n of Object.values(doc.networks)) if (n.driver === "overlay") return true;
  return false;
}

/**
 * `apply` for an op already validated against `OpSchema` (the server's event schemas do that on
 * arrival), so a busy room does not parse every op twice.
 */
export function applyValid(doc: Doc, op: Op): ApplyResult {
  if (op.type === "layout.move" || op.type === "layout.moveMany") return moveFast(doc, op);
  try {
    let next = produce(doc, (draft) => {
      applyOp(draft as Doc, op);
    });
    // A container, volume or machine that is gone takes its stored files with it.
    const orphans = next !== doc && next.files ? orphanLayers(next) : [];
    if (orphans.length > 0) next = produce(next, (draft) => dropLayers(draft as Doc, orphans));
    // Only a document with an overlay (before or after the op) can have docker_gwbridge endpoints to change.
    if (next !== doc && (hasOverlay(doc) || hasOverlay(next))) next = syncGwbridges(next, doc);
    if (next !== doc) {
      const problems = checkChange(doc, next);
      if (problems.length > 0) return { ok: false, code: "doc.invariant", error: problems[0] as string };
    }
    return { ok: true, doc: next };
  } catch (err) {
    if (err instanceof OpError) return { ok: false, code: err.code, error: err.message };
    return { ok: false, code: "op.failed", error: (err as Error).message };
  }
}

export { shortId };
