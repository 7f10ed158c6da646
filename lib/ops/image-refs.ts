/**
 * Image references as the engine reads them: `nginx` is `docker.io/library/nginx:latest` and is shown
 * as `nginx:latest`; `localhost:5000/app` names a repository on another registry; a hex prefix names an
 * image by id. Also the lookups every image command shares.
 */
import { type Container, type Doc, digest64, type ImageRecord } from "../model";

export interface Ref {
  /** Familiar repository: `nginx`, `me/app`, `localhost:5000/app`. */
  repo: string;
  tag: string;
  /** Registry host: `docker.io` or `localhost:5000`. */
  registry: string;
  /** Path inside the registry: `library/nginx`. */
  path: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const HOST = /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::\d+)?$/;

/**
 * Parses a reference the way the distribution library does, or returns the error text after
 * `invalid reference format`.
 * @example parseRef("localhost:5000/app") // { repo: "localhost:5000/app", tag: "latest", registry: "localhost:5000", path: "app" }
 */
export function parseRef(text: string): Ref | string {
  if (text === "" || text.length > 255) return "invalid reference format";
  let rest = text;
  const at = rest.indexOf("@");
  if (at >= 0) rest = rest.slice(0, at);
  let tag = "latest";
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return "invalid reference format";
  }
  const parts = rest.split("/");
  let registry = "docker.io";
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase())) {
    if (!HOST.test(first)) return "invalid reference format";
    registry = first === "index.docker.io" ? "docker.io" : first;
    parts.shift();
  }
  if (registry === "docker.io" && parts.length === 1) parts.unshift("library");
  const path = parts.join("/");
  for (const p of parts) {
    if (p !== p.toLowerCase()) return `invalid reference format: repository name (${path}) must be lowercase`;
    if (!COMPONENT.test(p)) return "invalid reference format";
  }
  const familiar = registry === "docker.io" ? path.replace(/^library\//, "") : `${registry}/${path}`;
  return { repo: familiar, tag, registry, path };
}

/** `nginx:latest` */
export const refText = (r: Ref): string => `${r.repo}:${r.tag}`;

/** The document key of an image on an engine. */
export const imageKeyOn = (machineId: string, imageId: string): string => digest64(`image/${machineId}/${imageId}`);

/**
 * Local images of one engine, newest first as `docker images` lists them.
 * @example imagesOn(doc, "m-host").map((i) => i.repoTags[0]) // ["nginx:latest", "alpine:latest"]
 */
export function imagesOn(doc: Doc, machineId: string): ImageRecord[] {
  return Object.values(doc.images ?? {})
    .filter((i) => i.machineId === machineId)
    .sort((a, b) => b.created - a.created || b.order - a.order);
}

/**
 * The local image a reference names: a tag (`nginx` = `nginx:latest`), a full or short id, or
 * `sha256:` followed by one, as the daemon's `GetImage` finds it.
 */
export function findImage(doc: Doc, machineId: string, text: string): ImageRecord | undefined {
  const images = imagesOn(doc, machineId);
  const idText = text.startsWith("sha256:") ? text.slice(7) : text;
  if (/^[0-9a-f]{64}$/.test(idText)) return images.find((i) => i.imageId === idText);
  const ref = parseRef(text);
  if (typeof ref !== "string") {
    const wanted = refText(ref);
    const tagged = images.find((i) => i.repoTags.includes(wanted));
    if (tagged) return tagged;
    if (text.includes("@")) {
      const digestRef = `${ref.repo}@${text.slice(text.indexOf("@") + 1)}`;
      const byDigest = images.find((i) => i.repoDigests.includes(digestRef));
      if (byDigest) return byDigest;
    }
  }
  if (/^[0-9a-f]{1,63}$/.test(idText)) {
    const matches = images.filter((i) => i.imageId.startsWith(idText));
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

/** Whether `text` names the image by (a prefix of) its id rather than by a tag. */
export function namesById(image: ImageRecord, text: string): boolean {
  const idText = text.startsWith("sha256:") ? text.slice(7) : text;
  return idText.length > 0 && image.imageId.startsWith(idText) && !image.repoTags.includes(text) && !image.repoTags.includes(`${text}:latest`);
}

/** Containers of the image's engine created from it, oldest first. */
export function imageUsers(doc: Doc, image: ImageRecord): Container[] {
  return Object.values(doc.containers)
    .filter((c) => c.machineId === image.machineId && c.imageId === image.imageId)
    .sort((a, b) => a.order - b.order);
}

/** Images of the same engine built on top of this one (legacy builder intermediate images). */
export function imageChildren(doc: Doc, image: ImageRecord): ImageRecord[] {
  return imagesOn(doc, image.machineId).filter((i) => i.parent === image.imageId);
}

/**
 * Content digests of the image's layers bottom to top, and their chain ids (what the layer store
 * keys them by: the first layer's digest, then a digest of the chain below and the layer).
 */
export function layerChain(image: ImageRecord): { diffIds: string[]; chainIds: string[] } {
  const diffIds: string[] = [];
  const chainIds: string[] = [];
  for (const h of image.history) {
    if (h.empty || !h.layer) continue;
    const prev = chainIds.at(-1);
    diffIds.push(h.layer);
    chainIds.push(prev === undefined ? h.layer : digest64(`chain/${prev}/${h.layer}`));
  }
  return { diffIds, chainIds };
}

/** Bytes of an image's layers. */
export function imageSize(image: ImageRecord): number {
  let total = 0;
  for (const h of image.history) total += h.size;
  return total;
}
