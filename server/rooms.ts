/**
 * Room logic without sockets: membership and roles, validating and ordering ops, persistence through a
 * `RoomStore`. The socket layer (`sockets.ts`) only parses payloads, calls these methods and emits what
 * they return, so everything here is tested without a network.
 */
import { createWorld, type Doc, randomIds } from "../lib/model";
import { apply, applyValid } from "../lib/ops";
import type { CommandAck, Join, Member, OpAck, OpMessage, RemoteOp, Role, Snapshot } from "../lib/sync/events";
import { hashToken, newInviteCode, newMemberId, newRoomId, newToken } from "./ids";
import type { MemberRecord, RoomMeta, RoomStore, StoredOp } from "./store";

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
}

export const DEFAULT_LIMITS: RoomLimits = { maxDocBytes: 4 * 1024 * 1024, maxRoomClients: 100, snapshotEvery: 500, retainOps: 1000, idleUnloadMs: 60_000 };

const COLORS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#469990", "#9a6324", "#800000"];
const RECENT_KEYS = 5000;

interface LiveRoom {
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
  recentKeys: Map<string, number>;
  /** Serialises commits, so ops of one room are validated and stored one at a time. */
  chain: Promise<unknown>;
}

export type JoinOutcome =
  | {
      ok: true;
      member: MemberRecord;
      token: string;
      locked: boolean;
      inviteCode: string | null;
      snapshot: Snapshot | null;
      ops: RemoteOp[];
      durable: number;
      members: Member[];
    }
  | { ok: false; code: string; error: string };

/**
 * `broadcast` is the op newly committed by this submit; `early` says it already went to the room when
 * it was ordered (see `submit`), so only its author's ack is left to send.
 */
export type SubmitOutcome = { ack: OpAck; broadcast: RemoteOp | null; early?: boolean };

/** What a client resuming at some seq needs; `durable` is the seq up to which all of it is on disk. */
export type Since = { snapshot: Snapshot | null; ops: RemoteOp[]; durable: number };

const fail = (code: string, error: string) => ({ ok: false as const, code, error });
const toRemote = (o: StoredOp): RemoteOp => ({ seq: o.seq, op: o.op, clientId: o.clientId, key: o.key });

export class Rooms {
  private live = new Map<string, Promise<LiveRoom | null>>();
  readonly limits: RoomLimits;
  /** Counters for /metrics. */
  readonly stats = { committed: 0, rejected: 0, conflicts: 0, snapshots: 0 };
  /** Told of every op committed through a socket, after its broadcast (class progress listens). */
  readonly commitHooks = new Set<(roomId: string, seq: number) => void>();
  /** Told when a room's unstored ops were broadcast and then lost to a failed write. */
  readonly resetHooks = new Set<(roomId: string) => void>();

  /** Validate the next op before the previous one is on disk (only when this process is the only writer). */
  private readonly pipeline: boolean;

  constructor(
    readonly store: RoomStore,
    limits: Partial<RoomLimits> = {},
    opts: { pipeline?: boolean } = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.pipeline = opts.pipeline ?? store.soleWriter;
  }

  get loadedRooms(): number {
    return this.live.size;
  }

  /** Creates a room holding a fresh world, and its owner. */
  async create(input: {
    name: string;
    color?: string | undefined;
    title?: string | undefined;
    /** Server-side callers only (class rooms): the starting document. */
    doc?: Doc;
  }): Promise<{ roomId: string; inviteCode: string; token: string; memberId: string }> {
    const meta: RoomMeta = { id: newRoomId(), inviteCode: newInviteCode(), locked: false, createdAt: Date.now() };
    let doc = input.doc ?? createWorld(randomIds, 0);
    if (input.title) doc = { ...doc, title: input.title };
    const token = newToken();
    const owner: MemberRecord = {
      memberId: newMemberId(),
      roomId: meta.id,
      tokenHash: hashToken(token),
      name: input.name,
      color: input.color ?? (COLORS[0] as string),
      role: "owner",
      removed: false,
    };
    await this.store.createRoom(meta, doc, owner);
    return { roomId: meta.id, inviteCode: meta.inviteCode, token, memberId: owner.memberId };
  }

  private room(roomId: string): Promise<LiveRoom | null> {
    let p = this.live.get(roomId);
    if (!p) {
      p = this.load(roomId);
      this.live.set(roomId, p);
      p.then((r) => {
        if (!r) this.live.delete(roomId);
      });
    }
    return p;
  }

  private async load(roomId: string): Promise<LiveRoom | null> {
    const meta = await this.store.getRoom(roomId);
    if (!meta) return null;
    const snap = await this.store.latestSnapshot(roomId);
    if (!snap) return null;
    const room: LiveRoom = {
      meta,
      doc: snap.doc,
      seq: snap.seq,
      durable: snap,
      tail: [],
      lastWrite: Promise.resolve(),
      broken: false,
      bytes: 0,
      members: new Map(),
      online: new Map(),
      connections: 0,
      recentKeys: new Map(),
      chain: Promise.resolve(),
    };
    await this.catchUp(room);
    room.durable = { seq: room.seq, doc: room.doc };
    room.bytes = JSON.stringify(room.doc).length;
    for (const m of await this.store.listMembers(roomId)) room.members.set(m.memberId, m);
    return room;
  }

  /** Applies ops another process committed (or that were stored before a restart). */
  private async catchUp(room: LiveRoom): Promise<void> {
    const ops = await this.store.opsAfter(room.meta.id, room.seq);
    if (ops.length > 0 && (ops[0] as StoredOp).seq !== room.seq + 1) {
      // Compacted past us: start again from the newest snapshot.
      const snap = await this.store.latestSnapshot(room.meta.id);
      if (snap && snap.seq > room.seq) {
        room.doc = snap.doc;
        room.seq = snap.seq;
      }
      return this.catchUp(room);
    }
    for (const o of ops) {
      const r = apply(room.doc, o.op);
      if (r.ok) room.doc = r.doc;
      room.seq = o.seq;
      this.remember(room, o.key, o.seq);
    }
    if (room.seq > room.durable.seq) room.durable = { seq: room.seq, doc: room.doc };
  }

  private remember(room: LiveRoom, key: string, seq: number): void {
    room.recentKeys.set(key, seq);
    if (room.recentKeys.size > RECENT_KEYS) {
      const oldest = room.recentKeys.keys().next().value;
      if (oldest !== undefined) room.recentKeys.delete(oldest);
    }
  }

  private membersOf(room: LiveRoom): Member[] {
    return [...room.members.values()]
      .filter((m) => !m.removed)
      .map((m) => ({ memberId: m.memberId, name: m.name, color: m.color, role: m.role, online: (room.online.get(m.memberId) ?? 0) > 0 }));
  }

  async members(roomId: string): Promise<{ members: Member[]; locked: boolean } | null> {
    const room = await this.room(roomId);
    return room ? { members: this.membersOf(room), locked: room.meta.locked } : null;
  }

  /** The member behind a connection, as it stands now (role changes and removals apply at once). */
  async member(roomId: string, memberId: string): Promise<MemberRecord | null> {
    const room = await this.room(roomId);
    const m = room?.members.get(memberId);
    return m && !m.removed ? m : null;
  }

  /** Admits a connection: by member token, or as a new editor with the invite code. */
  async join(input: Join): Promise<JoinOutcome> {
    const room = await this.room(input.roomId);
    if (!room) return fail("room.missing", "no such room");
    if (room.connections >= this.limits.maxRoomClients) return fail("room.full", `this room is full (at most ${this.limits.maxRoomClients} people)`);
    // Counted before any await, so neither the size cap nor the idle unload can miss this connection.
    room.connections++;
    const out = await this.admit(room, input);
    if (!out.ok) {
      room.connections--;
      if (room.connections === 0) this.unloadLater(input.roomId, room);
    }
    return out;
  }

  private async admit(room: LiveRoom, input: Join): Promise<JoinOutcome> {
    // A sole writer already holds every member in memory; only a shared store can change behind it.
    if (!this.pipeline) await this.refresh(input.roomId);
    let member: MemberRecord | null = null;
    let token = input.token ?? "";
    if (input.token) {
      member = await this.store.memberByToken(room.meta.id, hashToken(input.token));
      if (member?.removed) return fail("room.removed", "the owner removed you from this room");
    }
    if (!member) {
      if (!input.invite || input.invite !== room.meta.inviteCode) return fail("room.denied", "ask the owner for an invite link");
      token = newToken();
      member = {
        memberId: newMemberId(),
        roomId: room.meta.id,
        tokenHash: hashToken(token),
        name: input.name,
        color: input.color ?? (COLORS[room.members.size % COLORS.length] as string),
        role: "editor",
        removed: false,
      };
      await this.store.addMember(member);
    }
    // Display name and colour follow the latest join; they are not part of anyone's permissions.
    member = { ...member, name: input.name, color: input.color ?? member.color };
    room.members.set(member.memberId, member);
    room.online.set(member.memberId, (room.online.get(member.memberId) ?? 0) + 1);
    const since = await this.since(room, input.since);
    return {
      ok: true,
      member,
      token,
      locked: room.meta.locked,
      inviteCode: member.role === "owner" ? room.meta.inviteCode : null,
      ...since,
      members: this.membersOf(room),
    };
  }

  /**
   * What a client at `since` needs: the ops after it when the log still has them, else a snapshot, and
   * then the ops broadcast but not yet durable. A client ahead of this room's head holds ops a crash
   * lost, so it gets a snapshot and drops them.
   */
  async since(room: LiveRoom | string, since: number | undefined): Promise<Since> {
    const r = typeof room === "string" ? await this.room(room) : room;
    if (!r) return { snapshot: null, ops: [], durable: 0 };
    if (!this.pipeline) await this.serial(r, () => this.catchUp(r));
    // Read before any await, so the tail and the durable head describe the same moment.
    const head = r.durable;
    const tail = r.tail.map((o) => ({ ...o, durable: head.seq }));
    const out = (snapshot: Snapshot | null, ops: RemoteOp[]): Since => ({ snapshot, ops, durable: head.seq });
    if (since !== undefined && since <= r.seq) {
      if (since >= head.seq)
        return out(
          null,
          tail.filter((o) => o.seq > since),
        );
      const ops = await this.store.opsAfter(r.meta.id, since, head.seq - since);
      if (ops[0]?.seq === since + 1 && ops.length === head.seq - since) return out(null, [...ops.map(toRemote), ...tail]);
    }
    return out({ seq: head.seq, doc: head.doc }, tail);
  }

  /**
   * Counts a connection that socket.io restored after a short disconnect (it kept its rooms, so no
   * join was made). False when that member was removed meanwhile or the room is full.
   */
  async reattach(roomId: string, memberId: string): Promise<boolean> {
    const room = await this.room(roomId);
    const m = room?.members.get(memberId);
    if (!room || !m || m.removed || room.connections >= this.limits.maxRoomClients) return false;
    room.connections++;
    room.online.set(memberId, (room.online.get(memberId) ?? 0) + 1);
    return true;
  }

  leave(roomId: string, memberId: string): void {
    const p = this.live.get(roomId);
    p?.then((room) => {
      if (!room) return;
      room.connections = Math.max(0, room.connections - 1);
      const n = (room.online.get(memberId) ?? 1) - 1;
      if (n > 0) room.online.set(memberId, n);
      else room.online.delete(memberId);
      if (room.connections === 0) this.unloadLater(roomId, room);
    });
  }

  /** Frees an empty room's memory after a while; everything it holds is in the store already. */
  private unloadLater(roomId: string, room: LiveRoom): void {
    const timer = setTimeout(() => {
      const current = this.live.get(roomId);
      if (room.connections > 0 || room.seq !== room.durable.seq || !current) return;
      void current.then((r) => {
        if (r === room && room.connections === 0 && room.seq === room.durable.seq) this.live.delete(roomId);
      });
    }, this.limits.idleUnloadMs);
    timer.unref?.();
  }

  private serial<T>(room: LiveRoom, fn: () => Promise<T>): Promise<T> {
    const next = room.chain.then(fn, fn);
    room.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Validates, orders and stores one op; the answer is ready to ack and broadcast. With a sole-writer
   * store and an `early` callback, the op is handed to `early` (to broadcast) as soon as it is ordered,
   * while the returned ack still waits until it is durable: the author keeps it pending and re-sends it
   * after a crash, and the `durable` seq on every broadcast lets the others drop what a crash lost.
   * `msg` has passed `OpMessageSchema` (the socket layer parses every event), so its op is not parsed again.
   */
  async submit(roomId: string, memberId: string, msg: OpMessage, early?: (op: RemoteOp) => void): Promise<SubmitOutcome> {
    const reject = (code: string, reason: string): SubmitOutcome => {
      this.stats.rejected++;
      return { ack: { rejected: true, key: msg.key, code, reason }, broadcast: null };
    };
    const room = await this.room(roomId);
    if (!room) return reject("room.missing", "no such room");
    if (this.pipeline) {
      const decided = await this.serial(room, () => this.pipelined(room, memberId, msg, reject, early));
      return "pending" in decided ? decided.pending : decided;
    }
    return this.serial(room, async () => {
      const refused = this.check(room, memberId);
      if (refused) return reject(refused.code, refused.reason);
      const known = room.recentKeys.get(msg.key);
      if (known !== undefined) return { ack: { committed: true, seq: known, key: msg.key }, broadcast: null };
      for (let attempt = 0; attempt < 20; attempt++) {
        const r = applyValid(room.doc, msg.op);
        if (!r.ok) {
          const dup = await this.store.seqOfKey(room.meta.id, msg.key);
          if (dup !== null) return { ack: { committed: true, seq: dup, key: msg.key }, broadcast: null };
          return reject(r.code, r.error);
        }
        const opBytes = JSON.stringify(msg.op).length;
        if (room.bytes + opBytes > this.limits.maxDocBytes) {
          return reject("doc.too-large", `the document would exceed ${Math.round(this.limits.maxDocBytes / 1024)} KiB`);
        }
        const stored: StoredOp = { seq: room.seq + 1, key: msg.key, clientId: msg.clientId, memberId, op: msg.op, ...this.authorOf(room, memberId) };
        const res = await this.store.appendOp(room.meta.id, stored);
        if (res.ok) {
          room.doc = r.doc;
          room.seq = stored.seq;
          room.durable = { seq: stored.seq, doc: r.doc };
          room.bytes += opBytes;
          this.remember(room, msg.key, stored.seq);
          this.stats.committed++;
          await this.maybeSnapshot(room, stored.seq, r.doc);
          return { ack: { committed: true, seq: stored.seq, key: msg.key }, broadcast: toRemote(stored) };
        }
        // Another process took this seq (or committed this very key): learn what it did and retry.
        this.stats.conflicts++;
        await this.catchUp(room);
        if ("duplicate" in res) return { ack: { committed: true, seq: res.duplicate, key: msg.key }, broadcast: null };
      }
      return reject("room.busy", "the room is too busy, try again");
    });
  }

  /** Who made an op and when, kept with it for replay. */
  private authorOf(room: LiveRoom, memberId: string): { name?: string; at: number } {
    const name = room.members.get(memberId)?.name;
    return name ? { name, at: Date.now() } : { at: Date.now() };
  }

  /** Membership, role and lock: checked on every op, against the room as it stands now. */
  private check(room: LiveRoom, memberId: string): { code: string; reason: string } | null {
    const m = room.members.get(memberId);
    if (!m || m.removed) return { code: "room.removed", reason: "you are not a member of this room" };
    if (m.role === "viewer") return { code: "room.read-only", reason: "viewers cannot edit" };
    if (room.meta.locked && m.role !== "owner") return { code: "room.locked", reason: "the owner has locked editing" };
    return null;
  }

  /**
   * The sole-writer path: validate against the head, take the next seq and queue the write, without
   * waiting for the disk before the next op of the room is validated. The returned promise (the ack)
   * still resolves only once the write is durable, and writes land in seq order.
   */
  private async pipelined(
    room: LiveRoom,
    memberId: string,
    msg: OpMessage,
    reject: (code: string, reason: string) => SubmitOutcome,
    early?: (op: RemoteOp) => void,
  ): Promise<SubmitOutcome | { pending: Promise<SubmitOutcome> }> {
    // Queued behind a failed write of this copy: the author re-sends it to the reloaded room.
    if (room.broken) return reject("server.error", "the edit could not be stored");
    const refused = this.check(room, memberId);
    if (refused) return reject(refused.code, refused.reason);
    const known = room.recentKeys.get(msg.key) ?? (await this.store.seqOfKey(room.meta.id, msg.key));
    if (known !== null) {
      const ack = { ack: { committed: true as const, seq: known, key: msg.key }, broadcast: null };
      if (known <= room.durable.seq) return ack;
      // Ordered but not yet on disk (a re-send after a reconnect): acked only once it is.
      const pending = room.lastWrite.then(() => (room.durable.seq >= known ? ack : reject("server.error", "the edit could not be stored")));
      return { pending };
    }
    const r = applyValid(room.doc, msg.op);
    if (!r.ok) return reject(r.code, r.error);
    const opBytes = JSON.stringify(msg.op).length;
    if (room.bytes + opBytes > this.limits.maxDocBytes) {
      return reject("doc.too-large", `the document would exceed ${Math.round(this.limits.maxDocBytes / 1024)} KiB`);
    }
    const stored: StoredOp = { seq: room.seq + 1, key: msg.key, clientId: msg.clientId, memberId, op: msg.op, ...this.authorOf(room, memberId) };
    room.doc = r.doc;
    room.seq = stored.seq;
    room.bytes += opBytes;
    this.remember(room, msg.key, stored.seq);
    const remote = toRemote(stored);
    if (early) {
      room.tail.push(remote);
      early({ ...remote, durable: room.durable.seq });
    }
    const pending = this.store
      .appendOp(room.meta.id, stored)
      .then(async (res): Promise<SubmitOutcome> => {
        if (!res.ok) throw new Error(`append refused: ${JSON.stringify(res)}`);
        room.durable = { seq: stored.seq, doc: r.doc };
        while (room.tail.length > 0 && (room.tail[0] as RemoteOp).seq <= stored.seq) room.tail.shift();
        this.stats.committed++;
        // Not awaited: a snapshot is a shortcut for loading, and waiting for it here could let a later
        // op of the same batch be broadcast before this one.
        this.maybeSnapshot(room, stored.seq, r.doc).catch(() => undefined);
        return { ack: { committed: true, seq: stored.seq, key: msg.key }, broadcast: remote, ...(early ? { early: true } : {}) };
      })
      .catch(() => {
        // The head ran ahead of the disk; forget it and reload what is really stored. Whoever was sent
        // ops from this copy is told to resume, which drops the ones that never reached the disk.
        if (!room.broken) {
          room.broken = true;
          this.live.delete(room.meta.id);
          for (const hook of this.resetHooks) hook(room.meta.id);
        }
        return reject("server.error", "the edit could not be stored");
      });
    room.lastWrite = pending;
    return { pending };
  }

  private async maybeSnapshot(room: LiveRoom, seq: number, doc: Doc): Promise<void> {
    if (seq % this.limits.snapshotEvery !== 0) return;
    room.bytes = JSON.stringify(room.doc).length;
    await this.store.saveSnapshot(room.meta.id, seq, doc);
    await this.store.compact(room.meta.id, seq - this.limits.retainOps);
    this.stats.snapshots++;
  }

  /** Reloads lock state and members from the store (another process may have changed them). */
  async refresh(roomId: string): Promise<void> {
    const p = this.live.get(roomId);
    const room = p ? await p : null;
    if (!room) return;
    const meta = await this.store.getRoom(roomId);
    if (meta) room.meta = meta;
    for (const m of await this.store.listMembers(roomId)) {
      const old = room.members.get(m.memberId);
      room.members.set(m.memberId, old ? { ...m, name: old.name, color: old.color } : m);
    }
  }

  private async owner(roomId: string, actorId: string): Promise<LiveRoom | { ok: false; code: string; error: string }> {
    const room = await this.room(roomId);
    if (!room) return fail("room.missing", "no such room");
    // The target may have joined through another process: read members from the store.
    if (!this.pipeline) await this.refresh(roomId);
    const actor = room.members.get(actorId);
    if (!actor || actor.removed || actor.role !== "owner") return fail("room.not-owner", "only the owner can do that");
    return room;
  }

  async setRole(roomId: string, actorId: string, memberId: string, role: Role): Promise<CommandAck> {
    const room = await this.owner(roomId, actorId);
    if ("ok" in room) return room;
    const target = room.members.get(memberId);
    if (!target || target.removed) return fail("room.no-member", "no such member");
    if (target.role === "owner") return fail("room.owner-role", "the owner's role cannot change");
    await this.store.setRole(roomId, memberId, role);
    room.members.set(memberId, { ...target, role });
    return { ok: true };
  }

  async lock(roomId: string, actorId: string, locked: boolean): Promise<CommandAck> {
    const room = await this.owner(roomId, actorId);
    if ("ok" in room) return room;
    await this.store.setLocked(roomId, locked);
    room.meta = { ...room.meta, locked };
    return { ok: true };
  }

  async remove(roomId: string, actorId: string, memberId: string): Promise<CommandAck> {
    const room = await this.owner(roomId, actorId);
    if ("ok" in room) return room;
    const target = room.members.get(memberId);
    if (!target || target.removed) return fail("room.no-member", "no such member");
    if (target.role === "owner") return fail("room.owner-role", "the owner cannot be removed");
    await this.store.removeMember(roomId, memberId);
    room.members.set(memberId, { ...target, removed: true });
    return { ok: true };
  }

  /** The current document and seq (tests, fuzzing, and the admin view). */
  async current(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    const room = await this.room(roomId);
    if (!room) return null;
    if (!this.pipeline) await this.serial(room, () => this.catchUp(room));
    return room.durable;
  }
}
