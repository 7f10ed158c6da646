/**
 * Stored file layers: a container's writable layer (copy-on-write over its image, with whiteouts for
 * what it deleted), a volume's data and a machine's own files. One layer maps absolute paths to
 * entries. Layers live in `Doc.files` keyed by their owner's id and stay out of `resolve`'s path.
 */
import { z } from "zod";

/** Every stored file byte of a room together: more gets "No space left on device" (the server enforces it too). */
export const FILE_BUDGET_BYTES = 4 * 1024 * 1024;
/** One file's largest size. */
const FILE_MAX_BYTES = 1024 * 1024;
/** Entries of one layer. */
export const LAYER_MAX_ENTRIES = 4096;
const PATH_MAX = 1024;

const mode = z.number().int().min(0).max(0o7777);
const mtime = z.number().finite().min(0);
/** An owner's uid or gid; absent: root's (0), as every image file is. */
const ownerId = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .optional();

/**
 * `f` a regular file, `d` a directory (`opaque`: made after the lower one was deleted, so the image's
 * entries below it are hidden), `l` a symbolic link, `w` a whiteout (deleted from the layers below).
 * `uid`/`gid`: who owns it, when not root (written by `docker exec -u 1000` or a container's `-u`).
 */
export const FileEntrySchema = z.discriminatedUnion("t", [
  z.strictObject({ t: z.literal("f"), data: z.string().max(FILE_MAX_BYTES), mode, mtime, uid: ownerId, gid: ownerId }),
  z.strictObject({ t: z.literal("d"), mode, mtime, opaque: z.literal(true).optional(), uid: ownerId, gid: ownerId }),
  z.strictObject({ t: z.literal("l"), target: z.string().min(1).max(PATH_MAX), mtime, uid: ownerId, gid: ownerId }),
  z.strictObject({ t: z.literal("w") }),
]);

/** A normalised absolute path: `/`, then names without `.`, `..` or empty parts. */
export const FilePathSchema = z
  .string()
  .min(2)
  .max(PATH_MAX)
  .refine(
    (p) =>
      p.startsWith("/") &&
      p
        .split("/")
        .slice(1)
        .every((n) => n !== "" && n !== "." && n !== ".."),
    "expected a normalised absolute path",
  );

export const FileLayerSchema = z
  .record(FilePathSchema, FileEntrySchema)
  .refine((l) => Object.keys(l).length <= LAYER_MAX_ENTRIES, `at most ${LAYER_MAX_ENTRIES} entries`);

/**
 * The stored layer that holds a running container's tmpfs mounts (keyed by their paths inside it).
 * @example tmpfsOwner("3b6f...") // "tmpfs:3b6f..."
 */
export function tmpfsOwner(containerId: string): string {
  return `tmpfs:${containerId}`;
}

export type FileEntry = z.infer<typeof FileEntrySchema>;
export type FileLayer = z.infer<typeof FileLayerSchema>;

/**
 * Bytes a layer stores (file contents and link targets).
 * @example layerBytes({ "/tmp/x": { t: "f", data: "hi\n", mode: 0o644, mtime: 0 } }) // 3
 */
export function layerBytes(layer: FileLayer | undefined): number {
  let n = 0;
  for (const e of Object.values(layer ?? {})) {
    if (e.t === "f") n += e.data.length;
    else if (e.t === "l") n += e.target.length;
  }
  return n;
}

/** An image history row as far as stored bytes go. */
interface StoredRow {
  createdBy: string;
  created: number;
  layer?: string;
  files?: Record<string, string>;
  links?: Record<string, string>;
}

/**
 * Bytes the images' own layers store (COPY, RUN, `docker commit`), each layer once however many
 * images (a build's steps, tags, children) share it.
 * @example imageBytes([{ history: [{ createdBy: "COPY", created: 0, layer: "ab", files: { "/a": "hi" } }] }]) // 2
 */
export function imageBytes(images: Iterable<{ history: readonly StoredRow[] }>): number {
  const seen = new Set<string>();
  let n = 0;
  for (const image of images) {
    for (const h of image.history) {
      if (!h.files && !h.links) continue;
      const key = h.layer ?? `${h.createdBy}@${h.created}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const d of Object.values(h.files ?? {})) n += d.length;
      for (const t of Object.values(h.links ?? {})) n += t.length;
    }
  }
  return n;
}

/**
 * Bytes every layer of a document stores: file layers and the images' own layers.
 * @example storedBytes({ files: {} }) // 0
 */
export function storedBytes(doc: { files?: Record<string, FileLayer>; images?: Record<string, { history: readonly StoredRow[] }> }): number {
  let n = imageBytes(Object.values(doc.images ?? {}));
  for (const l of Object.values(doc.files ?? {})) n += layerBytes(l);
  return n;
}
