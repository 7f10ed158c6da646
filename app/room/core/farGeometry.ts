/**
 * Where the canvas's nodes are on the page, in flow coordinates: React Flow keeps a child's position
 * relative to its parent (a container in its host, a VM in its host, a container in its VM), while
 * hit-testing a drop, drawing the far-away view and dragging in it need absolute boxes. Pure.
 */

/**
 * What geometry needs of a canvas node: React Flow's nodes (canvas/graph.ts's `AnyNode`) have these
 * fields, so the canvas passes its nodes as they are and gets its own node type back in each `Box`.
 */
interface GeoNode {
  id: string;
  type?: string | undefined;
  parentId?: string | undefined;
  position: Point;
  width?: number | undefined;
  height?: number | undefined;
  extent?: unknown;
  hidden?: boolean | undefined;
}

/** What geometry needs of an edge: the handles it leaves and meets (null or absent: the node's default). */
interface GeoEdge {
  sourceHandle?: string | null | undefined;
  targetHandle?: string | null | undefined;
}

/** A side of a box. React Flow's `Position` values are these names, so its handles' sides pass as they are. */
export type Side = "top" | "right" | "bottom" | "left";

export interface Box<N extends GeoNode = GeoNode> {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  node: N;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Every node's absolute box, in drawing order (parents before children, later ones on top).
 * @example absoluteBoxes([host, container]).get(container.id) // { x: host.x + container.x, ... }
 */
export function absoluteBoxes<N extends GeoNode>(nodes: readonly N[]): Map<string, Box<N>> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, Box<N>>();
  const place = (n: N, depth: number): Box<N> => {
    const done = out.get(n.id);
    if (done) return done;
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    // A cycle cannot come out of buildGraph; the depth guard keeps bad input from recursing forever.
    const origin = parent && depth < 16 ? place(parent, depth + 1) : { x: 0, y: 0 };
    const box = { id: n.id, x: origin.x + n.position.x, y: origin.y + n.position.y, w: n.width ?? 0, h: n.height ?? 0, node: n };
    out.set(n.id, box);
    return box;
  };
  for (const n of nodes) place(n, 0);
  // Insertion order follows the first visit, which may be a parent reached through its child: restore
  // the nodes' own order so "later is on top" holds.
  return new Map(nodes.map((n) => [n.id, out.get(n.id) as Box<N>]));
}

const inside = (b: Box, p: Point) => p.x >= b.x && p.y >= b.y && p.x <= b.x + b.w && p.y <= b.y + b.h;

/** The topmost box under `p` that `accept` takes (children are drawn over their parents). */
export function topmostAt<N extends GeoNode>(boxes: Map<string, Box<N>>, p: Point, accept: (n: N) => boolean = () => true): Box<N> | null {
  const list = [...boxes.values()];
  for (let i = list.length - 1; i >= 0; i--) {
    const b = list[i] as Box<N>;
    if (accept(b.node) && inside(b, p)) return b;
  }
  return null;
}

/**
 * The machine a drop at `p` lands in: the innermost host or VM under it (a VM inside its host wins, as
 * it is the machine whose Docker Engine the drop means), with `p` relative to that machine's corner.
 * @example machineAt(boxes, { x: 900, y: 700 }) // { id: "m-vm1", at: { x: 40, y: 60 } }
 */
export function machineAt(boxes: Map<string, Box>, p: Point): { id: string; at: Point } | null {
  const b = topmostAt(boxes, p, (n) => n.type === "host");
  return b ? { id: b.id, at: { x: p.x - b.x, y: p.y - b.y } } : null;
}

/**
 * Where a dragged node's relative position ends up: a child stays inside its parent (React Flow's
 * `extent: "parent"`), a top-level node goes anywhere.
 */
export function clampToParent(node: GeoNode, parent: Box | undefined, rel: Point): Point {
  if (!parent || node.extent !== "parent") return rel;
  const w = node.width ?? 0;
  const h = node.height ?? 0;
  return { x: Math.min(Math.max(0, rel.x), Math.max(0, parent.w - w)), y: Math.min(Math.max(0, rel.y), Math.max(0, parent.h - h)) };
}

/** Which side of a node an edge leaves or meets, after the handles canvas/nodes.tsx and the swarm and VM views place. */
function side(n: GeoNode, handle: string | null | undefined, end: "source" | "target"): Side {
  switch (handle) {
    case "adapter":
    case "guest":
      return "bottom";
    case "ns":
      return "right";
    case "tasks":
      return "left";
    case "nic":
    case "networks":
      return "top";
  }
  if (end === "source") return "top";
  // A container's only target handle is the namespace one on its right.
  return n.type === "container" ? "right" : "bottom";
}

function point(b: Box, pos: Side): Point {
  switch (pos) {
    case "top":
      return { x: b.x + b.w / 2, y: b.y };
    case "bottom":
      return { x: b.x + b.w / 2, y: b.y + b.h };
    case "left":
      return { x: b.x, y: b.y + b.h / 2 };
    default:
      return { x: b.x + b.w, y: b.y + b.h / 2 };
  }
}

export interface EdgeEnds {
  sourceX: number;
  sourceY: number;
  targetX: number;
  targetY: number;
  sourcePosition: Side;
  targetPosition: Side;
}

/** The two ends of an edge between absolute boxes, in the shape React Flow's path helpers take. */
export function edgeEnds(e: GeoEdge, source: Box, target: Box): EdgeEnds {
  const sourcePosition = side(source.node, e.sourceHandle, "source");
  const targetPosition = side(target.node, e.targetHandle, "target");
  const s = point(source, sourcePosition);
  const t = point(target, targetPosition);
  return { sourceX: s.x, sourceY: s.y, targetX: t.x, targetY: t.y, sourcePosition, targetPosition };
}

/** The smallest rectangle around every box (for fitting the view before any node is on the page). */
export function boundsOf(boxes: Map<string, Box>): { x: number; y: number; width: number; height: number } | null {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const b of boxes.values()) {
    if (b.node.hidden) continue;
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  return x0 <= x1 ? { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) } : null;
}
