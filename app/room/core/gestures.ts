/**
 * The canvas's own gestures as ops: a box moved or resized, a link drawn between a container and a
 * network, boxes and links deleted. Everything that adds a record goes through lib/intents instead
 * (the palette's add, `addContainer.ts`); these are the op each gesture stands for, checked against
 * the document, so the canvas only reads pointer and keyboard events.
 */
import { connectNetwork } from "@/lib/intents";
import type { Doc } from "@/lib/model";
import type { Op, OpOf } from "@/lib/ops";

type At = { x: number; y: number };

/** The op a finished drag (or arrow-key move) stands for: the new corner, keeping a host's stored size. */
export function moveOp(doc: Doc, id: string, at: At): OpOf<"layout.move"> {
  const old = doc.layout[id];
  const position = { x: Math.round(at.x), y: Math.round(at.y), ...(old?.w ? { w: old.w } : {}), ...(old?.h ? { h: old.h } : {}) };
  return { type: "layout.move", id, position };
}

/** A host resized with its handles: its corner and its new size. */
export function resizeOp(id: string, at: At, size: { width: number; height: number }): OpOf<"layout.move"> {
  return { type: "layout.move", id, position: { x: at.x, y: at.y, w: size.width, h: size.height } };
}

/**
 * A link drawn between two boxes, either way round: a container and a network it is not on yet are
 * connected (`docker network connect`); anything else is no gesture and makes no ops.
 */
export function linkOps(doc: Doc, a: string, b: string): Op[] {
  const [cid, nid] = doc.containers[a] ? [a, b] : [b, a];
  const c = doc.containers[cid];
  if (!c || !doc.networks[nid]) return [];
  if (c.endpoints.some((ep) => ep.networkId === nid)) return [];
  return connectNetwork({ containerId: cid, networkId: nid });
}

/**
 * Boxes and links deleted together: containers removed (forced, as the canvas shows no prompt),
 * networks removed after them (so a network has lost its last endpoint first), and the links left
 * between boxes that stay disconnected.
 */
export function deleteOps(
  doc: Doc,
  nodes: readonly { id: string; type?: string | undefined }[],
  edges: readonly { source: string; target: string; deletable?: boolean | undefined }[],
): Op[] {
  const gone = new Set(nodes.map((n) => n.id));
  const containers: Op[] = [];
  const networks: Op[] = [];
  for (const n of nodes) {
    if (n.type === "container") containers.push({ type: "container.remove", containerId: n.id, force: true });
    if (n.type === "network") networks.push({ type: "network.remove", networkId: n.id });
  }
  const links: Op[] = [];
  for (const e of edges) {
    if (gone.has(e.source) || gone.has(e.target) || e.deletable === false) continue;
    if (doc.containers[e.source] && doc.networks[e.target])
      links.push({ type: "network.disconnect", containerId: e.source, networkId: e.target, force: false });
  }
  return [...containers, ...links, ...networks];
}
