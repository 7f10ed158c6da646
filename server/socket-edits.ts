/**
 * A connection's edits and presence. An op is rate-limited per connection, then handed to its room,
 * which decides who hears it and when (`room-events.ts`); the author gets its ack here. Presence is
 * relayed to the room at most `presenceHz` times a second per member, whatever their connections.
 */
import { EV, type OpAck, PresenceSchema } from "../lib/sync/events";
import { OP_MESSAGE_CHECK } from "../lib/sync/op-message";
import { TokenBucket } from "./limits";
import type { Counter, Metrics } from "./metrics";
import type { Rooms } from "./rooms";
import type { Conn } from "./socket-conn";
import type { SocketLimits } from "./sockets";

interface EditCounters {
  opsCommitted: Counter;
  opsRejected: Counter;
  rateLimited: Counter;
}

export class Edits {
  /** When each member last had presence relayed, per room: the presence rate is a member's, not a socket's. */
  private readonly lastPresence = new Map<string, number>();
  private readonly presenceGap: number;

  constructor(
    private readonly rooms: Rooms,
    private readonly metrics: Metrics,
    private readonly counters: EditCounters,
    private readonly limits: SocketLimits,
  ) {
    this.presenceGap = 1000 / limits.presenceHz - 2;
  }

  bind(conn: Conn): void {
    const { on, refuse } = conn;
    const bucket = new TokenBucket(this.limits.opBurst, this.limits.opsPerSecond);
    const { opsCommitted, opsRejected, rateLimited } = this.counters;

    // Sent with an ack callback, an op is acked once durable. Sent without, the room answers: the op's
    // broadcast reaches its author too and a durable mark follows (`broadcast.ts`), so only an op that
    // is not broadcast (refused, or a key already committed) gets an answer of its own.
    on(EV.op, OP_MESSAGE_CHECK, async (msg, ack) => {
      const t0 = performance.now();
      const s = conn.session;
      if (!s) return refuse(EV.op, "room.not-joined", "join a room first", ack);
      const answer = ack ?? ((a: OpAck) => void conn.socket.emit(EV.answer, a));
      if (!bucket.take()) {
        rateLimited.inc();
        opsRejected.inc();
        return answer({ rejected: true, key: msg.key, code: "rate.limited", reason: `too many edits: at most ${this.limits.opsPerSecond} per second` });
      }
      const out = await this.rooms.submit(s.roomId, s.memberId, msg);
      if ("committed" in out.ack) opsCommitted.inc();
      else opsRejected.inc();
      if (ack || !out.broadcast) answer(out.ack);
      this.metrics.observeCommit(performance.now() - t0);
    });

    on(EV.presence, PresenceSchema, async (p, ack) => {
      const s = conn.session;
      if (!s) return refuse(EV.presence, "room.not-joined", "join a room first", ack);
      ack?.({ ok: true });
      const now = performance.now();
      const who = `${s.roomId}/${s.memberId}`;
      if (now - (this.lastPresence.get(who) ?? 0) < this.presenceGap) return;
      this.lastPresence.set(who, now);
      const m = await this.rooms.member(s.roomId, s.memberId);
      if (!m) return;
      conn.socket.volatile.to(s.roomId).emit(EV.presence, { ...p, peerId: s.peerId, memberId: m.memberId, name: m.name, color: m.color });
    });
  }

  /** The connection is closing: its member's presence rate starts afresh. */
  closed(conn: Conn): void {
    const s = conn.session;
    if (s) this.lastPresence.delete(`${s.roomId}/${s.memberId}`);
  }
}
