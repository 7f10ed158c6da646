/**
 * The canvas as a picture: fit the whole graph so React Flow has every element on the page, then
 * write those elements as SVG vectors (core/svgPicture.ts) and, for a PNG, draw that SVG.
 */
import type { Node, Rect, Viewport } from "@xyflow/react";
import { holdFullView } from "../core/fullView";
import { svgPicture } from "../core/svgPicture";

/** The few React Flow instance methods an export needs (`useReactFlow()` has them). */
export interface ExportFlow {
  getNodes(): Node[];
  getNodesBounds(nodes: Node[]): Rect;
  getViewport(): Viewport;
  setViewport(v: Viewport): Promise<boolean> | undefined | unknown;
  fitView(options?: { includeHiddenNodes?: boolean }): Promise<boolean> | unknown;
}

const MAX_SIDE = 4096;
const MARGIN = 40;

function nextFrame(): Promise<void> {
  return new Promise((r) => requestAnimationFrame(() => r()));
}

/** Triggers a download of `href` as `name`. */
export function download(href: string, name: string): void {
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/** Downloads text (JSON, YAML, a shell script) as a file. */
export function downloadText(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  download(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The first colour that paints behind the canvas, so the picture has the canvas's own ground. */
function groundOf(el: Element | null): string {
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(bg)) return bg;
  }
  return "#ffffff";
}

/** Draws an SVG document onto a canvas `scale` times its size: the PNG is the SVG's own pixels. */
async function rasterize(svg: string, width: number, height: number, scale: number): Promise<string> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser cannot draw a picture");
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL("image/png");
}

/**
 * Renders every node and edge to a PNG or SVG data URL: the SVG is written from what the canvas
 * shows (real rects, paths and text), and the PNG is that SVG drawn onto a canvas.
 * @example download(await exportCanvas(flow, root, "png"), "sandbox.png")
 */
export async function exportCanvas(flow: ExportFlow, root: HTMLElement, format: "png" | "svg"): Promise<string> {
  const viewportEl = root.querySelector<HTMLElement>(".react-flow__viewport");
  const flowEl = root.querySelector<HTMLElement>(".react-flow");
  if (!viewportEl || !flowEl) throw new Error("the canvas is not on the page");
  const nodes = flow.getNodes();
  if (nodes.length === 0) throw new Error("the canvas is empty");
  // Only visible nodes are in the page, so show them all while the picture is taken, as elements
  // even when the fit is a far zoom (the far view's canvas is not part of the picture).
  const before = flow.getViewport();
  const release = holdFullView();
  try {
    await flow.fitView({ includeHiddenNodes: true });
    // Mounted, then measured (React Flow shows a node once it has its size), then painted.
    for (let i = 0; i < 4; i++) await nextFrame();
    const bounds = flow.getNodesBounds(nodes);
    const vp = flow.getViewport();
    const at = flowEl.getBoundingClientRect();
    const toFlow = { x: (sx: number) => (sx - at.left - vp.x) / vp.zoom, y: (sy: number) => (sy - at.top - vp.y) / vp.zoom, zoom: vp.zoom };
    const area = { x: bounds.x - MARGIN, y: bounds.y - MARGIN, width: bounds.width + 2 * MARGIN, height: bounds.height + 2 * MARGIN };
    const svg = svgPicture(viewportEl, toFlow, area, groundOf(flowEl));
    if (format === "svg") return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    const scale = Math.min(2, MAX_SIDE / area.width, MAX_SIDE / area.height);
    return await rasterize(svg, area.width, area.height, scale);
  } finally {
    release();
    await flow.setViewport(before);
  }
}
