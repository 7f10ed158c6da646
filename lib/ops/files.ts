/**
 * The files family: writes, deletions and whiteouts in a stored file layer (a container's writable
 * layer, a volume's data or a machine's own files), bounded by the room's byte budget.
 */
import { isDraft, original } from "immer";
import { z } from "zod";
import { type Doc, FILE_BUDGET_BYTES, FileEntrySchema, FilePathSchema, LAYER_MAX_ENTRIES, layerBytes, storedBytes } from "../model";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { id } from "./fields";

const FILE_OPS = [
  /**
   * Changes one stored layer: each path gets its new entry, or null to drop the layer's own entry
   * (what the layers below hold shows through again). The owner is a container (its writable layer),
   * a volume (its data) or a machine (its own files).
   */
  z.strictObject({
    type: z.literal("files.set"),
    ownerId: id,
    entries: z
      .record(FilePathSchema, FileEntrySchema.nullable())
      .refine((e) => Object.keys(e).length <= LAYER_MAX_ENTRIES, `at most ${LAYER_MAX_ENTRIES} entries`),
  }),
] as const;

type OpOf<T extends string> = OpIn<typeof FILE_OPS, T>;

/** Whether a layer's owner is there: a container, volume or machine, or a running container's tmpfs. */
function ownerExists(doc: Doc, owner: string): boolean {
  if (owner.startsWith("tmpfs:")) return doc.containers[owner.slice(6)]?.state === "running";
  return Boolean(doc.containers[owner] ?? doc.volumes?.[owner] ?? doc.machines[owner]);
}

/** Applies `files.set`; "No space left on device" when the room's stored bytes would pass the budget. */
function setFiles(doc: Doc, op: OpOf<"files.set">): void {
  if (!ownerExists(doc, op.ownerId)) fail("files.owner", `no container, volume or machine ${op.ownerId}`);
  doc.files ??= {};
  const layer = doc.files[op.ownerId] ?? {};
  const before = layerBytes(layer);
  for (const [path, entry] of Object.entries(op.entries)) {
    if (entry === null) delete layer[path];
    else layer[path] = entry;
  }
  if (Object.keys(layer).length > LAYER_MAX_ENTRIES) fail("files.entries", `too many files in one layer (at most ${LAYER_MAX_ENTRIES})`);
  doc.files[op.ownerId] = layer;
  if (Object.keys(layer).length === 0) delete doc.files[op.ownerId];
  if (Object.keys(doc.files).length === 0) delete doc.files;
  const after = layerBytes(layer);
  // The rest of the room is counted on the document the op started from: reading it through the
  // draft would make a proxy of every layer.
  if (after > before && storedBytes(baseOf(doc)) - before + after > FILE_BUDGET_BYTES) fail("files.no-space", "No space left on device");
}

function baseOf(doc: Doc): Doc {
  return isDraft(doc) ? (original(doc) as Doc) : doc;
}

/**
 * The layers whose container, volume or machine is gone (rm, volume rm, machine removal), and the
 * tmpfs of stopped containers. Read on a finished (not draft) document: it costs a lookup per layer.
 */
export function orphanLayers(doc: Doc): string[] {
  return Object.keys(doc.files ?? {}).filter((owner) => !ownerExists(doc, owner));
}

/** Drops the layers `orphanLayers` names. */
export function dropLayers(doc: Doc, owners: string[]): void {
  for (const owner of owners) delete doc.files?.[owner];
  if (doc.files && Object.keys(doc.files).length === 0) delete doc.files;
}

export const filesFamily = defineFamily("files", FILE_OPS, { "files.set": setFiles });
