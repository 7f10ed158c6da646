"use client";
/**
 * One hook for what a room's views share: the connection (joined as this browser's member of the room,
 * again after a rename), the document and its resolution, the join's state, the undo history, the
 * one way the canvas and panels submit ops, and the toast that tells a refusal. Views take what they
 * need from it instead of reaching into the sync client, the store hooks and the history each.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { type Doc, randomIds } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { type Resolved, resolve } from "@/lib/sim";
import { SyncClient, type SyncSnapshot } from "@/lib/sync/client";
import { LiveClient } from "@/lib/sync/live-client";
import { me, rememberRoom, roomRecord, setMyName, takeKey } from "../lib/identity";
import { type RoomStore, useDoc, useRoomState } from "../lib/store";
import { sessionKeeper, UndoHistory } from "./core/history";
import { TEMPLATES } from "./core/templates";

/** Runs a template's command lines through the shell and submits the ops they produce. */
async function runTemplate(store: RoomStore, lines: readonly string[]): Promise<void> {
  // The shell is only needed for a template's first run: fetched then, not with the page.
  const { Shell, ShellContext } = await import("@/lib/shell");
  const doc = store.doc;
  if (!doc) return;
  const machineId = Object.values(doc.machines).sort((a, b) => a.order - b.order)[0]?.id;
  if (!machineId) return;
  const shell = new Shell(new ShellContext(doc, machineId, randomIds));
  const ops = lines.flatMap((line) => shell.run(line).ops);
  for (const op of ops) store.submit(op);
}

interface RoomConnection {
  client: SyncClient | null;
  conn: { live: LiveClient; socket: Socket } | null;
  state: SyncSnapshot | null;
  doc: Doc | null;
  resolved: Resolved | null;
  /** Canvas and inspector changes go through it so they can be undone; the terminal's don't. */
  history: UndoHistory | null;
  /** This member joined from a class (named by the class roster, so not renamed here). */
  inClass: boolean;
  /** The room was empty when this page first saw it, and no template is about to fill it. */
  startsEmpty: boolean;
  /** Submits a gesture's ops as one undoable step; the refusal, shown through `notify` too, or null. */
  submitAll: (ops: Op[]) => string | null;
  /** Takes a new name for this browser's member, joining again so it takes effect (the server takes the name of the latest join). */
  rename: (name: string) => void;
  /** The message shown over the canvas (a refusal, a failed export), gone after a few seconds. */
  toast: string | null;
  /** Shows a message in the toast; null hides it. */
  notify: (message: string | null) => void;
}

/** How long a toast stays unless dismissed. */
const TOAST_MS = 6000;

export function useRoom(roomId: string): RoomConnection {
  const [toast, notify] = useState<string | null>(null);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => notify(null), TOAST_MS);
    return () => clearTimeout(t);
  }, [toast]);
  const [client, setClient] = useState<SyncClient | null>(null);
  const [conn, setConn] = useState<{ live: LiveClient; socket: Socket } | null>(null);
  const [joinCount, setJoinCount] = useState(0);
  // Read after a key link was taken (the connection effect below takes it before joining).
  const inClass = Boolean(client && roomRecord(roomId)?.inClass);
  // biome-ignore lint/correctness/useExhaustiveDependencies: joinCount asks for a fresh join (a new name)
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    // A key link (from another device, or the owner's saved one): this browser becomes that member.
    if (takeKey(roomId, window.location.hash)) window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}`);
    const record = roomRecord(roomId);
    const invite = params.get("invite") ?? record?.invite;
    const { name: mine, color } = me();
    const name = record?.name ?? mine;
    // WebSocket first: polling's handshake and upgrade cost round trips before the join; polling
    // stays the fallback where a proxy refuses WebSockets.
    const socket = io({ autoConnect: false, transports: ["websocket", "polling"], tryAllTransports: true });
    const c = new SyncClient(socket, { roomId, name, color, ...(record?.token ? { token: record.token } : {}), ...(invite ? { invite } : {}) });
    let templated = false;
    const stop = c.subscribe((change) => {
      if (change.type !== "status" || c.status !== "joined" || !c.doc) return;
      rememberRoom({ roomId, title: c.doc.title, ...(c.token ? { token: c.token } : {}), ...(invite ? { invite } : {}) });
      const t = TEMPLATES.find((x) => x.id === params.get("t"));
      if (t && !templated && Object.keys(c.doc.containers).length === 0 && c.canEdit) {
        templated = true;
        void runTemplate(c, t.lines);
        params.delete("t");
        const q = params.toString();
        window.history.replaceState(null, "", `${window.location.pathname}${q ? `?${q}` : ""}`);
      }
    });
    // Before joining: the server tells who presents right after the join.
    const live = new LiveClient(socket);
    live.start();
    c.start();
    setClient(c);
    setConn({ live, socket });
    return () => {
      stop();
      live.stop();
      c.stop();
      socket.disconnect();
    };
  }, [roomId, joinCount]);

  const state = useRoomState(client);
  const doc = useDoc(client);
  // Recent rooms show the room's current name.
  const title = doc?.title;
  useEffect(() => {
    if (title !== undefined && state?.status === "joined") rememberRoom({ roomId, title });
  }, [title, roomId, state?.status]);
  const firstSeen = useRef<boolean | null>(null);
  if (doc && firstSeen.current === null) firstSeen.current = Object.keys(doc.containers).length === 0 && !/[?&]t=/.test(window.location.search);
  const resolved = useMemo(() => (doc ? resolve(doc) : null), [doc]);
  const history = useMemo(() => (client ? new UndoHistory(client, notify, 200, sessionKeeper(roomId)) : null), [client, roomId]);
  useEffect(() => history?.start(), [history]);
  const submitAll = useCallback(
    (ops: Op[]): string | null => {
      if (!client || !history) return "not connected";
      const refused = history.submit(ops);
      if (refused) notify(refused);
      return refused;
    },
    [client, history],
  );
  const rename = useCallback((name: string) => {
    setMyName(name);
    setJoinCount((k) => k + 1);
  }, []);
  return { client, conn, state, doc, resolved, history, inClass, startsEmpty: firstSeen.current === true, submitAll, rename, toast, notify };
}
