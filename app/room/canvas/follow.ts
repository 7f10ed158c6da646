/**
 * What a follower's canvas shows of the person it follows: the same area of the document, fitted to
 * the follower's own screen. A 1920-wide projector followed on a 1280 laptop shows everything the
 * presenter sees, smaller, instead of the top-left two thirds of it.
 */
import { getViewportForBounds, type Viewport } from "@xyflow/react";
import type { SharedViewport } from "@/lib/sync/events";

/** The viewport that shows `leader`'s visible area on a `width`×`height` canvas, centred. */
export function followedView(leader: SharedViewport, width: number, height: number, minZoom: number, maxZoom: number): Viewport {
  const same = { x: leader.x, y: leader.y, zoom: leader.zoom };
  // An older client does not say its size, and an equal screen needs no fitting (and no rounding).
  if (!leader.w || !leader.h || width <= 0 || height <= 0) return same;
  if (Math.abs(leader.w - width) < 1 && Math.abs(leader.h - height) < 1) return same;
  const area = { x: -leader.x / leader.zoom, y: -leader.y / leader.zoom, width: leader.w / leader.zoom, height: leader.h / leader.zoom };
  return getViewportForBounds(area, width, height, minZoom, maxZoom, 0);
}
