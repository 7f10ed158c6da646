/**
 * socket.io events -> `Rooms`. Every inbound payload is parsed with the schemas of `lib/sync/events`
 * (unknown keys and prototype keys refused) and every event checks the sender's membership and role
 * as it stands at that moment.
 */
import type { Logger } from "pino";
import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import {
  CreateRoomSchema,
  EV,
  JoinSchema,
  LockSchema,
  OpMessageSchema,
  PresenceSchema,
  parsePayload,
  RemoveMemberSchema,
  RotateInviteSchema,
  SetRoleSchema,
  SyncRequestSchema,
} from "../lib/sync/events";
import { OpBroadcaster } from "./broadcast";
import { type AddressLimitSettings, AddressLimits, DEFAULT_ADDRESS_LIMITS, TokenBucket } from "./limits";
import { Live } from "./live";
import type { Metrics } from "./metrics";
import { Refusal, type Rooms } from "./rooms";

export interface SocketLimits {
  /** Ops a socket may send at once... */
  opBurst: number;
  /** ...and per second after that. */
  opsPerSecond: number;
  /** Presence messages per second per socket; extra ones are dropped (they are volatile anyway). */
  presenceHz: number;
  /** Room creations and joins a socket may make at once, and per second after that. */
  admissionBurst: number;
  admissionsPerSecond: number;
  /** `room:sync` requests a socket may make at once, and per second after that (each may carry a whole document). */
  syncBurst: number;
  syncsPerSecond: number;
  /** Ceilings per client address, across its connections. */
  address: AddressLimitSettings;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  opBurst: 120,
  opsPerSecond: 60,
  presenceHz: 30,
  admissionBurst: 10,
  admissionsPerSecond: 1,
  syncBurst: 5,
  syncsPerSecond: 1,
  address: DEFAULT_ADDRESS_LIMITS,
};

interface Session {
  roomId: string;
  memberId: string;
  peerId: string;
}

// biome-ignore lint/suspicious/noExplicitAny: acknowledgement callbacks carry different payloads per event
type AckFn = (answer: any) => void;
/** Tells other processes to reload a room's roles, lock and members. */
export const REFRESH = "dockside:refresh";

export function attachRooms(io: Server, rooms: Rooms, log: Logger, metrics: Metrics, limits: SocketLimits = DEFAULT_SOCKET_LIMITS, shared = false): void {
  const opsCommitted = metrics.counter("dockside_ops_committed_total", "Ops stored and broadcast");
  const opsRejected = metrics.counter("dockside_ops_rejected_total", "Ops refused (rules, permissions, limits)");
  const badPayloads = metrics.counter("dockside_bad_payloads_total", "Inbound payloads refused by the schemas");
  const rateLimited = metrics.counter("dockside_rate_limited_total", "Ops refused by the per-socket rate limit");
  metrics.gauge("dockside_sockets", "Connected sockets in this process", () => io.engine.clientsCount);
  metrics.gauge("dockside_rooms_loaded", "Rooms held in memory by this process", () => rooms.loadedRooms);

  // Another process changed roles, the lock or membership: reload them before the next event.
  io.on(REFRESH, (roomId: unknown) => {
    if (typeof roomId === "string") void rooms.refresh(roomId);
  });
  const live = new Live(io, rooms, log, shared);
  const broadcaster = new OpBroadcaster(io);
  metrics.gauge("dockside_broadcast_packets_total", "Op broadcast packets sent to rooms", () => broadcaster.stats.flushes);
  metrics.gauge("dockside_broadcast_ops_total", "Ops carried by those packets", () => broadcaster.stats.ops);
  metrics.gauge("dockside_broadcast_batching", "1 while the event loop is busy and rooms batch their broadcasts", () => (broadcaster.batching ? 1 : 0));
  // A failed write lost ops the room has heard of: everyone there resumes from what is on disk.
  rooms.resetHooks.add((roomId) => {
    broadcaster.drop(roomId);
    io.to(roomId).emit(EV.resync, {});
  });
  const addresses = new AddressLimits(limits.address);
  metrics.gauge("dockside_addresses", "Client addresses with open sockets or recent admissions", () => addresses.size);
  /** The connection of each member's tab (`room/member/clientId`): a tab's new connection replaces its old one. */
  const tabs = new Map<string, Socket>();
  /** How to end each socket's membership (not in `socket.data`: a restored socket shares that object with its predecessor). */
  const releases = new WeakMap<Socket, (closing?: boolean) => void>();
  /** When each member last had presence relayed, per room: the presence rate is a member's, not a socket's. */
  const lastPresence = new Map<string, number>();
  const presenceGap = 1000 / limits.presenceHz - 2;

  io.on("connection", (socket: Socket) => {
    const address = socket.handshake.address;
    if (!addresses.open(address)) {
      socket.emit(EV.error, {
        event: "connection",
        code: "address.full",
        error: `too many connections from your address (at most ${limits.address.maxSockets})`,
      });
      socket.disconnect(true);
      return;
    }
    let session: Session | null = null;
    const bucket = new TokenBucket(limits.opBurst, limits.opsPerSecond);
    // Creating rooms fills the disk and joining guesses invite codes: both are slow on purpose.
    const admission = new TokenBucket(limits.admissionBurst, limits.admissionsPerSecond);
    const syncs = new TokenBucket(limits.syncBurst, limits.syncsPerSecond);
    /** Joins of this socket run one after another, so two at once cannot both take a slot. */
    let joining: Promise<unknown> = Promise.resolve();

    const refuse = (event: string, code: string, error: string, ack?: AckFn) => {
      socket.emit(EV.error, { event, code, error });
      if (ack) ack(event === EV.op ? { rejected: true, code, reason: error } : { ok: false, code, error });
    };

    /** Registers a handler that only ever sees a valid payload; anything else gets an error back. */
    const on = <T>(event: string, schema: z.ZodType<T>, fn: (value: T, ack?: AckFn) => Promise<void> | void) => {
      socket.on(event, async (...args: unknown[]) => {
        const last = args[args.length - 1];
        const ack = typeof last === "function" ? (last as AckFn) : undefined;
        // An op larger than any op may be is refused before the schema walks it (that walk is the
        // costly part of a huge packet); measuring it is one quick serialisation.
        if (event === EV.op && args[0] !== null && typeof args[0] === "object") {
          const bytes = JSON.stringify(args[0]).length;
          if (bytes > rooms.limits.maxOpBytes + 4096) {
            opsRejected.inc();
            const { key, op } = args[0] as { key?: unknown; op?: { type?: unknown } };
            const type = typeof op?.type === "string" ? op.type.slice(0, 64) : "op";
            return ack?.({
              rejected: true,
              ...(typeof key === "string" && key.length <= 100 ? { key } : {}),
              code: "op.too-large",
              reason: `${type}: this edit carries ${Math.ceil(bytes / 1024)} KiB; one edit may carry at most ${Math.round(rooms.limits.maxOpBytes / 1024)} KiB`,
            });
          }
        }
        const parsed = parsePayload(schema, args[0]);
        if (!parsed.ok || args.length > (ack ? 2 : 1)) {
          badPayloads.inc();
          const error = parsed.ok ? "one payload per event" : parsed.error;
          log.debug({ event, error, socket: socket.id }, "refused payload");
          return refuse(event, parsed.ok ? "payload.invalid" : parsed.code, error, ack);
        }
        try {
          await fn(parsed.value, ack);
        } catch (err) {
          if (err instanceof Refusal) return refuse(event, err.code, err.message, ack);
          log.error({ err, event }, "event failed");
          refuse(event, "server.error", "the server could not handle that", ack);
        }
      });
    };

    const broadcastMembers = async (roomId: string) => {
      const m = await rooms.members(roomId);
      if (m) io.to(roomId).emit(EV.members, m);
    };

    on(EV.create, CreateRoomSchema, async (input, ack) => {
      if (!admission.take()) return refuse(EV.create, "rate.limited", "too many rooms created from this connection; wait a little", ack);
      if (!addresses.take(address, "create")) return refuse(EV.create, "rate.limited", "too many rooms created from your address; wait a little", ack);
      const made = await rooms.create(input);
      log.info({ roomId: made.roomId }, "room created");
      ack?.({ ok: true, roomId: made.roomId, inviteCode: made.inviteCode, viewerInviteCode: made.viewerInviteCode, token: made.token });
    });

    /** Ends this socket's membership of its room, on every path out: a new join, a replacement, a disconnect. */
    const release = (closing = false) => {
      if (!session) return;
      const s = session;
      session = null;
      // A closed socket keeps its session and rooms: socket.io hands them to the connection that recovers it.
      if (!closing) socket.data.session = undefined;
      const tab = `${s.roomId}/${s.memberId}/${s.peerId}`;
      if (tabs.get(tab) === socket) tabs.delete(tab);
      live.left(s);
      rooms.leave(s.roomId, s.memberId);
      socket.to(s.roomId).emit(EV.presenceLeave, { peerId: s.peerId });
      if (!closing) {
        socket.leave(s.roomId);
        socket.leave(`m:${s.memberId}`);
      }
      setTimeout(() => void broadcastMembers(s.roomId), 0);
    };
    releases.set(socket, release);

    /** The same tab of the same member joined again on another connection: that older one is stale. */
    const replaceTab = (roomId: string, memberId: string, peerId: string) => {
      const tab = `${roomId}/${memberId}/${peerId}`;
      const old = tabs.get(tab);
      // A recovered connection has its predecessor's id: that one is already closed and must not be touched.
      if (old && old !== socket && old.id !== socket.id) {
        releases.get(old)?.();
        old.disconnect(true);
      }
      tabs.set(tab, socket);
    };

    on(EV.join, JoinSchema, (input, ack) => {
      const next = joining.then(() => join(input, ack));
      joining = next.catch(() => undefined);
      return next;
    });

    const join = async (input: z.infer<typeof JoinSchema>, ack?: AckFn) => {
      if (!admission.take()) return refuse(EV.join, "rate.limited", "too many join attempts from this connection; wait a little", ack);
      if (!addresses.take(address, "join")) return refuse(EV.join, "rate.limited", "too many join attempts from your address; wait a little", ack);
      release();
      const peerId = input.clientId ?? socket.id;
      // A member's tab that reconnects: its old connection goes first, so it never counts twice.
      const known = input.token ? await rooms.memberByToken(input.roomId, input.token) : null;
      if (known) replaceTab(input.roomId, known, peerId);
      const out = await rooms.join(input);
      if (!out.ok) return refuse(EV.join, out.code, out.error, ack);
      if (!socket.connected) {
        rooms.leave(input.roomId, out.member.memberId);
        return;
      }
      session = { roomId: input.roomId, memberId: out.member.memberId, peerId };
      replaceTab(input.roomId, out.member.memberId, peerId);
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
      live.joined(socket, session);
      await broadcastMembers(input.roomId);
    };

    on(EV.sync, SyncRequestSchema, async (input, ack) => {
      if (!session) return refuse(EV.sync, "room.not-joined", "join a room first", ack);
      if (!syncs.take()) return refuse(EV.sync, "rate.limited", `too many catch-up requests: at most ${limits.syncsPerSecond} per second`, ack);
      const me = await rooms.member(session.roomId, session.memberId);
      if (!me) return refuse(EV.sync, "room.removed", "you are not a member of this room", ack);
      const m = await rooms.members(session.roomId);
      const since = await rooms.since(session.roomId, input.since);
      ack?.({
        ok: true,
        roomId: session.roomId,
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

    on(EV.op, OpMessageSchema, async (msg, ack) => {
      const t0 = performance.now();
      if (!session) return refuse(EV.op, "room.not-joined", "join a room first", ack);
      if (!bucket.take()) {
        rateLimited.inc();
        opsRejected.inc();
        return ack?.({ rejected: true, key: msg.key, code: "rate.limited", reason: `too many edits: at most ${limits.opsPerSecond} per second` });
      }
      const { roomId } = session;
      // Where the order is decided here (a sole-writer store), the room hears of the op as soon as it is
      // ordered, marked with how far the room is durable; the author's ack still waits for the disk.
      const out = await rooms.submit(roomId, session.memberId, msg, (op) => broadcaster.send(roomId, op));
      if (out.broadcast) {
        if (!out.early) io.to(roomId).emit(EV.op, out.broadcast);
        for (const hook of rooms.commitHooks) hook(roomId, out.broadcast.seq);
      }
      if ("committed" in out.ack) opsCommitted.inc();
      else opsRejected.inc();
      ack?.(out.ack);
      metrics.observeCommit(performance.now() - t0);
    });

    on(EV.presence, PresenceSchema, async (p, ack) => {
      if (!session) return refuse(EV.presence, "room.not-joined", "join a room first", ack);
      ack?.({ ok: true });
      const now = performance.now();
      const who = `${session.roomId}/${session.memberId}`;
      if (now - (lastPresence.get(who) ?? 0) < presenceGap) return;
      lastPresence.set(who, now);
      const m = await rooms.member(session.roomId, session.memberId);
      if (!m) return;
      socket.volatile.to(session.roomId).emit(EV.presence, { ...p, peerId: session.peerId, memberId: m.memberId, name: m.name, color: m.color });
    });

    const ownerCommand = <T>(
      event: string,
      schema: z.ZodType<T>,
      run: (s: Session, v: T) => Promise<{ ok: true } | { ok: false; code: string; error: string }>,
    ) =>
      on(event, schema, async (v, ack) => {
        if (!session) return refuse(event, "room.not-joined", "join a room first", ack);
        const s = session;
        const r = await run(s, v);
        if (!r.ok) return refuse(event, r.code, r.error, ack);
        if (shared) io.serverSideEmit(REFRESH, s.roomId);
        ack?.(r);
        await broadcastMembers(s.roomId);
      });

    ownerCommand(EV.setRole, SetRoleSchema, (s, v) => rooms.setRole(s.roomId, s.memberId, v.memberId, v.role));
    ownerCommand(EV.lock, LockSchema, (s, v) => rooms.lock(s.roomId, s.memberId, v.locked));
    ownerCommand(EV.remove, RemoveMemberSchema, async (s, v) => {
      const r = await rooms.remove(s.roomId, s.memberId, v.memberId);
      if (r.ok) {
        io.in(`m:${v.memberId}`).emit(EV.removed, { reason: "the owner removed you from this room" });
        io.in(`m:${v.memberId}`).disconnectSockets(true);
        await tellInvite(s.roomId, s.memberId);
      }
      return r;
    });

    /** The owner's pages learn the room's current invite codes (they change on a rotation or a removal). */
    const tellInvite = async (roomId: string, ownerId: string) => {
      const invites = await rooms.invites(roomId);
      if (invites) io.to(`m:${ownerId}`).emit(EV.invite, invites);
    };

    on(EV.invite, RotateInviteSchema, async (_v, ack) => {
      if (!session) return refuse(EV.invite, "room.not-joined", "join a room first", ack);
      const s = session;
      const r = await rooms.rotateInvite(s.roomId, s.memberId);
      if (!r.ok) return refuse(EV.invite, r.code, r.error, ack);
      if (shared) io.serverSideEmit(REFRESH, s.roomId);
      ack?.(r);
      await tellInvite(s.roomId, s.memberId);
    });

    live.bind(socket, () => session, on, refuse);

    // A connection socket.io restored after a short disconnect: it is back in its rooms and gets what it
    // missed, so the client does not join again. The member is checked as it stands now.
    const restored = socket.recovered ? (socket.data.session as Session | undefined) : undefined;
    if (restored) {
      session = restored;
      void rooms.reattach(restored.roomId, restored.memberId).then((ok) => {
        if (session !== restored) return;
        if (!ok) {
          session = null;
          socket.data.session = undefined;
          socket.leave(restored.roomId);
          socket.leave(`m:${restored.memberId}`);
          socket.emit(EV.resync, {});
          return;
        }
        replaceTab(restored.roomId, restored.memberId, restored.peerId);
        live.joined(socket, restored);
        void broadcastMembers(restored.roomId);
      });
    }

    socket.on("disconnect", () => {
      addresses.close(address);
      if (session) lastPresence.delete(`${session.roomId}/${session.memberId}`);
      release(true);
    });
  });
}
