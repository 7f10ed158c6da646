/**
 * Rooms on a sole-writer store hand an op to the broadcast as soon as it is ordered and ack it once it is
 * durable. These run without sockets, against SQLite.
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
  return { store, rooms, roomId: made.roomId, memberId: joined.member.memberId, msg };
}

describe("early broadcast", () => {
  it("broadcasts when ordered, marked with the durable seq, and acks only once stored", async () => {
    const { store, rooms, roomId, memberId, msg } = await setUp();
    const early: RemoteOp[] = [];
    const acks = [
      rooms.submit(roomId, memberId, msg("k1", "one"), (o) => early.push(o)),
      rooms.submit(roomId, memberId, msg("k2", "two"), (o) => early.push(o)),
    ];
    await new Promise((r) => setImmediate(r));
    expect(early.map((o) => [o.seq, o.key, o.durable])).toEqual([
      [1, "k1", 0],
      [2, "k2", 0],
    ]);
    // A client resuming now gets them from memory, marked as not durable yet.
    const now = await rooms.since(roomId, 0);
    expect(now.ops.map((o) => o.seq)).toEqual([1, 2]);
    const out = await Promise.all(acks);
    expect(out.map((o) => [o.ack, o.early])).toEqual([
      [{ committed: true, seq: 1, key: "k1" }, true],
      [{ committed: true, seq: 2, key: "k2" }, true],
    ]);
    expect((await store.opsAfter(roomId, 0)).map((o) => o.key)).toEqual(["k1", "k2"]);
    const later = await rooms.since(roomId, 1);
    expect(later.durable).toBe(2);
    expect(later.ops.map((o) => [o.seq, o.durable])).toEqual([[2, undefined]]);
    await store.close();
  });

  it("acks a re-sent key only once its first copy is durable", async () => {
    const { store, rooms, roomId, memberId, msg } = await setUp();
    const first = rooms.submit(roomId, memberId, msg("k1", "one"), () => undefined);
    const again = rooms.submit(roomId, memberId, msg("k1", "one"), () => undefined);
    const [a, b] = await Promise.all([first, again]);
    expect(a.ack).toEqual({ committed: true, seq: 1, key: "k1" });
    expect(b.ack).toEqual(a.ack);
    expect(b.broadcast).toBeNull();
    expect((await store.opsAfter(roomId, 0)).length).toBe(1);
    await store.close();
  });

  it("tells the room to resync when a write fails after the broadcast, and reloads what is stored", async () => {
    const { store, rooms, roomId, memberId, msg } = await setUp();
    const resets: string[] = [];
    rooms.resetHooks.add((r) => resets.push(r));
    const append = store.appendOp.bind(store);
    let failing = true;
    store.appendOp = (r, op) => (failing ? Promise.reject(new Error("disk full")) : append(r, op));
    const early: RemoteOp[] = [];
    const lost = await rooms.submit(roomId, memberId, msg("k1", "lost"), (o) => early.push(o));
    expect(early.map((o) => o.seq)).toEqual([1]);
    expect(lost.ack).toMatchObject({ rejected: true, code: "server.error" });
    expect(resets).toEqual([roomId]);
    failing = false;
    const kept = await rooms.submit(roomId, memberId, msg("k2", "kept"), () => undefined);
    // The seq the lost op had is given again: clients that saw it resync and drop it.
    expect(kept.ack).toEqual({ committed: true, seq: 1, key: "k2" });
    expect((await rooms.current(roomId))?.doc.title).toBe("kept");
    await store.close();
  });
});
