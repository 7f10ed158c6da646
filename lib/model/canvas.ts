/**
 * The canvas's box sizes and rows, in the units of `doc.layout`: the room's canvas (app/room/canvas/graph.ts)
 * and the class dashboard's thumbnails (lib/sync/thumbnail.ts) draw from these same numbers.
 */
export const CANVAS: Readonly<Record<"pad" | "header" | "netRowY" | "containerRowY", number>> &
  Readonly<Record<"container" | "network" | "minHost" | "minVm", Readonly<{ w: number; h: number }>>> = {
  container: { w: 180, h: 78 },
  network: { w: 200, h: 66 },
  /** Inside a machine's box: the margin, the title bar, then the network row and the container row. */
  pad: 24,
  header: 36,
  netRowY: 36 + 20,
  containerRowY: 36 + 20 + 66 + 110,
  minHost: { w: 640, h: 360 },
  minVm: { w: 300, h: 150 },
};

/** Containers side by side in a machine before the row wraps: with many, boxes keep their size and labels stay readable. */
export const CONTAINERS_PER_ROW = 4;
const GAP = 30;
const ROW_GAP = 40;

type Spot = { x: number; y: number };

/** Slot `i` of a kind's rows: networks in one row; containers left to right, then the next row down. */
function slot(kind: "network" | "container", i: number): Spot {
  const { w, h } = CANVAS[kind];
  if (kind === "network") return { x: CANVAS.pad + i * (w + GAP), y: CANVAS.netRowY };
  const col = i % CONTAINERS_PER_ROW;
  const row = Math.floor(i / CONTAINERS_PER_ROW);
  return { x: CANVAS.pad + col * (w + GAP), y: CANVAS.containerRowY + row * (h + ROW_GAP) };
}

/**
 * The first slot that no box of the same kind in `taken` covers. A box covers at most two slots across
 * and two rows down, so the search ends within 4·n + 1 slots.
 * @example freeSlot("container", []) // { x: 24, y: 222 }
 */
export function freeSlot(kind: "network" | "container", taken: readonly Spot[]): Spot {
  const { w, h } = CANVAS[kind];
  for (let i = 0; ; i++) {
    const s = slot(kind, i);
    if (!taken.some((t) => Math.abs(t.x - s.x) < w + 10 && Math.abs(t.y - s.y) < h + 10)) return s;
  }
}

/**
 * Where each record of one kind in one machine sits: where someone placed it, or else (in the given
 * order) the first free slot around the placed ones.
 */
export function rowSpots(kind: "network" | "container", ids: readonly string[], layout: Readonly<Record<string, Spot>>): Map<string, Spot> {
  const taken: Spot[] = ids.flatMap((id) => (layout[id] ? [layout[id]] : []));
  const out = new Map<string, Spot>();
  for (const id of ids) {
    const placed = layout[id];
    const at = placed ? { x: placed.x, y: placed.y } : freeSlot(kind, taken);
    if (!placed) taken.push(at);
    out.set(id, at);
  }
  return out;
}
