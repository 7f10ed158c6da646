"use client";
/**
 * Following on the room page: a participant someone clicked on, or the presenter for everyone while
 * presenting. The followed person's viewport (and, for a presenter, selection) comes from their
 * presence; moving the canvas by hand stops following, and one click brings the presenter back.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { ReachResult, Resolved } from "@/lib/sim";
import type { Peer, SyncSnapshot } from "@/lib/sync/client";
import type { SharedViewport } from "@/lib/sync/events";
import type { ReachQuery } from "@/lib/sync/live";
import type { LiveClient, LiveSnapshot } from "@/lib/sync/live-client";
import { type RoomStore, usePeersWhile } from "../../lib/store";
import { ask } from "../core/ask";

const NONE: LiveSnapshot = { presenter: null, spotlight: { query: null, seq: 0 } };
const noop = () => () => {};

export interface LiveState {
  live: LiveSnapshot;
  /** I am the presenter right now. */
  presenting: boolean;
  /** Whom my canvas follows now, if anyone: their name and why. */
  leader: { name: string; reason: "presenter" | "follow" } | null;
  /** A presenter is on and I stepped away from them. */
  brokeAway: boolean;
  viewportTarget: SharedViewport | null;
  /** The leader's selection, when following a presenter. */
  selection: string | null;
  follow: (memberId: string | null) => void;
  breakAway: () => void;
  backToPresenter: () => void;
  onUserMove: () => void;
  /** The spotlight as it plays here: the presenter's query and what it answers on this document. */
  spotlight: { query: ReachQuery; result: ReachResult } | null;
}

/** The peer of a member heard from most recently (a member may have several tabs). */
function peerOf(peers: readonly Peer[], memberId: string, peerId?: string): Peer | undefined {
  const exact = peerId ? peers.find((p) => p.peerId === peerId) : undefined;
  if (exact) return exact;
  return peers.filter((p) => p.memberId === memberId).sort((a, b) => b.seenAt - a.seenAt)[0];
}

export function useLive(live: LiveClient | null, state: SyncSnapshot | null, resolved: Resolved | null, store: RoomStore | null = null): LiveState {
  const snap = useSyncExternalStore(live?.subscribe ?? noop, live?.getSnapshot ?? (() => NONE), () => NONE);
  const [following, setFollowing] = useState<string | null>(null);
  const [brokeAway, setBrokeAway] = useState(false);
  const me = state?.memberId ?? null;
  const presenter = snap.presenter;
  const presenting = presenter !== null && presenter.memberId === me;

  // Each presentation starts with everyone following.
  const presenterKey = presenter ? `${presenter.memberId}/${presenter.peerId}` : "";
  const lastPresenter = useRef(presenterKey);
  useEffect(() => {
    if (lastPresenter.current === presenterKey) return;
    lastPresenter.current = presenterKey;
    setBrokeAway(false);
  }, [presenterKey]);

  const followPresenter = presenter !== null && !presenting && !brokeAway;
  // Everyone's cursors only matter (and only re-render the page) while following someone.
  const peers = usePeersWhile(store, followPresenter || following !== null);
  const leaderPeer = followPresenter ? peerOf(peers, presenter.memberId, presenter.peerId) : following ? peerOf(peers, following) : undefined;
  const followedMember = following ? state?.members.find((m) => m.memberId === following) : undefined;
  const leader = followPresenter
    ? { name: presenter.name, reason: "presenter" as const }
    : following && followedMember
      ? { name: followedMember.name, reason: "follow" as const }
      : null;

  const vp = leaderPeer?.viewport ?? null;
  const vpKey = vp ? `${vp.x},${vp.y},${vp.zoom},${vp.w},${vp.h}` : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the viewport's value; a new object with the same numbers must not move the canvas
  const viewportTarget = useMemo(() => vp, [vpKey]);
  const selection = followPresenter ? (leaderPeer?.selection[0] ?? null) : null;

  const onUserMove = useCallback(() => {
    if (followPresenter) setBrokeAway(true);
    setFollowing(null);
  }, [followPresenter]);

  const spotlight = useMemo(() => {
    const q = snap.spotlight.query;
    if (!q || !resolved || presenting) return null;
    return { query: q, result: ask(resolved, q) };
  }, [snap.spotlight, resolved, presenting]);

  return {
    live: snap,
    presenting,
    leader,
    brokeAway: presenter !== null && !presenting && brokeAway,
    viewportTarget: leader ? viewportTarget : null,
    selection,
    follow: (memberId) => setFollowing(memberId && memberId !== me ? memberId : null),
    breakAway: () => setBrokeAway(true),
    backToPresenter: () => {
      setFollowing(null);
      setBrokeAway(false);
    },
    onUserMove,
    spotlight,
  };
}
