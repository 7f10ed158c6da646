/**
 * A room's picture in a few hundred bytes, for the teacher's dashboard: hosts, networks and containers
 * as boxes, and which container sits on which network. Positions follow the canvas (`doc.layout`, else
 * the same default rows), so a thumbnail looks like a shrunken canvas without shipping the document.
 */
import { CANVAS, type Doc, rowSpots } from "../model";

export interface ThumbBox {
  kind: "host" | "network" | "container";
  x: number;
  y: number;
  w: number;
  h: number;
  /** Containers: running; networks and hosts: always true. */
  on: boolean;
}

export interface Thumb {
  w: number;
  h: number;
  boxes: ThumbBox[];
  /** Index pairs into `boxes`: container, network. */
  links: [number, number][];
}

// The canvas's own sizes, so a thumbnail is the room's picture in small.
const { container: CONTAINER, network: NETWORK, pad: PAD, netRowY: NET_Y, containerRowY: CONTAINER_Y, minHost: MIN_HOST } = CANVAS;
/** More than this and the picture is noise at thumbnail size; the rest are left out. */
const MAX_BOXES = 200;
const r = (x: number) => Math.round(x);

/**
 * The thumbnail of a document.
 * @example thumbnail(doc).boxes.filter((b) => b.kind === "container").length // number of containers
 */
export function thumbnail(doc: Doc): Thumb {
  const boxes: ThumbBox[] = [];
  const links: [number, number][] = [];
  const index = new Map<string, number>();
  let hostX = 0;
  let width = 0;
  let height = 0;
  const machines = Object.values(doc.machines).sort((a, b) => a.order - b.order);
  for (const m of machines) {
    const at = doc.layout[m.id] ?? { x: hostX, y: 0 };
    const hostIndex = boxes.length;
    boxes.push({ kind: "host", x: r(at.x), y: r(at.y), w: MIN_HOST.w, h: MIN_HOST.h, on: true });
    const host = boxes[hostIndex] as ThumbBox;
    const spots = new Map<string, { x: number; y: number }>();
    const place = (kind: "network" | "container", id: string) => {
      const size = kind === "network" ? NETWORK : CONTAINER;
      const p = spots.get(id) ?? { x: PAD, y: kind === "network" ? NET_Y : CONTAINER_Y };
      host.w = Math.max(host.w, p.x + size.w + PAD);
      host.h = Math.max(host.h, p.y + size.h + PAD);
      return { x: r(at.x + p.x), y: r(at.y + p.y), ...size };
    };
    const nets = Object.values(doc.networks)
      .filter((n) => n.machineId === m.id && n.driver !== "host" && n.driver !== "null")
      .sort((a, b) => a.order - b.order);
    for (const [id, at] of rowSpots(
      "network",
      nets.map((n) => n.id),
      doc.layout,
    ))
      spots.set(id, at);
    for (const n of nets) {
      if (boxes.length >= MAX_BOXES) break;
      index.set(n.id, boxes.length);
      boxes.push({ kind: "network", ...place("network", n.id), on: true });
    }
    const containers = Object.values(doc.containers)
      .filter((c) => c.machineId === m.id)
      .sort((a, b) => a.order - b.order);
    for (const [id, at] of rowSpots(
      "container",
      containers.map((c) => c.id),
      doc.layout,
    ))
      spots.set(id, at);
    for (const c of containers) {
      if (boxes.length >= MAX_BOXES) break;
      const i = boxes.length;
      boxes.push({ kind: "container", ...place("container", c.id), on: c.state === "running" });
      for (const ep of c.endpoints) {
        const n = index.get(ep.networkId);
        if (n !== undefined) links.push([i, n]);
      }
    }
    width = Math.max(width, at.x + host.w);
    height = Math.max(height, at.y + host.h);
    hostX = at.x + host.w + 80;
  }
  return { w: r(Math.max(width, 1)), h: r(Math.max(height, 1)), boxes, links };
}
