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
  submit(op: Op): ApplyResult;
  subscribe(listener: (change: SyncChange) => void): () => void;
  getSnapshot(): SyncSnapshot;
  setPresence(p: Presence): void;
}

/** A room that lives only in this tab: for playing offline and for the first paint before a join. */
export class LocalStore implements RoomStore {
  private listeners = new Set<(change: SyncChange) => void>();
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
    }
    return r;
  }
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

/** The whole snapshot: status, role, members, peers. Changes with presence, so use it sparingly. */
export function useRoomState(store: RoomStore | null): SyncSnapshot | null {
  return useSyncExternalStore(store?.subscribe ?? noop, store ? store.getSnapshot : nothing, nothing);
}
