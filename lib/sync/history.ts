/**
 * The confirmed side of a client's copy of a room: the server's document at `seq`, and the newest
 * point it may roll back to.
 *
 * A sole-writer server broadcasts an op as soon as it has ordered it and writes it to disk afterwards,
 * so a crash in between loses ops that clients have already applied; the restarted server then gives
 * those seqs to other ops. Every broadcast says up to which seq the room is durable. Ops at or below that
 * seq never change, so the document there is a safe place to resume from: on each new connection the
 * client rolls back to it and asks the server for everything after it.
 */
import type { Doc } from "../model";

interface Point {
  seq: number;
  doc: Doc;
}

/**
 * @example
 * const h = new ConfirmedHistory();
 * h.reset(0, world);           // a snapshot: durable by definition
 * h.push(1, doc1); h.push(2, doc2);
 * h.markDurable(1);            // the server has 1 on disk
 * h.rollback();                // back to seq 1: seq 2 may have been lost
 */
export class ConfirmedHistory {
  doc: Doc | null = null;
  seq = 0;
  /** Every op up to this seq is on the server's disk; that holds across server restarts too. */
  durable = 0;
  /** The newest point at or below `durable`. */
  private base: Point | null = null;
  /** The points after `base`, oldest first: ops applied here that a crash could still take back. */
  private trail: Point[] = [];

  /** Starts again from a whole document (a snapshot, which the server only sends once it is durable). */
  reset(seq: number, doc: Doc): void {
    this.doc = doc;
    this.seq = seq;
    this.durable = Math.max(this.durable, seq);
    this.base = { seq, doc };
    this.trail = [];
  }

  /** Records the document after the op at `seq`. */
  push(seq: number, doc: Doc): void {
    this.doc = doc;
    this.seq = seq;
    this.trail.push({ seq, doc });
    this.settle();
  }

  markDurable(seq: number): void {
    if (seq <= this.durable) return;
    this.durable = seq;
    this.settle();
  }

  /** How many applied ops are not known to be durable yet. */
  get tentative(): number {
    return this.trail.length;
  }

  /** Drops every op not known to be durable; returns how many were dropped. */
  rollback(): number {
    const dropped = this.trail.length;
    if (this.base && dropped > 0) {
      this.doc = this.base.doc;
      this.seq = this.base.seq;
      this.trail = [];
    }
    return dropped;
  }

  private settle(): void {
    const upTo = Math.min(this.durable, this.seq);
    let i = 0;
    while (i < this.trail.length && (this.trail[i] as Point).seq <= upTo) i++;
    if (i === 0) return;
    this.base = this.trail[i - 1] as Point;
    this.trail = this.trail.slice(i);
  }
}
