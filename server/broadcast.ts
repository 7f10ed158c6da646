/**
 * Op broadcasts of a room, coalesced. socket.io writes one WebSocket frame per socket per emit, so a
 * room of 40 costs 40 writes per op, and on a busy server those writes are most of its work. Ops of one
 * room ordered in the same turn of the event loop go out as one `ops` packet, in seq order; a lone op
 * goes as `op`, so a quiet room sees no change and no delay beyond the end of the current turn.
 *
 * Under load (the event loop busy most of the time) that is not enough: ops queue faster than they are
 * written, and every op waits behind the writes of all the ops before it. Then each room flushes at
 * most once per `window` ms, so a room's ops share frames and the loop catches up; the first op after a
 * quiet spell still goes at once. The window opens and closes with the loop's measured utilisation, so
 * a server that keeps up never delays anything.
 *
 * Durable marks (sole-writer store): once a room's ops are on disk, its members learn how far (an
 * author's pending op is done once it is durable: that is its ack). The mark rides on the room's next
 * op packet, as the `durable` of its last op, when one goes within `window` ms; only a room that falls
 * quiet gets it alone, as `room:durable`.
 */
import { performance } from "node:perf_hooks";
import type { Server } from "socket.io";
import { EV, type RemoteOp } from "../lib/sync/events";

interface BroadcastTuning {
  /** The longest a room's op waits for others to share its frame, when the loop is busy. */
  windowMs: number;
  /** Utilisation (0-1) of the event loop over the last sample above which rooms batch... */
  busyAbove: number;
  /** ...and below which they stop. */
  idleBelow: number;
  /** How often utilisation is sampled. */
  sampleMs: number;
  /** Weight of the newest sample in the moving average (1: no smoothing). */
  smoothing: number;
}

/**
 * Utilisation is smoothed over about half a second, so one garbage collection or one burst of joins does
 * not switch batching on: it is for a loop that stays behind, not one that had a busy moment.
 */
const DEFAULT_TUNING: BroadcastTuning = { windowMs: 25, busyAbove: 0.85, idleBelow: 0.6, sampleMs: 100, smoothing: 0.3 };

export class OpBroadcaster {
  private pending = new Map<string, RemoteOp[]>();
  /** How far each room is durable, not yet told, and the timers that will tell it alone. */
  private marks = new Map<string, number>();
  private markTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private scheduled = false;
  /** Rooms waiting for their window to end, and when each last flushed (kept only while batching). */
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private lastFlush = new Map<string, number>();
  private busy = false;
  private monitor: ReturnType<typeof setInterval> | null = null;
  /** Flushes so far, and how many ops they carried: the batching at work, for `/metrics`. */
  readonly stats = { flushes: 0, ops: 0, busySamples: 0, marks: 0 };

  constructor(
    private readonly io: Server,
    private readonly tuning: BroadcastTuning = DEFAULT_TUNING,
  ) {
    if (tuning.windowMs > 0) {
      let last = performance.eventLoopUtilization();
      let u = 0;
      this.monitor = setInterval(() => {
        const now = performance.eventLoopUtilization();
        u += tuning.smoothing * (performance.eventLoopUtilization(now, last).utilization - u);
        last = now;
        if (!this.busy && u > tuning.busyAbove) this.busy = true;
        else if (this.busy && u < tuning.idleBelow) {
          this.busy = false;
          this.lastFlush.clear();
        }
        if (this.busy) this.stats.busySamples++;
      }, tuning.sampleMs);
      this.monitor.unref();
    }
  }

  /** True while rooms batch their broadcasts. */
  get batching(): boolean {
    return this.busy;
  }

  send(roomId: string, op: RemoteOp): void {
    const list = this.pending.get(roomId);
    if (list) list.push(op);
    else this.pending.set(roomId, [op]);
    if (this.timers.has(roomId)) return;
    if (this.busy) {
      const wait = (this.lastFlush.get(roomId) ?? 0) + this.tuning.windowMs - performance.now();
      if (wait > 1) {
        this.timers.set(
          roomId,
          setTimeout(() => {
            this.timers.delete(roomId);
            this.flushRoom(roomId);
          }, wait),
        );
        return;
      }
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** The room's ops up to `seq` are on disk: told with its next op packet, or alone after `window` ms. */
  durable(roomId: string, seq: number): void {
    if ((this.marks.get(roomId) ?? 0) >= seq) return;
    this.marks.set(roomId, seq);
    if (this.markTimers.has(roomId)) return;
    const timer = setTimeout(
      () => {
        this.markTimers.delete(roomId);
        const mark = this.marks.get(roomId);
        if (mark === undefined) return;
        this.marks.delete(roomId);
        this.stats.marks++;
        this.io.to(roomId).emit(EV.durable, { seq: mark });
      },
      Math.max(1, this.tuning.windowMs),
    );
    this.markTimers.set(roomId, timer);
  }

  /** Forgets a room's ops not sent yet (they were lost with a failed write). */
  drop(roomId: string): void {
    this.pending.delete(roomId);
    this.clearMark(roomId);
    const t = this.timers.get(roomId);
    if (t) clearTimeout(t);
    this.timers.delete(roomId);
    this.lastFlush.delete(roomId);
  }

  close(): void {
    if (this.monitor) clearInterval(this.monitor);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const t of this.markTimers.values()) clearTimeout(t);
    this.markTimers.clear();
  }

  private clearMark(roomId: string): void {
    this.marks.delete(roomId);
    const t = this.markTimers.get(roomId);
    if (t) clearTimeout(t);
    this.markTimers.delete(roomId);
  }

  private flush(): void {
    this.scheduled = false;
    for (const roomId of [...this.pending.keys()]) if (!this.timers.has(roomId)) this.flushRoom(roomId);
  }

  private flushRoom(roomId: string): void {
    const ops = this.pending.get(roomId);
    if (!ops) return;
    this.pending.delete(roomId);
    if (this.busy) this.lastFlush.set(roomId, performance.now());
    this.stats.flushes++;
    this.stats.ops += ops.length;
    // The room's durable mark goes with its ops: every op up to it is on disk, so it may stand on the last.
    const mark = this.marks.get(roomId);
    if (mark !== undefined) {
      const last = ops[ops.length - 1] as RemoteOp;
      last.durable = Math.max(last.durable ?? 0, mark);
      this.clearMark(roomId);
    }
    if (ops.length === 1) this.io.to(roomId).emit(EV.op, ops[0]);
    else this.io.to(roomId).emit(EV.ops, ops);
  }
}
