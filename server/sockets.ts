/**
 * socket.io events -> `Rooms`. Every inbound payload is parsed with the schemas of `lib/sync/events`
 * (unknown keys and prototype keys refused, `socket-conn.ts`) and every event checks the sender's
 * membership and role as it stands at that moment. One file per concern: `socket-membership.ts`
 * (create, join, sync, leave), `socket-edits.ts` (ops, presence), `socket-owner.ts` (owner commands),
 * `live.ts` (presenting, replay), `socket-room-events.ts` (what a room's members hear of its ops).
 */
import type { Logger } from "pino";
import type { Server, Socket } from "socket.io";
import { EV } from "../lib/sync/events";
import { OpBroadcaster } from "./broadcast";
import { directFrames } from "./frames";
import { type AddressLimitSettings, AddressLimits, DEFAULT_ADDRESS_LIMITS } from "./limits";
import { Live } from "./live";
import type { Metrics } from "./metrics";
import type { Rooms } from "./rooms";
import { Conn } from "./socket-conn";
import { Edits } from "./socket-edits";
import { Membership } from "./socket-membership";
import { OwnerCommands } from "./socket-owner";
import { socketRoomEvents } from "./socket-room-events";

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

/** Tells other processes to reload a room's roles, lock and members. */
export const REFRESH = "dockside:refresh";

/**
 * Wires socket.io to the rooms: one `Conn` per connection, and each concern binds its own events on
 * it (membership, edits, owner commands, live demos). What a room's members hear of its ops is decided
 * by the room and carried out by `socketRoomEvents`.
 */
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
  const broadcaster = new OpBroadcaster(io);
  metrics.gauge("dockside_broadcast_packets_total", "Op broadcast packets sent to rooms", () => broadcaster.stats.flushes);
  metrics.gauge("dockside_broadcast_ops_total", "Ops carried by those packets", () => broadcaster.stats.ops);
  metrics.gauge("dockside_broadcast_batching", "1 while the event loop is busy and rooms batch their broadcasts", () => (broadcaster.batching ? 1 : 0));
  rooms.events.listen(socketRoomEvents(io, broadcaster, rooms.early));
  metrics.gauge("dockside_durable_marks_total", "Durable marks sent alone (not carried by an op packet)", () => broadcaster.stats.marks);

  const framesDirect = metrics.counter("dockside_frames_direct_total", "Broadcast frames written straight to a member's WebSocket");
  const addresses = new AddressLimits(limits.address);
  metrics.gauge("dockside_addresses", "Client addresses with open sockets or recent admissions", () => addresses.size);
  const live = new Live(io, rooms, log, shared);
  const membership = new Membership(io, rooms, live, addresses, limits, (fields, msg) => log.info(fields, msg));
  const edits = new Edits(rooms, metrics, { opsCommitted, opsRejected, rateLimited }, limits);
  const refreshOthers = shared ? (roomId: string) => void io.serverSideEmit(REFRESH, roomId) : null;
  const owner = new OwnerCommands(io, rooms, refreshOthers, (roomId) => membership.tellMembers(roomId));

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
    directFrames(socket, framesDirect);
    const conn = new Conn(socket, log, { badPayloads, opsRejected }, rooms.limits.maxOpBytes);
    edits.bind(conn);
    owner.bind(conn);
    live.bind(socket, () => conn.session, conn.on, conn.refuse);
    membership.bind(conn);
    socket.on("disconnect", () => {
      addresses.close(address);
      edits.closed(conn);
      membership.release(conn, true);
    });
  });
}
