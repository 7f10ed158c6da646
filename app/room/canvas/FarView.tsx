"use client";
/**
 * The canvas seen from far away. Below FAR_ZOOM no text on a node is legible, and drawing a big
 * document as React Flow elements cost more than a frame: each moved node made the browser re-sort the
 * paint of ~700 node elements and ~950 edge <svg>s (every one its own stacking context). Here the graph
 * is drawn on one <canvas>: boxes in the nodes' colours, edges as React Flow's curves, and as outlines
 * the selection, other people's selections, the reach path and errors. React Flow keeps every node
 * (hidden), so its selection, Delete key and fit-view still hold; pressing a node here selects it,
 * dragging moves it with the `layout.move` op a normal drag sends, and a double click zooms in to it.
 */
import { type Edge, useReactFlow, useStore } from "@xyflow/react";
import { memo, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { absoluteBoxes, type Box, clampToParent, type Point, topmostAt } from "../core/farGeometry";
import { type Colors, drawGraph, drawLabels, readColors } from "./farPaint";
import type { AnyNode } from "./graph";

/** Zoom below which the canvas draws the far view; edge labels already go at LABEL_MIN_ZOOM (0.45). */
export const FAR_ZOOM = 0.4;
/** A press that moves less than this (screen pixels) is a click, not a drag. */
const DRAG_SLOP = 3;

interface Props {
  nodes: readonly AnyNode[];
  edges: readonly Edge[];
  remoteSel: ReadonlyMap<string, string>;
  canEdit: boolean;
  onSelect: (id: string | null) => void;
  /** Sends the move; false when the room refused it (the node goes back). */
  onMoveNode: (id: string, position: Point) => boolean;
}

interface Drag {
  id: string;
  pointerId: number;
  grab: Point;
  start: Point;
  moved: boolean;
  rel: Point;
  /** The node and everything inside it: they move together. */
  subtree: Set<string>;
  delta: Point;
}

function subtreeOf(boxes: Map<string, Box<AnyNode>>, id: string): Set<string> {
  const out = new Set([id]);
  for (const b of boxes.values()) {
    for (let p = b.node.parentId; p; p = boxes.get(p)?.node.parentId) {
      if (p === id) {
        out.add(b.id);
        break;
      }
    }
  }
  return out;
}

export const FarView = memo(function FarView({ nodes, edges, remoteSel, canEdit, onSelect, onMoveNode }: Props) {
  const transform = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const domNode = useStore((s) => s.domNode);
  const { setCenter } = useReactFlow();
  const boxes = useMemo(() => absoluteBoxes(nodes), [nodes]);
  const ref = useRef<HTMLCanvasElement>(null);
  const drag = useRef<Drag | null>(null);
  const frame = useRef(0);
  // The listeners are attached once; they read the latest of everything through this.
  const live = useRef({ boxes, edges, remoteSel, canEdit, onSelect, onMoveNode, transform, width, height, setCenter, colors: null as Colors | null });
  live.current = { ...live.current, boxes, edges, remoteSel, canEdit, onSelect, onMoveNode, transform, width, height, setCenter };

  const paint = useRef(() => {
    frame.current = 0;
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    const l = live.current;
    if (!canvas || !ctx || !l.width || !l.height) return;
    l.colors ??= readColors();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(l.width * dpr);
    const h = Math.round(l.height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const [tx, ty, zoom] = l.transform;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, l.width, l.height);
    const d = drag.current;
    const shift = (b: Box<AnyNode>): Box<AnyNode> => (d?.moved && d.subtree.has(b.id) ? { ...b, x: b.x + d.delta.x, y: b.y + d.delta.y } : b);
    ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
    const view = { x0: -tx / zoom, y0: -ty / zoom, x1: (l.width - tx) / zoom, y1: (l.height - ty) / zoom, px: 1 / zoom };
    drawGraph(ctx, l.boxes, l.edges, l.colors, view, shift, l.remoteSel);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawLabels(ctx, l.boxes, l.colors, l.transform, shift, { w: l.width, h: l.height });
    canvas.dataset.painted = String(Number(canvas.dataset.painted ?? 0) + 1);
  }).current;

  useLayoutEffect(() => {
    // The document after a drop: the moved node is where the document says now.
    if (boxes && drag.current && !drag.current.pointerId) drag.current = null;
  }, [boxes]);
  // paint() reads them through `live`; they are listed so that any of them changing repaints.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the repaint triggers, read through a ref
  useLayoutEffect(() => {
    paint();
  }, [paint, boxes, edges, remoteSel, transform, width, height]);

  useEffect(() => {
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const recolor = () => {
      live.current.colors = null;
      paint();
    };
    media.addEventListener("change", recolor);
    return () => {
      media.removeEventListener("change", recolor);
      if (frame.current) cancelAnimationFrame(frame.current);
    };
  }, [paint]);

  useEffect(() => {
    if (!domNode) return;
    const el = domNode;
    // A press on a node someone may drag is the node's (no pan, no pane click); on one they may not
    // drag it still pans the view, as React Flow does, and selects on a click that did not move.
    let swallow = false;
    let press: { id: string; x: number; y: number } | null = null;
    const toFlow = (e: MouseEvent): Point => {
      const r = el.getBoundingClientRect();
      const [tx, ty, zoom] = live.current.transform;
      return { x: (e.clientX - r.left - tx) / zoom, y: (e.clientY - r.top - ty) / zoom };
    };
    const hitAt = (e: MouseEvent) => {
      // Only presses on the graph itself: the zoom buttons and panels keep theirs.
      // (A drag's pointer capture makes the flow element itself the target of the clicks after it.)
      if (!(e.target instanceof Element) || (e.target !== el && !e.target.closest(".react-flow__pane, .react-flow__renderer"))) return null;
      return topmostAt(live.current.boxes, toFlow(e), (n) => !n.hidden);
    };
    const down = (e: PointerEvent) => {
      if (e.button !== 0) return;
      const hit = hitAt(e);
      const l = live.current;
      const draggable = hit !== null && l.canEdit && hit.node.draggable !== false;
      swallow = draggable;
      press = hit && !draggable ? { id: hit.id, x: e.clientX, y: e.clientY } : null;
      if (!hit || !draggable) return;
      // The pane would start panning (d3-zoom) or a selection box: the press is the node's.
      e.stopPropagation();
      l.onSelect(hit.id);
      const p = toFlow(e);
      drag.current = {
        id: hit.id,
        pointerId: e.pointerId,
        grab: { x: p.x - hit.x, y: p.y - hit.y },
        start: { x: e.clientX, y: e.clientY },
        moved: false,
        rel: hit.node.position,
        subtree: subtreeOf(l.boxes, hit.id),
        delta: { x: 0, y: 0 },
      };
    };
    const move = (e: PointerEvent) => {
      const d = drag.current;
      if (!d || d.pointerId !== e.pointerId) return;
      if (!d.moved && Math.hypot(e.clientX - d.start.x, e.clientY - d.start.y) < DRAG_SLOP) return;
      if (!d.moved) el.setPointerCapture(e.pointerId);
      d.moved = true;
      const { boxes: bs } = live.current;
      const box = bs.get(d.id);
      if (!box) return;
      const parent = box.node.parentId ? bs.get(box.node.parentId) : undefined;
      const p = toFlow(e);
      const abs = { x: p.x - d.grab.x, y: p.y - d.grab.y };
      d.rel = clampToParent(box.node, parent, parent ? { x: abs.x - parent.x, y: abs.y - parent.y } : abs);
      d.delta = { x: (parent?.x ?? 0) + d.rel.x - box.x, y: (parent?.y ?? 0) + d.rel.y - box.y };
      if (!frame.current) frame.current = requestAnimationFrame(paint);
    };
    const up = (e: PointerEvent) => {
      const d = drag.current;
      if (!d || d.pointerId !== e.pointerId) return;
      e.stopPropagation();
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
      if (!d.moved) {
        drag.current = null;
        return;
      }
      // Kept (drawn moved) until the document catches up; pointerId 0 marks it as dropped.
      d.pointerId = 0;
      const ok = live.current.onMoveNode(d.id, { x: Math.round(d.rel.x), y: Math.round(d.rel.y) });
      if (!ok) {
        drag.current = null;
        paint();
      }
    };
    const stop = (e: Event) => {
      if (swallow) e.stopPropagation();
    };
    const click = (e: MouseEvent) => {
      stop(e);
      swallow = false;
      const p = press;
      press = null;
      if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) < DRAG_SLOP) {
        e.stopPropagation();
        live.current.onSelect(p.id);
      }
    };
    const dbl = (e: MouseEvent) => {
      const hit = hitAt(e);
      if (!hit) return;
      e.stopPropagation();
      void live.current.setCenter(hit.x + hit.w / 2, hit.y + hit.h / 2, { zoom: 1, duration: 300 });
    };
    const opts = { capture: true };
    // One table for adding and removing, so the two can never disagree.
    const listeners: [string, (e: never) => void][] = [
      ["pointerdown", down],
      ["pointermove", move],
      ["pointerup", up],
      ["pointercancel", up],
      ["mousedown", stop],
      ["click", click],
      ["dblclick", dbl],
    ];
    for (const [type, fn] of listeners) el.addEventListener(type, fn as EventListener, opts);
    return () => {
      for (const [type, fn] of listeners) el.removeEventListener(type, fn as EventListener, opts);
    };
  }, [domNode, paint]);

  const count = nodes.length;
  return (
    <canvas
      ref={ref}
      className="far-view"
      role="img"
      aria-label={`Overview of ${count} canvas items; zoom in to read and edit them`}
      style={{ position: "absolute", left: 0, top: 0, width, height, pointerEvents: "none", zIndex: 4 }}
    />
  );
});
