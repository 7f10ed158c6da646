/**
 * The owner's commands over a connection: roles, the lock, removing a member and a new invite code.
 * `Rooms` checks that the sender is the owner on every call; here each answer is sent and the room
 * (and, with several processes, the other processes) told.
 */
import type { Server } from "socket.io";
import type { z } from "zod";
import { EV, LockSchema, RemoveMemberSchema, RotateInviteSchema, SetRoleSchema } from "../lib/sync/events";
import type { Rooms } from "./rooms";
import type { Conn, Session } from "./socket-conn";

type Answer = { ok: true } | { ok: false; code: string; error: string };

export class OwnerCommands {
  constructor(
    private readonly io: Server,
    private readonly rooms: Rooms,
    /** Tells other processes to reload a room's roles, lock and members (absent with one process). */
    private readonly refreshOthers: ((roomId: string) => void) | null,
    private readonly tellMembers: (roomId: string) => Promise<void>,
  ) {}

  bind(conn: Conn): void {
    const command = <T>(event: string, schema: z.ZodType<T>, run: (s: Session, v: T) => Promise<Answer>) =>
      conn.on(event, schema, async (v, ack) => {
        const s = conn.session;
        if (!s) return conn.refuse(event, "room.not-joined", "join a room first", ack);
        const r = await run(s, v);
        if (!r.ok) return conn.refuse(event, r.code, r.error, ack);
        this.refreshOthers?.(s.roomId);
        ack?.(r);
        await this.tellMembers(s.roomId);
      });

    command(EV.setRole, SetRoleSchema, (s, v) => this.rooms.setRole(s.roomId, s.memberId, v.memberId, v.role));
    command(EV.lock, LockSchema, (s, v) => this.rooms.lock(s.roomId, s.memberId, v.locked));
    command(EV.remove, RemoveMemberSchema, async (s, v) => {
      const r = await this.rooms.remove(s.roomId, s.memberId, v.memberId);
      if (r.ok) {
        this.io.in(`m:${v.memberId}`).emit(EV.removed, { reason: "the owner removed you from this room" });
        this.io.in(`m:${v.memberId}`).disconnectSockets(true);
        await this.tellInvite(s.roomId, s.memberId);
      }
      return r;
    });

    conn.on(EV.invite, RotateInviteSchema, async (_v, ack) => {
      const s = conn.session;
      if (!s) return conn.refuse(EV.invite, "room.not-joined", "join a room first", ack);
      const r = await this.rooms.rotateInvite(s.roomId, s.memberId);
      if (!r.ok) return conn.refuse(EV.invite, r.code, r.error, ack);
      this.refreshOthers?.(s.roomId);
      ack?.(r);
      await this.tellInvite(s.roomId, s.memberId);
    });
  }

  /** The owner's pages learn the room's current invite codes (they change on a rotation or a removal). */
  private async tellInvite(roomId: string, ownerId: string): Promise<void> {
    const invites = await this.rooms.invites(roomId);
    if (invites) this.io.to(`m:${ownerId}`).emit(EV.invite, invites);
  }
}
