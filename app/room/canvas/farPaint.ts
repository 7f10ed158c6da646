/**
 * Drawing of the far view (FarView.tsx): the graph in flow units on one 2D canvas, batched into one
 * path per kind of box so a thousand nodes cost a handful of fill and stroke calls.
 */
import type { Edge } from "@xyflow/react";
import { type Box, edgeEnds } from "../core/farGeometry";
import { bezierControls } from "./edges";
import type { AnyNode } from "./graph";

export interface Colors {
  host: string;
  border: string;
  panel: string;
  net: string;
  netBorder: string;
  ctr: string;
  accent: string;
  hl: string;
  err: string;
  fg: string;
  muted: string;
  ok: string;
}

export function readColors(): Colors {
  const s = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
  return {
    host: v("--host", "#eef3fb"),
    border: v("--border", "#d5d9e0"),
    panel: v("--panel", "#ffffff"),
    net: v("--net", "#e7f6ee"),
    netBorder: v("--net-border", "#2f9e44"),
    ctr: v("--ctr", "#ffffff"),
    accent: v("--accent", "#0b63c5"),
    hl: v("--hl", "#e8590c"),
    err: v("--err", "#b42318"),
    fg: v("--fg", "#1f2328"),
    muted: v("--muted", "#5b6470"),
    ok: v("--net-border", "#2f9e44"),
  };
}

function label(n: AnyNode): string {
  switch (n.type) {
    case "host":
      return n.data.machine.name;
    case "network":
      return n.data.network.name;
    case "container":
      return n.data.container.name;
    case "lan":
      return n.data.lan.name;
    default:
      return n.ariaLabel ?? n.id;
  }
}

/** Draws the graph into `ctx`, already scaled to flow units; `shift` moves the part being dragged. */
export function drawGraph(
  ctx: CanvasRenderingContext2D,
  boxes: Map<string, Box<AnyNode>>,
  edges: readonly Edge[],
  c: Colors,
  view: { x0: number; y0: number; x1: number; y1: number; px: number },
  shift: (b: Box<AnyNode>) => Box<AnyNode>,
  remoteSel: ReadonlyMap<string, string>,
): void {
  const { px } = view;
  const seen = (b: Box<AnyNode>) => b.x <= view.x1 && b.y <= view.y1 && b.x + b.w >= view.x0 && b.y + b.h >= view.y0;
  const hosts = new Path2D();
  const vms = new Path2D();
  const lans = new Path2D();
  const nets = new Path2D();
  const ctrs = new Path2D();
  const running = new Path2D();
  const shown: Box<AnyNode>[] = [];
  for (const raw of boxes.values()) {
    if (raw.node.hidden) continue;
    const b = shift(raw);
    if (!seen(b)) continue;
    shown.push(b);
    const n = b.node;
    if (n.type === "host") (n.data.machine.vm ? vms : hosts).rect(b.x, b.y, b.w, b.h);
    else if (n.type === "network") nets.rect(b.x, b.y, b.w, b.h);
    else if (n.type === "container") {
      ctrs.rect(b.x, b.y, b.w, b.h);
      if (n.data.container.state === "running") running.rect(b.x, b.y, Math.min(b.w, 12), b.h);
    } else lans.rect(b.x, b.y, b.w, b.h);
  }
  ctx.lineWidth = 2 * px;
  ctx.fillStyle = c.host;
  ctx.fill(hosts);
  ctx.strokeStyle = c.border;
  ctx.stroke(hosts);
  ctx.fillStyle = c.panel;
  ctx.fill(vms);
  ctx.setLineDash([6 * px, 4 * px]);
  ctx.strokeStyle = c.accent;
  ctx.stroke(vms);
  ctx.setLineDash([]);

  // Edges above the machines and under everything else, as React Flow stacks them.
  const plain = new Path2D();
  const lit = new Path2D();
  for (const e of edges) {
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (!s || !t || s.node.hidden || t.node.hidden) continue;
    const ends = edgeEnds(e, shift(s), shift(t));
    const minX = Math.min(ends.sourceX, ends.targetX);
    const maxX = Math.max(ends.sourceX, ends.targetX);
    const minY = Math.min(ends.sourceY, ends.targetY);
    const maxY = Math.max(ends.sourceY, ends.targetY);
    if (maxX < view.x0 || minX > view.x1 || maxY < view.y0 - 200 || minY > view.y1 + 200) continue;
    const [c1x, c1y, c2x, c2y] = bezierControls(ends);
    const path = e.className?.split(" ").includes("hl") ? lit : plain;
    path.moveTo(ends.sourceX, ends.sourceY);
    path.bezierCurveTo(c1x, c1y, c2x, c2y, ends.targetX, ends.targetY);
  }
  ctx.lineWidth = px;
  ctx.strokeStyle = c.muted;
  ctx.globalAlpha = 0.7;
  ctx.stroke(plain);
  ctx.globalAlpha = 1;
  ctx.lineWidth = 3 * px;
  ctx.strokeStyle = c.hl;
  ctx.stroke(lit);

  ctx.lineWidth = 2 * px;
  ctx.fillStyle = c.panel;
  ctx.fill(lans);
  ctx.strokeStyle = c.accent;
  ctx.stroke(lans);
  ctx.fillStyle = c.net;
  ctx.fill(nets);
  ctx.strokeStyle = c.netBorder;
  ctx.stroke(nets);
  ctx.fillStyle = c.ctr;
  ctx.fill(ctrs);
  ctx.lineWidth = px;
  ctx.strokeStyle = c.muted;
  ctx.stroke(ctrs);
  ctx.fillStyle = c.ok;
  ctx.fill(running);

  // Outlines, widest first so a node both selected and on the path shows both.
  const ring = (b: Box<AnyNode>, color: string, width: number, gap: number) => {
    ctx.lineWidth = width * px;
    ctx.strokeStyle = color;
    ctx.strokeRect(b.x - gap * px, b.y - gap * px, b.w + 2 * gap * px, b.h + 2 * gap * px);
  };
  for (const b of shown) {
    const n = b.node;
    const d = n.data as { highlighted?: boolean; diagnostics?: { level: string }[] };
    const remote = remoteSel.get(n.id);
    if (remote) ring(b, remote, 4, 8);
    if (n.selected) ring(b, c.accent, 3, 4);
    if (d.highlighted) ring(b, c.hl, 3, 1);
    else if (d.diagnostics?.some((x) => x.level === "error")) ring(b, c.err, 2, 1);
  }
}

/** Names, in screen pixels, of every node wide enough on screen to hold one. */
export function drawLabels(
  ctx: CanvasRenderingContext2D,
  boxes: Map<string, Box<AnyNode>>,
  c: Colors,
  [tx, ty, zoom]: [number, number, number],
  shift: (b: Box<AnyNode>) => Box<AnyNode>,
  size: { w: number; h: number },
): void {
  ctx.font = "11px system-ui, sans-serif";
  ctx.textBaseline = "top";
  ctx.fillStyle = c.fg;
  for (const raw of boxes.values()) {
    const b = shift(raw);
    const w = b.w * zoom;
    if (w < 48 || b.node.hidden) continue;
    const x = tx + b.x * zoom;
    const y = ty + b.y * zoom;
    if (x > size.w || y > size.h || x + w < 0 || y + b.h * zoom < 0) continue;
    ctx.fillText(label(b.node), x + 6, y + 4, w - 12);
  }
}
