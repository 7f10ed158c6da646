/** Absolute boxes of the canvas: where a palette drop lands, what the far view hit-tests and draws. */

import { getBezierPath, Position } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import { bezierControls } from "../../../app/room/canvas/edges";
import { type AnyNode, buildGraph } from "../../../app/room/canvas/graph";
import { addContainer, type NewContainer } from "../../../app/room/core/addContainer";
import { absoluteBoxes, boundsOf, clampToParent, edgeEnds, machineAt, topmostAt } from "../../../app/room/core/farGeometry";
import { canvasDoc } from "../../../bench/canvas-doc";
import { addVm, isRefusal } from "../../../lib/intents";
import { createWorld, type Doc, seededIds } from "../../../lib/model";
import type { Op } from "../../../lib/ops";
import { resolve } from "../../../lib/sim";
import { applied } from "../../world";

/** The palette's add; the VM is powered off, so the images it runs are on its engine already. */
function runOps(doc: Doc, spec: NewContainer): Op[] {
  const pull: Op = { type: "image.pull", machineId: spec.machineId, ref: spec.image, at: 0 };
  const added = addContainer(applied(doc, pull), spec);
  if (!added.ok) throw new Error(added.error);
  return [pull, ...added.ops];
}

/** A host with a VirtualBox VM (Docker Engine inside) placed well inside it, and a container in the VM. */
function hostWithVm(): { doc: Doc; vmId: string } {
  let doc = createWorld(seededIds(3), 0);
  doc = applied(doc, { type: "layout.move", id: "m-host", position: { x: 100, y: 50 } });
  const ops = addVm({ doc, ids: seededIds(4), now: 0 }, { name: "vm1", hypervisor: "virtualbox", hostId: "m-host", at: { x: 40, y: 300 } });
  if (isRefusal(ops)) throw new Error(ops.error);
  doc = applied(doc, ...ops);
  const vmId = Object.values(doc.machines).find((m) => m.name === "vm1")?.id as string;
  doc = applied(doc, ...runOps(doc, { machineId: vmId, name: "inner", image: "nginx", networkMode: "default", ports: [], at: { x: 30, y: 60 } }));
  return { doc, vmId };
}

const graphOf = (doc: Doc) => buildGraph(doc, resolve(doc), new Set());

describe("absoluteBoxes", () => {
  it("adds up parents: a container in a VM in a host sits at host + VM + its own offset", () => {
    const { doc, vmId } = hostWithVm();
    const boxes = absoluteBoxes(graphOf(doc).nodes);
    const inner = Object.values(doc.containers).find((c) => c.name === "inner")?.id as string;
    expect(boxes.get("m-host")).toMatchObject({ x: 100, y: 50 });
    expect(boxes.get(vmId)).toMatchObject({ x: 140, y: 350 });
    expect(boxes.get(inner)).toMatchObject({ x: 170, y: 410, w: 180, h: 78 });
  });

  it("keeps the nodes' order, so later (children) are on top, even when a child comes first", () => {
    const host = { id: "h", type: "host", position: { x: 10, y: 10 }, width: 500, height: 400, data: {} } as unknown as AnyNode;
    const child = { id: "c", type: "container", parentId: "h", position: { x: 5, y: 5 }, width: 100, height: 50, data: {} } as unknown as AnyNode;
    const boxes = absoluteBoxes([child, host]);
    expect([...boxes.keys()]).toEqual(["c", "h"]);
    expect(boxes.get("c")).toMatchObject({ x: 15, y: 15 });
    // The host is last here, so it is the topmost box at that point.
    expect(topmostAt(boxes, { x: 20, y: 20 })?.id).toBe("h");
  });
});

describe("a palette drop", () => {
  it("on a VM lands in the VM's Docker Engine, relative to the VM, not on its physical host", () => {
    const { doc, vmId } = hostWithVm();
    const boxes = absoluteBoxes(graphOf(doc).nodes);
    const vm = boxes.get(vmId);
    if (!vm) throw new Error("no VM box");
    const hit = machineAt(boxes, { x: vm.x + 200, y: vm.y + 90 });
    expect(hit).toEqual({ id: vmId, at: { x: 200, y: 90 } });
    // And the container the drop creates is the VM's.
    const after = applied(
      doc,
      ...runOps(doc, { machineId: hit?.id as string, name: "dropped", image: "alpine", networkMode: "default", ports: [], at: hit?.at ?? null }),
    );
    const dropped = Object.values(after.containers).find((c) => c.name === "dropped");
    expect(dropped?.machineId).toBe(vmId);
    expect(after.layout[dropped?.id as string]).toEqual({ x: 200, y: 90 });
  });

  it("on the host outside the VM lands on the host; outside every machine, nowhere", () => {
    const { doc } = hostWithVm();
    const boxes = absoluteBoxes(graphOf(doc).nodes);
    expect(machineAt(boxes, { x: 110, y: 60 })).toEqual({ id: "m-host", at: { x: 10, y: 10 } });
    expect(machineAt(boxes, { x: -5000, y: -5000 })).toBeNull();
  });
});

describe("far view geometry", () => {
  it("hits the container over its host and network rows", () => {
    const doc = canvasDoc(100);
    const { nodes } = graphOf(doc);
    const boxes = absoluteBoxes(nodes);
    const c = nodes.find((n) => n.type === "container") as AnyNode;
    const b = boxes.get(c.id);
    if (!b) throw new Error("no box");
    expect(topmostAt(boxes, { x: b.x + 5, y: b.y + 5 })?.id).toBe(c.id);
    expect(topmostAt(boxes, { x: b.x - 5, y: b.y - 5 })?.node.type).toBe("host");
  });

  it("keeps a dragged child inside its parent, and a host anywhere", () => {
    const { doc } = hostWithVm();
    const { nodes } = graphOf(doc);
    const boxes = absoluteBoxes(nodes);
    const child = nodes.find((n) => n.type === "container") as AnyNode;
    const host = boxes.get("m-host");
    if (!host) throw new Error("no host");
    expect(clampToParent(child, host, { x: -50, y: 1e6 })).toEqual({ x: 0, y: host.h - 78 });
    expect(clampToParent(child, host, { x: 30, y: 40 })).toEqual({ x: 30, y: 40 });
    expect(clampToParent(host.node, undefined, { x: -50, y: -60 })).toEqual({ x: -50, y: -60 });
  });

  it("draws a container's edge from its top to the network's bottom, on React Flow's curve", () => {
    const doc = canvasDoc(100);
    const { nodes, edges } = graphOf(doc);
    const boxes = absoluteBoxes(nodes);
    const e = edges.find((x) => doc.containers[x.source] && doc.networks[x.target]);
    if (!e) throw new Error("no container edge");
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (!s || !t) throw new Error("no boxes");
    const ends = edgeEnds(e, s, t);
    expect(ends).toMatchObject({ sourceX: s.x + s.w / 2, sourceY: s.y, targetX: t.x + t.w / 2, targetY: t.y + t.h });
    expect(ends.sourcePosition).toBe(Position.Top);
    // Geometry's sides are React Flow's Position values by name.
    const [path] = getBezierPath({ ...ends, sourcePosition: ends.sourcePosition as Position, targetPosition: ends.targetPosition as Position });
    const [c1x, c1y, c2x, c2y] = bezierControls(ends);
    const n = (v: number) => String(v);
    expect(path).toContain(`C${n(c1x)},${n(c1y)} ${n(c2x)},${n(c2y)}`);
  });

  it("bounds every box, for the opening fit", () => {
    const doc = canvasDoc(300);
    const boxes = absoluteBoxes(graphOf(doc).nodes);
    const b = boundsOf(boxes);
    expect(b?.width).toBeGreaterThan(2000);
    for (const x of boxes.values()) {
      expect(x.x).toBeGreaterThanOrEqual(b?.x as number);
      expect(x.y + x.h).toBeLessThanOrEqual((b?.y as number) + (b?.height as number));
    }
    expect(boundsOf(new Map())).toBeNull();
  });
});

describe("holding the full view (picture export)", () => {
  it("is held while any hold is, tells its listeners, and a release counts once", async () => {
    const { fullViewHeld, holdFullView, subscribeFullView } = await import("../../../app/room/core/fullView");
    let calls = 0;
    const stop = subscribeFullView(() => calls++);
    expect(fullViewHeld()).toBe(false);
    const a = holdFullView();
    const b = holdFullView();
    a();
    a();
    expect(fullViewHeld()).toBe(true);
    b();
    expect(fullViewHeld()).toBe(false);
    expect(calls).toBe(4);
    stop();
  });
});
