/**
 * The document half of a `SyncClient`, without a socket: the server's document (`confirmed`, at
 * `seq`, with what is known to be durable) and this client's own ops not yet settled, re-applied on
 * top of it (the rebase) to give the document shown. Broadcasts that arrive ahead of a gap wait in
 * `early` until the gap fills; the client is told through `hooks.gap` when one opens, so it can ask
 * the server, and through `hooks.gapClosed` when nothing is missing any more.
 */
import type { Doc } from "../model";
import { apply, type Op } from "../ops";
import type { Commit, PendingOp, SyncChange } from "./client-types";
import type { OpAck, RemoteOp, Snapshot } from "./events";
import { ConfirmedHistory } from "./history";

interface PendingDocHooks {
  changed(change: SyncChange): void;
  gap(): void;
  gapClosed(): void;
}

/**
 * @example const d = new PendingDoc({ changed: render, gap: askLater, gapClosed: stopAsking }); d.catchUp(joinAck);
 */
export class PendingDoc {
  private readonly hist = new ConfirmedHistory();
  /** Own ops seen in a broadcast but not yet durable: the documents around them, for `onCommit`. */
  private seenOwn = new Map<string, { before: Doc; after: Doc }>();
  private shown: Doc | null = null;
  private queue: PendingOp[] = [];
  /** Ops that arrived ahead of a gap, by seq. */
  private early = new Map<number, RemoteOp>();
  private commitListeners = new Set<(c: Commit) => void>();
  private opListeners = new Set<(op: Op) => void>();
  /** The highest seq an ack announced; a broadcast of it is still expected. */
  private wantSeq = 0;

  constructor(private readonly hooks: PendingDocHooks) {}

  get confirmed(): Doc | null {
    return this.hist.doc;
  }
  get confirmedSeq(): number {
    return this.hist.seq;
  }
  /** The confirmed document plus the pending ops. Null before the first join. */
  get doc(): Doc | null {
    return this.shown;
  }
  get pending(): readonly PendingOp[] {
    return this.queue;
  }
  /**
   * Calls `listener` with every op the room commits as its broadcast arrives, this client's own too,
   * in seq order; not for the ops a join or a gap's catch-up replays (they happened before). Returns
   * the unsubscribe function.
   */
  onOp(listener: (op: Op) => void): () => void {
    this.opListeners.add(listener);
    return () => this.opListeners.delete(listener);
  }

  /** Some seq is missing: ops wait behind it, or an ack announced one not yet broadcast. */
  get gapOpen(): boolean {
    return this.early.size > 0 || this.wantSeq > this.confirmedSeq;
  }

  /** Queues an op already applied locally; `doc` is the shown document with it. */
  add(entry: PendingOp, doc: Doc): void {
    this.queue.push(entry);
    this.shown = doc;
  }

  /** A new connection: every pending op goes again (same key, so nothing commits twice). */
  unsend(): void {
    for (const p of this.queue) p.sent = false;
  }

  /** See `SyncClient.onCommit`. */
  onCommit(listener: (c: Commit) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  catchUp(ack: { snapshot: Snapshot | null; ops: RemoteOp[]; durable?: number }): void {
    if (ack.snapshot) this.onSnapshot(ack.snapshot, true);
    for (const m of ack.ops) this.onRemote(m, false);
    this.markDurable(ack.durable ?? ack.ops[ack.ops.length - 1]?.seq ?? 0);
  }

  rollback(): void {
    if (this.hist.rollback() === 0) return;
    this.early.clear();
    this.seenOwn.clear();
    for (const p of this.queue) p.confirmedAt = undefined;
    this.rebase();
    this.hooks.changed({ type: "doc", remote: true });
  }

  /** A durable mark from the room: own ops seen up to `seq` are done (that is their ack). */
  onDurable(seq: unknown): void {
    if (typeof seq !== "number" || !Number.isInteger(seq)) return;
    const before = this.queue.length;
    this.markDurable(seq);
    if (this.queue.length !== before) this.hooks.changed({ type: "doc", remote: false });
  }

  /** The server has every op up to `seq` on disk: own ops seen up to there are done. */
  private markDurable(seq: number): void {
    this.hist.markDurable(seq);
    const done = Math.min(this.hist.durable, this.confirmedSeq);
    if (!this.queue.some((p) => p.confirmedAt !== undefined && p.confirmedAt <= done)) return;
    const keep: PendingOp[] = [];
    for (const p of this.queue) {
      if (p.confirmedAt !== undefined && p.confirmedAt <= done) this.committed(p);
      else keep.push(p);
    }
    this.queue = keep;
  }

  private committed(p: PendingOp): void {
    const seen = this.seenOwn.get(p.key);
    this.seenOwn.delete(p.key);
    if (seen) for (const l of this.commitListeners) l({ key: p.key, op: p.op, before: seen.before, after: seen.after });
  }

  onAck(key: string, ack: OpAck): void {
    if ("committed" in ack) {
      const p = this.queue.find((x) => x.key === key);
      if (p) p.committedSeq = ack.seq;
      // An ack comes only once the op is on disk, and writes land in seq order.
      this.markDurable(ack.seq);
      if (p && !this.queue.includes(p)) {
        this.hooks.changed({ type: "doc", remote: false });
        return;
      }
      // Already inside the confirmed document (a snapshot or replay covered it): done with it.
      if (p && ack.seq <= this.confirmedSeq) {
        this.queue.splice(this.queue.indexOf(p), 1);
        this.committed(p);
        this.rebase();
        this.hooks.changed({ type: "doc", remote: false });
        return;
      }
      // The broadcast of that seq confirms it; if it does not come, ask for it.
      if (ack.seq > this.confirmedSeq) {
        this.wantSeq = Math.max(this.wantSeq, ack.seq);
        this.hooks.gap();
      }
      return;
    }
    const i = this.queue.findIndex((p) => p.key === key);
    if (i < 0) return;
    const [dropped] = this.queue.splice(i, 1);
    this.rebase();
    this.hooks.changed({ type: "rejected", key, op: (dropped as PendingOp).op, code: ack.code, reason: ack.reason });
    this.hooks.changed({ type: "doc", remote: false });
  }

  /** `authoritative`: the answer to a join or sync, which replaces even a newer (tentative) document. */
  onSnapshot(s: Snapshot, authoritative = false): void {
    if (this.confirmed && s.seq < this.confirmedSeq && !authoritative) return;
    this.hist.reset(s.seq, s.doc);
    // A snapshot carries no keys: ops it already contains are known by the seq they were given.
    this.queue = this.queue.filter((p) => {
      const at = p.committedSeq ?? p.confirmedAt;
      if (at !== undefined && at <= s.seq) {
        this.committed(p);
        return false;
      }
      p.confirmedAt = undefined;
      return true;
    });
    this.seenOwn.clear();
    for (const k of [...this.early.keys()]) if (k <= s.seq) this.early.delete(k);
    this.drainEarly();
    this.rebase();
    this.hooks.changed({ type: "doc", remote: true });
  }

  /** `live`: a broadcast as it happens, not a catch-up's replay of what happened while away. */
  onRemote(m: RemoteOp, live = true): void {
    if (!this.confirmed || m.seq <= this.confirmedSeq) return;
    if (m.seq > this.confirmedSeq + 1) {
      this.early.set(m.seq, m);
      this.hooks.gap();
      return;
    }
    this.applyConfirmed(m, live);
    this.drainEarly(live);
    this.rebase();
    this.hooks.changed({ type: "doc", remote: true });
  }

  private drainEarly(live = false): void {
    for (let next = this.early.get(this.confirmedSeq + 1); next; next = this.early.get(this.confirmedSeq + 1)) {
      this.early.delete(next.seq);
      this.applyConfirmed(next, live);
    }
    if (!this.gapOpen) this.hooks.gapClosed();
  }

  private applyConfirmed(m: RemoteOp, live = false): void {
    const before = this.confirmed as Doc;
    const r = apply(before, m.op);
    // The server applied this op to the same document, so it applies here too; if it somehow does
    // not, the seq still advances and the next snapshot repairs the document.
    this.hist.push(m.seq, r.ok ? r.doc : before);
    const mine = this.queue.findIndex((p) => p.key === m.key);
    if (mine >= 0) {
      const own = this.queue[mine] as PendingOp;
      // Kept pending (and re-sent after a reconnect) until durable; the rebase skips it meanwhile.
      own.confirmedAt = m.seq;
      if (r.ok) this.seenOwn.set(own.key, { before, after: r.doc });
    }
    this.markDurable(m.durable ?? m.seq);
    if (live && r.ok) for (const l of this.opListeners) l(m.op);
  }

  /** Re-applies the pending ops on top of the confirmed document. */
  private rebase(): void {
    let doc = this.confirmed as Doc;
    for (const p of this.queue) {
      if (p.confirmedAt !== undefined) continue;
      const r = apply(doc, p.op);
      if (r.ok) doc = r.doc;
    }
    this.shown = doc;
  }
}
