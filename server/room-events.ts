/**
 * What a room tells the outside world, and when: the one place that decides who hears a committed op.
 * `RoomOps` calls these as an op moves through the room (ordered, on disk, lost); listeners only carry
 * them out. The socket adapter (`socket-room-events.ts`) turns them into broadcasts, class progress
 * (`classes.ts`) listens for commits, and tests listen without sockets.
 *
 * When each fires:
 * - `op`: the room gave an op its seq. With a sole-writer store that is as soon as it is ordered, marked
 *   with `durable` (how far the room is on disk); with a shared store only once it is stored (no
 *   `durable`: the op itself is). Everyone in the room hears it, its author too, in seq order.
 * - `committed`: the op at `seq`, and every one before it, is on disk.
 * - `reset`: a failed write lost ops the room had already heard (`op` fired, `committed` never will):
 *   everyone there must resume from what is on disk.
 */
import type { RemoteOp } from "../lib/sync/events";

export interface RoomEvents {
  op(roomId: string, op: RemoteOp): void;
  committed(roomId: string, seq: number): void;
  reset(roomId: string): void;
}

/**
 * Fans a room's events out to whoever listens; each listener takes the events it needs.
 * @example const stop = rooms.events.listen({ committed: (roomId, seq) => progress(roomId, seq) });
 */
export class RoomEventHub implements RoomEvents {
  private readonly listeners = new Set<Partial<RoomEvents>>();

  listen(listener: Partial<RoomEvents>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  op(roomId: string, op: RemoteOp): void {
    for (const l of this.listeners) l.op?.(roomId, op);
  }

  committed(roomId: string, seq: number): void {
    for (const l of this.listeners) l.committed?.(roomId, seq);
  }

  reset(roomId: string): void {
    for (const l of this.listeners) l.reset?.(roomId);
  }
}
