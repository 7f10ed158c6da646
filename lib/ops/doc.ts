/**
 * The doc family: ops on the document as a whole (its title, replacing it, and `doc.restore`, which
 * undo sends; see restore.ts and changes.ts).
 */
import { z } from "zod";
import { type Doc, DocSchema } from "../model";
import { defineFamily } from "./family";
import { restoreDoc } from "./restore";

// File paths of stored layers are keys too (`files.<owner>./etc/app.conf`).
const pathKey = z
  .string()
  .min(1)
  .max(1024)
  .refine((k) => k !== "__proto__" && k !== "constructor" && k !== "prototype", "not a document key");
const RestoreChangeSchema = z.strictObject({ path: z.array(pathKey).min(1).max(4), from: z.unknown().optional(), to: z.unknown().optional() });

const DOC_OPS = [
  z.strictObject({ type: z.literal("doc.setTitle"), title: z.string().max(200) }),
  /** The whole document at once: a teacher resetting a class room, or a learner loading a revealed solution. */
  z.strictObject({ type: z.literal("doc.replace"), doc: DocSchema }),
  /** Undo: puts fields back where they still hold what the undone op left (see lib/ops/changes.ts). */
  z.strictObject({ type: z.literal("doc.restore"), changes: z.array(RestoreChangeSchema).min(1).max(20_000) }),
] as const;

function setTitle(doc: Doc, op: { title: string }): void {
  doc.title = op.title;
}

function replace(doc: Doc, op: { doc: Doc }): void {
  // The draft is the root, so it cannot be reassigned: empty it and copy the new document in.
  for (const k of Object.keys(doc)) delete (doc as Record<string, unknown>)[k];
  Object.assign(doc, structuredClone(op.doc));
}

export const docFamily = defineFamily("doc", DOC_OPS, {
  "doc.setTitle": setTitle,
  "doc.replace": replace,
  "doc.restore": restoreDoc,
});
