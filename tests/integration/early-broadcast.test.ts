/**
 * Rooms on a sole-writer store tell their events about an op as soon as it is ordered and ack it once
 * it is durable. These run without sockets, against SQLite, listening to the room's events.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OpMessage, RemoteOp } from "../../lib/sync/events";
import { Rooms } from "../../server/rooms";
import { SqliteStore } from "../../server/store";
import { tempDir, title } from "./helpers";

async function setUp() {
  const store = new SqliteStore(join(tempDir(), "t.db"));
  await store.init();
  const rooms = new Rooms(store);
  const made = await rooms.create({ name: "Ada" });
  const joined = await rooms.join({ roomId: made.roomId, name: "Ada", token: made.token });
  if (!joined.ok) throw new Error(joined.error);
  const msg = (key: string, t: string): OpMessage => ({ clientId: "c", key, baseSeq: 0, op: title(t) });
  const heard = listen(rooms);
  return { store, rooms, roomId: made.roomId, memberId: joined.member.memberId, msg, ...heard };
}

/** Everything the room's events say, in the order they said it. */
function listen(rooms: Rooms) {
  const early: RemoteOp[] = [];
  const committed: number[] = [];
  const resets: string[] = [];
  rooms.events.listen({ op: (_r, o) => early.push(o), committed: (_r, seq) => committed.push(seq), reset: (r) => resets.push(r) });
  return { early, committed, resets };
}

/** A stored key as its author sent it: the store keeps keys scoped to their author (`member/key`). */
const own = (key: string): string => key.replace(/^[a-z2-7]+\//, "");

describe("early broadcast", () => {
  it("broadcasts when ordered, marked with the durable seq, and acks only once stored", async () => {
    const { store, rooms, roomId, memberId, msg, early, committed } = await setUp();
    const acks = [rooms.submit(roomId, memberId, msg("k1", "one")), rooms.submit(roomId, memberId, msg("k2", "two"))];
    await new Promise((r) => setImmediate(r));
    expect(early.map((o) => [o.seq, o.key, o.durable])).toEqual([
      [1, "k1", 0],
      [2, "k2", 0],
    ]);
    // A client resuming now gets them from memory, marked as not durable yet.
    const now = await rooms.since(roomId, 0);
    expect(now.ops.map((o) => o.seq)).toEqual([1, 2]);
    expect(committed).toEqual([]);
    const out = await Promise.all(acks);
    expect(out.map((o) => o.ack)).toEqual([
      { committed: true, seq: 1, key: "k1" },
      { committed: true, seq: 2, key: "k2" },
    ]);
    expect(committed).toEqual([1, 2]);
    expect((await store.opsAfter(roomId, 0)).map((o) => own(o.key))).toEqual(["k1", "k2"]);
    const later = await rooms.since(roomId, 1);
    expect(later.durable).toBe(2);
    expect(later.ops.map((o) => [o.seq, o.durable])).toEqual([[2, undefined]]);
    await store.close();
  });

  it("acks a re-sent key only once its first copy is durable", async () => {
    const { store, rooms, roomId, memberId, msg, early } = await setUp();
    const first = rooms.submit(roomId, memberId, msg("k1", "one"));
    const again = rooms.submit(roomId, memberId, msg("k1", "one"));
    const [a, b] = await Promise.all([first, again]);
    expect(a.ack).toEqual({ committed: true, seq: 1, key: "k1" });
    expect(b.ack).toEqual(a.ack);
    expect(b.broadcast).toBeNull();
    expect(early.map((o) => o.key)).toEqual(["k1"]);
    expect((await store.opsAfter(roomId, 0)).length).toBe(1);
    await store.close();
  });

  it("tells the room to resync when a write fails after the broadcast, and reloads what is stored", async () => {
    const { store, rooms, roomId, memberId, msg, early, committed, resets } = await setUp();
    const append = store.appendOp.bind(store);
    let failing = true;
    store.appendOp = (r, op) => (failing ? Promise.reject(new Error("disk full")) : append(r, op));
    const lost = await rooms.submit(roomId, memberId, msg("k1", "lost"));
    expect(early.map((o) => o.seq)).toEqual([1]);
    expect(committed).toEqual([]);
    expect(lost.ack).toMatchObject({ rejected: true, code: "server.error" });
    expect(resets).toEqual([roomId]);
    failing = false;
    const kept = await rooms.submit(roomId, memberId, msg("k2", "kept"));
    // The seq the lost op had is given again: clients that saw it resync and drop it.
    expect(kept.ack).toEqual({ committed: true, seq: 1, key: "k2" });
    expect((await rooms.current(roomId))?.doc.title).toBe("kept");
    await store.close();
  });
});

describe("room events on a shared store", () => {
  it("tells the room of an op only once it is stored, with no durable mark, then that it is committed", async () => {
    const store = new SqliteStore(join(tempDir(), "t.db"));
    await store.init();
    const rooms = new Rooms(store, {}, { pipeline: false });
    const made = await rooms.create({ name: "Ada" });
    const joined = await rooms.join({ roomId: made.roomId, name: "Ada", token: made.token });
    if (!joined.ok) throw new Error(joined.error);
    const order: string[] = [];
    rooms.events.listen({ op: (_r, o) => order.push(`op ${o.seq} ${o.durable}`), committed: (_r, seq) => order.push(`committed ${seq}`) });
    const append = store.appendOp.bind(store);
    store.appendOp = async (r, op, o) => {
      const res = await append(r, op, o);
      order.push(`stored ${op.seq}`);
      return res;
    };
    const out = await rooms.submit(made.roomId, joined.member.memberId, { clientId: "c", key: "k1", baseSeq: 0, op: title("one") });
    expect(out.ack).toEqual({ committed: true, seq: 1, key: "k1" });
    expect(order).toEqual(["stored 1", "op 1 undefined", "committed 1"]);
    await store.close();
  });
});

describe("recognising a re-sent op", () => {
  /** A room that remembers the keys of its 3 newest ops, with `seqOfKey` calls counted. */
  async function small() {
    const store = new SqliteStore(join(tempDir(), "t.db"));
    await store.init();
    const rooms = new Rooms(store, { recentKeys: 3 });
    const made = await rooms.create({ name: "Ada" });
    const joined = await rooms.join({ roomId: made.roomId, name: "Ada", token: made.token });
    if (!joined.ok) throw new Error(joined.error);
    const lookups: string[] = [];
    const seqOfKey = store.seqOfKey.bind(store);
    store.seqOfKey = (r, key) => {
      lookups.push(own(key));
      return seqOfKey(r, key);
    };
    const send = (key: string, t: string, baseSeq: number) => rooms.submit(made.roomId, joined.member.memberId, { clientId: "c", key, baseSeq, op: title(t) });
    for (let i = 1; i <= 6; i++) expect((await send(`k${i}`, `t${i}`, i - 1)).ack).toEqual({ committed: true, seq: i, key: `k${i}` });
    return { store, rooms, roomId: made.roomId, lookups, send };
  }

  it("asks the disk only for a key that may be older than the keys it remembers", async () => {
    const { store, roomId, lookups, send } = await small();
    // Keys of seqs 4 to 6 are remembered: a new op made on seq 3 or later cannot repeat an older one.
    expect(lookups).toEqual([]);
    expect((await send("k7", "t7", 3)).ack).toEqual({ committed: true, seq: 7, key: "k7" });
    expect(lookups).toEqual([]);
    // Made on seq 1 (a client back from a long disconnection): its key may be k2's, so the disk is asked.
    const again = await send("k2", "t2", 1);
    expect(lookups).toEqual(["k2"]);
    expect(again.ack).toEqual({ committed: true, seq: 2, key: "k2" });
    expect(again.broadcast).toBeNull();
    expect((await store.opsAfter(roomId, 0)).map((o) => own(o.key))).toEqual(["k1", "k2", "k3", "k4", "k5", "k6", "k7"]);
    await store.close();
  });

  it("stores an old key re-sent with a false baseSeq as a new op, and the room goes on", async () => {
    const { store, rooms, roomId, lookups, send } = await small();
    const { resets } = listen(rooms);
    // k1 was committed at seq 1, but the client claims to have made it on seq 6: it is not looked up.
    const lie = await send("k1", "again", 6);
    expect(lookups).toEqual([]);
    expect(lie.ack).toEqual({ committed: true, seq: 7, key: "k1" });
    expect(resets).toEqual([]);
    const stored = await store.opsAfter(roomId, 0);
    expect(stored.map((o) => [o.seq, own(o.key)])).toEqual([
      [1, "k1"],
      [2, "k2"],
      [3, "k3"],
      [4, "k4"],
      [5, "k5"],
      [6, "k6"],
      [7, "k1#7"],
    ]);
    expect((await rooms.current(roomId))?.doc.title).toBe("again");
    expect((await send("k8", "t8", 7)).ack).toEqual({ committed: true, seq: 8, key: "k8" });
    await store.close();
  });
});
