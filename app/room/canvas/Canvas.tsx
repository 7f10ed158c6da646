"use client";
import {
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  type FinalConnectionState,
  getViewportForBounds,
  type NodeChange,
  ReactFlow,
  type ReactFlowInstance,
  useReactFlow,
  useStore,
  useStoreApi,
  type Viewport,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { type DragEvent, type KeyboardEvent, memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { Doc } from "@/lib/model";
import type { Op } from "@/lib/ops";
import type { Resolved } from "@/lib/sim";
import type { SharedViewport } from "@/lib/sync/events";
import type { RoomStore } from "../../lib/store";
import { absoluteBoxes, boundsOf, machineAt } from "../core/farGeometry";
import { fullViewHeld, subscribeFullView } from "../core/fullView";
import { deleteOps, linkOps, moveOp, resizeOp } from "../core/gestures";
import { CursorLayer } from "./cursors";
import { edgeTypes, withSlots } from "./edges";
import { FAR_ZOOM, FarView } from "./FarView";
import { followedView } from "./follow";
import { type AnyNode, buildGraph } from "./graph";
import { ImageMoves } from "./ImageMoves";
import { useNewNodesInView } from "./keepInView";
import { nodeTypes } from "./nodes";
import { DRAG_TYPE } from "./Palette";
import { usePresence, useRemoteSelection } from "./presence";

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
  viewportTarget?: SharedViewport | null;
  /** The user panned or zoomed by hand (so stops following). */
  onUserMove?: () => void;
  /** A compose file (.yml/.yaml) dropped on the canvas: its text and name. */
  onDropCompose?: (text: string, file: string) => void;
}

// React Flow copies changed props into its store and every node and edge re-reads the store, so props
// that are new objects on each render would cost a pass over the whole graph per render.
const DELETE_KEYS = ["Delete", "Backspace"];
// Hidden nodes count: far away, React Flow holds every node hidden while FarView draws them.
const FIT_VIEW = { padding: 0.15, includeHiddenNodes: true };
const PRO_OPTIONS = { hideAttribution: true };
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 2;
const NO_EDGES: Edge[] = [];

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
  const wrapper = useRef<HTMLDivElement>(null);
  const storeApi = useStoreApi();
  const held = useSyncExternalStore(subscribeFullView, fullViewHeld, () => false);
  const far = useStore((s) => s.transform[2] < FAR_ZOOM) && !held;
  // The opening view fits the document, computed from the layout before React Flow mounts: a big
  // document then opens far away without first putting all its nodes on the page to measure them.
  const [start, setStart] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    if (start || !wrapper.current) return;
    const { width, height } = wrapper.current.getBoundingClientRect();
    const bounds = boundsOf(absoluteBoxes(graph.nodes));
    const vp = bounds && width > 0 && height > 0 ? getViewportForBounds(bounds, width, height, MIN_ZOOM, MAX_ZOOM, FIT_VIEW.padding) : { x: 0, y: 0, zoom: 1 };
    storeApi.setState({ transform: [vp.x, vp.y, vp.zoom] });
    setStart(vp);
  }, [start, graph, storeApi]);

  useNewNodesInView(store, graph.nodes, viewportTarget !== null, MIN_ZOOM, MAX_ZOOM);
  // The followed person's visible area, fitted again whenever this canvas changes size.
  const paneW = useStore((s) => s.width);
  const paneH = useStore((s) => s.height);
  useEffect(() => {
    if (viewportTarget && start) void setViewport(followedView(viewportTarget, paneW, paneH, MIN_ZOOM, MAX_ZOOM));
  }, [viewportTarget, setViewport, start, paneW, paneH]);

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

  const selectOnly = useCallback((id: string | null) => {
    setNodes((ns) => ns.map((n) => (n.selected === (n.id === id) ? n : ({ ...n, selected: n.id === id } as AnyNode))));
  }, []);
  useEffect(() => {
    if (selectRequest.seq > 0) selectOnly(selectRequest.id);
  }, [selectRequest, selectOnly]);

  // Far away React Flow keeps the nodes (selection, Delete, fit-view) but draws none of them.
  const flowNodes = useMemo(() => (far ? nodes.map((n) => ({ ...n, hidden: true }) as AnyNode) : nodes), [far, nodes]);

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
          if (n?.type === "host") submitAll([resizeOp(ch.id, n.position, ch.dimensions)]);
        }
      }
    },
    [submitAll],
  );

  const onNodeDragStop = useCallback(
    (_e: unknown, _n: AnyNode, dragged: AnyNode[]) => {
      submitAll(dragged.map((n) => moveOp(doc, n.id, n.position)));
    },
    [doc, submitAll],
  );
  const onFarMove = useCallback((id: string, at: { x: number; y: number }) => submitAll([moveOp(doc, id, at)]) === null, [doc, submitAll]);

  const connect = useCallback(
    (a: string, b: string) => {
      const ops = linkOps(doc, a, b);
      if (ops.length > 0) submitAll(ops);
    },
    [doc, submitAll],
  );
  const onConnect = useCallback((c: Connection) => connect(c.source, c.target), [connect]);
  // A link dropped anywhere on a network's box (or a container's) connects, not only on its handle.
  const onConnectEnd = useCallback(
    (e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode) return;
      const p = "changedTouches" in e ? e.changedTouches[0] : e;
      if (!p) return;
      const el = document.elementFromPoint(p.clientX, p.clientY)?.closest<HTMLElement>(".react-flow__node");
      const id = el?.dataset.id;
      if (id && id !== state.fromNode.id) connect(state.fromNode.id, id);
    },
    [connect],
  );
  // Arrow keys move the selected nodes (React Flow's keyboard move): the place they stop at is kept.
  const onKeyUp = useCallback(
    (e: KeyboardEvent) => {
      if (!canEdit || !e.key.startsWith("Arrow") || !(e.target as HTMLElement).closest?.(".react-flow__node")) return;
      const moved = (flow.current?.getNodes() ?? []).filter((n) => {
        const old = doc.layout[n.id];
        return n.selected && (!old || old.x !== Math.round(n.position.x) || old.y !== Math.round(n.position.y));
      });
      if (moved.length > 0) submitAll(moved.map((n) => moveOp(doc, n.id, n.position)));
    },
    [canEdit, doc, submitAll],
  );

  const onBeforeDelete = useCallback(
    async ({ nodes: ns, edges: es }: { nodes: AnyNode[]; edges: Edge[] }) => {
      const ops = deleteOps(doc, ns, es);
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
      // The innermost machine under the drop: a VM inside its host is the engine the drop means.
      const hit = machineAt(absoluteBoxes(graph.nodes), p);
      const fallback = graph.nodes.find((n) => n.type === "host");
      const target = hit ?? (fallback ? { id: fallback.id, at: { x: 24, y: 200 } } : null);
      if (!target) return;
      onDropCreate(kind, target.id, { x: Math.max(8, target.at.x), y: Math.max(40, target.at.y) });
    },
    [graph, screenToFlowPosition, onDropCreate, onDropCompose, canEdit],
  );

  const { onPointerMove, onMove } = usePresence(store, selected, flow, onUserMove);

  return (
    // Pointer and drop handlers only: the keyboard path to the same actions is the palette's Add buttons.
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target around the canvas
    <div ref={wrapper} className="canvas" onPointerMove={onPointerMove} onDragOver={(e) => e.preventDefault()} onDrop={onDrop} onKeyUp={onKeyUp}>
      {start && (
        <ReactFlow<AnyNode, Edge>
          nodes={flowNodes}
          edges={far ? NO_EDGES : edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onInit={onInit}
          onNodesChange={onNodesChange}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          onBeforeDelete={onBeforeDelete}
          onSelectionChange={onSelectionChange}
          onMove={onMove}
          nodesDraggable={canEdit}
          nodesConnectable={canEdit}
          deleteKeyCode={canEdit ? DELETE_KEYS : null}
          colorMode="system"
          defaultViewport={start}
          fitViewOptions={FIT_VIEW}
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          onlyRenderVisibleElements
          aria-label="Topology canvas"
          proOptions={PRO_OPTIONS}
        >
          <Background gap={24} />
          <Controls aria-label="Zoom controls" fitViewOptions={FIT_VIEW} />
          {far && <FarView nodes={nodes} edges={edges} remoteSel={remoteSel} canEdit={canEdit} onSelect={selectOnly} onMoveNode={onFarMove} />}
          <CursorLayer store={store} />
          <ImageMoves store={store} resolved={resolved} />
        </ReactFlow>
      )}
    </div>
  );
});
