/**
 * From the document and what `resolve` derives to React Flow's nodes and edges. Pure: the same
 * document gives the same picture in every browser, because positions come from `doc.layout`.
 * The machine level (LANs, NICs, VM adapters, overlays) lives in ../vm/topology.ts.
 */
import type { Edge, Node } from "@xyflow/react";
import { CANVAS, type Container, type Doc, freeSlot, type Machine, type Network, rowSpots } from "@/lib/model";
import type { Diagnostic, Resolved } from "@/lib/sim";
import { type ServiceNode, serviceGraph } from "../swarm/services";
import { type LanNode, lanNodes, machineEdges, overlaySpan } from "../vm/topology";

export const CONTAINER_W = CANVAS.container.w;
export const CONTAINER_H = CANVAS.container.h;
const NETWORK_W = CANVAS.network.w;
const NETWORK_H = CANVAS.network.h;
const PAD = CANVAS.pad;
const CONTAINER_ROW_Y = CANVAS.containerRowY;
const MIN_HOST_W = CANVAS.minHost.w;
const MIN_HOST_H = CANVAS.minHost.h;
const MIN_VM_W = CANVAS.minVm.w;
const MIN_VM_H = CANVAS.minVm.h;
const VM_ROW_Y = CONTAINER_ROW_Y + CONTAINER_H + 50;

interface HostData extends Record<string, unknown> {
  machine: Machine;
  diagnostics: Diagnostic[];
  highlighted: boolean;
}
interface NetworkData extends Record<string, unknown> {
  network: Network;
  diagnostics: Diagnostic[];
  highlighted: boolean;
}
interface ContainerData extends Record<string, unknown> {
  container: Container;
  ports: string[];
  diagnostics: Diagnostic[];
  highlighted: boolean;
  mode: string;
}

export type HostNode = Node<HostData, "host">;
export type NetworkNode = Node<NetworkData, "network">;
export type ContainerNode = Node<ContainerData, "container">;
export type AnyNode = HostNode | NetworkNode | ContainerNode | LanNode | ServiceNode;

/** Builtin `host` and `none` networks only appear when a container uses them; they would be clutter. */
function visibleNetwork(n: Network, doc: Doc): boolean {
  if (n.driver !== "host" && n.driver !== "null") return true;
  return Object.values(doc.containers).some((c) => c.machineId === n.machineId && c.networkMode === n.name);
}

function portText(c: Container): string[] {
  return c.ports.map((p) => {
    const host = p.assigned !== null ? String(p.assigned) : p.hostPort || "?";
    const ip = p.hostIp ? `${p.hostIp.includes(":") ? `[${p.hostIp}]` : p.hostIp}:` : "";
    return `${ip}${host}→${p.containerPort}${p.proto === "tcp" ? "" : `/${p.proto}`}`;
  });
}

type Diags = Map<string, Diagnostic[]>;

/** A machine's networks and containers as its children, plus the edges between them. */
function machineChildren(doc: Doc, r: Resolved, m: Machine, highlight: ReadonlySet<string>, diags: Diags, edges: Edge[]): AnyNode[] {
  const children: AnyNode[] = [];
  // Swarm networks span machines: they are drawn once, outside every host.
  const nets = Object.values(doc.networks)
    .filter((n) => n.machineId === m.id && n.scope !== "swarm" && visibleNetwork(n, doc))
    .sort((a, b) => a.order - b.order);
  const netByName = new Map(nets.map((n) => [n.name, n]));
  // Records nobody has placed (built in the terminal) take the first free slot of their rows.
  const netSpots = rowSpots(
    "network",
    nets.map((n) => n.id),
    doc.layout,
  );
  nets.forEach((n) => {
    const at = netSpots.get(n.id) ?? freeSlot("network", []);
    children.push({
      id: n.id,
      type: "network",
      parentId: m.id,
      extent: "parent",
      position: { x: at.x, y: at.y },
      width: NETWORK_W,
      height: NETWORK_H,
      deletable: !n.builtin,
      ariaLabel: `network ${n.name}`,
      className: highlight.has(n.id) ? "hl" : undefined,
      data: { network: n, diagnostics: diags.get(n.id) ?? [], highlighted: highlight.has(n.id) },
    });
  });
  const containers = Object.values(doc.containers)
    .filter((c) => c.machineId === m.id)
    .sort((a, b) => a.order - b.order);
  const ctrSpots = rowSpots(
    "container",
    containers.map((c) => c.id),
    doc.layout,
  );
  containers.forEach((c) => {
    const at = ctrSpots.get(c.id) ?? freeSlot("container", []);
    const view = r.containers.get(c.id);
    children.push({
      id: c.id,
      type: "container",
      parentId: m.id,
      extent: "parent",
      position: { x: at.x, y: at.y },
      width: CONTAINER_W,
      height: CONTAINER_H,
      ariaLabel: `container ${c.name}`,
      className: highlight.has(c.id) ? "hl" : undefined,
      data: { container: c, ports: portText(c), diagnostics: diags.get(c.id) ?? [], highlighted: highlight.has(c.id), mode: view?.mode ?? "bridge" },
    });
    for (const ep of c.endpoints) {
      const live = view?.endpoints.find((e) => e.network.id === ep.networkId);
      const on = highlight.has(c.id) && highlight.has(ep.networkId);
      edges.push({
        id: `${c.id}|${ep.networkId}`,
        source: c.id,
        target: ep.networkId,
        label: live?.ip ?? ep.ip ?? (c.state === "running" ? "no address" : "stopped"),
        animated: on,
        className: on ? "hl" : undefined,
        ariaLabel: `${c.name} on ${doc.networks[ep.networkId]?.name ?? "network"}`,
      });
    }
    const special = c.networkMode === "host" || c.networkMode === "none" ? netByName.get(c.networkMode) : undefined;
    if (special) {
      edges.push({ id: `${c.id}|${special.id}`, source: c.id, target: special.id, label: c.networkMode, deletable: false });
    }
    if (c.networkMode.startsWith("container:")) {
      const owner = c.networkMode.slice(10);
      edges.push({
        id: `${c.id}|ns`,
        source: c.id,
        target: owner,
        targetHandle: "ns",
        label: "shares network namespace",
        deletable: false,
        style: { strokeDasharray: "4 3" },
      });
    }
    // Compose's depends_on: start order only, no traffic, hence dashed and not deletable here.
    for (const d of c.dependsOn ?? []) {
      if (!doc.containers[d.target]) continue;
      edges.push({
        id: `${c.id}|dep|${d.target}`,
        source: c.id,
        target: d.target,
        label: d.condition === "service_started" ? "depends on" : `depends on (${d.condition.replace("service_", "")})`,
        ariaLabel: `${c.name} depends on ${doc.containers[d.target]?.name}`,
        deletable: false,
        style: { strokeDasharray: "6 4" },
      });
    }
  });
  return children;
}

/** The machine's own node, grown to hold its children (and its guests, for a hypervisor host). */
function machineNode(doc: Doc, m: Machine, children: AnyNode[], at: { x: number; y: number }, highlight: ReadonlySet<string>, diags: Diags): HostNode {
  const placed = doc.layout[m.id];
  const [minW, minH] = m.kind === "vm" ? [MIN_VM_W, m.engine ? MIN_VM_H : 110] : [MIN_HOST_W, MIN_HOST_H];
  let w = Math.max(minW, placed?.w ?? 0);
  let h = Math.max(minH, placed?.h ?? 0);
  for (const ch of children) {
    if (ch.parentId !== m.id) continue;
    w = Math.max(w, ch.position.x + (ch.width ?? 0) + PAD);
    h = Math.max(h, ch.position.y + (ch.height ?? 0) + PAD);
  }
  const kind = m.vm ? `${m.vm.hypervisor === "kvm" ? "KVM" : "VirtualBox"} virtual machine` : "Linux host";
  return {
    id: m.id,
    type: "host",
    // Only the title bar moves a machine. React Flow marks every draggable node "nopan", so its body lets
    // the pointer through to the pane, which pans; the title bar, resizer and diagnostics take it back
    // (.react-flow__node-host in globals.css).
    dragHandle: ".host-drag",
    style: { pointerEvents: "none" },
    position: { x: at.x, y: at.y },
    width: w,
    height: h,
    deletable: false,
    ariaLabel: `${kind} ${m.name}`,
    className: highlight.has(m.id) ? "hl" : undefined,
    data: { machine: m, diagnostics: diags.get(m.id) ?? [], highlighted: highlight.has(m.id) },
  };
}

/**
 * Nodes (LANs; hosts as parents of their networks, containers and VMs; VMs as parents of theirs;
 * swarm overlays across hosts) and edges (container to network with its address, host NIC to LAN,
 * VM adapter to LAN or host with its mode).
 * @example const { nodes, edges } = buildGraph(doc, resolve(doc), new Set());
 */
export function buildGraph(doc: Doc, r: Resolved, highlight: ReadonlySet<string>): { nodes: AnyNode[]; edges: Edge[] } {
  const diags: Diags = new Map();
  for (const d of r.diagnostics) diags.set(d.subject, [...(diags.get(d.subject) ?? []), d]);
  const overlayRows = Object.values(doc.networks).filter((n) => n.scope === "swarm").length;
  const nodes: AnyNode[] = [...lanNodes(doc, highlight, overlayRows)];
  const edges: Edge[] = [];
  const machines = Object.values(doc.machines).sort((a, b) => a.order - b.order);
  const boxes = new Map<string, { x: number; w: number }>();
  let hostX = 0;
  for (const m of machines) {
    if (m.vm && doc.machines[m.vm.hostId]) continue;
    const children = machineChildren(doc, r, m, highlight, diags, edges);
    // Guests sit in a row under the host's containers, in creation order unless placed.
    const guests: AnyNode[] = [];
    let guestX = PAD;
    const guestY = Math.max(VM_ROW_Y, ...children.map((c) => c.position.y + (c.height ?? 0) + 40));
    for (const g of machines.filter((x) => x.vm?.hostId === m.id)) {
      const inner = machineChildren(doc, r, g, highlight, diags, edges);
      const spot = doc.layout[g.id] ?? { x: guestX, y: guestY };
      const node = { ...machineNode(doc, g, inner, spot, highlight, diags), parentId: m.id, extent: "parent" as const };
      if (!doc.layout[g.id] || Math.abs(spot.y - guestY) < 120) guestX = Math.max(guestX, spot.x + (node.width ?? 0) + 30);
      guests.push(node, ...inner);
    }
    const host = machineNode(doc, m, [...children, ...guests], doc.layout[m.id] ?? { x: hostX, y: 0 }, highlight, diags);
    nodes.push(host, ...children, ...guests);
    boxes.set(m.id, { x: host.position.x, w: host.width ?? 0 });
    for (const g of guests) if (g.type === "host") boxes.set(g.id, { x: host.position.x + g.position.x, w: g.width ?? 0 });
    hostX = host.position.x + (host.width ?? 0) + 80;
  }
  const overlays = Object.values(doc.networks)
    .filter((n) => n.scope === "swarm")
    .sort((a, b) => a.order - b.order);
  overlays.forEach((n, i) => {
    const span = overlaySpan(doc, n, boxes, i);
    nodes.push({
      id: n.id,
      type: "network",
      position: { x: span.x, y: span.y },
      width: span.w,
      height: NETWORK_H,
      deletable: !n.overlay?.ingress,
      ariaLabel: `overlay network ${n.name}`,
      className: `overlay${highlight.has(n.id) ? " hl" : ""}`,
      data: { network: n, diagnostics: diags.get(n.id) ?? [], highlighted: highlight.has(n.id) },
    });
  });
  edges.push(...machineEdges(doc, highlight));
  if (doc.services && Object.keys(doc.services).length > 0) {
    const belowY = Math.max(0, ...nodes.filter((n) => n.type === "host" && !n.parentId).map((n) => n.position.y + (n.height ?? 0)));
    const swarm = serviceGraph(doc, r, highlight, belowY);
    nodes.push(...swarm.nodes);
    edges.push(...swarm.edges);
  }
  return { nodes, edges };
}

/** A free spot for a new record inside a host: the first slot of its rows that nothing covers. */
export function nextSpot(doc: Doc, machineId: string, kind: "network" | "container"): { x: number; y: number } {
  const row =
    kind === "network"
      ? Object.values(doc.networks)
          .filter((n) => n.machineId === machineId && visibleNetwork(n, doc))
          .sort((a, b) => a.order - b.order)
      : Object.values(doc.containers)
          .filter((c) => c.machineId === machineId)
          .sort((a, b) => a.order - b.order);
  const spots = rowSpots(
    kind,
    row.map((rec) => rec.id),
    doc.layout,
  );
  return freeSlot(kind, [...spots.values()]);
}
