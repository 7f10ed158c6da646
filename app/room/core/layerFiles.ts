/**
 * What an image's layers hold, as dive and `docker diff` show it: what one layer added, changed and
 * deleted over the layers below it, and the merged file tree as of a chosen layer. The files come from
 * the image's own layers (COPY, RUN, commit) over its catalog base's tree; the catalog records that
 * tree whole, not per layer, so its layers' own changes are reported as not recorded.
 */
import { IMAGE_CATALOG, type ImageRecord, imageInfo, layeredFiles } from "@/lib/model";
import { withImageFiles } from "@/lib/shell/fs/container";
import { imageTree } from "@/lib/shell/fs/rootfs";
import type { Tree } from "@/lib/shell/fs/vfs";
import { imagePrograms } from "@/lib/shell/tools";

export type ChangeKind = "A" | "C" | "D";

export interface LayerChange {
  kind: ChangeKind;
  path: string;
}

export type LayerChanges =
  /** The layer's own file entries against the layers below. */
  | { recorded: true; changes: LayerChange[] }
  /** A catalog base layer: the catalog keeps its image's files as one tree. */
  | { recorded: false; base: string };

export interface TreeEntry {
  path: string;
  name: string;
  /** 0 for an entry of `/`. */
  depth: number;
  type: "d" | "f" | "l";
  /** A link's target. */
  target?: string;
  /** What the chosen layer did to the entry, if anything. */
  change?: ChangeKind;
}

export interface MergedTree {
  entries: TreeEntry[];
  /** Entries past the shown ones, counted up to COUNT_CAP. */
  more: number;
  /** Counting stopped at COUNT_CAP: there are at least `more` others. */
  capped: boolean;
  /** The chosen layer is one of the catalog base's: the tree is the base's as of its top layer. */
  baseWhole: boolean;
}

/** Entries a tree shows: enough to browse, few enough to render in a frame. */
export const TREE_SHOWN = 300;
/** Entries counted beyond the shown ones before the count says "at least". */
export const COUNT_CAP = 20_000;

const parentOf = (p: string) => p.slice(0, p.lastIndexOf("/")) || "/";
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** How many of the image's first history rows are its catalog base's (they carry no file entries). */
export function catalogRows(image: Pick<ImageRecord, "base" | "history">): number {
  const rows = image.base ? (IMAGE_CATALOG.get(image.base)?.history.length ?? 0) : 0;
  return Math.min(rows, image.history.length);
}

function baseTree(image: Pick<ImageRecord, "base" | "repoTags">): Tree {
  const key = image.base ?? image.repoTags[0] ?? "";
  return imageTree(key, imagePrograms(imageInfo(key).tools));
}

/** The image's files as of history row `row` (inclusive). */
function treeAt(image: Pick<ImageRecord, "base" | "repoTags" | "history">, row: number): Tree {
  return withImageFiles(baseTree(image), layeredFiles(image.history.slice(0, row + 1)), 0);
}

/**
 * What history row `row` added (A), changed (C) and deleted (D), from its own entries and the tree
 * below it; a directory that existed below counts as changed when something inside it changed.
 * @example layerChanges(built, built.history.length - 1) // { recorded: true, changes: [{ kind: "C", path: "/usr" }, …] }
 */
export function layerChanges(image: Pick<ImageRecord, "base" | "repoTags" | "history">, row: number): LayerChanges {
  const h = image.history[row];
  if (!h || h.empty) return { recorded: true, changes: [] };
  if (row < catalogRows(image)) return { recorded: false, base: image.base ?? "" };
  const below = treeAt(image, row - 1);
  const out = new Map<string, ChangeKind>();
  for (const p of h.deleted ?? []) out.set(p, "D");
  for (const p of h.dirs ?? []) if (!below.get(p)) out.set(p, "A");
  for (const p of [...Object.keys(h.files ?? {}), ...Object.keys(h.links ?? {})]) out.set(p, below.get(p) ? "C" : "A");
  for (const p of [...out.keys()]) {
    for (let d = parentOf(p); d !== "/" && !out.has(d); d = parentOf(d)) out.set(d, below.get(d) ? "C" : "A");
  }
  return { recorded: true, changes: [...out].map(([path, kind]) => ({ kind, path })).sort(byPath) };
}

/**
 * The merged tree as of history row `row`, depth first in name order, at most `shown` entries with a
 * count of the rest. Rows of the catalog base show the base's whole tree (see `baseWhole`).
 * @example mergedTree(alpine, 0).entries[0] // { path: "/.dockerenv", name: ".dockerenv", depth: 0, type: "f" }
 */
export function mergedTree(image: Pick<ImageRecord, "base" | "repoTags" | "history">, row: number, shown = TREE_SHOWN): MergedTree {
  const base = catalogRows(image);
  const baseWhole = row < base;
  const tree = treeAt(image, baseWhole ? base - 1 : row);
  const changes = layerChanges(image, row);
  const kinds = new Map(changes.recorded ? changes.changes.map((c) => [c.path, c.kind] as const) : []);
  const entries: TreeEntry[] = [];
  let counted = 0;
  const stack: { path: string; depth: number }[] = [{ path: "/", depth: -1 }];
  while (stack.length > 0 && counted < shown + COUNT_CAP) {
    const { path: dir, depth } = stack.pop() as { path: string; depth: number };
    const children = tree.children(dir);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ path: dir === "/" ? `/${children[i]}` : `${dir}/${children[i]}`, depth: depth + 1 });
    if (dir === "/") continue;
    counted++;
    if (entries.length >= shown) continue;
    const node = tree.get(dir);
    if (!node) continue;
    const change = kinds.get(dir);
    entries.push({
      path: dir,
      name: dir.slice(dir.lastIndexOf("/") + 1),
      depth,
      type: node.t,
      ...(node.t === "l" ? { target: node.target } : {}),
      ...(change ? { change } : {}),
    });
  }
  return { entries, more: counted - entries.length, capped: stack.length > 0, baseWhole };
}
