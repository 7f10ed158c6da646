/** Swarm services on the canvas: a node per service linked to its task containers and its networks, VIPs per network. */
import { describe, expect, it } from "vitest";
import { buildGraph } from "../../app/room/canvas/graph";
import { type ServiceNode, serviceVips } from "../../app/room/swarm/services";
import { applyOp } from "../../lib/ops";
import { resolve } from "../../lib/sim";
import { swarmOfTwo } from "./helpers";

function graphOf(doc: Parameters<typeof resolve>[0]) {
  return buildGraph(doc, resolve(doc), new Set());
}

describe("services on the canvas", () => {
  it("draws a service with replicas, ports and mode, linked to its tasks and networks", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable my-overlay");
    s.ok("docker service create -d --name web --replicas 2 --network my-overlay -p 8080:80 nginx");
    s.ok("docker service create -d --name direct --publish published=9090,target=80,mode=host nginx");
    const g = graphOf(s.doc);
    const services = g.nodes.filter((n): n is ServiceNode => n.type === "service");
    expect(services.map((n) => [n.data.service.name, n.data.replicas, n.data.ports])).toEqual([
      ["web", "2/2", ["*:8080->80/tcp (ingress)"]],
      ["direct", "1/1", ["*:9090->80/tcp (host)"]],
    ]);
    const web = services[0] as ServiceNode;
    // Below every machine, since a service belongs to the swarm rather than to one host.
    const lowest = Math.max(...g.nodes.filter((n) => n.type === "host" && !n.parentId).map((n) => n.position.y + (n.height ?? 0)));
    expect(web.position.y).toBeGreaterThan(lowest);

    const tasks = Object.values(s.doc.containers).filter((c) => c.task?.serviceId === web.id);
    expect(tasks).toHaveLength(2);
    const taskEdges = g.edges.filter((e) => e.target === web.id);
    expect(taskEdges.map((e) => e.source).sort()).toEqual(tasks.map((c) => c.id).sort());
    expect(taskEdges.map((e) => e.label).sort()).toEqual(["web.1 on host", "web.2 on host2"]);
    expect(taskEdges.every((e) => e.deletable === false)).toBe(true);

    const byName = (name: string) => Object.values(s.doc.networks).find((n) => n.name === name)?.id;
    const netEdges = g.edges.filter((e) => e.source === web.id);
    const vips = serviceVips(s.doc, web.data.service);
    expect(vips.map((v) => v.network).sort()).toEqual(["ingress", "my-overlay"]);
    const overlayVip = vips.find((v) => v.network === "my-overlay")?.ip;
    expect(overlayVip).toBe("10.0.1.2");
    expect(netEdges.find((e) => e.target === byName("my-overlay"))?.label).toBe(`VIP ${overlayVip}`);
    expect(netEdges.find((e) => e.target === byName("ingress"))?.label).toBe(`routing mesh · VIP ${vips.find((v) => v.network === "ingress")?.ip}`);
    // Every edge ends on a node that is drawn.
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const e of [...taskEdges, ...netEdges]) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });

  it("shows pending tasks, follows scaling, and keeps a placed service where it was dragged", () => {
    const s = swarmOfTwo();
    s.ok("docker service create -d --name pinned --replicas 2 --constraint node.hostname==nope nginx");
    let node = graphOf(s.doc).nodes.find((n): n is ServiceNode => n.type === "service");
    expect([node?.data.replicas, node?.data.pending]).toEqual(["0/2", 2]);
    s.ok("docker service create -d --name web nginx");
    s.ok("docker service scale -d web=3");
    const web = graphOf(s.doc).nodes.find((n): n is ServiceNode => n.type === "service" && n.data.service.name === "web");
    expect(web?.data.replicas).toBe("3/3");
    const doc = structuredClone(s.doc);
    applyOp(doc, { type: "layout.move", id: web?.id as string, position: { x: 700, y: 900 } });
    node = graphOf(doc).nodes.find((n): n is ServiceNode => n.id === web?.id);
    expect(node?.position).toEqual({ x: 700, y: 900 });
  });

  it("draws no service node for a document without services, and none after the service is removed", () => {
    const s = swarmOfTwo();
    expect(graphOf(s.doc).nodes.some((n) => n.type === "service")).toBe(false);
    s.ok("docker service create -d --name web nginx");
    s.ok("docker service rm web");
    const g = graphOf(s.doc);
    expect(g.nodes.some((n) => n.type === "service")).toBe(false);
    expect(g.edges.some((e) => e.id.startsWith("svc|"))).toBe(false);
  });
});
