"use client";
/**
 * The page's one way to the room: a `RoomStore` the canvas, inspector and terminal share. The real one
 * is lib/sync's `SyncClient` over socket.io; the components only see this interface, so a room can be
 * driven without a server (see `LocalStore`).
 */
import { useSyncExternalStore } from "react";
import type { Doc } from "@/lib/model";
import { type ApplyResult, apply, type Op } from "@/lib/ops";
import type { Peer, SyncChange, SyncSnapshot } from "@/lib/sync/client";
import type { Presence } from "@/lib/sync/events";

export interface RoomStore {
  readonly doc: Doc | null;
  readonly canEdit: boolean;
  readonly peers: readonly Peer[];
  /** `command`: the terminal line that made the op, kept with it for replay. */
  submit(op: Op, command?: string): ApplyResult;
  subscribe(listener: (change: SyncChange) => void): () => void;
  /** Each op the room commits from now on, everyone's, as it arrives: for views that show an event. */
  onOp(listener: (op: Op) => void): () => void;
  getSnapshot(): SyncSnapshot;
  setPresence(p: Presence): void;
}

/** A room that lives only in this tab: for playing offline and for the first paint before a join. */
export class LocalStore implements RoomStore {
  private listeners = new Set<(change: SyncChange) => void>();
  private opListeners = new Set<(op: Op) => void>();
  private snap: SyncSnapshot | null = null;
  readonly peers: readonly Peer[] = [];
  readonly canEdit = true;
  constructor(public doc: Doc) {}
  submit(op: Op): ApplyResult {
    const r = apply(this.doc, op);
    if (r.ok) {
      this.doc = r.doc;
      this.snap = null;
      for (const l of this.listeners) l({ type: "doc", remote: false });
      for (const l of this.opListeners) l(op);
    }
    return r;
  }
  onOp = (listener: (op: Op) => void): (() => void) => {
    this.opListeners.add(listener);
    return () => this.opListeners.delete(listener);
  };
  subscribe = (listener: (change: SyncChange) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = (): SyncSnapshot => {
    this.snap ??= {
      doc: this.doc,
      seq: 0,
      pending: [],
      status: "joined",
      error: null,
      role: "owner",
      locked: false,
      members: [],
      peers: [],
      memberId: null,
      inviteCode: null,
      viewerInviteCode: null,
    };
    return this.snap;
  };
  setPresence(): void {}
}

const noop = () => () => {};
const nothing = () => null;

/** The document, re-rendering only when it changes (not on every cursor move). */
export function useDoc(store: RoomStore | null): Doc | null {
  return useSyncExternalStore(store?.subscribe ?? noop, store ? () => store.doc : nothing, nothing);
}

const framedSubscribers = new WeakMap<RoomStore, (listener: () => void) => () => void>();

/**
 * `store.subscribe`, except that presence changes (ten people's cursors are 300 messages a second) reach
 * the listener at most once per animation frame: more would redraw the page more often than the screen.
 */
export function subscribeFramed(store: RoomStore): (listener: () => void) => () => void {
  let sub = framedSubscribers.get(store);
  if (!sub) {
    sub = (listener: () => void) => {
      let frame: number | null = null;
      const stop = store.subscribe((change) => {
        if (change.type !== "presence" || typeof requestAnimationFrame !== "function") return listener();
        frame ??= requestAnimationFrame(() => {
          frame = null;
          listener();
        });
      });
      return () => {
        if (frame !== null) cancelAnimationFrame(frame);
        stop();
      };
    };
    framedSubscribers.set(store, sub);
  }
  return sub;
}

const settled = new WeakMap<RoomStore, SyncSnapshot>();

/** The latest snapshot if anything but `peers` changed since the one returned last time, else that one. */
function withoutPresence(store: RoomStore): SyncSnapshot {
  const now = store.getSnapshot();
  const last = settled.get(store);
  if (last && (Object.keys(now) as (keyof SyncSnapshot)[]).every((k) => k === "peers" || now[k] === last[k])) return last;
  settled.set(store, now);
  return now;
}

const presenceFree = new WeakMap<RoomStore, (listener: () => void) => () => void>();
function subscribeWithoutPresence(store: RoomStore): (listener: () => void) => () => void {
  let sub = presenceFree.get(store);
  if (!sub) {
    sub = (listener: () => void) => store.subscribe((change) => change.type !== "presence" && listener());
    presenceFree.set(store, sub);
  }
  return sub;
}

/**
 * The room's state: status, role, lock, members, pending ops. Cursor moves do not re-render its user:
 * `peers` in it may be out of date (read them with `usePeers` or `usePeersWhile`).
 */
export function useRoomState(store: RoomStore | null): SyncSnapshot | null {
  return useSyncExternalStore(store ? subscribeWithoutPresence(store) : noop, store ? () => withoutPresence(store) : nothing, nothing);
}

/** Other people's presence while `active` (at most once a frame); an empty list, and no re-renders, otherwise. */
export function usePeersWhile(store: RoomStore | null, active: boolean): readonly Peer[] {
  return useSyncExternalStore(store ? subscribeFramed(store) : noop, store && active ? () => store.getSnapshot().peers : noPeers, noPeers);
}

/** Other people's presence (cursors, selections, viewports), at most once per animation frame. */
export function usePeers(store: RoomStore): readonly Peer[] {
  return useSyncExternalStore(subscribeFramed(store), () => store.getSnapshot().peers, noPeers);
}
const NO_PEERS: readonly Peer[] = [];
const noPeers = (): readonly Peer[] => NO_PEERS;
