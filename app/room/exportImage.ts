/**
 * The canvas as a picture, the way React Flow's "download image" example does it: fit the nodes'
 * bounds into an image of their size and let html-to-image render the viewport element.
 */
import { getViewportForBounds, type Node, type Rect, type Viewport } from "@xyflow/react";
import { holdFullView } from "./fullView";

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

/**
 * Renders every node and edge to a PNG or SVG data URL.
 * @example download(await exportCanvas(flow, root, "png"), "sandbox.png")
 */
export async function exportCanvas(flow: ExportFlow, root: HTMLElement, format: "png" | "svg"): Promise<string> {
  const viewportEl = root.querySelector<HTMLElement>(".react-flow__viewport");
  if (!viewportEl) throw new Error("the canvas is not on the page");
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
    const scale = Math.min(1, MAX_SIDE / (bounds.width + 2 * MARGIN), MAX_SIDE / (bounds.height + 2 * MARGIN));
    const width = Math.round((bounds.width + 2 * MARGIN) * scale);
    const height = Math.round((bounds.height + 2 * MARGIN) * scale);
    const vp = getViewportForBounds(bounds, width, height, 0.05, 2, `${MARGIN}px`);
    const backgroundColor = getComputedStyle(root.querySelector(".react-flow") ?? root).backgroundColor || "#ffffff";
    const { toPng, toSvg } = await import("html-to-image");
    const options = {
      backgroundColor,
      width,
      height,
      style: { width: `${width}px`, height: `${height}px`, transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})` },
    };
    return format === "png" ? await toPng(viewportEl, options) : await toSvg(viewportEl, options);
  } finally {
    release();
    await flow.setViewport(before);
  }
}
