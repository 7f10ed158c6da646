/**
 * The image op family: pulls from the world's registries, tags, removals and prunes of an engine's
 * local images, and images an engine made itself (build, load). The daemon's refusals come with its
 * own words (`conflict: unable to delete ...`).
 */
import { isDraft, original } from "immer";
import { z } from "zod";
import { type Doc, digest64, FILE_BUDGET_BYTES, IMAGE_CATALOG, type ImageRecord, ImageSchema, imageBytes, storedBytes } from "../model";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { at, id } from "./fields";
import { findImage, imageChildren, imageKeyOn, imagesOn, imageUsers, namesById, parseRef, type Ref, refText } from "./image-refs";

const refString = z.string().min(1).max(400);

const IMAGE_OPS = [
  /** `docker pull` (and the pull `docker run` does): the image comes from the registry the reference names. */
  z.strictObject({ type: z.literal("image.pull"), machineId: id, ref: refString, at }),
  z.strictObject({ type: z.literal("image.tag"), machineId: id, source: refString, target: refString }),
  /** `docker rmi`: untags, then deletes the image and its untagged parents when nothing uses them. */
  z.strictObject({ type: z.literal("image.remove"), machineId: id, ref: refString, force: z.boolean() }),
  /** `docker image prune [-a]`: dangling images, or every image no container uses. */
  z.strictObject({ type: z.literal("image.prune"), machineId: id, all: z.boolean() }),
  /** An image the engine made: a build step, `docker load`, `docker commit`. */
  z.strictObject({
    type: z.literal("image.add"),
    machineId: id,
    imageId: z.string().regex(/^[0-9a-f]{64}$/),
    tags: z.array(refString).max(64),
    ...ImageSchema.pick({ parent: true, created: true, comment: true, config: true, history: true, base: true }).shape,
    /** `HOST/repo@sha256:...`: set for an image pulled from a registry. */
    digests: z.array(refString).max(64).optional(),
  }),
  /** `docker push`: the registry stored the image under this manifest digest for the tag's repository. */
  z.strictObject({ type: z.literal("image.digest"), machineId: id, ref: refString, digest: z.string().regex(/^[0-9a-f]{64}$/) }),
] as const;

type OpOf<T extends string> = OpIn<typeof IMAGE_OPS, T>;

function engineOf(doc: Doc, machineId: string): void {
  if (!doc.machines[machineId]?.engine) fail("machine.no-engine", `machine ${machineId} runs no Docker Engine`);
}

/** The catalog key a Docker Hub reference names (`library/nginx` -> `nginx`), if Hub has it. */
export function hubImage(ref: Ref): string | undefined {
  if (ref.registry !== "docker.io") return undefined;
  const key = ref.path.replace(/^library\//, "");
  return IMAGE_CATALOG.has(key) ? key : undefined;
}

/** Image id and digest Docker Hub would give `key:tag`. */
export function hubIds(key: string, tag: string): { imageId: string; digest: string } {
  return { imageId: digest64(`image/${key}:${tag}`), digest: digest64(`manifest/${key}:${tag}`) };
}

/** Moves `tag` onto `image`: a tag names one image per engine, so it leaves whichever had it. */
function setTag(doc: Doc, image: ImageRecord, tag: string): void {
  for (const other of imagesOn(doc, image.machineId)) {
    if (other !== image && other.repoTags.includes(tag)) other.repoTags = other.repoTags.filter((t) => t !== tag);
  }
  if (!image.repoTags.includes(tag)) image.repoTags.push(tag);
}

function insert(doc: Doc, machineId: string, record: Omit<ImageRecord, "id" | "machineId" | "order">): ImageRecord {
  const key = imageKeyOn(machineId, record.imageId);
  const existing = doc.images?.[key];
  if (existing) return existing;
  doc.clock += 1;
  doc.images ??= {};
  const image: ImageRecord = { id: key, machineId, order: doc.clock, ...record };
  doc.images[key] = image;
  return image;
}

/**
 * Puts a Docker Hub image on an engine (or only its tag, when the engine has the image); throws
 * Docker's error when Hub has no such repository.
 */
function pullImage(doc: Doc, machineId: string, text: string, at: number): ImageRecord {
  engineOf(doc, machineId);
  const ref = parseRef(text);
  if (typeof ref === "string") fail("image.ref", ref);
  const key = hubImage(ref);
  if (!key) {
    fail(
      "image.not-found",
      `pull access denied for ${ref.repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    );
  }
  const entry = IMAGE_CATALOG.get(key);
  if (!entry) fail("image.not-found", `manifest for ${refText(ref)} not found: manifest unknown: manifest unknown`);
  const { imageId, digest } = hubIds(key, ref.tag);
  const image = insert(doc, machineId, {
    imageId,
    repoTags: [],
    repoDigests: [`${ref.repo}@sha256:${digest}`],
    parent: "",
    created: entry.created,
    comment: "buildkit.dockerfile.v0",
    config: structuredClone(entry.config),
    history: structuredClone(entry.history),
    base: key,
  });
  setTag(doc, image, refText(ref));
  void at;
  return image;
}

/**
 * The image a new container runs: the local one the reference names, else the catalog's, pulled on
 * the way as `docker run` and `compose up` do (a name Hub doesn't know stays unresolved: the canvas
 * may draw containers of images Dockside doesn't model).
 */
export function imageForContainer(doc: Doc, machineId: string, text: string, at: number): ImageRecord | undefined {
  const local = findImage(doc, machineId, text);
  if (local) return local;
  const ref = parseRef(text);
  if (typeof ref === "string" || !hubImage(ref)) return undefined;
  return pullImage(doc, machineId, text, at);
}

function tagImage(doc: Doc, op: OpOf<"image.tag">): void {
  engineOf(doc, op.machineId);
  const image = findImage(doc, op.machineId, op.source);
  if (!image) {
    const src = parseRef(op.source);
    fail("image.missing", `No such image: ${typeof src === "string" ? op.source : refText(src)}`);
  }
  const target = parseRef(op.target);
  if (typeof target === "string") fail("image.ref", `Error parsing reference: "${op.target}" is not a valid repository/tag: ${target}`);
  setTag(doc, image, refText(target));
}

const HARD = "cannot be forced";
const SOFT = "must be forced";

function conflict(image: ImageRecord, kind: string, message: string): never {
  fail("image.conflict", `conflict: unable to delete ${image.imageId.slice(0, 12)} (${kind}) - ${message}`);
}

/** The daemon's `checkImageDeleteConflict`: children and running containers always; tags and stopped containers unless forced. */
function deleteConflict(doc: Doc, image: ImageRecord, soft: boolean, references: boolean): string | null {
  if (imageChildren(doc, image).length > 0) return `${HARD}|image has dependent child images`;
  const users = imageUsers(doc, image);
  const running = users.find((c) => c.state === "running");
  if (running) return `${HARD}|image is being used by running container ${running.id.slice(0, 12)}`;
  if (soft && references && image.repoTags.length > 0) return `${SOFT}|image is referenced in multiple repositories`;
  const stopped = users[0];
  if (soft && stopped) return `${SOFT}|image is being used by stopped container ${stopped.id.slice(0, 12)}`;
  return null;
}

/** Deletes the image and then, quietly, its untagged unused parents (`imageDeleteHelper` with prune). */
function deleteImage(doc: Doc, image: ImageRecord, force: boolean, quiet: boolean): void {
  const problem = deleteConflict(doc, image, !force, true);
  if (problem) {
    if (quiet) return;
    const [kind = HARD, message = ""] = problem.split("|");
    conflict(image, kind, message);
  }
  delete doc.images?.[image.id];
  const parent = image.parent ? findImage(doc, image.machineId, image.parent) : undefined;
  if (parent && parent.repoTags.length === 0) deleteImage(doc, parent, false, true);
}

function removeImage(doc: Doc, op: OpOf<"image.remove">): void {
  engineOf(doc, op.machineId);
  const image = findImage(doc, op.machineId, op.ref);
  const parsed = parseRef(op.ref);
  if (!image) fail("image.missing", `No such image: ${typeof parsed === "string" ? op.ref : refText(parsed)}`);
  if (!namesById(image, op.ref) && typeof parsed !== "string") {
    const tag = refText(parsed);
    const user = imageUsers(doc, image)[0];
    if (user && image.repoTags.length === 1 && !op.force) {
      fail(
        "image.conflict",
        `conflict: unable to remove repository reference "${op.ref}" (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${image.imageId.slice(0, 12)}`,
      );
    }
    image.repoTags = image.repoTags.filter((t) => t !== tag);
    // The repository's digest references go with its last tag; other references keep the image.
    if (!image.repoTags.some((t) => t.slice(0, t.lastIndexOf(":")) === parsed.repo)) {
      image.repoDigests = image.repoDigests.filter((d) => !d.startsWith(`${parsed.repo}@`));
    }
    if (image.repoTags.length > 0 || image.repoDigests.length > 0) return;
    deleteImage(doc, image, op.force, false);
    return;
  }
  const repos = new Set(image.repoTags.map((t) => t.slice(0, t.lastIndexOf(":"))));
  if (repos.size <= 1 && image.repoTags.length <= 1) {
    const problem = deleteConflict(doc, image, !op.force, false);
    if (problem) {
      const [kind = HARD, message = ""] = problem.split("|");
      conflict(image, kind, message);
    }
    image.repoTags = [];
  }
  if (op.force) image.repoTags = [];
  deleteImage(doc, image, op.force, false);
}

/** `docker image prune`: dangling images (no tag, no child), or with `all` every image no container uses. */
function pruneImages(doc: Doc, op: OpOf<"image.prune">): void {
  engineOf(doc, op.machineId);
  for (const image of imagesOn(doc, op.machineId)) {
    if (!doc.images?.[image.id]) continue;
    const dangling = image.repoTags.length === 0 && imageChildren(doc, image).length === 0;
    if (!dangling && !op.all) continue;
    if (imageUsers(doc, image).length > 0 || imageChildren(doc, image).length > 0) continue;
    image.repoTags = [];
    deleteImage(doc, image, false, true);
  }
}

function addImage(doc: Doc, op: OpOf<"image.add">): void {
  engineOf(doc, op.machineId);
  const refs: string[] = [];
  for (const t of op.tags) {
    const ref = parseRef(t);
    if (typeof ref === "string") fail("image.ref", ref);
    refs.push(refText(ref));
  }
  if (op.parent && !findImage(doc, op.machineId, op.parent)) fail("image.missing", `No such image: ${op.parent}`);
  // The image's own layers count against the room's file budget, as the container layers they came from did.
  const base = isDraft(doc) ? (original(doc) as Doc) : doc;
  const images = Object.values(base.images ?? {});
  const added = imageBytes([...images, op]) - imageBytes(images);
  if (added > 0 && storedBytes(base) + added > FILE_BUDGET_BYTES) fail("files.no-space", "No space left on device");
  const image = insert(doc, op.machineId, {
    imageId: op.imageId,
    repoTags: [],
    repoDigests: [],
    parent: op.parent,
    created: op.created,
    comment: op.comment,
    config: op.config,
    history: op.history,
    ...(op.base ? { base: op.base } : {}),
  });
  for (const r of refs) setTag(doc, image, r);
  for (const d of op.digests ?? []) addDigest(image, d);
}

/** Records `repo@sha256:...`, replacing an older digest of the same repository (one per repository). */
function addDigest(image: ImageRecord, text: string): void {
  const repo = text.slice(0, text.indexOf("@"));
  image.repoDigests = [...image.repoDigests.filter((d) => !d.startsWith(`${repo}@`)), text];
}

function digestImage(doc: Doc, op: OpOf<"image.digest">): void {
  engineOf(doc, op.machineId);
  const image = findImage(doc, op.machineId, op.ref);
  const ref = parseRef(op.ref);
  if (!image || typeof ref === "string") fail("image.missing", `No such image: ${op.ref}`);
  addDigest(image, `${ref.repo}@sha256:${op.digest}`);
}

function pullOp(doc: Doc, op: OpOf<"image.pull">): void {
  pullImage(doc, op.machineId, op.ref, op.at);
}

export const imagesFamily = defineFamily("images", IMAGE_OPS, {
  "image.pull": pullOp,
  "image.tag": tagImage,
  "image.remove": removeImage,
  "image.prune": pruneImages,
  "image.add": addImage,
  "image.digest": digestImage,
});
