/**
 * Where rooms live. The room logic talks to this interface only, so the same tests run against SQLite
 * and PostgreSQL. Ordering within a room comes from here: `appendOp` succeeds only for the next seq, so
 * two processes serving one room can never both commit the same seq.
 */
import type { Doc } from "../../lib/model";
import type { Op } from "../../lib/ops";
import type { Role } from "../../lib/sync/events";

export interface RoomMeta {
  id: string;
  inviteCode: string;
  locked: boolean;
  createdAt: number;
}

export interface MemberRecord {
  memberId: string;
  roomId: string;
  tokenHash: string;
  name: string;
  color: string;
  role: Role;
  removed: boolean;
}

export interface StoredOp {
  seq: number;
  key: string;
  clientId: string;
  memberId: string;
  op: Op;
  /** The author's display name when the op was stored (older rows have none). */
  name?: string;
  /** Milliseconds since the epoch when the op was stored (older rows have none). */
  at?: number;
  /** The command line typed to make it, when it came from a terminal. */
  command?: string;
}

export type AppendResult = { ok: true } | { ok: false; duplicate: number } | { ok: false; conflict: true };

/** What an op's append needs of the store, inside a turn (`RoomStore.beginTurn`) or outside. */
export type TurnView = Pick<RoomStore, "opsAfter" | "latestSnapshot" | "appendOp" | "seqOfKey" | "saveSnapshot" | "compact">;

/** A room's turn (`RoomStore.beginTurn`): the store as seen while no other process appends to the room. */
export interface Turn extends TurnView {
  end(): Promise<void>;
}

export interface RoomStore {
  readonly kind: "sqlite" | "postgres";
  /**
   * True when this process is the store's only writer, so appends issued in seq order cannot conflict
   * and the room may validate the next op before the previous one is durable (acks still wait).
   */
  readonly soleWriter: boolean;
  /** Why the store cannot be trusted (found damaged when it opened), or null when it is sound. */
  readonly damage?: string | null;
  init(): Promise<void>;
  /** Creates the room with its first snapshot at seq 0 and its owner. */
  createRoom(meta: RoomMeta, doc: Doc, owner: MemberRecord): Promise<void>;
  getRoom(roomId: string): Promise<RoomMeta | null>;
  setLocked(roomId: string, locked: boolean): Promise<void>;
  /** A new invite code: links with the old one stop letting anyone in. */
  setInviteCode(roomId: string, inviteCode: string): Promise<void>;
  latestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null>;
  /** The oldest snapshot still kept: the op log is complete from its seq on (replay starts here). */
  oldestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null>;
  /** Ops with seq > since, ascending (at most `limit`). */
  opsAfter(roomId: string, since: number, limit?: number): Promise<StoredOp[]>;
  /**
   * Durable once resolved. Refuses a seq already taken (conflict) or a key already used (duplicate).
   * `ordered`: a sole writer already gave the op its seq and broadcast it, without looking the key up on
   * disk (see `RoomOps`); a key used before (only a client breaking the protocol re-sends an old key that
   * way) is then stored as `key#seq` rather than refused, so the seq the room saw is what lands.
   */
  appendOp(roomId: string, op: StoredOp, opts?: { ordered?: boolean }): Promise<AppendResult>;
  seqOfKey(roomId: string, key: string): Promise<number | null>;
  /**
   * Makes this process the room's only appender until `end`: other processes' appends to the room wait
   * meanwhile, and the turn reads and appends through its own view. A process that lost a race for a
   * seq takes a turn, so a busier process cannot win every race and starve its ops.
   */
  beginTurn(roomId: string): Promise<Turn>;
  saveSnapshot(roomId: string, seq: number, doc: Doc): Promise<void>;
  /** Drops ops with seq <= upTo and snapshots older than the newest one at or below upTo. */
  compact(roomId: string, upTo: number): Promise<void>;
  addMember(m: MemberRecord): Promise<void>;
  memberByToken(roomId: string, tokenHash: string): Promise<MemberRecord | null>;
  listMembers(roomId: string): Promise<MemberRecord[]>;
  setRole(roomId: string, memberId: string, role: Role): Promise<void>;
  removeMember(roomId: string, memberId: string): Promise<void>;
  close(): Promise<void>;
}
