import { getBezierPath, Position } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import { pointOnEdge, withSlots } from "../../../app/room/canvas/edges";
import { buildGraph } from "../../../app/room/canvas/graph";
import { canvasDoc } from "../../../bench/canvas-doc";
import { resolve } from "../../../lib/sim";

const edge = { sourceX: 40, sourceY: 300, targetX: 400, targetY: 100, sourcePosition: Position.Top, targetPosition: Position.Bottom };

describe("edge labels", () => {
  it("follow the curve React Flow draws: the ends, and its own midpoint", () => {
    expect(pointOnEdge(edge, 0)).toEqual([40, 300]);
    expect(pointOnEdge(edge, 1)).toEqual([400, 100]);
    const [, labelX, labelY] = getBezierPath(edge);
    const [x, y] = pointOnEdge(edge, 0.5);
    expect(x).toBeCloseTo(labelX, 6);
    expect(y).toBeCloseTo(labelY, 6);
  });

  it("sit near the container, so labels of neighbours on one network stay a node's width apart", () => {
    const network = { targetX: 300, targetY: 100 };
    const a = pointOnEdge({ ...edge, ...network, sourceX: 100 }, 0.2);
    const b = pointOnEdge({ ...edge, ...network, sourceX: 310 }, 0.2);
    // Halfway, the same two labels are much closer together.
    const am = pointOnEdge({ ...edge, ...network, sourceX: 100 }, 0.5);
    const bm = pointOnEdge({ ...edge, ...network, sourceX: 310 }, 0.5);
    expect(Math.abs(a[0] - b[0])).toBeGreaterThan(150);
    expect(Math.abs(a[0] - b[0])).toBeGreaterThan(1.5 * Math.abs(am[0] - bm[0]));
  });

  it("stagger along a container's edges, left to right by target", () => {
    const edges = [
      { id: "c1|n2", source: "c1", target: "n2" },
      { id: "c1|n1", source: "c1", target: "n1" },
      { id: "c2|n1", source: "c2", target: "n1" },
    ];
    const x: Record<string, number> = { n1: 0, n2: 500 };
    const out = withSlots(edges, (id) => x[id] ?? 0);
    expect(out.map((e) => (e as { data?: { slot?: number } }).data?.slot ?? 0)).toEqual([1, 0, 0]);
  });

  it("leave the edge list untouched when no container has two networks", () => {
    const edges = [
      { id: "a", source: "c1", target: "n1" },
      { id: "b", source: "c2", target: "n1" },
    ];
    expect(withSlots(edges, () => 0)).toBe(edges);
  });
});

describe("benchmark documents", () => {
  it("draw as exactly the number of nodes asked for, with no diagnostics", () => {
    const doc = canvasDoc(300);
    const r = resolve(doc);
    const { nodes, edges } = buildGraph(doc, r, new Set());
    expect(nodes.filter((n) => n.type === "host" || n.type === "network" || n.type === "container")).toHaveLength(300);
    expect(edges.filter((e) => doc.containers[e.source])).toHaveLength(285);
    expect(r.diagnostics).toEqual([]);
  });

  it("refuse sizes that are not whole hosts", () => {
    expect(() => canvasDoc(250)).toThrow(/multiple of 100/);
  });
});
