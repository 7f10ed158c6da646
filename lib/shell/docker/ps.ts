/**
 * `docker ps` / `docker container ls`: the table, its column padding, the CREATED/STATUS wording and
 * `--format` templates, as the docker 28 CLI prints them from an Engine 20.10 daemon.
 */
import { type Container, type ImageInfo, type ImageRecord, imageKey, shortId } from "../../model";
import { containerStatus } from "../../model/status";
import { humanDuration, humanSize } from "../../model/units";
import { findImage, imageKeyOn, imageSize } from "../../ops";
import type { ContainerView } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { all, type CommandSpec, flagError, has, isOutput, last, parseFlags } from "./flags";
import { goJson, goStruct, MARSHAL } from "./go-value";
import { displayablePorts, portEntries } from "./port";
import { Template } from "./template";
import { TemplateError } from "./template-lex";

// ------------------------------------------------------------------------------------------------ shared helpers

/**
 * `State.Status` as the daemon reports it: a paused container is "paused", one waiting to be brought
 * back by its restart policy "restarting".
 * @example dockerState(c) // "paused"
 */
export function dockerState(c: Container): string {
  if (c.state === "running" && c.paused) return "paused";
  if (c.state === "exited" && c.restarting) return "restarting";
  return c.state;
}

/** Image ENTRYPOINT and CMD: the catalog keeps them as one list, entrypoint scripts first. */
function imageEntrypoint(image: ImageInfo): { entrypoint: string[]; cmd: string[] } {
  const n = image.cmd.findIndex((part) => !part.endsWith("entrypoint.sh"));
  const split = n < 0 ? image.cmd.length : n;
  return { entrypoint: image.cmd.slice(0, split), cmd: image.cmd.slice(split) };
}

/** The process a container runs: entrypoint followed by its command (or the image's CMD). */
export function containerArgv(c: Container, image: ImageInfo): { entrypoint: string[]; cmd: string[]; argv: string[] } {
  // `--entrypoint` replaces the image's ENTRYPOINT and drops its CMD.
  if (c.spec?.entrypoint) return { entrypoint: [...c.spec.entrypoint], cmd: c.command, argv: [...c.spec.entrypoint, ...c.command] };
  const img = imageEntrypoint(image);
  const cmd = c.command.length > 0 ? c.command : img.cmd;
  return { entrypoint: img.entrypoint, cmd, argv: [...img.entrypoint, ...cmd] };
}

function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-./:=,@%+]+$/.test(word)) return word;
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/** strconv.Quote for the printable ASCII and UTF-8 the COMMAND column holds. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch < " " || ch === "\x7f") out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

function ellipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join("")}…`;
}

/** "2026-11-23 12:30:26 +0000 UTC": Go's time.Time String() in UTC, as `docker ps` prints CreatedAt. */
export function goTimeString(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 UTC`;
}

/** The container's image record on its engine, when the engine has it. */
function imageOf(ctx: ShellContext, c: Container): ImageRecord | undefined {
  return c.imageId ? ctx.doc.images?.[imageKeyOn(c.machineId, c.imageId)] : undefined;
}

/**
 * The IMAGE column: the name it was created with while that name still points at its image, else the
 * image's short id (a rebuild moved the tag), as the daemon reports it.
 */
function imageColumn(ctx: ShellContext, c: Container): string {
  if (!c.imageId) return c.image;
  const now = findImage(ctx.doc, c.machineId, c.image);
  return now && now.imageId === c.imageId ? c.image : c.imageId.slice(0, 12);
}

/** Virtual size of the container's image (`docker ps -s`). */
function imageSizeText(ctx: ShellContext, c: Container): string {
  const image = imageOf(ctx, c);
  return image ? humanSize(imageSize(image)) : "0B";
}

// ------------------------------------------------------------------------------------------------ tabwriter

/**
 * Go's text/tabwriter with the CLI's settings (minwidth 10, padding 3, spaces): tab-terminated cells
 * are padded to the widest cell of their column block; the last cell of a line is left as it is.
 */
export function tabwrite(text: string, minwidth = 10, padding = 3): string {
  const raw = text.split("\n");
  const trailingNewline = raw.at(-1) === "";
  if (trailingNewline) raw.pop();
  const lines = raw.map((l) => l.split("\t"));
  const out: string[] = lines.map(() => "");
  const widths: number[] = [];
  const width = (s: string) => [...s].length;
  const emit = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] as string[];
      let s = "";
      cells.forEach((cell, j) => {
        if (j < cells.length - 1) s += cell + " ".repeat(Math.max(0, (widths[j] ?? 0) - width(cell)));
        else s += cell;
      });
      out[i] = s;
    }
  };
  const format = (line0: number, line1: number, column: number) => {
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= (lines[i] as string[]).length - 1) continue;
      emit(start, i);
      start = i;
      let w = minwidth;
      let j = i;
      for (; j < line1; j++) {
        const cells = lines[j] as string[];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column] as string) + padding);
      }
      widths.push(w);
      format(start, j, column + 1);
      widths.pop();
      start = j;
      i = j - 1;
    }
    emit(start, line1);
  };
  format(0, lines.length, 0);
  return out.join("\n") + (trailingNewline ? "\n" : "");
}

// ------------------------------------------------------------------------------------------------ docker ps

const PS_SPEC: CommandSpec = {
  path: "docker ps",
  usage: "docker ps [OPTIONS]",
  flags: [
    { long: "all", short: "a", value: false },
    { long: "quiet", short: "q", value: false },
    { long: "no-trunc", value: false },
    { long: "latest", short: "l", value: false },
    { long: "last", short: "n", value: true },
    { long: "format", value: true },
    { long: "filter", short: "f", value: true },
    { long: "size", short: "s", value: false },
    { long: "help", value: false },
  ],
};

const HEADERS = {
  ID: "CONTAINER ID",
  Image: "IMAGE",
  Command: "COMMAND",
  CreatedAt: "CREATED AT",
  RunningFor: "CREATED",
  Ports: "PORTS",
  State: "STATE",
  Status: "STATUS",
  Size: "SIZE",
  Names: "NAMES",
  Labels: "LABELS",
  Mounts: "MOUNTS",
  LocalVolumes: "LOCAL VOLUMES",
  Networks: "NETWORKS",
  Platform: "PLATFORM",
};

const DEFAULT_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

function networksOf(ctx: ShellContext, v: ContainerView): string {
  if (v.mode === "container") return "";
  // Go ranges over the daemon's map in random order; sorted is one of the orders it prints
  return v.c.endpoints
    .map((ep) => ctx.doc.networks[ep.networkId]?.name ?? "")
    .filter((n) => n !== "")
    .sort()
    .join(",");
}

function namesOf(ctx: ShellContext, v: ContainerView, trunc: boolean): string {
  if (trunc) return v.c.name;
  const names = [v.c.name];
  for (const other of ctx.resolved().order) {
    for (const link of other.c.links) if (link.target === v.c.id) names.push(`${other.c.name}/${link.alias}`);
  }
  return names.join(",");
}

function row(ctx: ShellContext, v: ContainerView, trunc: boolean) {
  const { c } = v;
  const command = containerArgv(c, v.image).argv.map(shellQuote).join(" ");
  const fields = {
    ID: trunc ? shortId(c.id) : c.id,
    Image: imageColumn(ctx, c),
    Command: goQuote(trunc ? ellipsis(command, 20) : command),
    CreatedAt: goTimeString(c.createdAt),
    RunningFor: `${humanDuration(ctx.now - c.createdAt)} ago`,
    Ports: displayablePorts(portEntries(v)),
    State: dockerState(c),
    Status: containerStatus(c, ctx.now),
    Size: `0B (virtual ${imageSizeText(ctx, c)})`,
    Names: namesOf(ctx, v, trunc),
    Labels: "",
    Mounts: "",
    LocalVolumes: "0",
    Networks: networksOf(ctx, v),
    Platform: null,
  };
  return goStruct({
    ...fields,
    // `{{json .}}` marshals the row as a sorted map with Go's HTML escaping
    [MARSHAL]: () => goJson(Object.fromEntries(Object.entries(fields)), { escapeHtml: true }),
  });
}

type Filter = (v: ContainerView) => boolean;

function parseFilters(ctx: ShellContext, specs: string[]): Filter[] | Output {
  const filters: Filter[] = [];
  const byKey = new Map<string, string[]>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq < 0) return err(`invalid argument "${spec}" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee 'docker ps --help'.\n`, 125);
    const key = spec.slice(0, eq).trim().toLowerCase();
    const list = byKey.get(key) ?? [];
    list.push(spec.slice(eq + 1));
    byKey.set(key, list);
  }
  const known = new Set(["name", "status", "id", "network", "ancestor", "exited", "label", "expose", "publish", "before", "since"]);
  for (const [key, values] of byKey) {
    if (!known.has(key)) return err(`Error response from daemon: invalid filter '${key}'\n`, 1);
    // several values of one key are alternatives; different keys must all match
    const tests: Filter[] = values.map((value): Filter => {
      switch (key) {
        case "name": {
          let re: RegExp;
          try {
            re = new RegExp(value);
          } catch {
            re = /$^/;
          }
          return (v) => re.test(`/${v.c.name}`);
        }
        case "status":
          return (v) => dockerState(v.c) === value;
        case "id":
          return (v) => v.c.id.startsWith(value);
        case "network":
          return (v) => v.c.endpoints.some((ep) => ep.networkId === value || ctx.doc.networks[ep.networkId]?.name === value || ep.networkId.startsWith(value));
        case "ancestor":
          return (v) => imageKey(v.c.image) === imageKey(value);
        case "exited":
          return (v) => v.c.state === "exited" && String(v.c.exitCode) === value;
        case "expose":
        case "publish": {
          const [port = "", proto = "tcp"] = value.split("/");
          return (v) =>
            key === "publish"
              ? portEntries(v).some((p) => p.publicPort > 0 && String(p.publicPort) === port && p.type === proto)
              : portEntries(v).some((p) => String(p.privatePort) === port && p.type === proto);
        }
        case "before":
        case "since": {
          const ref = ctx.container(value);
          return (v) => (ref ? (key === "before" ? v.c.order < ref.c.order : v.c.order > ref.c.order) : false);
        }
        default:
          return () => false;
      }
    });
    filters.push((v) => tests.some((t) => t(v)));
  }
  return filters;
}

/**
 * `docker ps [OPTIONS]` / `docker container ls`, newest container first.
 * @example dockerPs(ctx, ["--format", "{{.Names}}"]).stdout // "web\n"
 */
export function dockerPs(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(PS_SPEC, args);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${PS_SPEC.usage}\n\nList containers\n`);
  if (p.args.length > 0) {
    return err(`"docker ps" accepts no arguments.\nSee 'docker ps --help'.\n\nUsage:  ${PS_SPEC.usage}\n\nList containers\n`, 1);
  }
  const trunc = !has(p, "no-trunc");
  let lastN = -1;
  const n = last(p, "last");
  if (n !== undefined) {
    if (!/^-?\d+$/.test(n)) return flagError(PS_SPEC, `invalid argument "${n}" for "-n, --last" flag: strconv.ParseInt: parsing "${n}": invalid syntax`);
    lastN = Number(n);
  }
  if (has(p, "latest")) lastN = 1;
  const showAll = has(p, "all") || lastN > 0;
  const filters = parseFilters(ctx, all(p, "filter"));
  if (!Array.isArray(filters)) return filters;
  let views = ctx
    .resolved()
    .order.filter((v) => v.c.machineId === ctx.machineId)
    .reverse();
  // A container its restart policy is bringing back counts as running, as the daemon lists it.
  const live = (v: ContainerView) => v.c.state === "running" || v.c.restarting === true;
  if (!showAll && !filters.length) views = views.filter(live);
  else if (!showAll) views = views.filter((v) => live(v) || all(p, "filter").some((f) => f.startsWith("status=")));
  views = views.filter((v) => filters.every((f) => f(v)));
  if (lastN > 0) views = views.slice(0, lastN);

  let format = last(p, "format") ?? "";
  if (has(p, "quiet") && format === "") format = "{{.ID}}";
  if (format === "" || format === "table") format = has(p, "size") ? `${DEFAULT_TABLE}\t{{.Size}}` : DEFAULT_TABLE;
  if (format === "json") format = "{{json .}}";
  const table = format.startsWith("table");
  const body = table ? format.slice(5).replace(/^ /, "") : format;
  let tmpl: Template;
  try {
    tmpl = new Template(body.replace(/\\t/g, "\t").replace(/\\n/g, "\n"));
  } catch (e) {
    if (e instanceof TemplateError) return err(`${e.message}\n`, 1);
    throw e;
  }
  let out = "";
  try {
    const opts = { typeName: "*formatter.ContainerContext" };
    if (table) out += `${tmpl.execute(goStruct({ ...HEADERS }), opts)}\n`;
    for (const v of views) out += `${tmpl.execute(row(ctx, v, trunc), opts)}\n`;
  } catch (e) {
    if (e instanceof TemplateError) return err(`${e.message}\n`, 1);
    throw e;
  }
  return ok(table ? tabwrite(out) : out);
}
