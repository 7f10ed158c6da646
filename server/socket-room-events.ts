/**
 * The socket adapter of a room's events (`room-events.ts`): the one place where what a room decided
 * becomes socket.io packets. Ops go through the broadcaster (coalesced per room, in seq order); a reset
 * drops what the broadcaster still held for the room and tells everyone there to resume. Where ops go
 * out before they are durable (`early`: a sole-writer store), the room also learns when they are on
 * disk: that mark is how an author knows its op is done (`broadcast.ts`).
 */
import type { Server } from "socket.io";
import { EV } from "../lib/sync/events";
import type { OpBroadcaster } from "./broadcast";
import type { RoomEvents } from "./room-events";

export function socketRoomEvents(io: Server, broadcaster: OpBroadcaster, early: boolean): Partial<RoomEvents> {
  return {
    op: (roomId, op) => broadcaster.send(roomId, op),
    ...(early ? { committed: (roomId: string, seq: number) => broadcaster.durable(roomId, seq) } : {}),
    reset: (roomId) => {
      broadcaster.drop(roomId);
      io.to(roomId).emit(EV.resync, {});
    },
  };
}
