/**
 * Room logic without sockets: membership and roles, validating and ordering ops (`room-ops.ts`), persistence through a
 * `RoomStore`. The socket layer (`sockets.ts`) only parses payloads, calls these methods and emits what
 * they return, so everything here is tested without a network.
 */
import { createWorld, type Doc, docBytes, randomIds } from "../lib/model";
import type { CommandAck, Join, Member, OpMessage, RemoteOp, Role, Snapshot } from "../lib/sync/events";
import type { DiskGuard } from "./disk";
import { hashToken, newInviteCode, newMemberId, newRoomId, newToken, viewerInviteCode } from "./ids";
import { DEFAULT_LIMITS, type LiveRoom, type RoomLimits, serial, toRemote } from "./live-room";
import { RoomEventHub } from "./room-events";
import { RoomOps, type SubmitOutcome } from "./room-ops";
import type { MemberRecord, RoomMeta, RoomStore } from "./store";

export type { RoomLimits } from "./live-room";

const COLORS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#469990", "#9a6324", "#800000"];

/** A room's two invite codes: a link with `inviteCode` makes an editor, one with `viewerInviteCode` a viewer. */
type Invites = { inviteCode: string; viewerInviteCode: string };
const invitesOf = (inviteCode: string): Invites => ({ inviteCode, viewerInviteCode: viewerInviteCode(inviteCode) });

type JoinOutcome =
  | {
      ok: true;
      member: MemberRecord;
      token: string;
      locked: boolean;
      /** The room's invite codes, for the owner only. */
      invites: Invites | null;
      snapshot: Snapshot | null;
      ops: RemoteOp[];
      durable: number;
      members: Member[];
    }
  | { ok: false; code: string; error: string };

/** What a client resuming at some seq needs; `durable` is the seq up to which all of it is on disk. */
type Since = { snapshot: Snapshot | null; ops: RemoteOp[]; durable: number };

const fail = (code: string, error: string) => ({ ok: false as const, code, error });

/** A request refused for a reason the client should read (not a server fault): its code and message go back as-is. */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Rooms {
  private live = new Map<string, Promise<LiveRoom | null>>();
  readonly limits: RoomLimits;
  /** Counters for /metrics. */
  readonly stats = { committed: 0, rejected: 0, conflicts: 0, snapshots: 0 };
  /** Who hears each room's ops, and when (`room-events.ts`): the socket layer and class progress listen. */
  readonly events = new RoomEventHub();

  /** Validate the next op before the previous one is on disk (only when this process is the only writer). */
  private readonly pipeline: boolean;
  private readonly ops: RoomOps;
  private readonly disk: DiskGuard | null;

  constructor(
    readonly store: RoomStore,
    limits: Partial<RoomLimits> = {},
    opts: { pipeline?: boolean; disk?: DiskGuard } = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.pipeline = opts.pipeline ?? store.soleWriter;
    this.disk = opts.disk ?? null;
    this.ops = new RoomOps(
      store,
      this.limits,
      this.stats,
      this.pipeline,
      this.events,
      (roomId) => {
        this.live.delete(roomId);
        this.events.reset(roomId);
      },
      () => this.diskRefusal(),
    );
  }

  /** Why nothing that adds data may be stored now (the store's disk is nearly full), or null. */
  diskRefusal(): string | null {
    return this.disk?.refusal() ?? null;
  }

  /** Whether ops are broadcast as soon as they are ordered, before they are durable (a sole writer). */
  get early(): boolean {
    return this.pipeline;
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
  }): Promise<{ roomId: string; token: string; memberId: string } & Invites> {
    const full = this.diskRefusal();
    if (full) throw new Refusal("disk.full", full);
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
    return { roomId: meta.id, ...invitesOf(meta.inviteCode), token, memberId: owner.memberId };
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
      logBytes: 0,
      members: new Map(),
      online: new Map(),
      connections: 0,
      recentKeys: new Map(),
      keysFrom: snap.seq,
      chain: Promise.resolve(),
      queued: 0,
      turn: null,
    };
    await this.ops.catchUp(room);
    room.durable = { seq: room.seq, doc: room.doc };
    room.bytes = docBytes(room.doc);
    for (const m of await this.store.listMembers(roomId)) room.members.set(m.memberId, m);
    return room;
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

  /** The member a token belongs to, if it still is one. */
  async memberByToken(roomId: string, token: string): Promise<string | null> {
    const m = await this.store.memberByToken(roomId, hashToken(token));
    return m && !m.removed ? m.memberId : null;
  }

  async invites(roomId: string): Promise<Invites | null> {
    const room = await this.room(roomId);
    return room ? invitesOf(room.meta.inviteCode) : null;
  }

  /** Admits a connection: by member token, or as a new editor or viewer with one of the invite codes. */
  async join(input: Join): Promise<JoinOutcome> {
    const room = await this.room(input.roomId);
    if (!room) return fail("room.missing", "no such room");
    // Counted before any await, so neither the size cap nor the idle unload can miss this connection;
    // whether it fits is decided once it is known who it is (the owner always gets in).
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
      const invites = invitesOf(room.meta.inviteCode);
      const role = input.invite === invites.inviteCode ? "editor" : input.invite === invites.viewerInviteCode ? "viewer" : null;
      if (!role) return fail("room.denied", "ask the owner for an invite link");
      if (room.members.size >= this.limits.maxMembers) return fail("room.full", `this room has as many members as it may (${this.limits.maxMembers})`);
      token = newToken();
      member = {
        memberId: newMemberId(),
        roomId: room.meta.id,
        tokenHash: hashToken(token),
        name: input.name,
        color: input.color ?? (COLORS[room.members.size % COLORS.length] as string),
        role,
        removed: false,
      };
      await this.store.addMember(member);
    }
    const full = this.overCapacity(room, member);
    if (full) return full;
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
      invites: member.role === "owner" ? invitesOf(room.meta.inviteCode) : null,
      ...since,
      members: this.membersOf(room),
    };
  }

  /**
   * Whether one more connection of `member` fits (this one already counted): the room has a ceiling for
   * everyone but its owner, and each member one of their own, so no member's tabs can fill the room.
   */
  private overCapacity(room: LiveRoom, member: MemberRecord): { ok: false; code: string; error: string } | null {
    const mine = (room.online.get(member.memberId) ?? 0) + 1;
    if (mine > this.limits.maxMemberConnections) {
      return fail("room.too-many-tabs", `you have ${mine - 1} connections open to this room (at most ${this.limits.maxMemberConnections}); close a tab`);
    }
    if (member.role !== "owner" && room.connections > this.limits.maxRoomClients) {
      return fail("room.full", `this room is full (at most ${this.limits.maxRoomClients} people)`);
    }
    return null;
  }

  /**
   * What a client at `since` needs: the ops after it when the log still has them, else a snapshot, and
   * then the ops broadcast but not yet durable. A client ahead of this room's head holds ops a crash
   * lost, so it gets a snapshot and drops them.
   */
  async since(room: LiveRoom | string, since: number | undefined): Promise<Since> {
    const r = typeof room === "string" ? await this.room(room) : room;
    if (!r) return { snapshot: null, ops: [], durable: 0 };
    if (!this.pipeline) await serial(r, () => this.ops.catchUp(r));
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
    if (!room || !m || m.removed) return false;
    room.connections++;
    if (this.overCapacity(room, m)) {
      room.connections--;
      return false;
    }
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

  /** Resolves once every op ordered so far in this process is stored (or has failed): for a clean stop. */
  async drain(): Promise<void> {
    const rooms = await Promise.all([...this.live.values()].map((p) => p.catch(() => null)));
    await Promise.all(rooms.map(async (r) => (r ? Promise.allSettled([r.chain, r.lastWrite]) : null)));
  }

  /** Validates, orders and stores one op; see `RoomOps.submit`. */
  async submit(roomId: string, memberId: string, msg: OpMessage): Promise<SubmitOutcome> {
    return this.ops.submit(await this.room(roomId), memberId, msg);
  }

  /**
   * Reloads lock state and members from the store (another process may have changed them). It takes
   * its turn in the room's queue: an op that arrives after the news of a role change (another
   * process's refresh reaches this one before the members broadcast its clients then act on) is
   * checked against the reloaded roles, never the old ones.
   */
  async refresh(roomId: string): Promise<void> {
    const p = this.live.get(roomId);
    const room = p ? await p : null;
    if (room) await serial(room, () => this.reload(room));
  }

  private async reload(room: LiveRoom): Promise<void> {
    const roomId = room.meta.id;
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
    // The removed member holds an invite link too: both stop working, and the owner gets new ones.
    await this.newInvite(room);
    return { ok: true };
  }

  /** New invite codes for the room (owner only): editor and viewer links with the old ones stop letting anyone in. */
  async rotateInvite(roomId: string, actorId: string): Promise<({ ok: true } & Invites) | { ok: false; code: string; error: string }> {
    const room = await this.owner(roomId, actorId);
    if ("ok" in room) return room;
    return { ok: true, ...(await this.newInvite(room)) };
  }

  private async newInvite(room: LiveRoom): Promise<Invites> {
    const inviteCode = newInviteCode();
    await this.store.setInviteCode(room.meta.id, inviteCode);
    room.meta = { ...room.meta, inviteCode };
    return invitesOf(inviteCode);
  }

  /** The current document and seq (tests, fuzzing, and the admin view). */
  async current(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    const room = await this.room(roomId);
    if (!room) return null;
    if (!this.pipeline) await serial(room, () => this.ops.catchUp(room));
    return room.durable;
  }
}
