/**
 * Replay: the document as it was at any seq, rebuilt from a snapshot and the op log the server serves
 * (`room:history`). Ops are applied with lib/ops `apply`, exactly as the server applied them; every
 * `checkpointEvery` ops the document is kept, so scrubbing to any seq applies at most that many ops.
 */
import type { Doc } from "../model";
import { apply } from "../ops";
import type { SyncSocket } from "./client";
import { type HistoryAck, type HistoryOp, type HistoryPage, LIVE_EV } from "./live";

export class Timeline {
  private readonly ops: HistoryOp[] = [];
  /** Documents by seq: the base, then one every `checkpointEvery` ops. */
  private readonly checkpoints = new Map<number, Doc>();
  private head: Doc;
  /** Seqs of ops that did not apply here (the server stored them, so this means a diverged replica). */
  readonly skipped: number[] = [];

  constructor(
    readonly base: { seq: number; doc: Doc },
    private readonly checkpointEvery = 50,
  ) {
    if (!Number.isInteger(checkpointEvery) || checkpointEvery < 1) throw new Error(`checkpointEvery must be a positive integer, got ${checkpointEvery}`);
    this.head = base.doc;
    this.checkpoints.set(base.seq, base.doc);
  }

  /** The first seq the timeline can show (the base snapshot's). */
  get first(): number {
    return this.base.seq;
  }
  /** The newest seq held. */
  get last(): number {
    return this.base.seq + this.ops.length;
  }
  get entries(): readonly HistoryOp[] {
    return this.ops;
  }

  /**
   * Adds ops that continue the log; a gap or an overlap is refused with a message saying where.
   * @example t.append(page.ops) // { ok: true }
   */
  append(ops: readonly HistoryOp[]): { ok: true } | { ok: false; error: string } {
    for (const o of ops) {
      if (o.seq <= this.last) continue;
      if (o.seq !== this.last + 1) return { ok: false, error: `history has a gap: expected seq ${this.last + 1}, got ${o.seq}` };
      const r = apply(this.head, o.op);
      if (r.ok) this.head = r.doc;
      else this.skipped.push(o.seq);
      this.ops.push(o);
      if ((o.seq - this.base.seq) % this.checkpointEvery === 0) this.checkpoints.set(o.seq, this.head);
    }
    return { ok: true };
  }

  /** The op that produced `seq` (undefined for the base or outside the timeline). */
  entry(seq: number): HistoryOp | undefined {
    return this.ops[seq - this.base.seq - 1];
  }

  /**
   * The document right after op `seq` was applied (clamped to the timeline).
   * @example timeline.docAt(timeline.first) // the base snapshot
   */
  docAt(seq: number): Doc {
    const at = Math.max(this.first, Math.min(this.last, Math.floor(seq)));
    if (at === this.last) return this.head;
    const from = this.base.seq + Math.floor((at - this.base.seq) / this.checkpointEvery) * this.checkpointEvery;
    let doc = this.checkpoints.get(from) as Doc;
    for (let s = from + 1; s <= at; s++) {
      const r = apply(doc, (this.ops[s - this.base.seq - 1] as HistoryOp).op);
      if (r.ok) doc = r.doc;
    }
    return doc;
  }
}

/**
 * Reads a room's whole op log page by page over a socket and builds its timeline. Only the owner may.
 * @example const t = await loadHistory(socket); if (t.ok) t.timeline.docAt(12)
 */
export async function loadHistory(
  socket: Pick<SyncSocket, "emit">,
  opts: { pageSize?: number; maxOps?: number; timeoutMs?: number; onPage?: (loaded: number, head: number) => void } = {},
): Promise<{ ok: true; timeline: Timeline; head: number; truncated: boolean } | { ok: false; code: string; error: string }> {
  const ask = (payload: { after?: number; limit?: number }) =>
    new Promise<HistoryAck>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, code: "timeout", error: "the server did not answer" }), opts.timeoutMs ?? 10_000);
      socket.emit(LIVE_EV.history, payload, (ack: HistoryAck) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
  const limit = opts.pageSize ?? 500;
  const maxOps = opts.maxOps ?? 100_000;
  let page = await ask({ limit });
  if (!page.ok) return page;
  if (!page.base) return { ok: false, code: "history.no-base", error: "the server sent no snapshot to start from" };
  const timeline = new Timeline(page.base);
  for (;;) {
    const p: HistoryPage = page;
    const added = timeline.append(p.ops);
    if (!added.ok) return { ok: false, code: "history.gap", error: added.error };
    opts.onPage?.(timeline.last, p.head);
    if (!p.more || p.ops.length === 0) return { ok: true, timeline, head: p.head, truncated: false };
    if (timeline.last - timeline.first >= maxOps) return { ok: true, timeline, head: p.head, truncated: true };
    page = await ask({ after: timeline.last, limit });
    if (!page.ok) return page;
    if (page.base && page.base.seq > timeline.last)
      return { ok: false, code: "history.compacted", error: "the log was compacted while loading; open replay again" };
  }
}
