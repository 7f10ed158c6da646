import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createWorld, seededIds } from "../../lib/model";
import { hashToken, newRoomId } from "../../server/ids";
import { Rooms } from "../../server/rooms";
import { PostgresStore, type RoomStore, SqliteStore, type StoredOp } from "../../server/store";
import { SqliteClassStore } from "../../server/store/classes-sqlite";
import { havePg, PG_URL } from "./env";
import { tempDir } from "./helpers";

const stores: [string, () => RoomStore, boolean][] = [
  ["sqlite", () => new SqliteStore(join(tempDir(), "t.db")), true],
  ["postgres", () => new PostgresStore(PG_URL), havePg],
];

const opened: RoomStore[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});

async function open(make: () => RoomStore): Promise<RoomStore> {
  const s = make();
  await s.init();
  opened.push(s);
  return s;
}

function member(roomId: string, memberId: string, role: "owner" | "editor" | "viewer" = "owner") {
  return { roomId, memberId, tokenHash: hashToken(memberId), name: memberId, color: "#123456", role, removed: false };
}

const moveOp = (i: number): StoredOp["op"] => ({ type: "layout.move", id: "m-host", position: { x: i, y: i } });

describe.each(stores)("RoomStore: %s", (_name, make, enabled) => {
  it.skipIf(!enabled)("keeps rooms, members, snapshots and an ordered op log", async () => {
    const s = await open(make);
    const id = newRoomId();
    const doc = createWorld(seededIds(3), 0);
    await s.createRoom({ id, inviteCode: "abcdefghij", locked: false, createdAt: 1 }, doc, member(id, "ownerabcde"));
    expect(await s.getRoom(id)).toMatchObject({ id, inviteCode: "abcdefghij", locked: false });
    expect(await s.latestSnapshot(id)).toEqual({ seq: 0, doc });
    for (let i = 1; i <= 5; i++) expect(await s.appendOp(id, { seq: i, key: `k${i}`, clientId: "c", memberId: "m", op: moveOp(i) })).toEqual({ ok: true });
    expect((await s.opsAfter(id, 2)).map((o) => o.seq)).toEqual([3, 4, 5]);
    expect((await s.opsAfter(id, 0, 2)).map((o) => o.key)).toEqual(["k1", "k2"]);
    expect(await s.seqOfKey(id, "k4")).toBe(4);
    expect(await s.seqOfKey(id, "nope")).toBeNull();
    await s.setLocked(id, true);
    expect((await s.getRoom(id))?.locked).toBe(true);
    expect(await s.getRoom(newRoomId())).toBeNull();
  });

  it.skipIf(!enabled)("refuses a taken seq (the version check) and reports a reused key as a duplicate", async () => {
    const s = await open(make);
    const id = newRoomId();
    await s.createRoom({ id, inviteCode: "abcdefghij", locked: false, createdAt: 1 }, createWorld(seededIds(3), 0), member(id, "ownerabcde"));
    expect(await s.appendOp(id, { seq: 1, key: "a", clientId: "c", memberId: "m", op: moveOp(1) })).toEqual({ ok: true });
    expect(await s.appendOp(id, { seq: 1, key: "b", clientId: "c", memberId: "m", op: moveOp(2) })).toEqual({ ok: false, conflict: true });
    expect(await s.appendOp(id, { seq: 2, key: "a", clientId: "c", memberId: "m", op: moveOp(2) })).toEqual({ ok: false, duplicate: 1 });
    expect((await s.opsAfter(id, 0)).length).toBe(1);
  });

  it.skipIf(!enabled)("compacts: drops ops covered by a snapshot and older snapshots", async () => {
    const s = await open(make);
    const id = newRoomId();
    const doc = createWorld(seededIds(3), 0);
    await s.createRoom({ id, inviteCode: "abcdefghij", locked: false, createdAt: 1 }, doc, member(id, "ownerabcde"));
    for (let i = 1; i <= 10; i++) await s.appendOp(id, { seq: i, key: `k${i}`, clientId: "c", memberId: "m", op: moveOp(i) });
    await s.saveSnapshot(id, 6, { ...doc, title: "at 6" });
    await s.compact(id, 8);
    expect((await s.opsAfter(id, 0)).map((o) => o.seq)).toEqual([7, 8, 9, 10]);
    expect(await s.latestSnapshot(id)).toMatchObject({ seq: 6, doc: { title: "at 6" } });
    // A writer that fell behind cannot fill a seq compaction freed: the room would fork.
    expect(await s.appendOp(id, { seq: 5, key: "stale", clientId: "c", memberId: "m", op: moveOp(5) })).toEqual({ ok: false, conflict: true });
    expect(await s.appendOp(id, { seq: 11, key: "next", clientId: "c", memberId: "m", op: moveOp(11) })).toEqual({ ok: true });
    expect((await s.opsAfter(id, 0)).map((o) => o.seq)).toEqual([7, 8, 9, 10, 11]);
  });

  it.skipIf(!enabled)("stores members by token hash, roles and removal", async () => {
    const s = await open(make);
    const id = newRoomId();
    await s.createRoom({ id, inviteCode: "abcdefghij", locked: false, createdAt: 1 }, createWorld(seededIds(3), 0), member(id, "ownerabcde"));
    await s.addMember(member(id, "guestabcde", "editor"));
    expect((await s.memberByToken(id, hashToken("guestabcde")))?.role).toBe("editor");
    await s.setRole(id, "guestabcde", "viewer");
    await s.removeMember(id, "guestabcde");
    expect(await s.memberByToken(id, hashToken("guestabcde"))).toMatchObject({ role: "viewer", removed: true });
    expect((await s.listMembers(id)).map((m) => m.memberId)).toEqual(["ownerabcde", "guestabcde"]);
  });

  it.skipIf(!enabled)("two room services on one store never fork a room (optimistic ordering)", async () => {
    const s = await open(make);
    // Two writers on one store: the ordering comes from the store's version check alone.
    const one = new Rooms(s, { snapshotEvery: 7, retainOps: 3 }, { pipeline: false });
    const two = new Rooms(s, { snapshotEvery: 7, retainOps: 3 }, { pipeline: false });
    const made = await one.create({ name: "Ada" });
    const j1 = await one.join({ roomId: made.roomId, name: "Ada", token: made.token });
    const j2 = await two.join({ roomId: made.roomId, name: "Ada", token: made.token });
    if (!j1.ok || !j2.ok) throw new Error("join failed");
    const sends = [];
    for (let i = 0; i < 30; i++) {
      const svc = i % 2 ? one : two;
      sends.push(svc.submit(made.roomId, j1.member.memberId, { clientId: "c", key: `k${i}`, baseSeq: 0, op: moveOp(i) }));
    }
    const acks = await Promise.all(sends);
    const seqs = acks.map((a) => ("committed" in a.ack ? a.ack.seq : -1)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const a = await one.current(made.roomId);
    const b = await two.current(made.roomId);
    expect(a?.seq).toBe(30);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    // A third service loading from snapshot + log agrees too.
    const three = new Rooms(s);
    expect(JSON.stringify(await three.current(made.roomId))).toBe(JSON.stringify(a));
  });

  // Only PostgreSQL has several writer processes in production; a SQLite file has one (`soleWriter`).
  it.skipIf(!enabled || _name !== "postgres")("a busier writer cannot starve another: every op of both commits, once", async () => {
    const s = await open(make);
    const busy = new Rooms(s, { snapshotEvery: 1000 }, { pipeline: false });
    const quiet = new Rooms(s, { snapshotEvery: 1000 }, { pipeline: false });
    const made = await busy.create({ name: "Ada" });
    const jb = await busy.join({ roomId: made.roomId, name: "Ada", token: made.token });
    const jq = await quiet.join({ roomId: made.roomId, name: "Ada", token: made.token });
    if (!jb.ok || !jq.ok) throw new Error("join failed");
    const sends = [];
    // 150 ops queued at once on one service, each of which would win the race for the next seq
    // against the other's catch-up-and-retry; the 15 of the other must still land.
    for (let i = 0; i < 150; i++) sends.push(busy.submit(made.roomId, jb.member.memberId, { clientId: "b", key: `b${i}`, baseSeq: 0, op: moveOp(i) }));
    for (let i = 0; i < 15; i++) sends.push(quiet.submit(made.roomId, jq.member.memberId, { clientId: "q", key: `q${i}`, baseSeq: 0, op: moveOp(i) }));
    const acks = await Promise.all(sends);
    const refused = acks.filter((a) => !("committed" in a.ack)).map((a) => a.ack);
    expect(refused).toEqual([]);
    const seqs = acks.map((a) => ("committed" in a.ack ? a.ack.seq : -1)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 165 }, (_, i) => i + 1));
    expect(JSON.stringify(await busy.current(made.roomId))).toBe(JSON.stringify(await quiet.current(made.roomId)));
  });

  it.skipIf(!enabled)("checks an op sent after another service's role change against the new role", async () => {
    const s = await open(make);
    const one = new Rooms(s, {}, { pipeline: false });
    const two = new Rooms(s, {}, { pipeline: false });
    const made = await one.create({ name: "Ada" });
    const owner = await one.join({ roomId: made.roomId, name: "Ada", token: made.token });
    const bob = await two.join({ roomId: made.roomId, name: "Bob", invite: made.inviteCode });
    if (!owner.ok || !bob.ok) throw new Error("join failed");
    expect((await one.setRole(made.roomId, owner.member.memberId, bob.member.memberId, "viewer")).ok).toBe(true);
    // The news reaches `two` (a refresh), and Bob's next op arrives before the reload has read the store.
    const reloaded = two.refresh(made.roomId);
    const sent = two.submit(made.roomId, bob.member.memberId, { clientId: "b", key: "late", baseSeq: 0, op: moveOp(1) });
    await reloaded;
    expect((await sent).ack).toMatchObject({ rejected: true, code: "room.read-only" });
  });

  it.skipIf(!enabled)("unloads an empty room from memory and reloads it intact from snapshot + log", async () => {
    const s = await open(make);
    const rooms = new Rooms(s, { idleUnloadMs: 20, snapshotEvery: 4, retainOps: 2 });
    const made = await rooms.create({ name: "Ada" });
    const j = await rooms.join({ roomId: made.roomId, name: "Ada", token: made.token });
    if (!j.ok) throw new Error(j.error);
    for (let i = 0; i < 10; i++) await rooms.submit(made.roomId, j.member.memberId, { clientId: "c", key: `u${i}`, baseSeq: 0, op: moveOp(i) });
    const before = JSON.stringify(await rooms.current(made.roomId));
    rooms.leave(made.roomId, j.member.memberId);
    await new Promise((r) => setTimeout(r, 100));
    expect(rooms.loadedRooms).toBe(0);
    expect(JSON.stringify(await rooms.current(made.roomId))).toBe(before);
    expect((await rooms.current(made.roomId))?.seq).toBe(10);
  });
});

describe("SqliteStore's writer thread", () => {
  it("knows the seq of an op that is queued but not yet written, and forgets nothing once it is", async () => {
    // Every batch waits 80 ms before its commit, so the queue is observably non-empty.
    const s = new SqliteStore(join(tempDir(), "q.db"), { commitDelayMs: 80 });
    await s.init();
    opened.push(s);
    const id = newRoomId();
    await s.createRoom({ id, inviteCode: "abcdefghij", locked: false, createdAt: 1 }, createWorld(seededIds(3), 0), member(id, "ownerabcde"));
    const writes = [1, 2, 3].map((i) => s.appendOp(id, { seq: i, key: `q${i}`, clientId: "c", memberId: "m", op: moveOp(i) }));
    expect(await s.seqOfKey(id, "q2")).toBe(2);
    expect(await s.seqOfKey(newRoomId(), "q2")).toBeNull();
    expect(await Promise.all(writes)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(await s.seqOfKey(id, "q3")).toBe(3);
    expect((await s.opsAfter(id, 0)).map((o) => o.key)).toEqual(["q1", "q2", "q3"]);
  });

  it("stores a new member with the ops (one commit), readable once the join resolves", async () => {
    const file = join(tempDir(), "m.db");
    const s = new SqliteStore(file, { commitDelayMs: 30 });
    await s.init();
    opened.push(s);
    const id = newRoomId();
    await s.createRoom({ id, inviteCode: "abcdefghij", locked: false, createdAt: 1 }, createWorld(seededIds(3), 0), member(id, "ownerabcde"));
    const op = s.appendOp(id, { seq: 1, key: "j1", clientId: "c", memberId: "m", op: moveOp(1) });
    const joins = ["editor0001", "editor0002"].map((m) => s.addMember(member(id, m, "editor")));
    await Promise.all([op, ...joins]);
    expect((await s.memberByToken(id, hashToken("editor0002")))?.role).toBe("editor");
    // A second store on the same file (as after a restart) finds them on disk.
    const again = new SqliteStore(file);
    await again.init();
    opened.push(again);
    expect((await again.listMembers(id)).map((m) => m.memberId)).toEqual(["ownerabcde", "editor0001", "editor0002"]);
    // A member that cannot be stored fails its own join, not the ops written with it.
    const dup = s.addMember(member(id, "editor0001", "editor"));
    const next = s.appendOp(id, { seq: 2, key: "j2", clientId: "c", memberId: "m", op: moveOp(2) });
    await expect(dup).rejects.toThrow(/UNIQUE/);
    expect(await next).toEqual({ ok: true });
  });

  it("never fails an op because a snapshot or a compaction was written meanwhile", async () => {
    // Snapshots and compactions go through the writer with the ops: written from another connection, they
    // committed between the writer's read of a key and its insert, and SQLite refused the whole batch
    // ("database is locked") without waiting, so every room with an op in it was reset.
    const s = new SqliteStore(join(tempDir(), "s.db"));
    await s.init();
    opened.push(s);
    const rooms = Array.from({ length: 8 }, () => newRoomId());
    const doc = createWorld(seededIds(3), 0);
    for (const id of rooms) await s.createRoom({ id, inviteCode: "abcdefghij", locked: false, createdAt: 1 }, doc, member(id, "ownerabcde"));
    const writes: Promise<unknown>[] = [];
    const side: Promise<unknown>[] = [];
    for (let seq = 1; seq <= 600; seq++) {
      for (const id of rooms) writes.push(s.appendOp(id, { seq, key: `k${seq}`, clientId: "c", memberId: "m", op: moveOp(seq) }, { ordered: true }));
      // As a busy room does: a snapshot and a compaction while the writer is busy with later ops.
      const id = rooms[seq % rooms.length] as string;
      if (seq > 20 && seq % 2 === 0) side.push(s.saveSnapshot(id, seq - 10, doc).then(() => s.compact(id, seq - 20)));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.allSettled(side);
    const failed = (await Promise.allSettled(writes)).filter((w) => w.status === "rejected");
    expect(failed.map((w) => String(w.reason)).slice(0, 1)).toEqual([]);
    expect((await s.opsAfter(rooms[0] as string, 590)).length).toBe(10);
  });

  it("never holds the main thread while another writer has the lock: rooms, roles and snapshots queue for the writer", async () => {
    const file = join(tempDir(), "w.db");
    const s = new SqliteStore(file);
    await s.init();
    opened.push(s);
    const id = newRoomId();
    const doc = createWorld(seededIds(3), 0);
    await s.createRoom({ id, inviteCode: "abcdefghij", locked: false, createdAt: 1 }, doc, member(id, "ownerabcde"));
    // Classes live in the same file and write through the rooms' writer.
    const classes = new SqliteClassStore(file, (statements) => s.write(statements));
    await classes.init();
    const klass = {
      id: "class1",
      code: "ABCDEF",
      teacherHash: "t",
      teacherName: "T",
      title: "t",
      exercise: "{}",
      groupSize: 1,
      revealed: false,
      ended: false,
      locked: false,
      createdAt: 1,
    };
    // Another connection holds the write lock, as a long commit would.
    const other = new Database(file);
    other.pragma("busy_timeout = 5000");
    other.exec("BEGIN IMMEDIATE");
    const t0 = performance.now();
    const other2 = newRoomId();
    const writes = [
      // Before, these ran on this thread and waited here for the lock (and a room's creation failed).
      s.createRoom({ id: other2, inviteCode: "bcdefghijk", locked: false, createdAt: 2 }, doc, member(other2, "ownerbcdef")),
      s.setLocked(id, true),
      s.setRole(id, "ownerabcde", "editor"),
      s.saveSnapshot(id, 0, doc),
      classes.createClass(klass),
      classes.addStudent({ classId: "class1", studentId: "s1", name: "Ada", roomId: id, memberId: "ownerabcde", joinedAt: 1 }),
      // A second student by the same name is refused by the table's UNIQUE, as before.
      classes.addStudent({ classId: "class1", studentId: "s2", name: "ada", roomId: id, memberId: "ownerabcde", joinedAt: 2 }),
    ];
    const queued = performance.now() - t0;
    const settled = Promise.allSettled(writes);
    await new Promise((r) => setTimeout(r, 100));
    other.exec("COMMIT");
    other.close();
    expect(queued).toBeLessThan(50);
    const results = await settled;
    expect(results.map((w) => w.status)).toEqual(writes.map(() => "fulfilled"));
    expect(results.slice(4).map((w) => (w as PromiseFulfilledResult<unknown>).value)).toEqual([true, true, false]);
    expect((await classes.listStudents("class1")).map((x) => x.name)).toEqual(["Ada"]);
    await classes.close();
    expect((await s.getRoom(id))?.locked).toBe(true);
    expect((await s.getRoom(other2))?.inviteCode).toBe("bcdefghijk");
    expect((await s.listMembers(id))[0]?.role).toBe("editor");
  });
});
