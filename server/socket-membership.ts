/**
 * Who is in which room over which connection: creating a room, joining (by token or invite), catching
 * up (`room:sync`), a connection socket.io restored, and leaving on every path out. One per process:
 * it knows each member tab's connection, so a tab's new connection replaces its old one.
 */
import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import { CreateRoomSchema, EV, JoinSchema, SyncRequestSchema } from "../lib/sync/events";
import { type AddressLimits, TokenBucket } from "./limits";
import type { Live } from "./live";
import type { Rooms } from "./rooms";
import type { AckFn, Conn, Session } from "./socket-conn";
import type { SocketLimits } from "./sockets";

export class Membership {
  /** The connection of each member's tab (`room/member/clientId`). */
  private readonly tabs = new Map<string, Socket>();
  /** How to end each socket's membership (not in `socket.data`: a restored socket shares that object with its predecessor). */
  private readonly releases = new WeakMap<Socket, (closing?: boolean) => void>();

  constructor(
    private readonly io: Server,
    private readonly rooms: Rooms,
    private readonly live: Live,
    private readonly addresses: AddressLimits,
    private readonly limits: SocketLimits,
    private readonly info: (fields: object, msg: string) => void,
  ) {}

  /** Everyone in the room learns who is in it, their roles and the lock. */
  async tellMembers(roomId: string): Promise<void> {
    const m = await this.rooms.members(roomId);
    if (m) this.io.to(roomId).emit(EV.members, m);
  }

  /** Wires a connection's create, join and sync events, and its restore; `release` is its way out. */
  bind(conn: Conn): void {
    const { socket, on, refuse } = conn;
    const address = socket.handshake.address;
    // Creating rooms fills the disk and joining guesses invite codes: both are slow on purpose.
    const admission = new TokenBucket(this.limits.admissionBurst, this.limits.admissionsPerSecond);
    const syncs = new TokenBucket(this.limits.syncBurst, this.limits.syncsPerSecond);
    /** Joins of this socket run one after another, so two at once cannot both take a slot. */
    let joining: Promise<unknown> = Promise.resolve();
    this.releases.set(socket, (closing) => this.release(conn, closing));

    on(EV.create, CreateRoomSchema, async (input, ack) => {
      if (!admission.take()) return refuse(EV.create, "rate.limited", "too many rooms created from this connection; wait a little", ack);
      if (!this.addresses.take(address, "create")) return refuse(EV.create, "rate.limited", "too many rooms created from your address; wait a little", ack);
      const made = await this.rooms.create(input);
      this.info({ roomId: made.roomId }, "room created");
      ack?.({ ok: true, roomId: made.roomId, inviteCode: made.inviteCode, viewerInviteCode: made.viewerInviteCode, token: made.token });
    });

    on(EV.join, JoinSchema, (input, ack) => {
      const next = joining.then(() => {
        if (!admission.take()) return refuse(EV.join, "rate.limited", "too many join attempts from this connection; wait a little", ack);
        if (!this.addresses.take(address, "join")) return refuse(EV.join, "rate.limited", "too many join attempts from your address; wait a little", ack);
        return this.join(conn, input, ack);
      });
      joining = next.catch(() => undefined);
      return next;
    });

    on(EV.sync, SyncRequestSchema, async (input, ack) => {
      const s = conn.session;
      if (!s) return refuse(EV.sync, "room.not-joined", "join a room first", ack);
      if (!syncs.take()) return refuse(EV.sync, "rate.limited", `too many catch-up requests: at most ${this.limits.syncsPerSecond} per second`, ack);
      const me = await this.rooms.member(s.roomId, s.memberId);
      if (!me) return refuse(EV.sync, "room.removed", "you are not a member of this room", ack);
      const m = await this.rooms.members(s.roomId);
      const since = await this.rooms.since(s.roomId, input.since);
      ack?.({
        ok: true,
        roomId: s.roomId,
        memberId: me.memberId,
        token: "",
        role: me.role,
        locked: m?.locked ?? false,
        inviteCode: null,
        viewerInviteCode: null,
        ...since,
        members: m?.members ?? [],
      });
    });

    this.restore(conn);
  }

  private async join(conn: Conn, input: z.infer<typeof JoinSchema>, ack?: AckFn): Promise<void> {
    const { socket } = conn;
    this.release(conn);
    const peerId = input.clientId ?? socket.id;
    // A member's tab that reconnects: its old connection goes first, so it never counts twice.
    const known = input.token ? await this.rooms.memberByToken(input.roomId, input.token) : null;
    if (known) this.replaceTab(socket, { roomId: input.roomId, memberId: known, peerId });
    const out = await this.rooms.join(input);
    if (!out.ok) return conn.refuse(EV.join, out.code, out.error, ack);
    if (!socket.connected) {
      this.rooms.leave(input.roomId, out.member.memberId);
      return;
    }
    const session = { roomId: input.roomId, memberId: out.member.memberId, peerId };
    conn.session = session;
    this.replaceTab(socket, session);
    // Kept with the socket so that socket.io's connection state recovery brings it back.
    socket.data.session = session;
    socket.join(input.roomId);
    socket.join(`m:${out.member.memberId}`);
    ack?.({
      ok: true,
      roomId: input.roomId,
      memberId: out.member.memberId,
      token: out.token,
      role: out.member.role,
      locked: out.locked,
      inviteCode: out.invites?.inviteCode ?? null,
      viewerInviteCode: out.invites?.viewerInviteCode ?? null,
      snapshot: out.snapshot,
      ops: out.ops,
      members: out.members,
    });
    this.live.joined(socket, session);
    await this.tellMembers(input.roomId);
  }

  /** The same tab of the same member joined again on another connection: that older one is stale. */
  private replaceTab(socket: Socket, s: Session): void {
    const tab = `${s.roomId}/${s.memberId}/${s.peerId}`;
    const old = this.tabs.get(tab);
    // A recovered connection has its predecessor's id: that one is already closed and must not be touched.
    if (old && old !== socket && old.id !== socket.id) {
      this.releases.get(old)?.();
      old.disconnect(true);
    }
    this.tabs.set(tab, socket);
  }

  /** Ends a connection's membership of its room, on every path out: a new join, a replacement, a disconnect. */
  release(conn: Conn, closing = false): void {
    const s = conn.session;
    if (!s) return;
    const { socket } = conn;
    conn.session = null;
    // A closed socket keeps its session and rooms: socket.io hands them to the connection that recovers it.
    if (!closing) socket.data.session = undefined;
    const tab = `${s.roomId}/${s.memberId}/${s.peerId}`;
    if (this.tabs.get(tab) === socket) this.tabs.delete(tab);
    this.live.left(s);
    this.rooms.leave(s.roomId, s.memberId);
    socket.to(s.roomId).emit(EV.presenceLeave, { peerId: s.peerId });
    if (!closing) {
      socket.leave(s.roomId);
      socket.leave(`m:${s.memberId}`);
    }
    setTimeout(() => void this.tellMembers(s.roomId), 0);
  }

  /**
   * A connection socket.io restored after a short disconnect: it is back in its rooms and gets what it
   * missed, so the client does not join again. The member is checked as it stands now.
   */
  private restore(conn: Conn): void {
    const { socket } = conn;
    const restored = socket.recovered ? (socket.data.session as Session | undefined) : undefined;
    if (!restored) return;
    conn.session = restored;
    void this.rooms.reattach(restored.roomId, restored.memberId).then((ok) => {
      if (conn.session !== restored) return;
      if (!ok) {
        conn.session = null;
        socket.data.session = undefined;
        socket.leave(restored.roomId);
        socket.leave(`m:${restored.memberId}`);
        socket.emit(EV.resync, {});
        return;
      }
      this.replaceTab(socket, restored);
      this.live.joined(socket, restored);
      void this.tellMembers(restored.roomId);
    });
  }
}
