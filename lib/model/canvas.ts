/**
 * The canvas's box sizes and rows, in the units of `doc.layout`: the room's canvas (app/room/graph.ts)
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
