/**
 * Making a network and attaching a container to one: the palette, a drag on the canvas or the inspector
 * and `docker network create` / `connect` go through the same intents, so with the same document, ids and
 * time they make identical ops.
 */
import { describe, expect, it } from "vitest";
import { connectNetwork, createNetwork } from "../../../lib/intents";
import { createWorld, seededIds } from "../../../lib/model";
import { Shell, ShellContext } from "../../../lib/shell";
import { typedOps } from "../../world";

const NOW = 1_700_000_000_000;

describe("network gestures and commands make identical ops", () => {
  const doc = createWorld(seededIds(1), 0);

  it("create a network with the daemon's defaults", () => {
    const ops = typedOps(doc, "docker network create appnet", 7, NOW);
    expect(ops).toEqual(createNetwork({ doc, ids: seededIds(7), now: NOW }, { machineId: "m-host", name: "appnet" }));
    expect(ops[0]).toMatchObject({ type: "network.create", driver: "bridge", subnet: null, internal: false, at: NOW });
  });

  it("create one with settings, placed where the palette dropped it", () => {
    const ops = typedOps(doc, "docker network create --subnet 10.9.0.0/24 --internal --label team=a lab", 8, NOW);
    const made = createNetwork(
      { doc, ids: seededIds(8), now: NOW },
      { machineId: "m-host", name: "lab", subnet: "10.9.0.0/24", internal: true, labels: { team: "a" }, at: { x: 10.4, y: 20.6 } },
    );
    expect(made.slice(0, 1)).toEqual(ops);
    expect(made[1]).toEqual({ type: "layout.move", id: (ops[0] as { id: string }).id, position: { x: 10, y: 21 } });
  });

  it("connect a container", () => {
    const shell = new Shell(new ShellContext(doc, "m-host", seededIds(9), () => NOW));
    expect(shell.run("docker network create appnet").exitCode).toBe(0);
    expect(shell.run("docker create --name web alpine").exitCode).toBe(0);
    const d = shell.ctx.doc;
    const net = Object.values(d.networks).find((n) => n.name === "appnet");
    const web = Object.values(d.containers).find((c) => c.name === "web");
    const ops = shell.run("docker network connect --alias www appnet web").ops;
    expect(ops).toEqual(connectNetwork({ containerId: web?.id ?? "", networkId: net?.id ?? "", aliases: ["www"] }));
    const plain = connectNetwork({ containerId: web?.id ?? "", networkId: net?.id ?? "" });
    expect(plain).toEqual([{ type: "network.connect", containerId: web?.id, networkId: net?.id, aliases: [], ipv4Address: null }]);
  });
});
