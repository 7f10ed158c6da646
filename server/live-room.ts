/**
 * A room as this process holds it in memory while people are in it, and the limits rooms run under.
 * `rooms.ts` loads, admits and unloads these; `room-ops.ts` orders and stores their ops.
 */
import type { Doc } from "../lib/model";
import type { RemoteOp } from "../lib/sync/events";
import type { MemberRecord, RoomMeta, StoredOp, Turn } from "./store";

export interface RoomLimits {
  /** Largest document, as JSON bytes (what the store writes for it): the room's disk budget for its content. */
  maxDocBytes: number;
  /** Most connections in one room (its owner always gets in). */
  maxRoomClients: number;
  /** Most connections one member may hold in one room (one per tab; a tab's new connection replaces its old one). */
  maxMemberConnections: number;
  /** Most members a room records; past it nobody new joins with the invite code. */
  maxMembers: number;
  /** A snapshot every this many ops. */
  snapshotEvery: number;
  /** Ops kept behind the newest snapshot so reconnecting clients can replay instead of reloading. */
  retainOps: number;
  /** An empty room leaves memory this long after its last connection closed. */
  idleUnloadMs: number;
  /** Keys of this many newest ops are kept in memory, so a re-sent op is recognised without the disk. */
  recentKeys: number;
  /**
   * Bytes of ops a room may log between snapshots: past it the room snapshots at once and drops the
   * older log, so a room's disk stays within about two documents and two of these, whatever it is sent.
   */
  maxLogBytes: number;
  /**
   * Largest single op, as JSON bytes. Applying an op costs time in proportion to what it carries (a
   * `doc.replace` parses, copies and freezes a whole document: about 13 ms per 100 KiB here), so this keeps
   * every op within the per-event CPU budget.
   */
  maxOpBytes: number;
}

export const DEFAULT_LIMITS: RoomLimits = {
  maxDocBytes: 4 * 1024 * 1024,
  maxRoomClients: 100,
  maxMemberConnections: 8,
  maxMembers: 500,
  snapshotEvery: 500,
  retainOps: 1000,
  idleUnloadMs: 60_000,
  recentKeys: 5000,
  maxLogBytes: 8 * 1024 * 1024,
  maxOpBytes: 256 * 1024,
};

export interface LiveRoom {
  meta: RoomMeta;
  /** Head of the room: with a sole-writer store it may include ops whose write is still in flight. */
  doc: Doc;
  seq: number;
  /** What is on disk: joins, resumes and snapshots read this. */
  durable: { seq: number; doc: Doc };
  /** Ops ordered and already broadcast but not yet durable, in seq order (sole-writer store only). */
  tail: RemoteOp[];
  /** The newest write issued; writes land in seq order, so once it settles every earlier one has. */
  lastWrite: Promise<unknown>;
  /** A write failed: what was broadcast from this copy may be gone, so it is never used again. */
  broken: boolean;
  /** The document's size as JSON, kept up to date op by op (`sizeDelta`). */
  bytes: number;
  /** Bytes of ops logged since the last snapshot. */
  logBytes: number;
  members: Map<string, MemberRecord>;
  /** Connections per member in this process. */
  online: Map<string, number>;
  connections: number;
  /** Keys of the room's newest ops (key → seq), oldest first, and the seq after which none is missing. */
  recentKeys: Map<string, number>;
  keysFrom: number;
  /** Serialises commits, so ops of one room are validated and stored one at a time. */
  chain: Promise<unknown>;
  /** Ops waiting in `chain` for their turn to be ordered (shared store only). */
  queued: number;
  /** The room's turn while this process holds it (shared store only; see `RoomStore.beginTurn`), and the ops it has appended. */
  turn: { store: Turn; ops: number } | null;
}

/**
 * Idempotency keys are scoped to their author: stored as `member/key`, so a key another member guessed
 * (keys are visible in broadcasts) is a different key and can never make the server drop this member's op.
 */
export const authorKey = (memberId: string, key: string): string => `${memberId}/${key}`;

/** The key as its author sent it (ops stored before keys were scoped have no prefix). */
const sentKey = (o: StoredOp): string => (o.key.startsWith(`${o.memberId}/`) ? o.key.slice(o.memberId.length + 1) : o.key);

export const toRemote = (o: StoredOp): RemoteOp => ({ seq: o.seq, op: o.op, clientId: o.clientId, key: sentKey(o) });

/** Runs `fn` after everything queued on the room before it, whether that succeeded or not. */
export function serial<T>(room: LiveRoom, fn: () => Promise<T>): Promise<T> {
  const next = room.chain.then(fn, fn);
  room.chain = next.catch(() => undefined);
  return next;
}
