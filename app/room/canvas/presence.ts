"use client";
/**
 * This canvas in the room's presence: what goes out (the pointer, the selection, and the viewport with
 * the canvas's size, so followers fit the same area) as it changes, and what comes back of others
 * (their selections, outlined in their colours).
 */
import { type Edge, type ReactFlowInstance, useReactFlow, useStoreApi, type Viewport } from "@xyflow/react";
import { type PointerEvent, type RefObject, useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { type RoomStore, subscribeFramed } from "../../lib/store";
import type { AnyNode } from "./graph";

/** Who has what selected, as "id -> colour"; a string key so the graph only rebuilds when it changes. */
export function useRemoteSelection(store: RoomStore): Map<string, string> {
  const key = useSyncExternalStore(
    subscribeFramed(store),
    () =>
      store
        .getSnapshot()
        .peers.flatMap((p) => p.selection.map((id) => `${id}=${p.color}`))
        .join(","),
    () => "",
  );
  return useMemo(() => new Map(key ? key.split(",").map((kv) => kv.split("=") as [string, string]) : []), [key]);
}

/**
 * Sends this canvas's presence: on each pointer move, each viewport move (`onMove`, for React Flow) and
 * each change of the selection. `onUserMove` hears a person's own pan or zoom, not a programmatic one.
 */
export function usePresence(
  store: RoomStore,
  selected: string | null,
  flow: RefObject<ReactFlowInstance<AnyNode, Edge> | null>,
  onUserMove: (() => void) | undefined,
): { onPointerMove: (e: PointerEvent) => void; onMove: (e: MouseEvent | TouchEvent | null, vp: Viewport) => void } {
  const { screenToFlowPosition } = useReactFlow();
  const storeApi = useStoreApi();
  const cursor = useRef<{ x: number; y: number } | null>(null);
  // The viewport goes out with this canvas's size, so that followers can fit the same area.
  // biome-ignore lint/correctness/useExhaustiveDependencies: flow is a ref, read when the presence goes out
  const announce = useCallback(
    (vp: Viewport | null = flow.current?.getViewport() ?? null) => {
      const { width, height } = storeApi.getState();
      const viewport = vp && width > 0 && height > 0 ? { ...vp, w: Math.round(width), h: Math.round(height) } : vp;
      store.setPresence({ cursor: cursor.current, selection: selected ? [selected] : [], viewport });
    },
    [store, selected, storeApi],
  );

  const onPointerMove = useCallback(
    (e: PointerEvent) => {
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      cursor.current = { x: Math.round(p.x), y: Math.round(p.y) };
      announce();
    },
    [screenToFlowPosition, announce],
  );

  // Followers track the viewport and selection, which change without the pointer moving (wheel, keys).
  useEffect(() => {
    announce();
  }, [announce]);
  const onMove = useCallback(
    (e: MouseEvent | TouchEvent | null, vp: Viewport) => {
      // A null event is a programmatic move (following someone); only a person's own move counts.
      if (e) onUserMove?.();
      announce(vp);
    },
    [announce, onUserMove],
  );

  return { onPointerMove, onMove };
}
