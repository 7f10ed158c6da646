/**
 * Swarm services on the canvas: one node per service (name, image, replicas running/wanted, published
 * ports with their mode), linked to the containers that run its tasks and to the networks it is on.
 * Services belong to the swarm, not to a host, so they sit in a row under the machines unless placed.
 * Pure, like canvas/graph.ts.
 */
import type { Edge, Node } from "@xyflow/react";
import { byOrder, type Doc, type Service } from "@/lib/model";
import { type Resolved, tasksOf } from "@/lib/sim";

const SERVICE_W = 220;
const SERVICE_H = 92;
const GAP = 40;

interface ServiceVip {
  network: string;
  ip: string;
}

interface ServiceData extends Record<string, unknown> {
  service: Service;
  /** `docker service ls`'s REPLICAS: running tasks / wanted. */
  replicas: string;
  /** `*:8080->80/tcp (ingress)`, one per published port. */
  ports: string[];
  pending: number;
  highlighted: boolean;
}
export type ServiceNode = Node<ServiceData, "service">;

/**
 * A published port as `docker service ls` prints it, with its mode.
 * @example servicePortText({ published: 8080, target: 80, proto: "tcp", mode: "ingress" }) // "*:8080->80/tcp (ingress)"
 */
export function servicePortText(p: Service["ports"][number]): string {
  return `*:${p.published}->${p.target}/${p.proto} (${p.mode})`;
}

/**
 * A service's virtual IPs, one per network, by network name (empty with endpoint mode dnsrr).
 * @example serviceVips(doc, web) // [{ network: "ingress", ip: "10.0.0.5" }, { network: "my-overlay", ip: "10.0.1.2" }]
 */
export function serviceVips(doc: Doc, s: Service): ServiceVip[] {
  return s.vips.map((v) => ({ network: doc.networks[v.networkId]?.name ?? v.networkId, ip: v.ip }));
}

/**
 * Service nodes and their edges. `belowY` is the bottom of the lowest machine: unplaced services
 * form a row under it.
 * @example serviceGraph(doc, resolve(doc), new Set(), 400).nodes[0]?.data.replicas // "2/2"
 */
export function serviceGraph(doc: Doc, r: Resolved, highlight: ReadonlySet<string>, belowY: number): { nodes: ServiceNode[]; edges: Edge[] } {
  const nodes: ServiceNode[] = [];
  const edges: Edge[] = [];
  byOrder(doc.services ?? {}).forEach((s, i) => {
    const tasks = tasksOf(r, s.id);
    const at = doc.layout[s.id] ?? { x: i * (SERVICE_W + GAP), y: belowY + 80 };
    const hl = highlight.has(s.id);
    nodes.push({
      id: s.id,
      type: "service",
      position: { x: at.x, y: at.y },
      width: SERVICE_W,
      height: SERVICE_H,
      deletable: false,
      ariaLabel: `swarm service ${s.name}`,
      className: hl ? "hl" : undefined,
      data: {
        service: s,
        replicas: `${tasks.length}/${s.replicas}`,
        ports: s.ports.map(servicePortText),
        pending: s.pending.length,
        highlighted: hl,
      },
    });
    for (const t of tasks) {
      edges.push({
        // From the task's top handle (containers have no other free one) into the service's.
        id: `svc|${s.id}|task|${t.c.id}`,
        source: t.c.id,
        target: s.id,
        targetHandle: "tasks",
        label: `${s.name}.${t.c.task?.slot} on ${t.machine.name}`,
        deletable: false,
        className: `service-task${hl ? " hl" : ""}`,
        style: { strokeDasharray: "2 4" },
        ariaLabel: `${s.name} task ${t.c.task?.slot} is ${t.c.name} on ${t.machine.name}`,
      });
    }
    for (const net of s.networks) {
      const n = doc.networks[net.networkId];
      if (!n) continue;
      const vip = s.vips.find((v) => v.networkId === n.id)?.ip;
      edges.push({
        id: `svc|${s.id}|net|${n.id}`,
        source: s.id,
        sourceHandle: "networks",
        target: n.id,
        label: vip ? `VIP ${vip}` : s.endpointMode,
        deletable: false,
        className: `service-net${hl && highlight.has(n.id) ? " hl" : ""}`,
        ariaLabel: `${s.name} on ${n.name}${vip ? ` with virtual IP ${vip}` : ""}`,
      });
    }
    // Ingress-published ports ride on the ingress overlay, though the service does not list it.
    const ingressVip = s.ports.some((p) => p.mode === "ingress") ? s.vips.find((v) => doc.networks[v.networkId]?.overlay?.ingress) : undefined;
    if (ingressVip && !s.networks.some((n) => n.networkId === ingressVip.networkId)) {
      edges.push({
        id: `svc|${s.id}|net|${ingressVip.networkId}`,
        source: s.id,
        sourceHandle: "networks",
        target: ingressVip.networkId,
        label: `routing mesh · VIP ${ingressVip.ip}`,
        deletable: false,
        className: "service-net ingress",
        ariaLabel: `${s.name} published through the routing mesh with virtual IP ${ingressVip.ip}`,
      });
    }
  });
  return { nodes, edges };
}
