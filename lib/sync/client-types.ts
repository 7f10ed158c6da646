/**
 * The shapes `SyncClient` works with and hands out: the socket it needs, its pending ops, the changes
 * it reports and the snapshot it renders from. Kept apart so that code which only reads a client's
 * state (panels, stores, tests) does not depend on the client's logic.
 */
import type { Doc } from "../model";
import type { Op } from "../ops";
import type { Member, PeerPresence, Role } from "./events";

/** The few socket methods the client needs; socket.io-client's `Socket` satisfies it. */
export interface SyncSocket {
  readonly connected: boolean;
  connect(): unknown;
  disconnect(): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: socket libraries type listeners loosely
  emit(event: string, ...args: any[]): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: socket libraries type listeners loosely
  on(event: string, listener: (...args: any[]) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: socket libraries type listeners loosely
  off(event: string, listener?: (...args: any[]) => void): unknown;
  /** socket.io's volatile flag: drop the packet rather than buffer it. Optional. */
  readonly volatile?: { emit(event: string, ...args: unknown[]): unknown };
  /** socket.io's connection state recovery: true after a reconnect that kept rooms and missed packets. */
  readonly recovered?: boolean;
}

export type SyncStatus = "idle" | "connecting" | "joined" | "offline" | "refused" | "removed";

export interface PendingOp {
  key: string;
  op: Op;
  baseSeq: number;
  /** The command line typed in a terminal that made this op, kept with it for replay. */
  command?: string;
  /** Sent on the current connection (reset on reconnect, so it is sent again). */
  sent: boolean;
  /** The seq the server gave it, once acked. */
  committedSeq?: number;
  /** Seen in a broadcast at this seq before it was durable: in the confirmed document, still pending. */
  confirmedAt?: number;
}

export interface Peer extends PeerPresence {
  /** `Date.now()` when last heard of. */
  seenAt: number;
}

export type SyncChange =
  | { type: "doc"; remote: boolean }
  | { type: "rejected"; key: string; op: Op; code: string; reason: string }
  | { type: "presence" }
  | { type: "members" }
  | { type: "status"; status: SyncStatus; error?: string };

/** One of this client's ops as the server committed it; `op` is the very object passed to `submit`. */
export interface Commit {
  key: string;
  op: Op;
  before: Doc;
  after: Doc;
}

export interface SyncSnapshot {
  doc: Doc | null;
  seq: number;
  pending: readonly PendingOp[];
  status: SyncStatus;
  error: string | null;
  role: Role | null;
  locked: boolean;
  members: readonly Member[];
  peers: readonly Peer[];
  memberId: string | null;
  /** The owner's invite codes: a link with the first makes an editor, with the second a viewer. */
  inviteCode: string | null;
  viewerInviteCode: string | null;
}

export interface SyncClientOptions {
  roomId: string;
  name: string;
  color?: string;
  /** Returned by `createRoom` or a previous join; keeps this person's role. */
  token?: string;
  /** An invite code from the owner, for someone joining for the first time. */
  invite?: string;
  /** Defaults to a random id; identifies this tab in broadcasts. */
  clientId?: string;
  /** Clock for presence expiry (tests). */
  now?: () => number;
}
