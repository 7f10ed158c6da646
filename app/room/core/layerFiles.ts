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

type ChangeKind = "A" | "C" | "D";

interface LayerChange {
  kind: ChangeKind;
  path: string;
}

type LayerChanges =
  /** The layer's own file entries against the layers below. */
  | { recorded: true; changes: LayerChange[] }
  /** A catalog base layer: the catalog keeps its image's files as one tree. */
  | { recorded: false; base: string };

interface TreeEntry {
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
const TREE_SHOWN = 300;
/** Entries counted beyond the shown ones before the count says "at least". */
const COUNT_CAP = 5_000;

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

type Layered = Pick<ImageRecord, "base" | "repoTags" | "history">;

/** One layer as the view shows it: its own changes and the merged tree as of it. */
interface LayerView {
  changes: LayerChanges;
  tree: MergedTree;
}

/**
 * History row `row` of the image: what it added (A), changed (C) and deleted (D) against the tree
 * below it (a directory that existed below counts as changed when something inside it changed), and
 * the merged tree as of it, depth first in name order, at most `shown` entries with a count of the
 * rest. A row of the catalog base shows the base's whole tree (`baseWhole`). The layers below are
 * folded once: the tree as of the row is its own entries over that fold.
 * @example layerView(built, built.history.length - 1).changes // { recorded: true, changes: [{ kind: "C", path: "/usr" }, …] }
 */
export function layerView(image: Layered, row: number, shown = TREE_SHOWN): LayerView {
  const h = image.history[row];
  const base = catalogRows(image);
  if (row < base) {
    const whole = withImageFiles(baseTree(image), layeredFiles(image.history.slice(0, base)), 0);
    return { changes: { recorded: false, base: image.base ?? "" }, tree: { ...walk(whole, new Map(), shown), baseWhole: true } };
  }
  const below = withImageFiles(baseTree(image), layeredFiles(image.history.slice(0, row)), 0);
  const changes = !h || h.empty ? [] : ownChanges(below, h);
  const at = h ? withImageFiles(below, layeredFiles([h]), 0) : below;
  const kinds = new Map(changes.map((c) => [c.path, c.kind] as const));
  return { changes: { recorded: true, changes }, tree: { ...walk(at, kinds, shown), baseWhole: false } };
}

function ownChanges(below: Tree, h: ImageRecord["history"][number]): LayerChange[] {
  const out = new Map<string, ChangeKind>();
  for (const p of h.deleted ?? []) out.set(p, "D");
  for (const p of h.dirs ?? []) if (!below.get(p)) out.set(p, "A");
  for (const p of [...Object.keys(h.files ?? {}), ...Object.keys(h.links ?? {})]) out.set(p, below.get(p) ? "C" : "A");
  for (const p of [...out.keys()]) {
    for (let d = parentOf(p); d !== "/" && !out.has(d); d = parentOf(d)) out.set(d, below.get(d) ? "C" : "A");
  }
  return [...out].map(([path, kind]) => ({ kind, path })).sort(byPath);
}

/** The tree depth first in name order: the first `shown` entries, the rest counted up to COUNT_CAP. */
function walk(tree: Tree, kinds: ReadonlyMap<string, ChangeKind>, shown: number): Omit<MergedTree, "baseWhole"> {
  const entries: TreeEntry[] = [];
  let counted = 0;
  const stack: { path: string; depth: number }[] = [{ path: "/", depth: -1 }];
  while (stack.length > 0 && counted < shown + COUNT_CAP) {
    const { path, depth } = stack.pop() as { path: string; depth: number };
    const children = tree.children(path);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ path: path === "/" ? `/${children[i]}` : `${path}/${children[i]}`, depth: depth + 1 });
    if (path === "/") continue;
    counted++;
    if (entries.length >= shown) continue;
    const node = tree.get(path);
    if (!node) continue;
    const change = kinds.get(path);
    entries.push({
      path,
      name: path.slice(path.lastIndexOf("/") + 1),
      depth,
      type: node.t,
      ...(node.t === "l" ? { target: node.target } : {}),
      ...(change ? { change } : {}),
    });
  }
  return { entries, more: counted - entries.length, capped: stack.length > 0 };
}
