/**
 * Auto-layout with ELK: the canvas's nodes become ELK graphs, one per level (the top level with LANs
 * and hosts, then each host's networks, containers and VMs, then each VM's), laid out from the inside
 * out so a machine is sized to hold what it contains. ELK's answer becomes one `layout.moveMany` op,
 * so every browser shows the same picture. Pure apart from ELK itself, which is loaded on first use
 * to keep it out of the room page's first JS.
 */
import type { ElkNode } from "elkjs/lib/elk-api";
import { CONTAINERS_PER_ROW, type Doc, type Position } from "@/lib/model";
import type { OpOf } from "@/lib/ops";

/** What layout needs of a canvas node: React Flow's nodes fit as they are. */
interface LayoutNode {
  id: string;
  parentId?: string;
  position: { x: number; y: number };
  width?: number;
  height?: number;
}
interface LayoutEdge {
  source: string;
  target: string;
}

type Layouter = (graph: ElkNode) => Promise<ElkNode>;
type Moves = OpOf<"layout.moveMany">["moves"];
interface Box {
  w: number;
  h: number;
}

const PAD = 24;
/** Room for a machine's header above its children. */
const HEADER = 56;
const TOP_GAP = 80;
/** Below what someone placed by hand, newly laid-out records start after this gap. */
const BLOCK_GAP = 60;
const ROOT = "";

const OPTIONS = {
  "elk.algorithm": "layered",
  // LANs above hosts, networks above their containers: edges are oriented that way below.
  "elk.direction": "DOWN",
  "elk.spacing.nodeNode": "40",
  // Room for the address labels on the edges between two rows.
  "elk.layered.spacing.nodeNodeBetweenLayers": "110",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  // One set of rows: separate components would be stacked below each other.
  "elk.separateConnectedComponents": "false",
  "elk.padding": "[top=0,left=0,bottom=0,right=0]",
};
const TOP_OPTIONS = { ...OPTIONS, "elk.spacing.nodeNode": String(TOP_GAP), "elk.layered.spacing.nodeNodeBetweenLayers": String(TOP_GAP) };

/** The smallest a machine is drawn (canvas/graph.ts never draws one smaller). */
function minSize(doc: Doc, id: string): Box {
  const m = doc.machines[id];
  if (m?.kind === "vm") return { w: 300, h: m.engine ? 150 : 110 };
  return { w: 640, h: 360 };
}

/** Records `layout.move` accepts; anything else the canvas draws has no place of its own in the document. */
function placeable(doc: Doc, id: string): boolean {
  return Boolean(doc.machines[id] ?? doc.networks[id] ?? doc.containers[id] ?? doc.lans[id]);
}

/** Upper rows first: LANs, then networks, then machines, then containers. */
function rank(doc: Doc, id: string): number {
  if (doc.lans[id]) return 0;
  if (doc.networks[id]) return 1;
  if (doc.machines[id]) return 2;
  return 3;
}

class Tree {
  readonly kids = new Map<string, LayoutNode[]>();
  readonly parent = new Map<string, string>();
  readonly byId = new Map<string, LayoutNode>();
  /** Edges at the level where they meet: between the two children of their lowest common ancestor. */
  readonly edges = new Map<string, [string, string][]>();

  constructor(
    nodes: readonly LayoutNode[],
    edges: readonly LayoutEdge[],
    private readonly doc: Doc,
  ) {
    for (const n of nodes) {
      this.byId.set(n.id, n);
      const p = n.parentId ?? ROOT;
      this.parent.set(n.id, p);
      this.kids.set(p, [...(this.kids.get(p) ?? []), n]);
    }
    const seen = new Set<string>();
    for (const e of edges) {
      const a = this.chain(e.source);
      const b = this.chain(e.target);
      const at = a.findIndex((x) => b.includes(x));
      if (at <= 0) continue;
      const level = a[at] as string;
      const ca = a[at - 1] as string;
      const cb = b[b.indexOf(level) - 1];
      if (!cb || ca === cb) continue;
      const [ra, rb] = [rank(doc, ca), rank(doc, cb)];
      // Same rank (a container sharing another's namespace): the target, the owner, goes above.
      const pair: [string, string] = ra < rb ? [ca, cb] : [cb, ca];
      const key = `${level}|${pair[0]}|${pair[1]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.edges.set(level, [...(this.edges.get(level) ?? []), pair]);
    }
  }

  /** The node, its parent, grandparent... and the root. */
  private chain(id: string): string[] {
    const out = [id];
    for (let p = this.parent.get(id); p !== undefined; p = p === ROOT ? undefined : this.parent.get(p)) out.push(p);
    return this.byId.has(id) ? out : [];
  }

  isCompound(id: string): boolean {
    return Boolean(this.doc.machines[id]);
  }
}

const move = (id: string, x: number, y: number, size?: Box): { id: string; position: Position } => ({
  id,
  position: { x: Math.round(x), y: Math.round(y), ...(size ? { w: Math.round(size.w), h: Math.round(size.h) } : {}) },
});

type Item = { id: string; w: number; h: number };
const WRAP_GAP = 40;

/**
 * ELK's layered layout sets every container of a layer side by side; here a row wraps after
 * CONTAINERS_PER_ROW, as the canvas's own slots do, so a host of eight stays narrow enough to read
 * when fitted. Whatever lies below a wrapped row moves down by the rows it gained, and a box above
 * it (a network) moves over its leftmost neighbour there, its row kept free of overlaps.
 */
function wrapRows(at: Map<string, { x: number; y: number }>, items: readonly Item[], edges: readonly [string, string][], wraps: (id: string) => boolean): void {
  const rows = new Map<number, Item[]>();
  for (const i of items) {
    const y = Math.round(at.get(i.id)?.y ?? 0);
    if (wraps(i.id)) rows.set(y, [...(rows.get(y) ?? []), i]);
  }
  const gained: [number, number][] = [];
  const placed = new Map<string, { x: number; y: number }>();
  for (const [y, row] of rows) {
    if (row.length <= CONTAINERS_PER_ROW) continue;
    row.sort((a, b) => (at.get(a.id)?.x ?? 0) - (at.get(b.id)?.x ?? 0));
    const x0 = at.get((row[0] as Item).id)?.x ?? 0;
    const w = Math.max(...row.map((i) => i.w));
    const h = Math.max(...row.map((i) => i.h));
    row.forEach((i, n) => {
      placed.set(i.id, { x: x0 + (n % CONTAINERS_PER_ROW) * (w + WRAP_GAP), y: y + Math.floor(n / CONTAINERS_PER_ROW) * (h + WRAP_GAP) });
    });
    gained.push([y, (Math.ceil(row.length / CONTAINERS_PER_ROW) - 1) * (h + WRAP_GAP)]);
  }
  if (gained.length === 0) return;
  const top = Math.min(...gained.map(([y]) => y));
  for (const i of items) {
    const was = at.get(i.id) ?? { x: 0, y: 0 };
    const down = gained.filter(([y]) => y < Math.round(was.y)).reduce((sum, [, g]) => sum + g, 0);
    let p = placed.get(i.id) ?? was;
    if (!placed.has(i.id) && Math.round(was.y) < top) {
      const below = edges.flatMap(([a, b]) => (a === i.id ? [b] : b === i.id ? [a] : [])).flatMap((id) => placed.get(id)?.x ?? []);
      if (below.length > 0) p = { x: Math.min(...below), y: p.y };
    }
    at.set(i.id, { x: p.x, y: p.y + down });
  }
  // Boxes moved over their neighbours may now overlap in their row: push them apart, left to right.
  const byRow = new Map<number, Item[]>();
  for (const i of items) {
    const y = Math.round(at.get(i.id)?.y ?? 0);
    byRow.set(y, [...(byRow.get(y) ?? []), i]);
  }
  for (const row of byRow.values()) {
    row.sort((a, b) => (at.get(a.id)?.x ?? 0) - (at.get(b.id)?.x ?? 0));
    let right = Number.NEGATIVE_INFINITY;
    for (const i of row) {
      const p = at.get(i.id) ?? { x: 0, y: 0 };
      const x = Math.max(p.x, right);
      at.set(i.id, { x, y: p.y });
      right = x + i.w + WRAP_GAP;
    }
  }
}

/** One level with ELK: positions relative to the level's top-left corner, and the size it takes. */
async function flat(
  items: Item[],
  edges: readonly [string, string][],
  layout: Layouter,
  options: Record<string, string>,
  wraps: (id: string) => boolean = () => false,
): Promise<{ at: Map<string, { x: number; y: number }>; w: number; h: number }> {
  const ids = new Set(items.map((i) => i.id));
  const graph: ElkNode = {
    id: "level",
    layoutOptions: options,
    children: items.map((i) => ({ id: i.id, width: i.w, height: i.h })),
    edges: edges.filter(([a, b]) => ids.has(a) && ids.has(b)).map(([a, b], i) => ({ id: `e${i}`, sources: [a], targets: [b] })),
  };
  const done = await layout(graph);
  const at = new Map<string, { x: number; y: number }>();
  for (const c of done.children ?? []) at.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  wrapRows(at, items, edges, wraps);
  let w = 0;
  let h = 0;
  for (const i of items) {
    const p = at.get(i.id) ?? { x: 0, y: 0 };
    w = Math.max(w, p.x + i.w);
    h = Math.max(h, p.y + i.h);
  }
  return { at, w, h };
}

const isContainer = (doc: Doc) => (id: string) => Boolean(doc.containers[id]);

function sizeOf(n: LayoutNode, sizes: ReadonlyMap<string, Box>): Box {
  return sizes.get(n.id) ?? { w: n.width ?? 150, h: n.height ?? 60 };
}

/**
 * "Tidy": a fresh layout of everything on the canvas, as one op.
 * @example await tidyOp(graph.nodes, graph.edges, doc, await elkLayouter()) // { type: "layout.moveMany", moves: [...] }
 */
export async function tidyOp(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], doc: Doc, layout: Layouter): Promise<OpOf<"layout.moveMany"> | null> {
  const tree = new Tree(nodes, edges, doc);
  const sizes = new Map<string, Box>();
  const moves: Moves = [];
  const lay = async (level: string): Promise<void> => {
    const children = tree.kids.get(level) ?? [];
    for (const c of children) if (tree.isCompound(c.id)) await lay(c.id);
    const items = children.map((c) => ({ id: c.id, ...sizeOf(c, sizes) }));
    const r = await flat(items, tree.edges.get(level) ?? [], layout, level === ROOT ? TOP_OPTIONS : OPTIONS, isContainer(doc));
    const [dx, dy] = level === ROOT ? [0, 0] : [PAD, HEADER];
    for (const c of children) {
      const p = r.at.get(c.id) ?? { x: 0, y: 0 };
      // A machine's size is part of its place (it can be resized by hand), so tidying sets it too.
      moves.push(move(c.id, p.x + dx, p.y + dy, sizes.get(c.id)));
    }
    if (level !== ROOT) {
      const min = minSize(doc, level);
      sizes.set(level, { w: Math.max(min.w, r.w + 2 * PAD), h: Math.max(min.h, HEADER + r.h + PAD) });
    }
  };
  await lay(ROOT);
  const known = moves.filter((m) => placeable(doc, m.id));
  return known.length > 0 ? { type: "layout.moveMany", moves: known } : null;
}

/**
 * Places what nobody has placed yet (built in the terminal, imported, loaded), leaving hand-placed
 * records where they are: a machine whose children are all unplaced is laid out whole; otherwise its
 * new records are laid out as a block below the placed ones. Unplaced top-level nodes keep their row
 * and move right of what is already there.
 * @example await placeUnplacedOp(graph.nodes, graph.edges, doc, await elkLayouter()) // null when everything has a place
 */
export async function placeUnplacedOp(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  doc: Doc,
  layout: Layouter,
): Promise<OpOf<"layout.moveMany"> | null> {
  const tree = new Tree(nodes, edges, doc);
  const sizes = new Map<string, Box>();
  const moves: Moves = [];
  const unplaced = (n: LayoutNode) => !doc.layout[n.id] && placeable(doc, n.id);
  const lay = async (level: string): Promise<void> => {
    const children = tree.kids.get(level) ?? [];
    for (const c of children) if (tree.isCompound(c.id)) await lay(c.id);
    const fresh = children.filter(unplaced);
    if (fresh.length === 0) return;
    const whole = fresh.length === children.length;
    const items = fresh.map((c) => ({ id: c.id, ...sizeOf(c, sizes) }));
    if (level === ROOT) {
      if (whole) {
        const r = await flat(items, tree.edges.get(ROOT) ?? [], layout, TOP_OPTIONS);
        for (const c of fresh) moves.push(move(c.id, r.at.get(c.id)?.x ?? 0, r.at.get(c.id)?.y ?? 0));
        return;
      }
      // Keep the row canvas/graph.ts gave it, right of whatever already sits in that row.
      const boxes = children.filter((c) => !unplaced(c)).map((c) => ({ ...c.position, ...sizeOf(c, sizes) }));
      for (const c of fresh) {
        const s = sizeOf(c, sizes);
        const y = c.position.y;
        const inRow = boxes.filter((b) => b.y < y + s.h && y < b.y + b.h);
        const x = Math.max(c.position.x, ...inRow.map((b) => b.x + b.w + TOP_GAP));
        moves.push(move(c.id, x, y));
        boxes.push({ x, y, ...s });
      }
      return;
    }
    const placed = children.filter((c) => !unplaced(c));
    // One or two newcomers (a `docker run`, the bridge of a fresh room) stay where they are drawn
    // already, in their row, when that spot is free: nothing jumps.
    const boxes = children.map((c) => ({ id: c.id, ...c.position, ...sizeOf(c, sizes) }));
    const clear = (c: LayoutNode) => {
      const b = boxes.find((x) => x.id === c.id) as (typeof boxes)[number];
      return !boxes.some((o) => o.id !== c.id && b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
    };
    if (!whole && fresh.length <= 2 && fresh.every(clear)) {
      for (const c of fresh) moves.push(move(c.id, c.position.x, c.position.y));
      return;
    }
    const r = await flat(items, tree.edges.get(level) ?? [], layout, OPTIONS, isContainer(doc));
    const dy = whole ? HEADER : Math.max(HEADER, ...placed.map((c) => c.position.y + sizeOf(c, sizes).h)) + BLOCK_GAP;
    for (const c of fresh) moves.push(move(c.id, (r.at.get(c.id)?.x ?? 0) + PAD, (r.at.get(c.id)?.y ?? 0) + dy));
    const min = minSize(doc, level);
    const right = Math.max(0, ...placed.map((c) => c.position.x + sizeOf(c, sizes).w));
    sizes.set(level, { w: Math.max(min.w, right + PAD, r.w + 2 * PAD), h: Math.max(min.h, dy + r.h + PAD) });
  };
  await lay(ROOT);
  return moves.length > 0 ? { type: "layout.moveMany", moves } : null;
}

/** Whether anything on the canvas still lacks a position in the document. */
export function hasUnplaced(nodes: readonly LayoutNode[], doc: Doc): boolean {
  return nodes.some((n) => !doc.layout[n.id] && placeable(doc, n.id));
}

/**
 * The ELK graph of one level, as `tidyOp` lays it out: for tests and for looking at.
 * @example levelGraph(graph.nodes, graph.edges, doc, "m-host").children?.length // networks + containers
 */
export function levelGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], doc: Doc, level = ROOT): ElkNode {
  const tree = new Tree(nodes, edges, doc);
  return {
    id: level || "root",
    children: (tree.kids.get(level) ?? []).map((c) => ({ id: c.id, width: c.width ?? 150, height: c.height ?? 60 })),
    edges: (tree.edges.get(level) ?? []).map(([a, b], i) => ({ id: `e${i}`, sources: [a], targets: [b] })),
  };
}

let elk: Promise<Layouter> | null = null;

/** ELK, loaded on first use (it is large and most visits never lay anything out). */
export function elkLayouter(): Promise<Layouter> {
  elk ??= import("elkjs/lib/elk.bundled.js").then((m) => {
    const instance = new m.default();
    return (graph: ElkNode) => instance.layout(graph);
  });
  return elk;
}
