/**
 * `docker images` / `image ls`, `rmi` / `image rm`, `tag`, `image prune`: an engine's local images as
 * the docker 28 CLI and an Engine 20.10 daemon list and remove them.
 */
import type { Doc, ImageRecord } from "../../model";
import { humanDuration, humanSize } from "../../model/units";
import { findImage, imageChildren, imageSize, imagesOn, imageUsers, layerChain, parseRef, refText } from "../../ops";
import { err, type Output, ok, type ShellContext } from "../context";
import { all, argCountError, type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { goStruct } from "./go-value";
import { renderRows } from "./networkread";
import { goTimeString } from "./ps";

const LS: CommandSpec = {
  path: "docker images",
  usage: "docker images [OPTIONS] [REPOSITORY[:TAG]]",
  flags: [
    { long: "all", short: "a", value: false },
    { long: "quiet", short: "q", value: false },
    { long: "no-trunc", value: false },
    { long: "digests", value: false },
    { long: "format", value: true },
    { long: "filter", short: "f", value: true },
    { long: "tree", value: false },
    { long: "help", value: false },
  ],
};

interface Row {
  image: ImageRecord;
  repo: string;
  tag: string;
  digest: string;
}

/** One row per tag (only the tags a `reference` filter matches); an untagged image is one `<none>` row. */
function rowsOf(images: ImageRecord[], patterns: string[]): Row[] {
  const rows: Row[] = [];
  const wanted = (t: string) => patterns.every((p) => refMatches(p, t.slice(0, t.lastIndexOf(":")), t.slice(t.lastIndexOf(":") + 1)));
  for (const image of images) {
    const digestOf = (repo: string) => image.repoDigests.find((d) => d.startsWith(`${repo}@`))?.slice(repo.length + 1) ?? "<none>";
    if (image.repoTags.length === 0) {
      const d = image.repoDigests[0];
      const repo = d ? d.slice(0, d.indexOf("@")) : "<none>";
      rows.push({ image, repo, tag: "<none>", digest: d ? digestOf(repo) : "<none>" });
      continue;
    }
    for (const t of [...image.repoTags].filter(wanted).sort()) {
      const repo = t.slice(0, t.lastIndexOf(":"));
      rows.push({ image, repo, tag: t.slice(t.lastIndexOf(":") + 1), digest: digestOf(repo) });
    }
  }
  return rows;
}

/** Glob of a `reference` filter (`path.Match`: `*` stays within one path segment). */
function refMatches(pattern: string, repo: string, tag: string): boolean {
  const re = (p: string) =>
    new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]")}$`,
    );
  const colon = pattern.lastIndexOf(":");
  if (colon > pattern.lastIndexOf("/")) return re(pattern.slice(0, colon)).test(repo) && re(pattern.slice(colon + 1)).test(tag);
  return re(pattern).test(repo);
}

function filterImages(doc: Doc, images: ImageRecord[], filters: string[], showAll: boolean): ImageRecord[] | Output {
  let list = images.filter((i) => showAll || i.repoTags.length > 0 || imageChildren(doc, i).length === 0);
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq < 0) return err(`invalid argument "${f}" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee 'docker images --help'.\n`, 125);
    const key = f.slice(0, eq);
    const value = f.slice(eq + 1);
    if (key === "dangling") {
      if (value !== "true" && value !== "false") return err(`Error response from daemon: Invalid filter 'dangling=[${value}]'\n`, 1);
      list = list.filter((i) => (i.repoTags.length === 0) === (value === "true"));
    } else if (key === "reference") {
      list = list.filter((i) => i.repoTags.some((t) => refMatches(value, t.slice(0, t.lastIndexOf(":")), t.slice(t.lastIndexOf(":") + 1))));
    } else if (key === "before" || key === "since") {
      const pivot = findImage(doc, images[0]?.machineId ?? "", value);
      if (!pivot) return err(`Error response from daemon: No such image: ${value}\n`, 1);
      list = list.filter((i) => (key === "before" ? i.created < pivot.created : i.created > pivot.created));
    } else if (key === "label") {
      const [k = "", v] = value.split("=");
      list = list.filter((i) => k in i.config.Labels && (v === undefined || i.config.Labels[k] === v));
    } else return err(`Error response from daemon: Invalid filter '${key}'\n`, 1);
  }
  return list;
}

/** `docker images`. */
export function dockerImages(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(LS, args);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${LS.usage}\n\nList images\n`);
  if (p.args.length > 1) return argCountError(LS, "requires at most 1 argument");
  const filters = all(p, "filter");
  if (p.args[0]) filters.push(`reference=${p.args[0]}`);
  const listed = filterImages(ctx.doc, imagesOn(ctx.doc, ctx.machineId), filters, has(p, "all"));
  if ("exitCode" in listed) return listed;
  const trunc = !has(p, "no-trunc");
  const idText = (i: ImageRecord) => (trunc ? i.imageId.slice(0, 12) : `sha256:${i.imageId}`);
  const patterns = filters.filter((f) => f.startsWith("reference=")).map((f) => f.slice(10));
  // -q prints one id per row: an image with two tags is listed twice.
  if (has(p, "quiet") && !last(p, "format"))
    return ok(
      rowsOf(listed, patterns)
        .map((r) => `${idText(r.image)}\n`)
        .join(""),
    );
  let format = last(p, "format") ?? "";
  if (format === "" || format === "table") {
    format = has(p, "digests")
      ? "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
      : "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
  }
  if (format === "json") format = "{{json .}}";
  const rows = rowsOf(listed, patterns).map((r) =>
    goStruct({
      Containers: "N/A",
      CreatedAt: goTimeString(r.image.created),
      CreatedSince: `${humanDuration(ctx.now - r.image.created)} ago`,
      Digest: r.digest,
      ID: idText(r.image),
      Repository: r.repo,
      SharedSize: "N/A",
      Size: humanSize(imageSize(r.image)),
      Tag: r.tag,
      UniqueSize: "N/A",
      VirtualSize: humanSize(imageSize(r.image)),
    }),
  );
  const headers = { Repository: "REPOSITORY", Tag: "TAG", Digest: "DIGEST", ID: "IMAGE ID", CreatedSince: "CREATED", CreatedAt: "CREATED AT", Size: "SIZE" };
  return renderRows(format, headers, rows, "*formatter.imageContext");
}

const RMI: CommandSpec = {
  path: "docker rmi",
  usage: "docker rmi [OPTIONS] IMAGE [IMAGE...]",
  flags: [
    { long: "force", short: "f", value: false },
    { long: "no-prune", value: false },
    { long: "help", value: false },
  ],
};

/** What a removal did, in the daemon's order: untagged references, then deleted images with the layers that went with them. */
function removalLines(before: Doc, after: Doc, machineId: string): string {
  let out = "";
  const still = new Set(imagesOn(after, machineId).map((i) => i.imageId));
  const afterTags = new Set(imagesOn(after, machineId).flatMap((i) => i.repoTags));
  const layersLeft = new Set(imagesOn(after, machineId).flatMap((i) => layerChain(i).chainIds));
  const gone = imagesOn(before, machineId).filter((i) => !still.has(i.imageId));
  const afterDigests = new Set(imagesOn(after, machineId).flatMap((i) => i.repoDigests));
  for (const i of imagesOn(before, machineId)) for (const t of i.repoTags) if (!afterTags.has(t)) out += `Untagged: ${t}\n`;
  // A repository's digest references go with its last tag (and with the image).
  for (const i of imagesOn(before, machineId)) for (const d of i.repoDigests) if (!afterDigests.has(d)) out += `Untagged: ${d}\n`;
  const deletedLayers = new Set<string>();
  // The daemon walks from the removed image down its parents.
  const order = [...gone].sort((a, b) => b.order - a.order);
  for (const i of order) {
    out += `Deleted: sha256:${i.imageId}\n`;
    for (const c of [...layerChain(i).chainIds].reverse()) {
      if (layersLeft.has(c) || deletedLayers.has(c)) continue;
      if (order.some((o) => o !== i && o.order < i.order && layerChain(o).chainIds.includes(c))) continue;
      deletedLayers.add(c);
      out += `Deleted: sha256:${c}\n`;
    }
  }
  return out;
}

/** `docker rmi` / `docker image rm`. */
export function dockerRmi(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(RMI, args);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${RMI.usage}\n\nRemove one or more images\n`);
  if (p.args.length === 0) return argCountError(RMI, "requires at least 1 argument", true);
  let stdout = "";
  let stderr = "";
  let failed = false;
  for (const name of p.args) {
    const before = ctx.doc;
    const r = ctx.apply({ type: "image.remove", machineId: ctx.machineId, ref: name, force: has(p, "force") });
    if (r.ok) {
      stdout += removalLines(before, ctx.doc, ctx.machineId);
      continue;
    }
    stderr += `Error response from daemon: ${r.error}\n`;
    // With -f a missing image is reported but is not a failure.
    if (!(has(p, "force") && r.code === "image.missing")) failed = true;
  }
  return { stdout, stderr, exitCode: failed ? 1 : 0 };
}

/** `docker tag SOURCE TARGET`. */
export function dockerTag(ctx: ShellContext, args: string[]): Output {
  const names = args.filter((a) => a !== "--help");
  if (names.length !== 2) {
    return err(
      `"docker tag" requires exactly 2 arguments.\nSee 'docker tag --help'.\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nCreate a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n`,
      1,
    );
  }
  const [source = "", target = ""] = names;
  const parsed = parseRef(target);
  if (typeof parsed === "string") return err(`Error parsing reference: "${target}" is not a valid repository/tag: ${parsed}\n`, 1);
  const r = ctx.apply({ type: "image.tag", machineId: ctx.machineId, source, target: refText(parsed) });
  return r.ok ? ok() : err(`Error response from daemon: ${r.error}\n`, 1);
}

/** `docker image prune [-a] [-f]`. */
export function dockerImagePrune(ctx: ShellContext, args: string[]): Output {
  const everything = args.includes("-a") || args.includes("--all");
  if (!args.includes("-f") && !args.includes("--force")) {
    const what = everything ? "all images without at least one container associated to them" : "all dangling images";
    return err(`WARNING! This will remove ${what}.\nAre you sure you want to continue? [y/N] `, 1);
  }
  const before = ctx.doc;
  const r = ctx.apply({ type: "image.prune", machineId: ctx.machineId, all: everything });
  if (!r.ok) return err(`Error response from daemon: ${r.error}\n`, 1);
  // prune reports its records in lower case: "deleted: sha256:...".
  const lines = removalLines(before, ctx.doc, ctx.machineId).replace(/^(Untagged|Deleted):/gm, (w) => w.toLowerCase());
  return ok(`${lines ? `Deleted Images:\n${lines}\n` : ""}Total reclaimed space: ${humanSize(freedBytes(before, ctx.doc, ctx.machineId))}\n`);
}

/** Bytes of the layers a removal freed: those no image left on the engine holds. */
function freedBytes(before: Doc, after: Doc, machineId: string): number {
  const kept = new Set(imagesOn(after, machineId).flatMap((i) => layerChain(i).chainIds));
  const counted = new Set<string>();
  let freed = 0;
  for (const i of imagesOn(before, machineId)) {
    const { chainIds } = layerChain(i);
    const sizes = i.history.filter((h) => !h.empty && h.layer).map((h) => h.size);
    chainIds.forEach((c, n) => {
      if (kept.has(c) || counted.has(c)) return;
      counted.add(c);
      freed += sizes[n] ?? 0;
    });
  }
  return freed;
}

/** Whether any container of the engine uses the image (for `system df`'s ACTIVE). */
export function imageActive(doc: Doc, image: ImageRecord): boolean {
  return imageUsers(doc, image).length > 0;
}
