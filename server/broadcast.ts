/**
 * Op broadcasts of a room, coalesced per turn of the event loop. socket.io writes one WebSocket frame
 * per socket per emit, so a room of 40 costs 40 writes per op; ops of one room ordered in the same turn
 * (under load, many) go out as one `ops` packet instead, in seq order. A lone op goes as `op`, so a quiet
 * room sees no change and no extra delay beyond the end of the current turn.
 */
import type { Server } from "socket.io";
import { EV, type RemoteOp } from "../lib/sync/events";

export class OpBroadcaster {
  private pending = new Map<string, RemoteOp[]>();
  private scheduled = false;

  constructor(private readonly io: Server) {}

  send(roomId: string, op: RemoteOp): void {
    const list = this.pending.get(roomId);
    if (list) list.push(op);
    else this.pending.set(roomId, [op]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Forgets a room's ops not sent yet (they were lost with a failed write). */
  drop(roomId: string): void {
    this.pending.delete(roomId);
  }

  private flush(): void {
    this.scheduled = false;
    const rooms = this.pending;
    this.pending = new Map();
    for (const [roomId, ops] of rooms) {
      if (ops.length === 1) this.io.to(roomId).emit(EV.op, ops[0]);
      else this.io.to(roomId).emit(EV.ops, ops);
    }
  }
}
