/**
 * What a registry:2 container keeps: its filesystem storage driver's tree under /var/lib/registry
 * (blobs by digest, repositories linking to them, tags naming manifests), read and written through the
 * container's own file system. So the repositories live in its volume: they survive a new container
 * on the same volume and go with the volume, as a real registry's do, and count against the room's
 * file budget.
 */
import { z } from "zod";
import { digest64, HistoryEntrySchema, IMAGE_CATALOG, type ImageConfigRecord, ImageConfigSchema, type ImageRecord } from "../../model";
import { layerChain } from "../../ops";
import { ERRNO_TEXT, type Vfs } from "../fs/vfs";
import { rfc3339Nano } from "./networkread";

const ROOT = "/var/lib/registry/docker/registry/v2";
const MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
const CONFIG_TYPE = "application/vnd.docker.container.image.v1+json";
const LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip";

/** The compressed blob a layer is pushed and pulled as (what `docker pull` names a layer by). */
const layerBlob = (diffId: string): string => digest64(`blob/${diffId}`);

const blobPath = (hex: string) => `${ROOT}/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`;
export const repoDir = (name: string): string => `${ROOT}/repositories/${name}`;
const layerLink = (name: string, hex: string) => `${repoDir(name)}/_layers/sha256/${hex}/link`;
const tagLink = (name: string, tag: string) => `${repoDir(name)}/_manifests/tags/${tag}/current/link`;

function readText(fs: Vfs, path: string): string | null {
  const r = fs.read(path);
  return typeof r === "string" ? null : r.text;
}

/** Writes a file, making the directories above it (`mkdir -p`); the error text, or null. */
function put(fs: Vfs, path: string, data: string): string | null {
  const parts = path.split("/").slice(1, -1);
  let dir = "";
  for (const p of parts) {
    dir += `/${p}`;
    if (fs.stat(dir)?.t === "d") continue;
    const e = fs.mkdir(dir);
    if (e) return ERRNO_TEXT[e];
  }
  const e = fs.write(path, data);
  return e ? ERRNO_TEXT[e] : null;
}

/** The registry's repositories (directories holding `_layers`), in name order, as its catalog walks them. */
export function repositories(fs: Vfs): string[] {
  const found: string[] = [];
  const walk = (dir: string, name: string, depth: number) => {
    const kids = fs.list(dir);
    if (typeof kids === "string" || depth > 8) return;
    if (kids.includes("_layers")) found.push(name);
    for (const k of kids) if (!k.startsWith("_")) walk(`${dir}/${k}`, name ? `${name}/${k}` : k, depth + 1);
  };
  walk(`${ROOT}/repositories`, "", 0);
  return found.sort();
}

/** Repositories of the registry holding the blob (`_layers` links), in name order. */
function reposWithBlob(fs: Vfs, hex: string): string[] {
  return repositories(fs).filter((name) => fs.stat(layerLink(name, hex)) !== undefined);
}

/** Go's `json.MarshalIndent(v, "", "   ")`, which the daemon uses for schema 2 manifests. */
const indent3 = (v: unknown): string => JSON.stringify(v, null, 3);

/** A layer's blob: what Dockside keeps of its tar (its size, and what the step changed in the file tree). */
const LayerBlobSchema = HistoryEntrySchema.pick({ size: true, files: true, links: true, dirs: true, deleted: true, simulated: true }).extend({
  diffId: z.string().regex(/^[0-9a-f]{64}$/),
});
type LayerBlob = z.infer<typeof LayerBlobSchema>;

/** A history row's layer as its blob keeps it. */
function layerBlobOf(h: ImageRecord["history"][number]): LayerBlob {
  const { size, files, links, dirs, deleted, simulated } = h;
  return { diffId: h.layer as string, size, files, links, dirs, deleted, simulated };
}

const ConfigBlobSchema = z.object({
  created: z.string().max(64),
  comment: z.string().max(200).optional(),
  config: z.object({
    User: z.string(),
    Env: z.array(z.string()),
    Entrypoint: z.array(z.string()).nullable(),
    Cmd: z.array(z.string()).nullable(),
    WorkingDir: z.string(),
    ExposedPorts: z.record(z.string(), z.unknown()).optional(),
    Volumes: z.record(z.string(), z.unknown()).optional(),
    StopSignal: z.string().optional(),
    Labels: z.record(z.string(), z.string()).nullable().optional(),
  }),
  history: z.array(z.object({ created: z.string(), created_by: z.string(), empty_layer: z.boolean().optional(), comment: z.string().optional() })).max(512),
  rootfs: z.object({ type: z.literal("layers"), diff_ids: z.array(z.string()).max(512) }),
});

function configBlob(image: ImageRecord): string {
  const c = image.config;
  return JSON.stringify({
    architecture: "amd64",
    comment: image.comment,
    config: {
      User: c.User,
      Env: c.Env,
      Entrypoint: c.Entrypoint,
      Cmd: c.Cmd,
      WorkingDir: c.WorkingDir,
      ...(c.ExposedPorts.length > 0 ? { ExposedPorts: Object.fromEntries(c.ExposedPorts.map((p) => [p, {}])) } : {}),
      ...(c.Volumes.length > 0 ? { Volumes: Object.fromEntries(c.Volumes.map((p) => [p, {}])) } : {}),
      ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}),
      Labels: Object.keys(c.Labels).length > 0 ? c.Labels : null,
    },
    created: rfc3339Nano(image.created),
    history: image.history.map((h) => ({
      created: rfc3339Nano(h.created),
      created_by: h.createdBy,
      ...(h.comment ? { comment: h.comment } : {}),
      ...(h.empty ? { empty_layer: true } : {}),
    })),
    os: "linux",
    rootfs: { type: "layers", diff_ids: layerChain(image).diffIds.map((d) => `sha256:${d}`) },
  });
}

/** The schema 2 manifest of an image, as the daemon pushes it, and its digest. */
function manifestOf(image: ImageRecord): { text: string; digest: string } {
  const config = configBlob(image);
  const layers = image.history.filter((h) => !h.empty && h.layer);
  const text = indent3({
    schemaVersion: 2,
    mediaType: MANIFEST_TYPE,
    config: { mediaType: CONFIG_TYPE, size: config.length, digest: `sha256:${image.imageId}` },
    layers: layers.map((h) => ({ mediaType: LAYER_TYPE, size: h.size, digest: `sha256:${layerBlob(h.layer as string)}` })),
  });
  return { text, digest: digest64(`manifest/${text}`) };
}

type LayerStatus = "Pushed" | "Layer already exists" | `Mounted from ${string}`;

interface Pushed {
  /** Per layer, top to bottom as the CLI lists them: the diff id's short form and what happened. */
  layers: { id: string; status: LayerStatus }[];
  digest: string;
  size: number;
}

/**
 * Stores `image` as `name:tag` in the registry's tree. `known` are repositories of this registry the
 * pushing engine has pulled from or pushed to: a layer already there is mounted from one of them
 * rather than uploaded again. The error text when the registry cannot store it (its disk is full).
 */
export function pushToStore(fs: Vfs, name: string, tag: string, image: ImageRecord, known: ReadonlySet<string>): Pushed | string {
  const layers: Pushed["layers"] = [];
  const rows = image.history.filter((h) => !h.empty && h.layer).reverse();
  for (const h of rows) {
    const diffId = h.layer as string;
    const blob = layerBlob(diffId);
    let status: LayerStatus = "Pushed";
    if (fs.stat(layerLink(name, blob))) status = "Layer already exists";
    else {
      const from = reposWithBlob(fs, blob).filter((r) => known.has(r));
      if (from.length > 0) status = `Mounted from ${from.at(-1)}`;
      else if (!fs.stat(blobPath(blob))) {
        const data = JSON.stringify(layerBlobOf(h));
        const e = put(fs, blobPath(blob), data);
        if (e) return e;
      }
      const e = put(fs, layerLink(name, blob), `sha256:${blob}`);
      if (e) return e;
    }
    layers.push({ id: diffId.slice(0, 12), status });
  }
  const manifest = manifestOf(image);
  const writes: [string, string][] = [
    [blobPath(image.imageId), configBlob(image)],
    [layerLink(name, image.imageId), `sha256:${image.imageId}`],
    [blobPath(manifest.digest), manifest.text],
    [`${repoDir(name)}/_manifests/revisions/sha256/${manifest.digest}/link`, `sha256:${manifest.digest}`],
    [tagLink(name, tag), `sha256:${manifest.digest}`],
    [`${repoDir(name)}/_manifests/tags/${tag}/index/sha256/${manifest.digest}/link`, `sha256:${manifest.digest}`],
  ];
  for (const [path, data] of writes) {
    const e = put(fs, path, data);
    if (e) return e;
  }
  return { layers, digest: manifest.digest, size: manifest.text.length };
}

/** What a pull reads back: the image's record fields, and the manifest digest the tag names. */
interface Stored {
  digest: string;
  imageId: string;
  created: number;
  comment: string;
  config: ImageConfigRecord;
  history: ImageRecord["history"];
  /** The catalog image whose layers it starts with (what its containers run like). */
  base?: string;
}

const HEX = /^sha256:([0-9a-f]{64})$/;

function json(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads `name:tag` back from the registry's tree: the image as it was pushed, or the daemon's error
 * (an unknown tag, or blobs that do not hold what the manifest says).
 */
export function pullFromStore(fs: Vfs, name: string, tag: string, refText: string): Stored | string {
  const unknown = `manifest for ${refText} not found: manifest unknown: manifest unknown`;
  const digest = HEX.exec(readText(fs, tagLink(name, tag))?.trim() ?? "")?.[1];
  if (!digest) return unknown;
  const manifest = z
    .object({ config: z.object({ digest: z.string() }), layers: z.array(z.object({ digest: z.string() })).max(512) })
    .safeParse(json(readText(fs, blobPath(digest))));
  if (!manifest.success) return unknown;
  const imageId = HEX.exec(manifest.data.config.digest)?.[1];
  const config = ConfigBlobSchema.safeParse(json(imageId ? readText(fs, blobPath(imageId)) : null));
  if (!imageId || !config.success) return `error pulling image configuration: image config verification failed for digest ${manifest.data.config.digest}`;
  const layers: LayerBlob[] = [];
  for (const l of manifest.data.layers) {
    const hex = HEX.exec(l.digest)?.[1] ?? "";
    const blob = LayerBlobSchema.safeParse(json(readText(fs, blobPath(hex))));
    if (!blob.success || layerBlob(blob.data.diffId) !== hex) return `filesystem layer verification failed for digest ${l.digest}`;
    layers.push(blob.data);
  }
  return rebuild(digest, imageId, config.data, layers);
}

function rebuild(digest: string, imageId: string, c: z.infer<typeof ConfigBlobSchema>, layers: LayerBlob[]): Stored | string {
  const history: ImageRecord["history"] = [];
  let next = 0;
  for (const h of c.history) {
    const created = Date.parse(h.created) || 0;
    if (h.empty_layer) {
      history.push({ createdBy: h.created_by, size: 0, empty: true, created, ...(h.comment ? { comment: h.comment } : {}) });
      continue;
    }
    const l = layers[next++];
    if (!l) return `error pulling image configuration: image config verification failed for digest sha256:${imageId}`;
    const { diffId, ...changes } = l;
    history.push({ createdBy: h.created_by, empty: false, created, layer: diffId, ...(h.comment ? { comment: h.comment } : {}), ...changes });
  }
  const k = c.config;
  const config = ImageConfigSchema.safeParse({
    User: k.User,
    Env: k.Env,
    Entrypoint: k.Entrypoint,
    Cmd: k.Cmd,
    WorkingDir: k.WorkingDir,
    ExposedPorts: Object.keys(k.ExposedPorts ?? {}),
    Volumes: Object.keys(k.Volumes ?? {}),
    StopSignal: k.StopSignal ?? "",
    Labels: k.Labels ?? {},
  });
  const rows = z.array(HistoryEntrySchema).max(512).safeParse(history);
  if (!config.success || !rows.success) return `error pulling image configuration: image config verification failed for digest sha256:${imageId}`;
  const base = catalogBase(rows.data);
  return { digest, imageId, created: Date.parse(c.created) || 0, comment: c.comment ?? "", config: config.data, history: rows.data, ...(base ? { base } : {}) };
}

/** The catalog image whose layers are the longest prefix of these (an image built on nginx is nginx's). */
function catalogBase(history: ImageRecord["history"]): string | undefined {
  const own = history.filter((h) => !h.empty && h.layer).map((h) => h.layer);
  let best: string | undefined;
  let bestLength = 0;
  for (const [key, entry] of IMAGE_CATALOG) {
    const layers = entry.history.filter((h) => !h.empty && h.layer).map((h) => h.layer);
    if (layers.length > bestLength && layers.length <= own.length && layers.every((l, i) => own[i] === l)) {
      best = key;
      bestLength = layers.length;
    }
  }
  return best;
}
