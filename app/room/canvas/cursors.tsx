"use client";
/**
 * Other people's cursors, drawn on one canvas over the flow. Ten people move their cursors 30 times a
 * second each; as elements inside the flow, every move made the browser re-sort the paint of the whole
 * graph (thousands of elements on a big document), which cost more than a frame. A canvas of fixed size
 * is only redrawn.
 */
import { useStore } from "@xyflow/react";
import { memo, useLayoutEffect, useRef } from "react";
import type { Peer } from "@/lib/sync/client";
import { type RoomStore, usePeers } from "../../lib/store";

const FONT = "11px system-ui, sans-serif";

/** Draws each peer's arrow and name at their cursor, in screen pixels of the pane. */
function draw(ctx: CanvasRenderingContext2D, peers: readonly Peer[], [tx, ty, zoom]: [number, number, number]): void {
  const arrow = new Path2D("M0 0 L12 5 L6 7 L4 13 Z");
  ctx.font = FONT;
  ctx.textBaseline = "middle";
  for (const p of peers) {
    if (!p.cursor) continue;
    const x = Math.round(p.cursor.x * zoom + tx);
    const y = Math.round(p.cursor.y * zoom + ty);
    ctx.save();
    ctx.translate(x, y);
    ctx.fillStyle = p.color;
    ctx.fill(arrow);
    const w = ctx.measureText(p.name).width + 10;
    ctx.beginPath();
    ctx.roundRect(16, 2, w, 16, 4);
    ctx.fill();
    ctx.fillStyle = "#fff";
    ctx.fillText(p.name, 21, 10);
    ctx.restore();
  }
}

export const CursorLayer = memo(function CursorLayer({ store }: { store: RoomStore }) {
  const peers = usePeers(store);
  const transform = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    draw(ctx, peers, transform);
  }, [peers, transform, width, height]);
  return <canvas ref={ref} className="cursor-layer" style={{ position: "absolute", left: 0, top: 0, width, height, pointerEvents: "none", zIndex: 5 }} />;
});
