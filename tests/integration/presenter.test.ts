/** Presenter mode, spotlight and the history the replay timeline reads, over real sockets. */
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, seededIds } from "../../lib/model";
import { COMMAND_MAX, commandLine, EV, type OpAck } from "../../lib/sync/events";
import { type HistoryAck, LIVE_EV, type PresenterMessage, type SpotlightMessage } from "../../lib/sync/live";
import { LiveClient } from "../../lib/sync/live-client";
import { loadHistory, Timeline } from "../../lib/sync/replay";
import { hashToken, newRoomId } from "../../server/ids";
import type { Running } from "../../server/main";
import { SqliteStore } from "../../server/store";
import { ask, connect, joined, move, newRoom, start, strip, tempDir, title, until } from "./helpers";

let server: Running;
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

async function people() {
  const room = await newRoom(server.url);
  const owner = await joined(server.url, { roomId: room.roomId, name: "Ada", token: room.token });
  const bob = await joined(server.url, { roomId: room.roomId, name: "Bob", invite: room.inviteCode });
  const ownerLive = new LiveClient(owner.socket);
  const bobLive = new LiveClient(bob.socket);
  ownerLive.start();
  bobLive.start();
  const close = () => {
    for (const s of [owner.socket, bob.socket]) s.disconnect();
  };
  return { room, owner, bob, ownerLive, bobLive, close };
}

describe("presenter mode", () => {
  it("only the owner starts presenting; everyone hears who presents, newcomers too", async () => {
    const { room, owner, bob, ownerLive, bobLive, close } = await people();
    const refused = await bobLive.present(true);
    expect(refused).toMatchObject({ ok: false, code: "room.not-owner" });
    // Bypassing the client changes nothing: the server checks the role itself.
    expect(await ask(bob.socket, LIVE_EV.present, { on: true })).toMatchObject({ ok: false, code: "room.not-owner" });
    expect(bobLive.getSnapshot().presenter).toBeNull();

    expect(await ownerLive.present(true)).toEqual({ ok: true });
    await until(() => bobLive.getSnapshot().presenter !== null, 5000, "presenter broadcast");
    expect(bobLive.getSnapshot().presenter).toEqual({ memberId: owner.client.memberId, peerId: owner.client.clientId, name: "Ada" });

    // Someone joining later is told at once.
    const late = connect(server.url);
    const heard: PresenterMessage[] = [];
    late.on(LIVE_EV.presenter, (m: PresenterMessage) => heard.push(m));
    await ask(late, EV.join, { roomId: room.roomId, name: "Cy", invite: room.inviteCode });
    await until(() => heard.length > 0, 5000, "presenter on join");
    expect(heard[0]?.presenter?.name).toBe("Ada");

    expect(await ownerLive.present(false)).toEqual({ ok: true });
    await until(() => bobLive.getSnapshot().presenter === null, 5000, "presenter stopped");
    late.disconnect();
    close();
  });

  it("relays the presenter's spotlight to the others; nobody else may spotlight", async () => {
    const { owner, bob, ownerLive, bobLive, close } = await people();
    const query = { source: { kind: "machine" as const, id: "m-host" }, target: "localhost", port: 80 };
    expect(await ownerLive.spotlight(query)).toMatchObject({ ok: false, code: "room.not-presenter" });
    await ownerLive.present(true);
    await until(() => bobLive.getSnapshot().presenter !== null);
    expect(await bobLive.spotlight(query)).toMatchObject({ ok: false, code: "room.not-presenter" });
    const got: SpotlightMessage[] = [];
    bob.socket.on(LIVE_EV.spotlight, (m: SpotlightMessage) => got.push(m));
    expect(await ownerLive.spotlight(query)).toEqual({ ok: true });
    await until(() => got.length === 1, 5000, "spotlight relayed");
    expect(got[0]).toEqual({ query, by: owner.client.memberId });
    expect(bobLive.getSnapshot().spotlight.query).toEqual(query);
    // A malformed query is refused by the schema, saying where.
    const bad = await ask(owner.socket, LIVE_EV.spotlight, { query: { ...query, port: 70000 } });
    expect(bad).toMatchObject({ ok: false, code: "payload.invalid", error: expect.stringContaining("query.port") });
    expect(await ownerLive.spotlight(null)).toEqual({ ok: true });
    await until(() => bobLive.getSnapshot().spotlight.query === null, 5000, "spotlight cleared");
    close();
  });
});

describe("history for replay", () => {
  it("serves the owner the op log in pages, with authors and times; refuses everyone else", async () => {
    const { room, owner, bob, close } = await people();
    const t0 = Date.now();
    expect(owner.client.submit(title("Lab 1")).ok).toBe(true);
    await until(() => owner.client.pending.length === 0);
    for (let i = 0; i < 4; i++) expect(bob.client.submit(move("m-host", i * 10, i)).ok).toBe(true);
    await until(() => bob.client.pending.length === 0 && owner.client.seq === 5);

    expect(await ask<HistoryAck>(bob.socket, LIVE_EV.history, {})).toMatchObject({ ok: false, code: "room.not-owner" });
    expect(await ask<HistoryAck>(owner.socket, LIVE_EV.history, { limit: 0 })).toMatchObject({ ok: false, code: "payload.invalid" });
    expect(await ask<HistoryAck>(owner.socket, LIVE_EV.history, { after: -1 })).toMatchObject({ ok: false, code: "payload.invalid" });

    const first = await ask<HistoryAck>(owner.socket, LIVE_EV.history, { limit: 2 });
    if (!first.ok) throw new Error(first.error);
    expect(first.head).toBe(5);
    expect(first.base?.seq).toBe(0);
    expect(first.more).toBe(true);
    expect(first.ops.map((o) => [o.seq, o.name])).toEqual([
      [1, "Ada"],
      [2, "Bob"],
    ]);
    expect(first.ops[0]?.at).toBeGreaterThanOrEqual(t0 - 1000);
    const rest = await ask<HistoryAck>(owner.socket, LIVE_EV.history, { after: 2, limit: 10 });
    if (!rest.ok) throw new Error(rest.error);
    expect(rest.base).toBeNull();
    expect(rest.more).toBe(false);
    expect(rest.ops.map((o) => o.seq)).toEqual([3, 4, 5]);

    const loaded = await loadHistory(owner.socket, { pageSize: 2 });
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.timeline.last).toBe(5);
    expect(strip(loaded.timeline.docAt(5))).toBe(strip((await server.rooms.current(room.roomId))?.doc ?? null));
    expect(loaded.timeline.docAt(0).title).toBe("Untitled sandbox");
    expect(loaded.timeline.docAt(1).title).toBe("Lab 1");
    expect(loaded.timeline.docAt(3).layout["m-host"]).toMatchObject({ x: 10, y: 1 });
    close();
  });

  it("keeps the command line typed with each op it made, refuses unprintable or overlong ones, and gives it to replay", async () => {
    const { room, owner, bob, close } = await people();
    const line = commandLine("  docker network create appnet --subnet 10.9.0.0/24 \n") as string;
    expect(line).toBe("docker network create appnet --subnet 10.9.0.0/24");
    expect(bob.client.submit(title("from a terminal"), line).ok).toBe(true);
    expect(bob.client.submit(move("m-host", 5, 5)).ok).toBe(true);
    await until(() => bob.client.pending.length === 0 && owner.client.seq === 2);

    const op = (key: string, command: unknown) => ask<OpAck>(bob.socket, EV.op, { clientId: "x", key, baseSeq: 2, op: title(key), command });
    expect(await op("esc", "docker run \u001b[2Jnginx")).toMatchObject({ rejected: true, code: "payload.invalid", reason: expect.stringContaining("command") });
    expect(await op("bidi", "rm \u202eevil")).toMatchObject({ rejected: true, code: "payload.invalid" });
    expect(await op("long", "x".repeat(COMMAND_MAX + 1))).toMatchObject({ rejected: true, code: "payload.invalid" });
    expect(commandLine(`echo ${"y".repeat(COMMAND_MAX)}`)).toHaveLength(COMMAND_MAX);
    expect(commandLine("echo \u001b[31mred")).toBe("echo \ufffd[31mred");
    expect(commandLine("   ")).toBeUndefined();

    const page = await ask<HistoryAck>(owner.socket, LIVE_EV.history, {});
    if (!page.ok) throw new Error(page.error);
    expect(page.ops.map((o) => [o.seq, o.name, o.command])).toEqual([
      [1, "Bob", line],
      [2, "Bob", undefined],
    ]);
    // Stored on disk, not only in memory.
    expect((await server.rooms.store.opsAfter(room.roomId, 0)).map((o) => o.command)).toEqual([line, undefined]);
    close();
  });

  it("reads a log stored before authors and times were kept", async () => {
    const file = join(tempDir(), "old.db");
    const old = new Database(file);
    old.exec(
      "CREATE TABLE ops (room_id TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, client_id TEXT NOT NULL, member_id TEXT NOT NULL, op TEXT NOT NULL, PRIMARY KEY (room_id, seq));",
    );
    old.prepare("INSERT INTO ops VALUES (?, 1, 'k1', 'c1', 'membera1', ?)").run("r1", JSON.stringify(title("old")));
    old.close();
    const store = new SqliteStore(file);
    await store.init();
    const id = newRoomId();
    const doc = createWorld(seededIds(2), 0);
    const ownerRec = { roomId: id, memberId: "ownerabcd", tokenHash: hashToken("t"), name: "Ada", color: "#123456", role: "owner" as const, removed: false };
    await store.createRoom({ id, inviteCode: "abcdefghij", locked: false, createdAt: 1 }, doc, ownerRec);
    expect(await store.opsAfter("r1", 0)).toEqual([{ seq: 1, key: "k1", clientId: "c1", memberId: "membera1", op: title("old") }]);
    expect(await store.appendOp(id, { seq: 1, key: "k", clientId: "c", memberId: "ownerabcd", op: title("new"), name: "Ada", at: 42 })).toEqual({ ok: true });
    expect((await store.opsAfter(id, 0))[0]).toMatchObject({ name: "Ada", at: 42 });
    expect(await store.appendOp(id, { seq: 2, key: "k2", clientId: "c", memberId: "ownerabcd", op: title("cmd"), at: 43, command: "docker ps" })).toEqual({
      ok: true,
    });
    expect((await store.opsAfter(id, 1))[0]).toMatchObject({ command: "docker ps" });
    expect(await store.oldestSnapshot(id)).toEqual({ seq: 0, doc });
    await store.close();
  });
});

describe("Timeline", () => {
  it("refuses a gap in the log, naming the seq it expected", () => {
    const t = new Timeline({ seq: 0, doc: createWorld(seededIds(1), 0) });
    const op = (seq: number) => ({ seq, op: title(`t${seq}`), clientId: "c", memberId: "membera1", name: "Ada", at: null });
    expect(t.append([op(1), op(2)])).toEqual({ ok: true });
    expect(t.append([op(4)])).toEqual({ ok: false, error: "history has a gap: expected seq 3, got 4" });
    expect(t.last).toBe(2);
  });
});
