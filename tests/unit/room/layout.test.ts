import { describe, expect, it } from "vitest";
import { type AnyNode, buildGraph, nextSpot } from "../../../app/room/canvas/graph";
import { elkLayouter, levelGraph, placeUnplacedOp, tidyOp } from "../../../app/room/core/layout";
import type { Doc } from "../../../lib/model";
import { apply, type Op } from "../../../lib/ops";
import { resolve } from "../../../lib/sim";
import { World } from "../../world";

function must(doc: Doc, op: Op | null): Doc {
  if (!op) throw new Error("no op");
  const r = apply(doc, op);
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

const graphOf = (doc: Doc) => buildGraph(doc, resolve(doc), new Set());

/** Two siblings overlap when their boxes intersect. */
function overlaps(nodes: AnyNode[]): string[] {
  const out: string[] = [];
  for (const a of nodes) {
    for (const b of nodes) {
      if (a.id >= b.id || a.parentId !== b.parentId) continue;
      const [aw, ah, bw, bh] = [a.width ?? 0, a.height ?? 0, b.width ?? 0, b.height ?? 0];
      if (a.position.x < b.position.x + bw && b.position.x < a.position.x + aw && a.position.y < b.position.y + bh && b.position.y < a.position.y + ah) {
        out.push(`${a.ariaLabel} / ${b.ariaLabel}`);
      }
    }
  }
  return out;
}

/** Children sit inside their host, below its header. */
function outside(nodes: AnyNode[]): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return nodes
    .filter((n) => n.parentId)
    .filter((n) => {
      const p = byId.get(n.parentId as string) as AnyNode;
      return n.position.x < 0 || n.position.y < 36 || n.position.x + (n.width ?? 0) > (p.width ?? 0) || n.position.y + (n.height ?? 0) > (p.height ?? 0);
    })
    .map((n) => n.ariaLabel ?? n.id);
}

/** A terminal-built topology: nothing has a position. */
function built(): World {
  const w = new World(5);
  w.network("front");
  w.network("back");
  w.run("proxy", { networks: [{ name: "front" }] });
  for (const name of ["api", "worker", "admin"]) w.run(name, { networks: [{ name: "front" }, { name: "back" }] });
  w.run("db", { networks: [{ name: "back" }] });
  w.run("cache", { networks: [{ name: "back" }] });
  w.run("loner");
  return w;
}

describe("auto-layout", () => {
  it("lays out level by level: LANs and hosts on top, each host's networks and containers inside it", () => {
    const doc = built().doc;
    const g = graphOf(doc);
    const top = levelGraph(g.nodes, g.edges, doc);
    expect(top.children?.map((c) => c.id)).toEqual(["lan-1", "m-host"]);
    // The host's NIC edge runs LAN -> host, so the LAN row comes first.
    expect(top.edges).toEqual([expect.objectContaining({ sources: ["lan-1"], targets: ["m-host"] })]);
    const host = levelGraph(g.nodes, g.edges, doc, "m-host");
    expect(host.children?.length).toBe(g.nodes.filter((n) => n.parentId === "m-host").length);
    const front = Object.values(doc.networks).find((n) => n.name === "front")?.id;
    const proxy = Object.values(doc.containers).find((c) => c.name === "proxy")?.id;
    expect(host.edges).toContainEqual(expect.objectContaining({ sources: [front], targets: [proxy] }));
  });

  it("places an unplaced topology without overlaps, children inside their host, networks above containers", async () => {
    const doc = built().doc;
    const before = graphOf(doc);
    const op = await placeUnplacedOp(before.nodes, before.edges, doc, await elkLayouter());
    const after = must(doc, op);
    const g = graphOf(after);
    for (const n of g.nodes) expect(after.layout[n.id], n.ariaLabel).toBeDefined();
    expect(overlaps(g.nodes)).toEqual([]);
    expect(outside(g.nodes)).toEqual([]);
    const y = (name: string) => g.nodes.find((n) => n.ariaLabel === name)?.position.y ?? Number.NaN;
    expect(y("network front")).toBeLessThan(y("container proxy"));
    expect(y("network back")).toBeLessThan(y("container db"));
    // Nothing left to place: a second pass changes nothing.
    expect(await placeUnplacedOp(g.nodes, g.edges, after, await elkLayouter())).toBeNull();
  });

  it("wraps a row of containers after four, as the canvas's slots do, with what was below moved down", async () => {
    const w = new World(5);
    w.network("side");
    for (let i = 1; i <= 9; i++) w.run(`c${i}`);
    w.run("apart", { networks: [{ name: "side" }] });
    const before = graphOf(w.doc);
    for (const lay of [placeUnplacedOp, tidyOp]) {
      const doc = must(w.doc, await lay(before.nodes, before.edges, w.doc, await elkLayouter()));
      const g = graphOf(doc);
      expect(overlaps(g.nodes)).toEqual([]);
      expect(outside(g.nodes)).toEqual([]);
      const boxes = g.nodes.filter((n) => n.type === "container" && n.ariaLabel !== "container apart");
      const rows = new Map<number, number>();
      for (const n of boxes) rows.set(n.position.y, (rows.get(n.position.y) ?? 0) + 1);
      expect([...rows.values()].sort()).toEqual([1, 4, 4]);
      const host = g.nodes.find((n) => n.id === "m-host");
      // Four boxes of 180 and their gaps, not nine: the host stays narrow enough to read when fitted.
      expect(host?.width ?? 0).toBeLessThan(1000);
    }
  });

  it("leaves hand-placed records where they are and puts new ones below them", async () => {
    const w = built();
    let doc = w.doc;
    const first = graphOf(doc);
    doc = must(doc, await placeUnplacedOp(first.nodes, first.edges, doc, await elkLayouter()));
    const placed = { ...doc.layout };
    w.doc = doc;
    // One newcomer stays where the canvas already draws it, right of its row.
    w.run("late", { networks: [{ name: "front" }] });
    const one = graphOf(w.doc);
    const drawn = one.nodes.find((n) => n.id === w.id("late"))?.position;
    expect(await placeUnplacedOp(one.nodes, one.edges, w.doc, await elkLayouter())).toEqual({
      type: "layout.moveMany",
      moves: [{ id: w.id("late"), position: drawn }],
    });
    // Several are laid out together, below what is there.
    for (const name of ["later", "latest"]) w.run(name, { networks: [{ name: "front" }] });
    doc = w.doc;
    const g = graphOf(doc);
    const op = await placeUnplacedOp(g.nodes, g.edges, doc, await elkLayouter());
    expect(op?.moves.map((m) => m.id).sort()).toEqual([w.id("late"), w.id("later"), w.id("latest")].sort());
    doc = must(doc, op);
    for (const [id, p] of Object.entries(placed)) expect(doc.layout[id]).toEqual(p);
    const after = graphOf(doc);
    expect(overlaps(after.nodes)).toEqual([]);
    const bottom = Math.max(...first.nodes.filter((n) => n.parentId).map((n) => (placed[n.id]?.y ?? 0) + (n.height ?? 0)));
    expect(doc.layout[w.id("late")]?.y).toBeGreaterThan(bottom);
  });

  it("tidies a pile of overlapping records into a layout without overlaps", async () => {
    const w = built();
    let doc = w.doc;
    for (const c of Object.values(doc.containers)) doc = must(doc, { type: "layout.move", id: c.id, position: { x: 30, y: 200 } });
    expect(overlaps(graphOf(doc).nodes).length).toBeGreaterThan(0);
    const messy = doc;
    const g = graphOf(doc);
    const op = await tidyOp(g.nodes, g.edges, doc, await elkLayouter());
    expect(op?.moves.find((m) => m.id === "m-host")?.position).toMatchObject({ w: expect.any(Number), h: expect.any(Number) });
    doc = must(doc, op);
    const tidy = graphOf(doc);
    expect(overlaps(tidy.nodes)).toEqual([]);
    expect(outside(tidy.nodes)).toEqual([]);
    const lan = doc.layout["lan-1"];
    expect((lan?.y ?? 0) + 74).toBeLessThan(doc.layout["m-host"]?.y ?? 0);
    // The same document always gives the same picture.
    expect(await tidyOp(g.nodes, g.edges, messy, await elkLayouter())).toEqual(op);
  });

  it("sizes a VM to hold its own networks and keeps it inside its host", async () => {
    const lab = new World(2).vm("vm1", { engine: true }).vm("vm2").host("pc", "192.168.1.20/24");
    const g = graphOf(lab.doc);
    expect(g.nodes.find((n) => n.id === "m-vm1")?.parentId).toBe("m-host");
    const op = await tidyOp(g.nodes, g.edges, lab.doc, await elkLayouter());
    const doc = must(lab.doc, op);
    const after = graphOf(doc);
    expect(overlaps(after.nodes)).toEqual([]);
    expect(outside(after.nodes)).toEqual([]);
    const again = graphOf(lab.doc);
    const placed = must(lab.doc, await placeUnplacedOp(again.nodes, again.edges, lab.doc, await elkLayouter()));
    expect(overlaps(graphOf(placed).nodes)).toEqual([]);
    expect(outside(graphOf(placed).nodes)).toEqual([]);
  });

  it("wraps a host's containers after four in a row, so many keep their size and the host stays narrow", () => {
    const w = new World(9);
    for (let i = 1; i <= 7; i++) w.run(`c${i}`);
    const g = graphOf(w.doc);
    const rows = new Set(g.nodes.filter((n) => n.type === "container").map((n) => n.position.y));
    expect(rows.size).toBe(2);
    expect(overlaps(g.nodes)).toEqual([]);
    expect(outside(g.nodes)).toEqual([]);
    expect(g.nodes.find((n) => n.id === "m-host")?.width).toBeLessThan(900);
    // The eighth goes in the gap at the end of the second row, the ninth starts a third.
    const eighth = nextSpot(w.doc, "m-host", "container");
    expect(eighth.y).toBe(Math.max(...rows));
    w.run("c8");
    expect(nextSpot(w.doc, "m-host", "container").y).toBeGreaterThan(eighth.y);
  });
});
