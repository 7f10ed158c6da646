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
  /** Files a COPY/ADD step added: path -> content. */
  files: z
    .record(z.string().max(4096), z.string().max(1_000_000))
    .refine((m) => Object.keys(m).length <= 2000, "at most 2000 files in a layer")
    .optional(),
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
