/**
 * `SyncClient`: one participant's view of a room, framework-free. It works over any socket with
 * `emit`/`on`/`off` (a socket.io-client `Socket` fits as is) and never imports socket.io itself.
 *
 * How it behaves
 * - `submit(op)` applies the op locally at once (optimistic) and returns the local result. A refused op
 *   (Docker's own rules, via `lib/ops` `apply`) is not sent. An accepted one is kept in `pending` under
 *   an idempotency key until the server acks it.
 * - The server broadcasts every committed op to the whole room, sender included, in seq order. The
 *   client keeps a `confirmed` document (the server's, at `seq`) and shows `doc` = confirmed + pending
 *   ops re-applied on top (the rebase). A pending op the server rejects is dropped and reported with a
 *   `rejected` change; a pending op that no longer applies locally simply has no effect until the server
 *   decides.
 * - A sole-writer server broadcasts an op once ordered, before it is durable; each broadcast says up to
 *   which seq the room is durable. On every new connection the client rolls back to that point and
 *   joins with `since` = its seq; the server answers with the ops after it or a snapshot, and the client
 *   re-sends the ops still pending (same keys, so nothing commits twice). Ops a server crash lost are
 *   dropped this way; its own ops stay pending until durable (see `history.ts`).
 * - A connection socket.io recovered (a short drop, same server process) needs no join: the missed
 *   broadcasts are replayed and only the pending ops are sent again.
 * - Presence (cursor, selection, viewport) is sent at most 30 times a second and repeated every 2 s
 *   while nothing changes; peers not heard of for 5 s disappear.
 *
 * API
 * ```ts
 * import { io } from "socket.io-client";
 * import { SyncClient, createRoom } from "@/lib/sync/client";
 *
 * const socket = io({ autoConnect: false });
 * const made = await createRoom(socket, { name: "Ada" });          // { ok, roomId, inviteCode, token }
 * const client = new SyncClient(socket, { roomId, name: "Ada", color: "#1e90ff", token, invite });
 * const stop = client.subscribe((change) => render(client.getSnapshot()));
 * client.start();                                                   // connects and joins
 * client.submit({ type: "doc.setTitle", title: "Lab 1" });         // { ok: true, doc } | { ok: false, code, error }
 * client.setPresence({ cursor: { x: 10, y: 20 }, selection: [], viewport: null });
 * client.setRole(memberId, "viewer"); client.lock(true); client.removeMember(memberId); // owner only
 * client.doc; client.seq; client.pending; client.peers; client.members; client.role; client.status;
 * client.stop(); stop();
 * ```
 * `subscribe` fits React's `useSyncExternalStore(client.subscribe, client.getSnapshot)`: the snapshot
 * object changes identity only when something changed.
 */
import type { Doc } from "../model";
import { type ApplyResult, apply, type Op } from "../ops";
import {
  type CommandAck,
  type CreateRoom,
  type CreateRoomAck,
  EV,
  type JoinAck,
  type Member,
  type MembersMessage,
  type OpAck,
  type PeerPresence,
  type Presence,
  type RemoteOp,
  type Role,
  type Snapshot,
} from "./events";
import { ConfirmedHistory } from "./history";

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
  inviteCode: string | null;
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

const PRESENCE_MIN_MS = 1000 / 30;
const PRESENCE_KEEPALIVE_MS = 2000;
export const PEER_TIMEOUT_MS = 5000;
/** How long a gap in seq may last before the client asks the server to fill it. */
const GAP_WAIT_MS = 1000;

function randomId(bytes = 12): string {
  const b = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(b);
  let out = "";
  for (const x of b) out += x.toString(36).padStart(2, "0");
  return out;
}

/**
 * Creates a room (no sign-up) and returns its id, invite code and the owner's member token.
 * @example const made = await createRoom(socket, { name: "Ada" }); if (made.ok) location.href = `/r/${made.roomId}`;
 */
export function createRoom(socket: SyncSocket, input: CreateRoom, timeoutMs = 10_000): Promise<CreateRoomAck> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, code: "timeout", error: "the server did not answer" }), timeoutMs);
    if (!socket.connected) socket.connect();
    socket.emit(EV.create, input, (ack: CreateRoomAck) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

/**
 * One participant's synchronised copy of a room's document; see the file comment for the API.
 * @example const c = new SyncClient(socket, { roomId, name: "Ada", token }); c.start(); c.submit(op);
 */
export class SyncClient {
  readonly clientId: string;
  readonly roomId: string;
  private readonly hist = new ConfirmedHistory();
  /** Own ops seen in a broadcast but not yet durable: the documents around them, for `onCommit`. */
  private seenOwn = new Map<string, { before: Doc; after: Doc }>();
  private shown: Doc | null = null;
  private queue: PendingOp[] = [];
  /** Ops that arrived ahead of a gap, by seq. */
  private early = new Map<number, RemoteOp>();
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<(change: SyncChange) => void>();
  private commitListeners = new Set<(c: Commit) => void>();
  private snap: SyncSnapshot | null = null;
  private peerMap = new Map<string, Peer>();
  private memberList: Member[] = [];
  private presenceOut: Presence | null = null;
  private presenceSentAt = 0;
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private sweeper: ReturnType<typeof setInterval> | null = null;
  private keyCounter = 0;
  /** The highest seq an ack announced; a broadcast of it is still expected. */
  private wantSeq = 0;
  private joinEpoch = 0;
  private readonly now: () => number;
  // biome-ignore lint/suspicious/noExplicitAny: listeners of different payloads share one table
  private readonly handlers: [string, (...args: any[]) => void][];
  status: SyncStatus = "idle";
  error: string | null = null;
  role: Role | null = null;
  locked = false;
  memberId: string | null = null;
  inviteCode: string | null = null;
  token: string | undefined;

  constructor(
    private readonly socket: SyncSocket,
    private readonly options: SyncClientOptions,
  ) {
    this.clientId = options.clientId ?? randomId();
    this.roomId = options.roomId;
    this.token = options.token;
    this.now = options.now ?? Date.now;
    this.handlers = [
      ["connect", () => (this.socket.recovered ? this.resume() : this.join())],
      [EV.resync, () => this.join()],
      ["disconnect", () => this.onDisconnect()],
      [EV.op, (m: RemoteOp) => this.onRemote(m)],
      [EV.ops, (ms: RemoteOp[]) => this.onRemoteBatch(ms)],
      [EV.snapshot, (s: Snapshot) => this.onSnapshot(s)],
      [EV.presence, (p: PeerPresence) => this.onPeer(p)],
      [EV.presenceLeave, (m: { peerId: string }) => this.onPeerLeave(m.peerId)],
      [EV.members, (m: MembersMessage) => this.onMembers(m)],
      [EV.removed, (m: { reason?: string }) => this.setStatus("removed", m?.reason ?? "removed from the room")],
    ];
  }

  private get confirmed(): Doc | null {
    return this.hist.doc;
  }
  private get confirmedSeq(): number {
    return this.hist.seq;
  }

  /** The document as this person sees it: the server's plus their own pending ops. Null before the first join. */
  get doc(): Doc | null {
    return this.shown;
  }
  /** The last seq received from the server, in order. */
  get seq(): number {
    return this.confirmedSeq;
  }
  get pending(): readonly PendingOp[] {
    return this.queue;
  }
  get peers(): readonly Peer[] {
    return [...this.peerMap.values()];
  }
  get members(): readonly Member[] {
    return this.memberList;
  }
  /** Whether this person may submit ops (editor or owner, and not locked unless owner). */
  get canEdit(): boolean {
    return this.role === "owner" || (this.role === "editor" && !this.locked);
  }

  /** Attaches to the socket, connects it if needed, and joins the room. */
  start(): void {
    for (const [ev, fn] of this.handlers) this.socket.on(ev, fn);
    this.sweeper = setInterval(() => this.sweepPeers(), 1000);
    this.keepalive = setInterval(() => {
      if (this.presenceOut && this.now() - this.presenceSentAt >= PRESENCE_KEEPALIVE_MS) this.flushPresence();
    }, PRESENCE_KEEPALIVE_MS);
    if (this.socket.connected) this.join();
    else {
      this.setStatus("connecting");
      this.socket.connect();
    }
  }

  /** Detaches from the socket and stops timers; the socket itself is left to its owner. */
  stop(): void {
    for (const [ev, fn] of this.handlers) this.socket.off(ev, fn);
    for (const t of [this.gapTimer, this.presenceTimer]) if (t) clearTimeout(t);
    for (const t of [this.keepalive, this.sweeper]) if (t) clearInterval(t);
    this.gapTimer = this.presenceTimer = this.keepalive = this.sweeper = null;
  }

  /**
   * Applies `op` locally and, if Docker's rules allow it, queues it for the server.
   * @example client.submit({ type: "layout.move", id: "m-host", position: { x: 0, y: 0 } })
   */
  submit(op: Op): ApplyResult {
    if (!this.shown) return { ok: false, code: "sync.not-joined", error: "not joined to the room yet" };
    if (!this.canEdit) {
      return { ok: false, code: "room.read-only", error: this.locked ? "the owner has locked editing" : "viewers cannot edit" };
    }
    const result = apply(this.shown, op);
    if (!result.ok) return result;
    const entry: PendingOp = { key: `${this.clientId}:${++this.keyCounter}`, op, baseSeq: this.confirmedSeq, sent: false };
    this.queue.push(entry);
    this.shown = result.doc;
    this.send(entry);
    this.changed({ type: "doc", remote: false });
    return result;
  }

  /** Announces this person's cursor, selection and viewport (throttled to 30 Hz). */
  setPresence(p: Presence): void {
    this.presenceOut = p;
    const wait = this.presenceSentAt + PRESENCE_MIN_MS - this.now();
    if (wait <= 0) this.flushPresence();
    else if (!this.presenceTimer) this.presenceTimer = setTimeout(() => this.flushPresence(), wait);
  }

  setRole(memberId: string, role: "editor" | "viewer"): Promise<CommandAck> {
    return this.command(EV.setRole, { memberId, role });
  }
  lock(locked: boolean): Promise<CommandAck> {
    return this.command(EV.lock, { locked });
  }
  removeMember(memberId: string): Promise<CommandAck> {
    return this.command(EV.remove, { memberId });
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: (change: SyncChange) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** An immutable view of the state; a new object only after a change. */
  getSnapshot = (): SyncSnapshot => {
    this.snap ??= {
      doc: this.shown,
      seq: this.confirmedSeq,
      pending: [...this.queue],
      status: this.status,
      error: this.error,
      role: this.role,
      locked: this.locked,
      members: this.memberList,
      peers: this.peers,
      memberId: this.memberId,
      inviteCode: this.inviteCode,
    };
    return this.snap;
  };

  private changed(change: SyncChange): void {
    this.snap = null;
    for (const l of this.listeners) l(change);
  }

  private setStatus(status: SyncStatus, error?: string): void {
    this.status = status;
    this.error = error ?? null;
    this.changed(error ? { type: "status", status, error } : { type: "status", status });
  }

  private command(event: string, payload: unknown): Promise<CommandAck> {
    return new Promise((resolve) => {
      if (!this.socket.connected) return resolve({ ok: false, code: "offline", error: "not connected" });
      this.socket.emit(event, payload, (ack: CommandAck) => resolve(ack));
    });
  }

  private join(): void {
    const epoch = ++this.joinEpoch;
    for (const p of this.queue) p.sent = false;
    // Whatever is not known to be durable may be gone from the server (a crash after the broadcast):
    // start from the durable point and let the server send the rest.
    this.rollback();
    this.setStatus("connecting");
    const o = this.options;
    const payload = {
      roomId: this.roomId,
      name: o.name,
      ...(o.color ? { color: o.color } : {}),
      ...(this.token ? { token: this.token } : o.invite ? { invite: o.invite } : {}),
      ...(this.confirmed ? { since: this.confirmedSeq } : {}),
      clientId: this.clientId,
    };
    this.socket.emit(EV.join, payload, (ack: JoinAck) => {
      if (epoch !== this.joinEpoch) return;
      if (!ack.ok) return this.setStatus("refused", ack.error);
      this.memberId = ack.memberId;
      this.token = ack.token;
      this.role = ack.role;
      this.locked = ack.locked;
      this.inviteCode = ack.inviteCode;
      this.memberList = ack.members;
      this.catchUp(ack);
      this.setStatus("joined");
      for (const p of this.queue) this.send(p);
      if (this.presenceOut) this.flushPresence();
    });
  }

  private catchUp(ack: { snapshot: Snapshot | null; ops: RemoteOp[]; durable?: number }): void {
    if (ack.snapshot) this.onSnapshot(ack.snapshot, true);
    for (const m of ack.ops) this.onRemote(m);
    this.markDurable(ack.durable ?? ack.ops[ack.ops.length - 1]?.seq ?? 0);
  }

  /**
   * socket.io restored the connection (same server process, same rooms) and replays what was
   * broadcast meanwhile: nothing was lost, so no join and no rollback. Acks do not survive a
   * disconnect, so every pending op goes again (same key, committed once).
   */
  private resume(): void {
    if (!this.confirmed || this.status === "removed" || this.status === "refused") {
      this.join();
      return;
    }
    this.joinEpoch++;
    for (const p of this.queue) p.sent = false;
    this.setStatus("joined");
    for (const p of this.queue) this.send(p);
    if (this.presenceOut) this.flushPresence();
    if (this.early.size > 0 || this.wantSeq > this.confirmedSeq) this.gapTimer ??= setTimeout(() => this.fillGap(), GAP_WAIT_MS);
  }

  private rollback(): void {
    if (this.hist.rollback() === 0) return;
    this.early.clear();
    this.seenOwn.clear();
    for (const p of this.queue) p.confirmedAt = undefined;
    this.rebase();
    this.changed({ type: "doc", remote: true });
  }

  /** The server has every op up to `seq` on disk: own ops seen up to there are done. */
  private markDurable(seq: number): void {
    this.hist.markDurable(seq);
    const done = Math.min(this.hist.durable, this.confirmedSeq);
    if (!this.queue.some((p) => p.confirmedAt !== undefined && p.confirmedAt <= done)) return;
    const keep: PendingOp[] = [];
    for (const p of this.queue) {
      if (p.confirmedAt !== undefined && p.confirmedAt <= done) this.committed(p);
      else keep.push(p);
    }
    this.queue = keep;
  }

  private committed(p: PendingOp): void {
    const seen = this.seenOwn.get(p.key);
    this.seenOwn.delete(p.key);
    if (seen) for (const l of this.commitListeners) l({ key: p.key, op: p.op, before: seen.before, after: seen.after });
  }

  private onDisconnect(): void {
    this.joinEpoch++;
    if (this.status !== "removed" && this.status !== "refused") this.setStatus("offline");
  }

  private send(p: PendingOp): void {
    if (p.sent || this.status !== "joined" || !this.socket.connected) return;
    p.sent = true;
    // Acks are facts about the key whichever connection carried them, so late ones are still used.
    this.socket.emit(EV.op, { clientId: this.clientId, key: p.key, baseSeq: p.baseSeq, op: p.op }, (ack: OpAck) => this.onAck(p.key, ack));
  }

  private onAck(key: string, ack: OpAck): void {
    if ("committed" in ack) {
      const p = this.queue.find((x) => x.key === key);
      if (p) p.committedSeq = ack.seq;
      // An ack comes only once the op is on disk, and writes land in seq order.
      this.markDurable(ack.seq);
      if (p && !this.queue.includes(p)) {
        this.changed({ type: "doc", remote: false });
        return;
      }
      // Already inside the confirmed document (a snapshot or replay covered it): done with it.
      if (p && ack.seq <= this.confirmedSeq) {
        this.queue.splice(this.queue.indexOf(p), 1);
        this.committed(p);
        this.rebase();
        this.changed({ type: "doc", remote: false });
        return;
      }
      // The broadcast of that seq confirms it; if it does not come, ask for it.
      if (ack.seq > this.confirmedSeq) {
        this.wantSeq = Math.max(this.wantSeq, ack.seq);
        this.gapTimer ??= setTimeout(() => this.fillGap(), GAP_WAIT_MS);
      }
      return;
    }
    const i = this.queue.findIndex((p) => p.key === key);
    if (i < 0) return;
    const [dropped] = this.queue.splice(i, 1);
    this.rebase();
    this.changed({ type: "rejected", key, op: (dropped as PendingOp).op, code: ack.code, reason: ack.reason });
    this.changed({ type: "doc", remote: false });
  }

  /** `authoritative`: the answer to a join or sync, which replaces even a newer (tentative) document. */
  private onSnapshot(s: Snapshot, authoritative = false): void {
    if (this.confirmed && s.seq < this.confirmedSeq && !authoritative) return;
    this.hist.reset(s.seq, s.doc);
    // A snapshot carries no keys: ops it already contains are known by the seq they were given.
    this.queue = this.queue.filter((p) => {
      const at = p.committedSeq ?? p.confirmedAt;
      if (at !== undefined && at <= s.seq) {
        this.committed(p);
        return false;
      }
      p.confirmedAt = undefined;
      return true;
    });
    this.seenOwn.clear();
    for (const k of [...this.early.keys()]) if (k <= s.seq) this.early.delete(k);
    this.drainEarly();
    this.rebase();
    this.changed({ type: "doc", remote: true });
  }

  private onRemote(m: RemoteOp): void {
    if (!this.confirmed || m.seq <= this.confirmedSeq) return;
    if (m.seq > this.confirmedSeq + 1) {
      this.early.set(m.seq, m);
      this.gapTimer ??= setTimeout(() => this.fillGap(), GAP_WAIT_MS);
      return;
    }
    this.applyConfirmed(m);
    this.drainEarly();
    this.rebase();
    this.changed({ type: "doc", remote: true });
  }

  private onRemoteBatch(ms: RemoteOp[]): void {
    if (!Array.isArray(ms)) return;
    for (const m of ms) this.onRemote(m);
  }

  private drainEarly(): void {
    for (let next = this.early.get(this.confirmedSeq + 1); next; next = this.early.get(this.confirmedSeq + 1)) {
      this.early.delete(next.seq);
      this.applyConfirmed(next);
    }
    if (this.early.size === 0 && this.wantSeq <= this.confirmedSeq && this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }
  }

  private applyConfirmed(m: RemoteOp): void {
    const before = this.confirmed as Doc;
    const r = apply(before, m.op);
    // The server applied this op to the same document, so it applies here too; if it somehow does
    // not, the seq still advances and the next snapshot repairs the document.
    this.hist.push(m.seq, r.ok ? r.doc : before);
    const mine = this.queue.findIndex((p) => p.key === m.key);
    if (mine >= 0) {
      const own = this.queue[mine] as PendingOp;
      // Kept pending (and re-sent after a reconnect) until durable; the rebase skips it meanwhile.
      own.confirmedAt = m.seq;
      if (r.ok) this.seenOwn.set(own.key, { before, after: r.doc });
    }
    this.markDurable(m.durable ?? m.seq);
  }

  /**
   * Calls `listener` when one of this client's own ops commits, with the documents just before and
   * after it in the server's order (undo inverts against these). Returns the unsubscribe function.
   */
  onCommit(listener: (c: Commit) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  private fillGap(): void {
    this.gapTimer = null;
    if ((this.early.size === 0 && this.wantSeq <= this.confirmedSeq) || this.status !== "joined") return;
    const epoch = this.joinEpoch;
    this.socket.emit(EV.sync, { since: this.confirmedSeq }, (ack: JoinAck) => {
      if (epoch === this.joinEpoch && ack.ok) this.catchUp(ack);
    });
  }

  /** Re-applies the pending ops on top of the confirmed document. */
  private rebase(): void {
    let doc = this.confirmed as Doc;
    for (const p of this.queue) {
      if (p.confirmedAt !== undefined) continue;
      const r = apply(doc, p.op);
      if (r.ok) doc = r.doc;
    }
    this.shown = doc;
  }

  private flushPresence(): void {
    if (this.presenceTimer) {
      clearTimeout(this.presenceTimer);
      this.presenceTimer = null;
    }
    if (!this.presenceOut || this.status !== "joined") return;
    this.presenceSentAt = this.now();
    const target = this.socket.volatile ?? this.socket;
    target.emit(EV.presence, this.presenceOut);
  }

  private onPeer(p: PeerPresence): void {
    if (p.peerId === this.clientId) return;
    this.peerMap.set(p.peerId, { ...p, seenAt: this.now() });
    this.changed({ type: "presence" });
  }

  private onPeerLeave(peerId: string): void {
    if (this.peerMap.delete(peerId)) this.changed({ type: "presence" });
  }

  private sweepPeers(): void {
    const cutoff = this.now() - PEER_TIMEOUT_MS;
    let gone = false;
    for (const [id, p] of this.peerMap) {
      if (p.seenAt < cutoff) {
        this.peerMap.delete(id);
        gone = true;
      }
    }
    if (gone) this.changed({ type: "presence" });
  }

  private onMembers(m: MembersMessage): void {
    this.memberList = m.members;
    this.locked = m.locked;
    const me = m.members.find((x) => x.memberId === this.memberId);
    if (me) this.role = me.role;
    this.changed({ type: "members" });
  }
}
