/**
 * `SyncClient`: one participant's view of a room, framework-free. It works over any socket with
 * `emit`/`on`/`off` (a socket.io-client `Socket` fits as is) and never imports socket.io itself.
 *
 * How it behaves
 * - `submit(op)` applies the op locally at once (optimistic) and returns the local result. A refused op
 *   (Docker's own rules, via `lib/ops` `apply`) is not sent. An accepted one is kept in `pending` under
 *   an idempotency key until it is done: its own broadcast came back and a durable mark covers it (the
 *   room's answer; there is no separate ack), or an `op:answer` refused it or named its seq.
 * - The server broadcasts every committed op to the whole room, sender included, in seq order. The
 *   client keeps a `confirmed` document (the server's, at `seq`) and shows `doc` = confirmed + pending
 *   ops re-applied on top (the rebase, in `pending-doc.ts`). A pending op the server rejects is dropped and reported with a
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
 *   while nothing changes; peers not heard of for 5 s disappear (`presence-client.ts`).
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
import type { Commit, Peer, PendingOp, SyncChange, SyncClientOptions, SyncSnapshot, SyncSocket, SyncStatus } from "./client-types";
import {
  type CommandAck,
  type CreateRoom,
  type CreateRoomAck,
  type DurableMark,
  EV,
  type InviteMessage,
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
import { PendingDoc } from "./pending-doc";
import { PresenceClient } from "./presence-client";

export * from "./client-types";

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
  private readonly state: PendingDoc;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<(change: SyncChange) => void>();
  private snap: SyncSnapshot | null = null;
  private memberList: Member[] = [];
  private readonly presence: PresenceClient;
  private keyCounter = 0;
  private joinEpoch = 0;
  // biome-ignore lint/suspicious/noExplicitAny: listeners of different payloads share one table
  private readonly handlers: [string, (...args: any[]) => void][];
  status: SyncStatus = "idle";
  error: string | null = null;
  role: Role | null = null;
  locked = false;
  memberId: string | null = null;
  inviteCode: string | null = null;
  viewerInviteCode: string | null = null;
  token: string | undefined;

  constructor(
    private readonly socket: SyncSocket,
    private readonly options: SyncClientOptions,
  ) {
    this.clientId = options.clientId ?? randomId();
    this.roomId = options.roomId;
    this.token = options.token;
    this.presence = new PresenceClient(
      socket,
      this.clientId,
      options.now ?? Date.now,
      () => this.status === "joined",
      () => this.changed({ type: "presence" }),
    );
    this.state = new PendingDoc({
      changed: (change) => this.changed(change),
      gap: () => {
        this.gapTimer ??= setTimeout(() => this.fillGap(), GAP_WAIT_MS);
      },
      gapClosed: () => {
        if (this.gapTimer) clearTimeout(this.gapTimer);
        this.gapTimer = null;
      },
    });
    this.handlers = [
      ["connect", () => (this.socket.recovered ? this.resume() : this.join())],
      [EV.resync, () => this.join()],
      // The connection is about to drop and come back by itself: edits made meanwhile stay pending and go
      // again once the room is joined on the restarted server.
      [EV.restart, () => this.setStatus("offline", "the server is restarting; reconnecting")],
      ["disconnect", () => this.onDisconnect()],
      [EV.op, (m: RemoteOp) => this.state.onRemote(m)],
      [EV.ops, (ms: RemoteOp[]) => this.onRemoteBatch(ms)],
      [EV.durable, (m: DurableMark) => this.state.onDurable(m?.seq)],
      [EV.answer, (a: OpAck) => this.onAnswer(a)],
      [EV.snapshot, (s: Snapshot) => this.state.onSnapshot(s)],
      [EV.presence, (p: PeerPresence) => this.presence.onPeer(p)],
      [EV.presenceLeave, (m: { peerId: string }) => this.presence.onPeerLeave(m.peerId)],
      [EV.members, (m: MembersMessage) => this.onMembers(m)],
      [EV.removed, (m: { reason?: string }) => this.setStatus("removed", m?.reason ?? "removed from the room")],
      [EV.invite, (m: InviteMessage) => this.onInvite(m)],
    ];
  }

  /** The document as this person sees it: the server's plus their own pending ops. Null before the first join. */
  get doc(): Doc | null {
    return this.state.doc;
  }
  /** The last seq received from the server, in order. */
  get seq(): number {
    return this.state.confirmedSeq;
  }
  get pending(): readonly PendingOp[] {
    return this.state.pending;
  }
  get peers(): readonly Peer[] {
    return this.presence.peers;
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
    this.presence.start();
    if (this.socket.connected) this.join();
    else {
      this.setStatus("connecting");
      this.socket.connect();
    }
  }

  /** Detaches from the socket and stops timers; the socket itself is left to its owner. */
  stop(): void {
    for (const [ev, fn] of this.handlers) this.socket.off(ev, fn);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    this.presence.stop();
  }

  /**
   * Applies `op` locally and, if Docker's rules allow it, queues it for the server.
   * `command`: the terminal line that made it (see `commandLine`), which the room's replay shows.
   * @example client.submit({ type: "layout.move", id: "m-host", position: { x: 0, y: 0 } })
   */
  submit(op: Op, command?: string): ApplyResult {
    const shown = this.state.doc;
    if (!shown) return { ok: false, code: "sync.not-joined", error: "not joined to the room yet" };
    if (!this.canEdit) {
      return { ok: false, code: "room.read-only", error: this.locked ? "the owner has locked editing" : "viewers cannot edit" };
    }
    const result = apply(shown, op);
    if (!result.ok) return result;
    const entry: PendingOp = {
      key: `${this.clientId}:${++this.keyCounter}`,
      op,
      baseSeq: this.state.confirmedSeq,
      sent: false,
      ...(command ? { command } : {}),
    };
    this.state.add(entry, result.doc);
    this.send(entry);
    this.changed({ type: "doc", remote: false });
    return result;
  }

  /** Announces this person's cursor, selection and viewport (throttled to 30 Hz). */
  setPresence(p: Presence): void {
    this.presence.set(p);
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
  /** New editor and viewer invite codes (owner only): links with the old ones stop letting anyone in. */
  rotateInvite(): Promise<CommandAck> {
    return this.command(EV.invite, {});
  }

  private onInvite(m: InviteMessage): void {
    if (typeof m?.inviteCode !== "string" || typeof m.viewerInviteCode !== "string" || this.role !== "owner") return;
    this.inviteCode = m.inviteCode;
    this.viewerInviteCode = m.viewerInviteCode;
    this.changed({ type: "members" });
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: (change: SyncChange) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** An immutable view of the state; a new object only after a change. */
  getSnapshot = (): SyncSnapshot => {
    this.snap ??= {
      doc: this.state.doc,
      seq: this.state.confirmedSeq,
      pending: [...this.state.pending],
      status: this.status,
      error: this.error,
      role: this.role,
      locked: this.locked,
      members: this.memberList,
      peers: this.peers,
      memberId: this.memberId,
      inviteCode: this.inviteCode,
      viewerInviteCode: this.viewerInviteCode,
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
    this.state.unsend();
    // Whatever is not known to be durable may be gone from the server (a crash after the broadcast):
    // start from the durable point and let the server send the rest.
    this.state.rollback();
    this.setStatus("connecting");
    const o = this.options;
    const payload = {
      roomId: this.roomId,
      name: o.name,
      ...(o.color ? { color: o.color } : {}),
      ...(this.token ? { token: this.token } : o.invite ? { invite: o.invite } : {}),
      ...(this.state.confirmed ? { since: this.state.confirmedSeq } : {}),
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
      this.viewerInviteCode = ack.viewerInviteCode ?? null;
      this.memberList = ack.members;
      this.state.catchUp(ack);
      this.setStatus("joined");
      for (const p of this.state.pending) this.send(p);
      this.presence.resend();
    });
  }

  /**
   * socket.io restored the connection (same server process, same rooms) and replays what was
   * broadcast meanwhile: nothing was lost, so no join and no rollback. An op whose answer was still
   * to come goes again (same key, committed once).
   */
  private resume(): void {
    if (!this.state.confirmed || this.status === "removed" || this.status === "refused") {
      this.join();
      return;
    }
    this.joinEpoch++;
    this.state.unsend();
    this.setStatus("joined");
    for (const p of this.state.pending) this.send(p);
    this.presence.resend();
    if (this.state.gapOpen) this.gapTimer ??= setTimeout(() => this.fillGap(), GAP_WAIT_MS);
  }

  private onDisconnect(): void {
    this.joinEpoch++;
    if (this.status !== "removed" && this.status !== "refused") this.setStatus("offline");
  }

  /**
   * Sent without an ack callback: the room answers through its broadcasts. The op comes back to this
   * client in seq order like everyone's, and is done once a durable mark covers it; only an op that is
   * not broadcast (refused, or already committed under this key) gets an `op:answer`.
   */
  private send(p: PendingOp): void {
    if (p.sent || this.status !== "joined" || !this.socket.connected) return;
    p.sent = true;
    const msg = { clientId: this.clientId, key: p.key, baseSeq: p.baseSeq, op: p.op, ...(p.command ? { command: p.command } : {}) };
    this.socket.emit(EV.op, msg);
  }

  /** Answers are facts about the key whichever connection carried them, so late ones are still used. */
  private onAnswer(a: OpAck): void {
    if (typeof a?.key === "string") this.state.onAck(a.key, a);
  }

  private onRemoteBatch(ms: RemoteOp[]): void {
    if (!Array.isArray(ms)) return;
    for (const m of ms) this.state.onRemote(m);
  }

  /**
   * Calls `listener` when one of this client's own ops commits, with the documents just before and
   * after it in the server's order (undo inverts against these). Returns the unsubscribe function.
   */
  onCommit(listener: (c: Commit) => void): () => void {
    return this.state.onCommit(listener);
  }

  /** Calls `listener` with each op the room commits from now on, as it arrives (see `PendingDoc.onOp`). */
  onOp(listener: (op: Op) => void): () => void {
    return this.state.onOp(listener);
  }

  private fillGap(): void {
    this.gapTimer = null;
    if (!this.state.gapOpen || this.status !== "joined") return;
    const epoch = this.joinEpoch;
    this.socket.emit(EV.sync, { since: this.state.confirmedSeq }, (ack: JoinAck) => {
      if (epoch === this.joinEpoch && ack.ok) this.state.catchUp(ack);
    });
  }

  private onMembers(m: MembersMessage): void {
    this.memberList = m.members;
    this.locked = m.locked;
    const me = m.members.find((x) => x.memberId === this.memberId);
    if (me) this.role = me.role;
    this.changed({ type: "members" });
  }
}
