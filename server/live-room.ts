/**
 * A room as this process holds it in memory while people are in it, and the limits rooms run under.
 * `rooms.ts` loads, admits and unloads these; `room-ops.ts` orders and stores their ops.
 */
import type { Doc } from "../lib/model";
import type { RemoteOp } from "../lib/sync/events";
import type { MemberRecord, RoomMeta, StoredOp } from "./store";

export interface RoomLimits {
  /** Largest document, as JSON bytes. */
  maxDocBytes: number;
  /** Most connections in one room. */
  maxRoomClients: number;
  /** A snapshot every this many ops. */
  snapshotEvery: number;
  /** Ops kept behind the newest snapshot so reconnecting clients can replay instead of reloading. */
  retainOps: number;
  /** An empty room leaves memory this long after its last connection closed. */
  idleUnloadMs: number;
  /** Keys of this many newest ops are kept in memory, so a re-sent op is recognised without the disk. */
  recentKeys: number;
}

export const DEFAULT_LIMITS: RoomLimits = {
  maxDocBytes: 4 * 1024 * 1024,
  maxRoomClients: 100,
  snapshotEvery: 500,
  retainOps: 1000,
  idleUnloadMs: 60_000,
  recentKeys: 5000,
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
  bytes: number;
  members: Map<string, MemberRecord>;
  /** Connections per member in this process. */
  online: Map<string, number>;
  connections: number;
  /** Keys of the room's newest ops (key → seq), oldest first, and the seq after which none is missing. */
  recentKeys: Map<string, number>;
  keysFrom: number;
  /** Serialises commits, so ops of one room are validated and stored one at a time. */
  chain: Promise<unknown>;
}

export const toRemote = (o: StoredOp): RemoteOp => ({ seq: o.seq, op: o.op, clientId: o.clientId, key: o.key });

/** Runs `fn` after everything queued on the room before it, whether that succeeded or not. */
export function serial<T>(room: LiveRoom, fn: () => Promise<T>): Promise<T> {
  const next = room.chain.then(fn, fn);
  room.chain = next.catch(() => undefined);
  return next;
}
