/**
 * The machine level of the picture: LANs as nodes, each host NIC as an edge to its LAN labelled with
 * its address, each VM adapter as an edge labelled with its mode (to the LAN it bridges onto, or to
 * the host whose NAT, host-only or libvirt network it plugs into), and swarm overlays drawn once
 * across every machine that uses them. Pure, like canvas/graph.ts.
 */
import type { Edge, Node } from "@xyflow/react";
import type { Adapter, Doc, Lan, Machine, Network } from "@/lib/model";
import { GUEST_NICS } from "@/lib/sim";

const LAN_W = 260;
const LAN_H = 74;
const OVERLAY_Y = -100;

interface LanData extends Record<string, unknown> {
  lan: Lan;
  highlighted: boolean;
}
export type LanNode = Node<LanData, "lan">;

/** VirtualBox's names for the modes, as its GUI and `showvminfo` show them. */
export const MODE_LABEL: Record<Adapter["mode"], string> = {
  none: "Disabled",
  null: "Not attached",
  nat: "NAT",
  natnetwork: "NAT Network",
  bridged: "Bridged",
  hostonly: "Host-only",
  intnet: "Internal",
  libvirt: "libvirt network",
};

/**
 * LAN nodes, a row above the hosts unless someone placed them.
 * @example lanNodes(doc, new Set())[0]?.data.lan.name // "lan"
 */
export function lanNodes(doc: Doc, highlight: ReadonlySet<string>, overlayRows = 0): LanNode[] {
  return Object.values(doc.lans)
    .sort((a, b) => a.order - b.order)
    .map((lan, i) => {
      // A row above the hosts (and above any overlay bands): NICs leave from the top of each host.
      const at = doc.layout[lan.id] ?? { x: i * (LAN_W + 80), y: OVERLAY_Y - overlayRows * 80 - LAN_H - 40 };
      return {
        id: lan.id,
        type: "lan",
        position: { x: at.x, y: at.y },
        width: LAN_W,
        height: LAN_H,
        deletable: false,
        ariaLabel: `LAN ${lan.name}`,
        className: highlight.has(lan.id) ? "hl" : undefined,
        data: { lan, highlighted: highlight.has(lan.id) },
      };
    });
}

/** What one adapter is plugged into, in words: "NAT", "Host-only vboxnet0", "libvirt default (NAT)". */
function adapterText(doc: Doc, vm: Machine, a: Adapter): string {
  switch (a.mode) {
    case "natnetwork":
      return `NAT Network ${a.natNetwork ?? ""}`.trim();
    case "hostonly":
      return `Host-only ${a.hostOnly ?? ""}`.trim();
    case "intnet":
      return `Internal ${a.intnet ?? "intnet"}`;
    case "bridged":
      return `Bridged ${a.bridge ?? "eth0"}`;
    case "libvirt": {
      const n = Object.values(doc.libvirtNetworks ?? {}).find((x) => x.hostId === vm.vm?.hostId && x.name === a.network);
      const forward = n ? (n.forward === "none" ? "isolated" : n.forward === "nat" ? "NAT" : "routed") : "undefined";
      return `libvirt ${a.network ?? "default"} (${forward}${n && !n.active ? ", inactive" : ""})`;
    }
    default:
      return MODE_LABEL[a.mode];
  }
}

/**
 * Edges of the machine level: host NIC → LAN (address), VM adapter → LAN or host (mode).
 * @example machineEdges(doc).map((e) => e.label) // ["eth0 192.168.1.10/24", "NIC 1 · NAT · 10.0.2.15", ...]
 */
export function machineEdges(doc: Doc, highlight: ReadonlySet<string>): Edge[] {
  const edges: Edge[] = [];
  const on = (a: string, b: string) => highlight.has(a) && highlight.has(b);
  for (const m of Object.values(doc.machines).sort((a, b) => a.order - b.order)) {
    if (m.vm) {
      const host = doc.machines[m.vm.hostId];
      if (!host) continue;
      const names = GUEST_NICS[m.vm.hypervisor];
      m.vm.adapters.forEach((a, i) => {
        if (a.mode === "none" || a.mode === "null") return;
        const nic = m.nics.find((n) => n.name === names[i]);
        const target = a.mode === "bridged" ? (host.nics.find((n) => n.name === (a.bridge ?? "eth0"))?.lanId ?? null) : host.id;
        if (!target || (target !== host.id && !doc.lans[target])) return;
        const label = [`NIC ${i + 1}`, adapterText(doc, m, a), nic?.address?.split("/")[0]].filter(Boolean).join(" · ");
        edges.push({
          id: `nic|${m.id}|${i + 1}`,
          source: m.id,
          sourceHandle: target === host.id ? "adapter" : "nic",
          target,
          targetHandle: target === host.id ? "guest" : null,
          label,
          deletable: false,
          animated: on(m.id, target),
          className: `adapter mode-${a.mode}${on(m.id, target) ? " hl" : ""}`,
          ariaLabel: `${m.name} adapter ${i + 1}: ${label}`,
        });
      });
      continue;
    }
    for (const nic of m.nics) {
      if (!nic.lanId || !doc.lans[nic.lanId]) continue;
      const label = `${nic.name} ${nic.address ?? "no address"}`;
      edges.push({
        id: `nic|${m.id}|${nic.name}`,
        source: m.id,
        sourceHandle: "nic",
        target: nic.lanId,
        label,
        deletable: false,
        animated: on(m.id, nic.lanId),
        className: `nic${on(m.id, nic.lanId) ? " hl" : ""}`,
        ariaLabel: `${m.name} ${label} on ${doc.lans[nic.lanId]?.name ?? "LAN"}`,
      });
    }
  }
  return edges;
}

/** Machines that use a swarm network: where it was created, where a container is on it, where a node keeps its load balancer. */
function overlayUsers(doc: Doc, n: Network): Set<string> {
  const users = new Set<string>([n.machineId]);
  for (const c of Object.values(doc.containers)) if (c.endpoints.some((e) => e.networkId === n.id)) users.add(c.machineId);
  for (const m of Object.values(doc.machines)) if (m.engine?.swarm?.lb[n.id]) users.add(m.id);
  return users;
}

/** Where a swarm network is drawn: a band above the hosts, as wide as the machines it spans. */
export function overlaySpan(doc: Doc, n: Network, boxes: ReadonlyMap<string, { x: number; w: number }>, index: number): { x: number; y: number; w: number } {
  const spans = [...overlayUsers(doc, n)].map((id) => boxes.get(id)).filter((b): b is { x: number; w: number } => !!b);
  const left = spans.length > 0 ? Math.min(...spans.map((b) => b.x)) : 0;
  const right = spans.length > 0 ? Math.max(...spans.map((b) => b.x + b.w)) : 240;
  const placed = doc.layout[n.id];
  return { x: placed?.x ?? left, y: placed?.y ?? OVERLAY_Y - index * 80, w: Math.max(240, right - left) };
}
