/**
 * Reading images: `docker history`, `docker image inspect`, `docker system df`, and moving an image
 * through a file of the session with `docker save` / `docker load`.
 */
import { type ImageRecord, ImageSchema } from "../../model";
import { humanDuration, humanSize } from "../../model/units";
import { findImage, imagesOn, layerChain, parseRef, refText } from "../../ops";
import { err, type Output, ok, type ShellContext } from "../context";
import { COWARDLY } from "./export";
import { type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { goStruct } from "./go-value";
import { imageInspectData } from "./image-format";
import { imageActive } from "./images";
import { type InspectEntry, inspectOutput, renderRows } from "./networkread";
import { tabwrite } from "./ps";

function ellipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join("")}…`;
}

const HISTORY: CommandSpec = {
  path: "docker history",
  usage: "docker history [OPTIONS] IMAGE",
  flags: [
    { long: "human", short: "H", value: true },
    { long: "no-trunc", value: false },
    { long: "quiet", short: "q", value: false },
    { long: "format", value: true },
    { long: "help", value: false },
  ],
};

/** The image each history row belongs to when that image is on the engine (legacy builds keep every step). */
function rowImages(ctx: ShellContext, image: ImageRecord): Map<number, ImageRecord> {
  const byRow = new Map<number, ImageRecord>();
  let cur: ImageRecord | undefined = image;
  for (let guard = 0; cur && guard < 1024; guard++) {
    byRow.set(cur.history.length - 1, cur);
    cur = cur.parent ? findImage(ctx.doc, ctx.machineId, cur.parent) : undefined;
  }
  return byRow;
}

/** `docker history IMAGE`. */
export function dockerHistory(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(HISTORY, args);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${HISTORY.usage}\n\nShow the history of an image\n`);
  if (p.args.length !== 1) {
    return err(`"docker history" requires exactly 1 argument.\nSee 'docker history --help'.\n\nUsage:  ${HISTORY.usage}\n\nShow the history of an image\n`, 1);
  }
  const name = p.args[0] as string;
  const image = findImage(ctx.doc, ctx.machineId, name);
  if (!image) {
    const ref = parseRef(name);
    return err(`Error response from daemon: No such image: ${typeof ref === "string" ? name : refText(ref)}\n`, 1);
  }
  const trunc = !has(p, "no-trunc");
  const human = (last(p, "human") ?? "true") !== "false";
  const owners = rowImages(ctx, image);
  const rows = image.history
    .map((h, i) => {
      const owner = owners.get(i);
      const id = owner ? (trunc ? owner.imageId.slice(0, 12) : `sha256:${owner.imageId}`) : "<missing>";
      const createdBy = h.createdBy.replace(/\t/g, " ");
      return goStruct({
        ID: id,
        CreatedSince: human ? `${humanDuration(ctx.now - h.created)} ago` : new Date(h.created).toISOString().replace(/\.\d+Z$/, "Z"),
        CreatedAt: new Date(h.created).toISOString().replace(/\.\d+Z$/, "Z"),
        CreatedBy: trunc ? ellipsis(createdBy, 45) : createdBy,
        Size: human ? humanSize(h.size) : String(h.size),
        Comment: h.simulated ? "simulated: Dockside does not run this program" : (h.comment ?? ""),
      });
    })
    .reverse();
  if (has(p, "quiet") && !last(p, "format")) return ok(rows.map((r) => `${(r as { ID: string }).ID}\n`).join(""));
  let format = last(p, "format") ?? "";
  if (format === "" || format === "table") format = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
  const headers = { ID: "IMAGE", CreatedSince: "CREATED", CreatedAt: "CREATED AT", CreatedBy: "CREATED BY", Size: "SIZE", Comment: "COMMENT" };
  return renderRows(format, headers, rows, "*formatter.historyContext");
}

/** An image for `docker inspect` / `docker image inspect`, or undefined when the engine has none by that name. */
export function imageInspectEntry(ctx: ShellContext, name: string): InspectEntry | undefined {
  const image = findImage(ctx.doc, ctx.machineId, name);
  if (!image) return undefined;
  const data = imageInspectData(image);
  return { typed: data, raw: data };
}

/** `docker image inspect [-f FORMAT] IMAGE...`. */
export function dockerImageInspect(ctx: ShellContext, args: string[]): Output {
  const format = args.indexOf("-f") >= 0 ? args[args.indexOf("-f") + 1] : args.indexOf("--format") >= 0 ? args[args.indexOf("--format") + 1] : undefined;
  const names = args.filter((a, i) => !a.startsWith("-") && args[i - 1] !== "-f" && args[i - 1] !== "--format");
  if (names.length === 0) {
    return err(
      `"docker image inspect" requires at least 1 argument.\nSee 'docker image inspect --help'.\n\nUsage:  docker image inspect [OPTIONS] IMAGE [IMAGE...]\n\nDisplay detailed information on one or more images\n`,
      1,
    );
  }
  const entries = names.map((n): InspectEntry => {
    const found = imageInspectEntry(ctx, n);
    if (found) return found;
    const ref = parseRef(n);
    return { error: `Error response from daemon: no such image: ${n}: No such image: ${typeof ref === "string" ? n : refText(ref)}` };
  });
  return inspectOutput(entries, format);
}

/** `docker system df`: shared layers count once. */
export function dockerSystemDf(ctx: ShellContext): Output {
  const images = imagesOn(ctx.doc, ctx.machineId);
  const sizes = new Map<string, number>();
  for (const i of images) {
    const { chainIds } = layerChain(i);
    const layered = i.history.filter((h) => !h.empty && h.layer);
    chainIds.forEach((c, n) => {
      sizes.set(c, layered[n]?.size ?? 0);
    });
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const active = images.filter((i) => imageActive(ctx.doc, i));
  const activeLayers = new Set(active.flatMap((i) => layerChain(i).chainIds));
  const reclaimable = [...sizes].filter(([c]) => !activeLayers.has(c)).reduce((a, [, s]) => a + s, 0);
  const pct = total > 0 ? Math.trunc((reclaimable * 100) / total) : 0;
  const containers = Object.values(ctx.doc.containers).filter((c) => c.machineId === ctx.machineId);
  const running = containers.filter((c) => c.state === "running").length;
  const volumes = Object.values(ctx.doc.volumes ?? {}).filter((v) => v.machineId === ctx.machineId);
  const usedVolumes = volumes.filter((v) => containers.some((c) => (c.mounts ?? []).some((m) => m.type === "volume" && m.source === v.name))).length;
  const lines = [
    "TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE",
    `Images\t${images.length}\t${active.length}\t${humanSize(total, 4)}\t${humanSize(reclaimable, 4)} (${pct}%)`,
    `Containers\t${containers.length}\t${running}\t0B\t0B`,
    `Local Volumes\t${volumes.length}\t${usedVolumes}\t0B\t0B`,
    "Build Cache\t0\t0\t0B\t0B",
  ];
  return ok(tabwrite(`${lines.join("\n")}\n`));
}

/** First line of an archive `docker save` writes: the rest is the images' records, one JSON per line. */
const ARCHIVE_HEAD = "dockside-image-archive v1";

/** `docker save -o FILE IMAGE...` (without `-o` the archive goes to stdout, for `> file`). */
export function dockerSave(ctx: ShellContext, args: string[]): Output {
  const o = Math.max(args.indexOf("-o"), args.indexOf("--output"));
  const file = o >= 0 ? args[o + 1] : undefined;
  const names = args.filter((a, i) => !a.startsWith("-") && (o < 0 || i !== o + 1));
  if (names.length === 0) {
    return err(
      `"docker save" requires at least 1 argument.\nSee 'docker save --help'.\n\nUsage:  docker save [OPTIONS] IMAGE [IMAGE...]\n\nSave one or more images to a tar archive (streamed to STDOUT by default)\n`,
      1,
    );
  }
  if (file === undefined && ctx.stdoutIsTerminal) return err(COWARDLY);
  const lines = [ARCHIVE_HEAD];
  for (const n of names) {
    const image = findImage(ctx.doc, ctx.machineId, n);
    // The daemon words a missing image two ways: a name given with its tag is a reference it lacks,
    // a bare name or id is an image it cannot find (named as typed).
    if (!image)
      return err(`Error response from daemon: ${/:[^/]*$/.test(n) && !n.startsWith("sha256:") ? "reference does not exist" : `No such image: ${n}`}\n`, 1);
    const ref = parseRef(n);
    const tags = typeof ref !== "string" && image.repoTags.includes(refText(ref)) ? [refText(ref)] : image.repoTags;
    lines.push(JSON.stringify({ ...image, repoTags: tags }));
  }
  const archive = `${lines.join("\n")}\n`;
  if (file === undefined) return ok(archive);
  ctx.writeFile(file, archive, false);
  return ok();
}

/** `docker load -i FILE`. */
export function dockerLoad(ctx: ShellContext, args: string[]): Output {
  const i = Math.max(args.indexOf("-i"), args.indexOf("--input"));
  const file = i >= 0 ? args[i + 1] : undefined;
  if (!file) return err("requested load from stdin, but stdin is empty\n", 1);
  const text = ctx.files.read(file);
  if (text === null) return err(`open ${file}: no such file or directory\n`, 1);
  const [head, ...records] = text.split("\n").filter((l) => l !== "");
  if (head !== ARCHIVE_HEAD) return err("Error response from daemon: unexpected EOF\n", 1);
  let out = "";
  for (const line of records.slice(0, 64)) {
    let parsed: ReturnType<typeof ImageSchema.safeParse>;
    try {
      parsed = ImageSchema.safeParse(JSON.parse(line));
    } catch {
      return err("Error response from daemon: unexpected EOF\n", 1);
    }
    if (!parsed.success) return err("Error response from daemon: unexpected EOF\n", 1);
    const image = parsed.data;
    const r = ctx.apply({
      type: "image.add",
      machineId: ctx.machineId,
      imageId: image.imageId,
      tags: image.repoTags,
      parent: "",
      created: image.created,
      comment: image.comment,
      config: image.config,
      history: image.history,
      ...(image.base ? { base: image.base } : {}),
    });
    if (!r.ok) return err(`Error response from daemon: ${r.error}\n`, 1);
    out += image.repoTags.length > 0 ? image.repoTags.map((t) => `Loaded image: ${t}\n`).join("") : `Loaded image ID: sha256:${image.imageId}\n`;
  }
  return ok(out);
}

/**
 * Puts images on the session machine's engine as an engine that imported them has them (the fidelity
 * suite's engine imports its images offline): each entry is an `image.add` op without its type and
 * machine; rows and images without a time get `at`. Returns the first refusal, or null.
 */
export function addImages(ctx: ShellContext, list: readonly unknown[], at: number): string | null {
  for (const [i, entry] of list.entries()) {
    const e = entry as { history?: { created?: number }[]; created?: number };
    const history = (e.history ?? []).map((h) => ({ ...h, created: h.created || at }));
    const r = ctx.apply({ ...(entry as object), history, type: "image.add", machineId: ctx.machineId, created: e.created || at } as never);
    if (!r.ok) return `image ${i}: ${r.error}`;
  }
  return null;
}
