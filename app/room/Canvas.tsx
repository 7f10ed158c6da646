"use client";
import {
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  type NodeChange,
  ReactFlow,
  type ReactFlowInstance,
  useReactFlow,
  type Viewport,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { type DragEvent, memo, type PointerEvent, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { Doc } from "@/lib/model";
import type { Op } from "@/lib/ops";
import type { Resolved } from "@/lib/sim";
import { type RoomStore, subscribeFramed } from "../lib/store";
import { CursorLayer } from "./cursors";
import { edgeTypes, withSlots } from "./edges";
import { type AnyNode, buildGraph } from "./graph";
import { nodeTypes } from "./nodes";
import { DRAG_TYPE } from "./Palette";

interface Props {
  store: RoomStore;
  doc: Doc;
  resolved: Resolved;
  highlight: ReadonlySet<string>;
  /** Used for presence only: React Flow owns the selection, the page just hears about it. */
  selected: string | null;
  setSelected: (id: string | null) => void;
  /** Asks the canvas to select a record (after creating it); `seq` makes repeated asks distinct. */
  selectRequest: { id: string | null; seq: number };
  canEdit: boolean;
  submitAll: (ops: Op[]) => string | null;
  onDropCreate: (kind: "container" | "network", machineId: string, at: { x: number; y: number }) => void;
  /** Someone else's viewport this canvas follows (a followed peer, the presenter); null: the user's own. */
  viewportTarget?: Viewport | null;
  /** The user panned or zoomed by hand (so stops following). */
  onUserMove?: () => void;
  /** A compose file (.yml/.yaml) dropped on the canvas: its text and name. */
  onDropCompose?: (text: string, file: string) => void;
}

// React Flow copies changed props into its store and every node and edge re-reads the store, so props
// that are new objects on each render would cost a pass over the whole graph per render.
const DELETE_KEYS = ["Delete", "Backspace"];
const FIT_VIEW = { padding: 0.15 };
const PRO_OPTIONS = { hideAttribution: true };

/** Who has what selected, as "id -> colour"; a string key so the graph only rebuilds when it changes. */
function useRemoteSelection(store: RoomStore): Map<string, string> {
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

/** Memoised: the page re-renders on every cursor move of every participant; the canvas must not. */
export const Canvas = memo(function Canvas({
  store,
  doc,
  resolved,
  highlight,
  selected,
  setSelected,
  selectRequest,
  canEdit,
  submitAll,
  onDropCreate,
  viewportTarget = null,
  onUserMove,
  onDropCompose,
}: Props) {
  const remoteSel = useRemoteSelection(store);
  const graph = useMemo(() => buildGraph(doc, resolved, highlight), [doc, resolved, highlight]);
  const edges = useMemo(() => {
    const x = new Map(graph.nodes.map((n) => [n.id, n.position.x]));
    return withSlots(graph.edges, (id) => x.get(id) ?? 0);
  }, [graph]);
  const [nodes, setNodes] = useState<AnyNode[]>(graph.nodes);
  const flow = useRef<ReactFlowInstance<AnyNode, Edge> | null>(null);
  const { screenToFlowPosition, setViewport } = useReactFlow();
  const cursor = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    if (viewportTarget) void setViewport(viewportTarget);
  }, [viewportTarget, setViewport]);

  // The document is the truth for everything but the selection (React Flow's, kept across redraws)
  // and the position of a node being dragged right now.
  useEffect(() => {
    setNodes((prev) => {
      const dragging = new Map(prev.filter((n) => n.dragging).map((n) => [n.id, n]));
      const sel = new Set(prev.filter((n) => n.selected).map((n) => n.id));
      return graph.nodes.map((n) => {
        const d = dragging.get(n.id);
        const color = remoteSel.get(n.id);
        const base = { ...n, selected: sel.has(n.id), ...(color ? { style: { boxShadow: `0 0 0 3px ${color}` } } : {}) };
        return d ? ({ ...base, position: d.position, dragging: true } as AnyNode) : (base as AnyNode);
      });
    });
  }, [graph, remoteSel]);

  useEffect(() => {
    if (selectRequest.seq === 0) return;
    setNodes((ns) => ns.map((n) => (n.selected === (n.id === selectRequest.id) ? n : ({ ...n, selected: n.id === selectRequest.id } as AnyNode))));
  }, [selectRequest]);

  const onInit = useCallback((i: ReactFlowInstance<AnyNode, Edge>) => {
    flow.current = i;
  }, []);

  const onSelectionChange = useCallback(({ nodes: sel }: { nodes: AnyNode[] }) => setSelected(sel[0]?.id ?? null), [setSelected]);

  const onNodesChange = useCallback(
    (changes: NodeChange<AnyNode>[]) => {
      setNodes((ns) => applyNodeChanges(changes, ns));
      for (const ch of changes) {
        // A host resized with its handles: the new size is part of the document.
        if (ch.type === "dimensions" && ch.resizing === false && ch.dimensions) {
          const n = flow.current?.getNode(ch.id);
          if (n?.type === "host")
            submitAll([{ type: "layout.move", id: ch.id, position: { x: n.position.x, y: n.position.y, w: ch.dimensions.width, h: ch.dimensions.height } }]);
        }
      }
    },
    [submitAll],
  );

  const onNodeDragStop = useCallback(
    (_e: unknown, _n: AnyNode, dragged: AnyNode[]) => {
      const ops: Op[] = dragged.map((n) => {
        const old = doc.layout[n.id];
        const position = { x: Math.round(n.position.x), y: Math.round(n.position.y), ...(old?.w ? { w: old.w } : {}), ...(old?.h ? { h: old.h } : {}) };
        return { type: "layout.move", id: n.id, position };
      });
      submitAll(ops);
    },
    [doc, submitAll],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const [cid, nid] = doc.containers[c.source] ? [c.source, c.target] : [c.target, c.source];
      if (!doc.containers[cid] || !doc.networks[nid]) return;
      submitAll([{ type: "network.connect", containerId: cid, networkId: nid, aliases: [], ipv4Address: null }]);
    },
    [doc, submitAll],
  );

  const onBeforeDelete = useCallback(
    async ({ nodes: ns, edges: es }: { nodes: AnyNode[]; edges: Edge[] }) => {
      const ops: Op[] = [];
      const gone = new Set(ns.map((n) => n.id));
      for (const n of ns) {
        if (n.type === "container") ops.push({ type: "container.remove", containerId: n.id, force: true });
        if (n.type === "network") ops.push({ type: "network.remove", networkId: n.id });
      }
      for (const e of es) {
        if (gone.has(e.source) || gone.has(e.target) || e.deletable === false) continue;
        if (doc.containers[e.source] && doc.networks[e.target])
          ops.push({ type: "network.disconnect", containerId: e.source, networkId: e.target, force: false });
      }
      // Container removals first, so a network loses its last endpoint before its own removal.
      ops.sort((a, b) => (a.type === "network.remove" ? 1 : 0) - (b.type === "network.remove" ? 1 : 0));
      if (ops.length > 0) submitAll(ops);
      // The document decides what disappears: the canvas redraws from it.
      return false;
    },
    [doc, submitAll],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const file = [...e.dataTransfer.files].find((f) => /\.ya?ml$/i.test(f.name));
      if (file && onDropCompose && canEdit) {
        e.preventDefault();
        void file.text().then((text) => onDropCompose(text, file.name));
        return;
      }
      const kind = e.dataTransfer.getData(DRAG_TYPE);
      if (kind !== "container" && kind !== "network") return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const host = graph.nodes.find(
        (n) => n.type === "host" && p.x >= n.position.x && p.y >= n.position.y && p.x <= n.position.x + (n.width ?? 0) && p.y <= n.position.y + (n.height ?? 0),
      );
      const target = host ?? graph.nodes.find((n) => n.type === "host");
      if (!target) return;
      const at = host ? { x: p.x - target.position.x, y: p.y - target.position.y } : { x: 24, y: 200 };
      onDropCreate(kind, target.id, { x: Math.max(8, at.x), y: Math.max(40, at.y) });
    },
    [graph, screenToFlowPosition, onDropCreate, onDropCompose, canEdit],
  );

  const announce = useCallback(
    (vp: Viewport | null = flow.current?.getViewport() ?? null) =>
      store.setPresence({ cursor: cursor.current, selection: selected ? [selected] : [], viewport: vp }),
    [store, selected],
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

  return (
    // Pointer and drop handlers only: the keyboard path to the same actions is the palette's Add buttons.
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target around the canvas
    <div className="canvas" onPointerMove={onPointerMove} onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <ReactFlow<AnyNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onInit={onInit}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onBeforeDelete={onBeforeDelete}
        onSelectionChange={onSelectionChange}
        onMove={onMove}
        nodesDraggable={canEdit}
        nodesConnectable={canEdit}
        deleteKeyCode={canEdit ? DELETE_KEYS : null}
        colorMode="system"
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.1}
        onlyRenderVisibleElements
        aria-label="Topology canvas"
        proOptions={PRO_OPTIONS}
      >
        <Background gap={24} />
        <Controls aria-label="Zoom controls" />
        <CursorLayer store={store} />
      </ReactFlow>
    </div>
  );
});
