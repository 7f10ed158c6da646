/**
 * The op path of a loaded room: validate an op against the room as it stands, give it the next seq,
 * store it, and say what to ack and broadcast. Two ways, chosen once per process: pipelined when this
 * process is the store's only writer (the next op is validated before the previous one is on disk),
 * optimistic otherwise (append, and on a seq conflict learn what another process committed and retry).
 * Who hears an op, and when, is told through the room's events (`room-events.ts`), never by the caller.
 */
import { type Doc, docBytes, sizeDelta } from "../lib/model";
import { apply, applyValid } from "../lib/ops";
import type { OpAck, OpMessage, RemoteOp } from "../lib/sync/events";
import { authorKey, type LiveRoom, type RoomLimits, serial, toRemote } from "./live-room";
import type { RoomEvents } from "./room-events";
import type { RoomStore, StoredOp, TurnView } from "./store";

/** Ops one turn may append before the room's turn goes back, so the other processes wait at most this many appends. */
const MAX_TURN_OPS = 32;

/** `broadcast` is the op newly committed by this submit (the room's events already carried it). */
export type SubmitOutcome = { ack: OpAck; broadcast: RemoteOp | null };

/** Counters for /metrics. */
interface OpStats {
  committed: number;
  rejected: number;
  conflicts: number;
  snapshots: number;
}

/**
 * @example const ops = new RoomOps(store, limits, stats, store.soleWriter, events, forget); await ops.submit(room, memberId, msg);
 */
export class RoomOps {
  /**
   * `pipeline`: validate the next op before the previous one is on disk (only when this process is the
   * only writer). `broken`: a pipelined write failed, so the room's copy in memory must be dropped.
   */
  constructor(
    private readonly store: RoomStore,
    private readonly limits: RoomLimits,
    private readonly stats: OpStats,
    private readonly pipeline: boolean,
    private readonly events: RoomEvents,
    private readonly broken: (roomId: string) => void,
    /** Why nothing that adds data may be stored now (the disk is nearly full), or null. */
    private readonly diskRefusal: () => string | null = () => null,
  ) {}

  /**
   * Validates, orders and stores one op; the answer is the author's ack. With a sole-writer store the
   * room hears the op (`events.op`) as soon as it is ordered, while the returned ack still waits until
   * it is durable: the author keeps it pending and re-sends it after a crash, and the `durable` seq on
   * every broadcast lets the others drop what a crash lost.
   * `msg` has passed `OpMessageSchema` (the socket layer parses every event), so its op is not parsed again.
   */
  async submit(room: LiveRoom | null, memberId: string, msg: OpMessage): Promise<SubmitOutcome> {
    const reject = (code: string, reason: string): SubmitOutcome => {
      this.stats.rejected++;
      return { ack: { rejected: true, key: msg.key, code, reason }, broadcast: null };
    };
    if (!room) return reject("room.missing", "no such room");
    const opBytes = JSON.stringify(msg.op).length;
    if (opBytes > this.limits.maxOpBytes) {
      return reject(
        "op.too-large",
        `${msg.op.type}: this edit carries ${Math.ceil(opBytes / 1024)} KiB; one edit may carry at most ${Math.round(this.limits.maxOpBytes / 1024)} KiB`,
      );
    }
    // Measured once, here: the size also counts towards the room's log once the op is ordered.
    if (this.pipeline) {
      const decided = await serial(room, () => this.pipelined(room, memberId, msg, opBytes, reject));
      return "pending" in decided ? decided.pending : decided;
    }
    room.queued++;
    return serial(room, async () => {
      room.queued--;
      // A turn is kept only for the room's next queued op, and never after a failure.
      let keepTurn = false;
      try {
        const out = await this.optimistic(room, memberId, msg, opBytes, reject);
        keepTurn = room.turn !== null && ++room.turn.ops < MAX_TURN_OPS && room.queued > 0;
        return out;
      } finally {
        const turn = keepTurn ? null : room.turn;
        if (turn) {
          room.turn = null;
          await turn.store.end();
        }
      }
    });
  }

  /** Applies ops another process committed (or that were stored before a restart), read through `from`. */
  async catchUp(room: LiveRoom, from: TurnView = this.store): Promise<void> {
    const ops = await from.opsAfter(room.meta.id, room.seq);
    if (ops.length > 0 && (ops[0] as StoredOp).seq !== room.seq + 1) {
      // Compacted past us: start again from the newest snapshot.
      const snap = await from.latestSnapshot(room.meta.id);
      if (snap && snap.seq > room.seq) {
        room.doc = snap.doc;
        room.seq = snap.seq;
        room.keysFrom = snap.seq;
      }
      return this.catchUp(room, from);
    }
    for (const o of ops) {
      const r = apply(room.doc, o.op);
      if (r.ok) {
        room.bytes += sizeDelta(room.doc, r.doc);
        room.doc = r.doc;
      }
      room.seq = o.seq;
      this.remember(room, o.key, o.seq);
    }
    if (room.seq > room.durable.seq) room.durable = { seq: room.seq, doc: room.doc };
  }

  /**
   * The shared-store path: append at the next seq. Another process may have taken it first; then this
   * one takes the room's turn (`RoomStore.beginTurn`), learns what the other committed and appends while
   * the other waits, and keeps the turn while its ops for the room queue (up to `MAX_TURN_OPS`): the
   * processes take turns, so none is outrun into refusing ops, and each turn appends without races.
   */
  private async optimistic(
    room: LiveRoom,
    memberId: string,
    msg: OpMessage,
    opBytes: number,
    reject: (code: string, reason: string) => SubmitOutcome,
  ): Promise<SubmitOutcome> {
    const refused = this.check(room, memberId);
    if (refused) return reject(refused.code, refused.reason);
    const key = authorKey(memberId, msg.key);
    const known = room.recentKeys.get(key);
    if (known !== undefined) return { ack: { committed: true, seq: known, key: msg.key }, broadcast: null };
    if (!room.turn) {
      const first = await this.attempt(room, memberId, msg, opBytes, reject, this.store);
      if (first) return first;
      room.turn = { store: await this.store.beginTurn(room.meta.id), ops: 0 };
      await this.catchUp(room, room.turn.store);
    }
    // Within a turn nobody else appends, so this lands at once; the loop is only a safety net.
    for (let attempt = 0; attempt < 3; attempt++) {
      const out = await this.attempt(room, memberId, msg, opBytes, reject, room.turn.store);
      if (out) return out;
      await this.catchUp(room, room.turn.store);
    }
    return reject("room.busy", "the room is too busy, try again");
  }

  /** One append at the room's next seq through `via`; null when another process took that seq first. */
  private async attempt(
    room: LiveRoom,
    memberId: string,
    msg: OpMessage,
    opBytes: number,
    reject: (code: string, reason: string) => SubmitOutcome,
    via: TurnView,
  ): Promise<SubmitOutcome | null> {
    const key = authorKey(memberId, msg.key);
    const r = applyValid(room.doc, msg.op);
    if (!r.ok) {
      const dup = await via.seqOfKey(room.meta.id, key);
      if (dup !== null) return { ack: { committed: true, seq: dup, key: msg.key }, broadcast: null };
      return reject(r.code, r.error);
    }
    const ready = this.toStore(room, memberId, msg, opBytes, r.doc);
    if ("code" in ready) return reject(ready.code, ready.reason);
    const { stored, grows } = ready;
    const res = await via.appendOp(room.meta.id, stored);
    if (res.ok) {
      room.doc = r.doc;
      room.seq = stored.seq;
      room.durable = { seq: stored.seq, doc: r.doc };
      room.bytes += grows;
      this.remember(room, key, stored.seq);
      this.stats.committed++;
      const remote = toRemote(stored);
      this.events.op(room.meta.id, remote);
      this.events.committed(room.meta.id, stored.seq);
      await this.maybeSnapshot(room, stored.seq, r.doc, via);
      return { ack: { committed: true, seq: stored.seq, key: msg.key }, broadcast: remote };
    }
    this.stats.conflicts++;
    if ("duplicate" in res) {
      // Another connection of this author committed this very key: learn what was committed up to it.
      await this.catchUp(room, via);
      return { ack: { committed: true, seq: res.duplicate, key: msg.key }, broadcast: null };
    }
    return null;
  }

  /**
   * The sole-writer path: validate against the head, take the next seq and queue the write, without
   * waiting for the disk before the next op of the room is validated. The returned promise (the ack)
   * still resolves only once the write is durable, and writes land in seq order.
   */
  private async pipelined(
    room: LiveRoom,
    memberId: string,
    msg: OpMessage,
    opBytes: number,
    reject: (code: string, reason: string) => SubmitOutcome,
  ): Promise<SubmitOutcome | { pending: Promise<SubmitOutcome> }> {
    // Queued behind a failed write of this copy: the author re-sends it to the reloaded room.
    if (room.broken) return reject("server.error", "the edit could not be stored");
    const refused = this.check(room, memberId);
    if (refused) return reject(refused.code, refused.reason);
    // A key is first sent with the seq its client had seen (`baseSeq`, kept on every re-send), so it
    // was committed, if at all, after that seq. From `keysFrom` on the room remembers every key: then a
    // key it does not know was never committed, and the disk need not be asked.
    // Keys are the author's own: another member sending the same key is another op, never a duplicate.
    const key = authorKey(memberId, msg.key);
    const known = room.recentKeys.get(key) ?? (msg.baseSeq >= room.keysFrom ? null : await this.store.seqOfKey(room.meta.id, key));
    if (known !== null) {
      const ack = { ack: { committed: true as const, seq: known, key: msg.key }, broadcast: null };
      if (known <= room.durable.seq) return ack;
      // Ordered but not yet on disk (a re-send after a reconnect): acked only once it is.
      const pending = room.lastWrite.then(() => (room.durable.seq >= known ? ack : reject("server.error", "the edit could not be stored")));
      return { pending };
    }
    const r = applyValid(room.doc, msg.op);
    if (!r.ok) return reject(r.code, r.error);
    const ready = this.toStore(room, memberId, msg, opBytes, r.doc);
    if ("code" in ready) return reject(ready.code, ready.reason);
    const { stored, grows } = ready;
    room.doc = r.doc;
    room.seq = stored.seq;
    room.bytes += grows;
    this.remember(room, key, stored.seq);
    const remote = toRemote(stored);
    room.tail.push(remote);
    this.events.op(room.meta.id, { ...remote, durable: room.durable.seq });
    const pending = this.store
      .appendOp(room.meta.id, stored, { ordered: true })
      .then(async (res): Promise<SubmitOutcome> => {
        if (!res.ok) throw new Error(`append refused: ${JSON.stringify(res)}`);
        room.durable = { seq: stored.seq, doc: r.doc };
        while (room.tail.length > 0 && (room.tail[0] as RemoteOp).seq <= stored.seq) room.tail.shift();
        this.stats.committed++;
        this.events.committed(room.meta.id, stored.seq);
        // Not awaited: a snapshot is a shortcut for loading, and waiting for it here could let a later
        // op of the same batch be broadcast before this one.
        this.maybeSnapshot(room, stored.seq, r.doc).catch(() => undefined);
        return { ack: { committed: true, seq: stored.seq, key: msg.key }, broadcast: remote };
      })
      .catch((err) => {
        // The head ran ahead of the disk; forget it and reload what is really stored. Whoever was sent
        // ops from this copy is told to resume, which drops the ones that never reached the disk.
        // Logged once per broken copy: it resets every member of the room.
        if (!room.broken) {
          console.error(`room ${room.meta.id}: op ${stored.seq} could not be stored (${String(err)}); the room reloads`);
          room.broken = true;
          this.broken(room.meta.id);
        }
        return reject("server.error", "the edit could not be stored");
      });
    room.lastWrite = pending;
    return { pending };
  }

  /** Membership, role and lock: checked on every op, against the room as it stands now. */
  private check(room: LiveRoom, memberId: string): { code: string; reason: string } | null {
    const m = room.members.get(memberId);
    if (!m || m.removed) return { code: "room.removed", reason: "you are not a member of this room" };
    if (m.role === "viewer") return { code: "room.read-only", reason: "viewers cannot edit" };
    if (room.meta.locked && m.role !== "owner") return { code: "room.locked", reason: "the owner has locked editing" };
    return null;
  }

  /**
   * The op as it would be stored at the room's next seq, unless it would grow the document (`next`)
   * past the room's budget. The growth is measured on the records the op changed, so it is the real
   * document's size and costs nothing extra in a large room; an op that shrinks it always passes.
   */
  private toStore(
    room: LiveRoom,
    memberId: string,
    msg: OpMessage,
    opBytes: number,
    next: Doc,
  ): { stored: StoredOp; grows: number } | { code: string; reason: string } {
    const grows = sizeDelta(room.doc, next);
    const full = grows > 0 ? this.diskRefusal() : null;
    if (full) return { code: "disk.full", reason: full };
    if (grows > 0 && room.bytes + grows > this.limits.maxDocBytes) {
      return {
        code: "doc.too-large",
        reason: `No space left on device: this room's document may take at most ${Math.round(this.limits.maxDocBytes / 1024)} KiB`,
      };
    }
    const stored: StoredOp = {
      seq: room.seq + 1,
      key: authorKey(memberId, msg.key),
      clientId: msg.clientId,
      memberId,
      op: msg.op,
      ...this.authorOf(room, memberId),
      ...(msg.command ? { command: msg.command } : {}),
    };
    room.logBytes += opBytes + (msg.command?.length ?? 0);
    return { stored, grows };
  }

  /** Who made an op and when, kept with it for replay. */
  private authorOf(room: LiveRoom, memberId: string): { name?: string; at: number } {
    const name = room.members.get(memberId)?.name;
    return name ? { name, at: Date.now() } : { at: Date.now() };
  }

  private remember(room: LiveRoom, key: string, seq: number): void {
    room.recentKeys.set(key, seq);
    if (room.recentKeys.size > this.limits.recentKeys) {
      const oldest = room.recentKeys.entries().next().value;
      if (oldest !== undefined) {
        room.recentKeys.delete(oldest[0]);
        room.keysFrom = Math.max(room.keysFrom, oldest[1]);
      }
    }
  }

  /** `via`: where a turn in progress writes (a held turn must not wait for anything the others hold). */
  private async maybeSnapshot(room: LiveRoom, seq: number, doc: Doc, via: TurnView = this.store): Promise<void> {
    const overBudget = room.logBytes > this.limits.maxLogBytes;
    if (seq % this.limits.snapshotEvery !== 0 && !overBudget) return;
    room.logBytes = 0;
    room.bytes = docBytes(room.doc);
    await via.saveSnapshot(room.meta.id, seq, doc);
    // Over the budget the log behind this snapshot goes too: clients further behind load the snapshot.
    await via.compact(room.meta.id, overBudget ? seq : seq - this.limits.retainOps);
    this.stats.snapshots++;
  }
}
