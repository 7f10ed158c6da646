"use client";
/**
 * The container-to-network edge. Its label (the container's address on that network) sits near the
 * container end, not halfway: every edge into a network meets the same handle, so halfway labels of
 * neighbouring containers pile up on each other, while container ends are a node's width apart. A
 * container on several networks staggers its labels along the edges (`data.slot`).
 */
import { BaseEdge, type Edge, type EdgeProps, getBezierPath, useStore } from "@xyflow/react";
import { memo, useSyncExternalStore } from "react";
import type { EdgeEnds, Side } from "../core/farGeometry";
import { fullViewHeld, subscribeFullView } from "../core/fullView";

/** Below this zoom a 10 px label is a smudge: leaving labels out keeps big documents fluid. */
const LABEL_MIN_ZOOM = 0.45;
const CURVATURE = 0.25;
/** Where along the edge (0 = container, 1 = network) the label of the n-th edge of a container sits. */
const SLOTS = [0.2, 0.47, 0.74];

type AddressEdgeData = { slot?: number };

/** React Flow's bezier control point for a handle (the same rule `getBezierPath` uses). */
function control(pos: Side, x1: number, y1: number, x2: number, y2: number): [number, number] {
  const off = (d: number) => (d >= 0 ? 0.5 * d : CURVATURE * 25 * Math.sqrt(-d));
  switch (pos) {
    case "left":
      return [x1 - off(x1 - x2), y1];
    case "right":
      return [x1 + off(x2 - x1), y1];
    case "top":
      return [x1, y1 - off(y1 - y2)];
    default:
      return [x1, y1 + off(y2 - y1)];
  }
}

/** The bezier's two control points, as React Flow places them: [c1x, c1y, c2x, c2y]. */
export function bezierControls(e: EdgeEnds): [number, number, number, number] {
  const [c1x, c1y] = control(e.sourcePosition, e.sourceX, e.sourceY, e.targetX, e.targetY);
  const [c2x, c2y] = control(e.targetPosition, e.targetX, e.targetY, e.sourceX, e.sourceY);
  return [c1x, c1y, c2x, c2y];
}

/**
 * The point at `t` on the bezier React Flow draws from source to target.
 * @example pointOnEdge({ sourceX: 0, sourceY: 100, targetX: 0, targetY: 0, sourcePosition: "top", targetPosition: "bottom" }, 0.5) // [0, 50]
 */
export function pointOnEdge(e: EdgeEnds, t: number): [number, number] {
  const [c1x, c1y, c2x, c2y] = bezierControls(e);
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [a * e.sourceX + b * c1x + c * c2x + d * e.targetX, a * e.sourceY + b * c1y + c * c2y + d * e.targetY];
}

const zoomedIn = (s: { transform: [number, number, number] }) => s.transform[2] >= LABEL_MIN_ZOOM;

const AddressEdge = memo(function AddressEdge(props: EdgeProps<Edge<AddressEdgeData>>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, style, markerEnd, markerStart, interactionWidth, data } = props;
  // A picture export holds the full view: its labels are drawn whatever the zoom it fits to.
  const zoomed = useStore(zoomedIn);
  const held = useSyncExternalStore(subscribeFullView, fullViewHeld, () => false);
  const showLabel = zoomed || held;
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, curvature: CURVATURE });
  const t = SLOTS[Math.min(data?.slot ?? 0, SLOTS.length - 1)] as number;
  const [labelX, labelY] = pointOnEdge({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }, t);
  return (
    <BaseEdge
      path={path}
      style={style}
      markerEnd={markerEnd}
      markerStart={markerStart}
      interactionWidth={interactionWidth}
      {...(showLabel && label !== undefined
        ? { label, labelX, labelY, labelShowBg: true, labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 3 }
        : {})}
    />
  );
});

/** Every edge without a type of its own is drawn as an address edge. */
export const edgeTypes = { default: AddressEdge };

/**
 * Numbers each container's edges (0, 1, 2...) left to right by where they lead, so its labels stagger.
 * Returns the same array when nothing needs a slot.
 */
export function withSlots<E extends Edge>(edges: E[], xOf: (id: string) => number): E[] {
  const bySource = new Map<string, E[]>();
  for (const e of edges) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  if ([...bySource.values()].every((list) => list.length < 2)) return edges;
  const slot = new Map<string, number>();
  for (const list of bySource.values()) {
    const sorted = [...list].sort((a, b) => xOf(a.target) - xOf(b.target));
    for (let i = 0; i < sorted.length; i++) slot.set((sorted[i] as E).id, i);
  }
  return edges.map((e) => {
    const s = slot.get(e.id) ?? 0;
    return s === 0 ? e : { ...e, data: { ...e.data, slot: s } };
  });
}
