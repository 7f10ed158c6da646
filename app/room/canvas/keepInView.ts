"use client";
/**
 * New boxes land on screen: when this person adds something (palette, terminal, a template) that
 * ends up outside the part of the canvas they see, the view widens to take it in, keeping what was
 * already in view. Others' additions don't move anyone's view, and neither does following someone.
 */
import { getViewportForBounds, type Rect, useReactFlow, useStoreApi } from "@xyflow/react";
import { useEffect, useRef } from "react";
import type { RoomStore } from "../../lib/store";
import type { AnyNode } from "./graph";

/** Time for the automatic layout to place what the terminal made (it runs 200 ms after a change). */
const SETTLE_MS = 600;
const PAD = 40;

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

const inside = (r: Rect, v: Rect) => r.x >= v.x && r.y >= v.y && r.x + r.width <= v.x + v.width && r.y + r.height <= v.y + v.height;

export function useNewNodesInView(store: RoomStore, nodes: readonly AnyNode[], following: boolean, minZoom: number, maxZoom: number): void {
  const { getInternalNode, setViewport } = useReactFlow();
  const storeApi = useStoreApi();
  const known = useRef<Set<string> | null>(null);
  const remote = useRef(true);
  // Waiting for the layout to settle; a later change (the layout's own move) must not forget them.
  const pending = useRef(new Set<string>());
  useEffect(
    () =>
      store.subscribe((c) => {
        if (c.type === "doc") remote.current = c.remote;
      }),
    [store],
  );
  useEffect(() => {
    const before = known.current;
    known.current = new Set(nodes.map((n) => n.id));
    if (before && !remote.current && !following) for (const n of nodes) if (!before.has(n.id)) pending.current.add(n.id);
    if (pending.current.size === 0) return;
    const t = setTimeout(() => {
      const fresh = [...pending.current];
      pending.current.clear();
      const { width, height, transform } = storeApi.getState();
      const [tx, ty, z] = transform;
      if (width <= 0 || height <= 0) return;
      const view = { x: -tx / z, y: -ty / z, width: width / z, height: height / z };
      let want = view;
      for (const id of fresh) {
        const n = getInternalNode(id);
        if (!n) continue;
        const box = {
          x: n.internals.positionAbsolute.x - PAD,
          y: n.internals.positionAbsolute.y - PAD,
          width: (n.measured.width ?? n.width ?? 0) + 2 * PAD,
          height: (n.measured.height ?? n.height ?? 0) + 2 * PAD,
        };
        if (!inside(box, view)) want = union(want, box);
      }
      if (want !== view) void setViewport(getViewportForBounds(want, width, height, minZoom, maxZoom, 0), { duration: 250 });
    }, SETTLE_MS);
    return () => clearTimeout(t);
  }, [nodes, following, getInternalNode, setViewport, storeApi, minZoom, maxZoom]);
}
