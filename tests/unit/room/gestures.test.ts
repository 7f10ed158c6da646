/** The canvas's gestures as ops (app/room/core/gestures.ts): what a drag, a drawn link and a delete send. */
import { describe, expect, it } from "vitest";
import { deleteOps, linkOps, moveOp, resizeOp } from "../../../app/room/core/gestures";
import { applied, typedOps, World } from "../../world";

/** A user-defined network with web and db on it, and cache on the default bridge only. */
function room(): World {
  return new World()
    .network("appnet")
    .run("web", { networks: [{ name: "appnet" }] })
    .run("db", { networks: [{ name: "appnet" }] })
    .run("cache");
}

describe("a link drawn on the canvas", () => {
  it("connects a container to a network, drawn from either end, with the ops docker network connect makes", () => {
    const w = room();
    const [cache, net] = [w.id("cache"), w.netId("appnet")];
    const ops = linkOps(w.doc, cache, net);
    expect(linkOps(w.doc, net, cache)).toEqual(ops);
    expect(ops).toEqual(typedOps(w.doc, "docker network connect appnet cache", 1, 0));
    expect(applied(w.doc, ...ops).containers[cache]?.endpoints.map((e) => e.networkId)).toContain(net);
  });

  it("is no gesture between two containers, to a network the container is on, or to nothing", () => {
    const w = room();
    expect(linkOps(w.doc, w.id("web"), w.id("db"))).toEqual([]);
    expect(linkOps(w.doc, w.id("web"), w.netId("appnet"))).toEqual([]);
    expect(linkOps(w.doc, w.id("web"), "gone")).toEqual([]);
  });
});

describe("boxes and links deleted together", () => {
  it("removes the containers before the network they were on, an order the room accepts (the other way is refused)", () => {
    const w = new World().network("appnet").run("web", { networks: [{ name: "appnet" }] });
    const [web, net] = [w.id("web"), w.netId("appnet")];
    const ops = deleteOps(
      w.doc,
      [
        { id: net, type: "network" },
        { id: web, type: "container" },
      ],
      [{ source: web, target: net }],
    );
    expect(ops).toEqual([
      { type: "container.remove", containerId: web, force: true },
      { type: "network.remove", networkId: net },
    ]);
    const after = applied(w.doc, ...ops);
    expect(after.containers[web]).toBeUndefined();
    expect(after.networks[net]).toBeUndefined();
    expect(() => applied(w.doc, ...[...ops].reverse())).toThrow(/network.remove/);
  });

  it("disconnects a selected link between boxes that stay", () => {
    const w = room();
    const [web, db, net] = [w.id("web"), w.id("db"), w.netId("appnet")];
    const ops = deleteOps(w.doc, [{ id: web, type: "container" }], [{ source: db, target: net }]);
    expect(ops).toEqual([
      { type: "container.remove", containerId: web, force: true },
      { type: "network.disconnect", containerId: db, networkId: net, force: false },
    ]);
    expect(applied(w.doc, ...ops).containers[db]?.endpoints.some((e) => e.networkId === net)).toBe(false);
  });

  it("leaves a link the canvas marks undeletable", () => {
    const w = room();
    const [web, db, net] = [w.id("web"), w.id("db"), w.netId("appnet")];
    expect(deleteOps(w.doc, [], [{ source: web, target: net, deletable: false }])).toEqual([]);
    expect(deleteOps(w.doc, [], [{ source: db, target: net }])).toEqual([{ type: "network.disconnect", containerId: db, networkId: net, force: false }]);
  });
});

describe("a box moved or resized", () => {
  it("lands on whole units and keeps a host's stored size", () => {
    const w = new World().op({ type: "layout.move", id: "m-host", position: { x: 10, y: 20, w: 900, h: 600 } });
    expect(moveOp(w.doc, "m-host", { x: 40.6, y: 50.2 })).toEqual({ type: "layout.move", id: "m-host", position: { x: 41, y: 50, w: 900, h: 600 } });
    expect(resizeOp("m-host", { x: 41, y: 50 }, { width: 1000, height: 700 }).position).toEqual({ x: 41, y: 50, w: 1000, h: 700 });
  });
});
