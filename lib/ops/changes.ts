/**
 * Document diffs, the generic inverse for undo. An op's inverse is a `doc.restore`: the record fields the op changed, each with
 * the value the op left (`from`) and the value it found (`to`). Diffing whole documents rather than
 * hand-writing an inverse per op kind gives back exactly the document the op found (addresses, host
 * ports and creation order included), works for op kinds added later, and lets the restore refuse when
 * someone changed one of those fields since, instead of overwriting their work.
 */
import type { Doc } from "../model";

export interface RestoreChange {
  /** Top-level key, then record id, field and sub-field: `["containers", id, "state"]`. */
  path: string[];
  /** What the path holds now (absent: nothing there). */
  from?: unknown;
  /** What to put back (absent: remove it). */
  to?: unknown;
}

/** Records are diffed down to this depth (`machines.<id>.engine.lastPort`); arrays are compared whole. */
const MAX_DEPTH = 4;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Structural equality of JSON values (key order ignored; an absent key equals an undefined one).
 * @example jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }) // true
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

function diffInto(a: unknown, b: unknown, path: string[], out: RestoreChange[]): void {
  // Documents come from immer, so untouched records are the same objects and cost nothing here.
  if (a === b) return;
  if (path.length < MAX_DEPTH && isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) diffInto(a[k], b[k], [...path, k], out);
    return;
  }
  if (jsonEqual(a, b)) return;
  const change: RestoreChange = { path };
  if (a !== undefined) change.from = a;
  if (b !== undefined) change.to = b;
  out.push(change);
}

/**
 * The changes that turn document `from` into document `to`, field by field.
 * @example diffDocs(doc, { ...doc, title: "Lab" }) // [{ path: ["title"], from: doc.title, to: "Lab" }]
 */
export function diffDocs(from: Doc, to: Doc): RestoreChange[] {
  const out: RestoreChange[] = [];
  const keys = new Set([...Object.keys(from), ...Object.keys(to)]);
  keys.delete("schemaVersion");
  for (const k of [...keys].sort()) {
    diffInto((from as Record<string, unknown>)[k], (to as Record<string, unknown>)[k], [k], out);
  }
  return out;
}

/**
 * The op that takes document `after` back to `before`, or null when they are equal.
 * @example restoreOp(after, before) // { type: "doc.restore", changes: [...] }
 */
export function restoreOp(after: Doc, before: Doc): { type: "doc.restore"; changes: RestoreChange[] } | null {
  const changes = diffDocs(after, before);
  return changes.length > 0 ? { type: "doc.restore", changes } : null;
}
