/**
 * The images an engine holds locally (`docker images`): pulled from the world's registries, built or
 * loaded. Each engine has its own; a fresh engine has none.
 */
import { z } from "zod";

const text = z.string().max(4096);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 hex digits");

export const ImageConfigSchema = z.strictObject({
  User: z.string().max(255),
  Env: z.array(text).max(256),
  Entrypoint: z.array(text).max(256).nullable(),
  Cmd: z.array(text).max(256).nullable(),
  WorkingDir: z.string().max(4096),
  ExposedPorts: z.array(z.string().max(16)).max(256),
  Volumes: z.array(z.string().max(4096)).max(64),
  StopSignal: z.string().max(16),
  Labels: z.record(z.string().max(200), z.string().max(1000)).refine((m) => Object.keys(m).length <= 64, "at most 64 labels"),
});

export const HistoryEntrySchema = z.strictObject({
  createdBy: z.string().max(8192),
  size: z.number().int().min(0),
  empty: z.boolean(),
  created: z.number(),
  comment: z.string().max(200).optional(),
  layer: hex64.optional(),
  simulated: z.boolean().optional(),
  /** Files the step added or changed (COPY/ADD, a RUN's writes, `docker commit`): path -> content. */
  files: z
    .record(z.string().max(4096), z.string().max(1_000_000))
    .refine((m) => Object.keys(m).length <= 2000, "at most 2000 files in a layer")
    .optional(),
  /** Symbolic links the step made: path -> target. */
  links: z
    .record(z.string().max(4096), z.string().max(4096))
    .refine((m) => Object.keys(m).length <= 2000, "at most 2000 links in a layer")
    .optional(),
  /** Directories the step made. */
  dirs: z.array(z.string().max(4096)).max(2000).optional(),
  /** Paths the step deleted from the layers below (the whiteouts of its layer). */
  deleted: z.array(z.string().max(4096)).max(2000).optional(),
});

export const ImageSchema = z.strictObject({
  /** Record key: derived from the machine and the image id (the same image lives on many engines). */
  id: z.string().min(1).max(80),
  machineId: z.string().min(1).max(80),
  /** The image id (the config digest), 64 hex digits. */
  imageId: hex64,
  /** `nginx:latest`, `localhost:5000/app:1.0` */
  repoTags: z.array(z.string().min(1).max(255)).max(64),
  /** `nginx@sha256:...`: set for images pulled from a registry or pushed to one. */
  repoDigests: z.array(z.string().min(1).max(400)).max(64),
  /** The image a legacy build step started from ("" for a pulled image). */
  parent: z.string().max(64),
  created: z.number(),
  comment: z.string().max(200),
  config: ImageConfigSchema,
  /** Bottom to top; the rows that are not `empty` are the layers. */
  history: z.array(HistoryEntrySchema).max(512),
  /** Catalog image the image's root file system came from (what its containers run like), if any. */
  base: z.string().max(128).optional(),
  order: z.number().int(),
});

export type ImageRecord = z.infer<typeof ImageSchema>;
export type ImageConfigRecord = z.infer<typeof ImageConfigSchema>;

/** What an image's own layers hold over its base image's tree, folded bottom to top. */
export interface LayeredFiles {
  files: Map<string, string>;
  links: Map<string, string>;
  dirs: Set<string>;
  /** Paths deleted from the base image's tree (and everything under them). */
  deleted: Set<string>;
}

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/**
 * Folds the history's layers in order: a later layer's file replaces an earlier one, and a deletion
 * removes what the layers below put at or under that path.
 * @example layeredFiles([{ files: { "/a": "1" } }, { deleted: ["/a"] }]).files.size // 0
 */
export function layeredFiles(history: readonly Pick<z.infer<typeof HistoryEntrySchema>, "files" | "links" | "dirs" | "deleted">[]): LayeredFiles {
  const out: LayeredFiles = { files: new Map(), links: new Map(), dirs: new Set(), deleted: new Set() };
  for (const h of history) {
    for (const gone of h.deleted ?? []) {
      for (const m of [out.files, out.links]) for (const p of [...m.keys()]) if (under(p, gone)) m.delete(p);
      for (const p of [...out.dirs]) if (under(p, gone)) out.dirs.delete(p);
      out.deleted.add(gone);
    }
    for (const p of h.dirs ?? []) {
      out.dirs.add(p);
      out.deleted.delete(p);
    }
    for (const [p, data] of Object.entries(h.files ?? {})) {
      out.files.set(p, data);
      out.links.delete(p);
      out.deleted.delete(p);
    }
    for (const [p, target] of Object.entries(h.links ?? {})) {
      out.links.set(p, target);
      out.files.delete(p);
      out.deleted.delete(p);
    }
  }
  return out;
}
