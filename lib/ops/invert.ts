/**
 * The ops that undo an op. By default the inverse is the document diff (changes.ts): a `doc.restore`
 * of the fields the op changed. A family may declare its own inverse for an op type (family.ts).
 */
import type { Doc } from "../model";
import { apply } from "./apply";
import { restoreOp } from "./changes";
import { FAMILIES } from "./families";
import type { Op } from "./schema";

export { diffDocs, jsonEqual, type RestoreChange, restoreOp } from "./changes";

type Inverse = (before: Doc, op: Op) => Op[];

const INVERSES: ReadonlyMap<string, Inverse> = new Map(
  FAMILIES.flatMap((f) => Object.entries((f as { inverses?: Record<string, unknown> }).inverses ?? {})).map(([t, inv]) => [t, inv as Inverse]),
);

/**
 * The ops that undo `op`, computed against the document it applied to: applying `op` and then these
 * gives back a document equal to `docBefore`. An op that changes nothing, or that `docBefore` refuses,
 * has no inverse (an empty list).
 * @example invertOp(doc, { type: "doc.setTitle", title: "Lab" }) // [{ type: "doc.restore", changes: [{ path: ["title"], from: "Lab", to: doc.title }] }]
 */
export function invertOp(docBefore: Doc, op: Op): Op[] {
  const r = apply(docBefore, op);
  if (!r.ok) return [];
  const own = INVERSES.get(op.type);
  if (own) return own(docBefore, op);
  const back = restoreOp(r.doc, docBefore);
  return back ? [back] : [];
}
