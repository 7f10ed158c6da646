import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EV, type JoinAck, type OpAck } from "../../lib/sync/events";
import type { Running } from "../../server/main";
import { ask, connect, joined, move, newRoom, start, strip, title, until } from "./helpers";

let server: Running;
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

describe("rooms over real sockets", () => {
  it("creates a room holding a fresh world, and two people see each other's edits", async () => {
    const room = await newRoom(server.url);
    expect(room.roomId).toMatch(/^[a-z2-7]{26}$/);
    const a = await joined(server.url, { roomId: room.roomId, name: "Ada", token: room.token });
    expect(a.client.role).toBe("owner");
    expect(Object.values(a.client.doc?.machines ?? {}).map((m) => m.name)).toEqual(["host"]);
    const b = await joined(server.url, { roomId: room.roomId, name: "Bob", invite: room.inviteCode });
    expect(b.client.role).toBe("editor");
    expect(a.client.submit(title("Lab 1")).ok).toBe(true);
    expect(b.client.submit(move("m-host", 5, 6)).ok).toBe(true);
    await until(() => a.client.pending.length === 0 && b.client.pending.length === 0 && a.client.seq === 2 && b.client.seq === 2);
    expect(strip(a.client.doc)).toBe(strip(b.client.doc));
    expect(a.client.doc?.title).toBe("Lab 1");
    expect(a.client.doc?.layout["m-host"]).toEqual({ x: 5, y: 6 });
    expect(strip((await server.rooms.current(room.roomId))?.doc ?? null)).toBe(strip(a.client.doc));
    // The ops' broadcasts reached these WebSocket members straight, not through engine.io's queue (server/frames.ts).
    expect(Number(/^dockside_frames_direct_total (\d+)$/m.exec(server.metrics())?.[1])).toBeGreaterThan(0);
    a.socket.disconnect();
    b.socket.disconnect();
  });

  it("answers an op sent without an ack callback through the room: its broadcast, then a durable mark", async () => {
    const room = await newRoom(server.url);
    const s = connect(server.url);
    expect(await ask<JoinAck>(s, EV.join, { roomId: room.roomId, name: "Ada", token: room.token })).toMatchObject({ ok: true });
    const heard: unknown[] = [];
    for (const ev of [EV.op, EV.ops, EV.durable, EV.answer]) s.on(ev, (m: unknown) => heard.push([ev, m]));
    s.emit(EV.op, { clientId: "x", key: "k1", baseSeq: 0, op: title("one") });
    await until(() => heard.length >= 2, 5000, "the op and its durable mark");
    // Broadcast once ordered (nothing on disk yet), then the mark once it is stored; no answer of its own.
    expect(heard).toEqual([
      [EV.op, { seq: 1, op: title("one"), clientId: "x", key: "k1", durable: 0 }],
      [EV.durable, { seq: 1 }],
    ]);
    // A re-sent key is not broadcast again, so it is answered; so is a refusal.
    s.emit(EV.op, { clientId: "x", key: "k1", baseSeq: 0, op: title("one") });
    s.emit(EV.op, { clientId: "x", key: "k2", baseSeq: 0, op: { type: "layout.move", id: "m-nowhere", position: { x: 1, y: 1 } } });
    await until(() => heard.length >= 4, 5000, "two answers");
    expect(heard.slice(2)).toEqual([
      [EV.answer, { committed: true, seq: 1, key: "k1" }],
      [EV.answer, expect.objectContaining({ rejected: true, key: "k2" })],
    ]);
    s.disconnect();
  });

  it("refuses strangers, viewers, locked rooms and removed members on the server", async () => {
    const room = await newRoom(server.url);
    const stranger = connect(server.url);
    const denied = await ask<JoinAck>(stranger, EV.join, { roomId: room.roomId, name: "Eve" });
    expect(denied).toMatchObject({ ok: false, code: "room.denied" });
    const owner = await joined(server.url, { roomId: room.roomId, name: "Ada", token: room.token });
    const bob = await joined(server.url, { roomId: room.roomId, name: "Bob", invite: room.inviteCode });
    const bobId = bob.client.memberId as string;
    expect((await owner.client.setRole(bobId, "viewer")).ok).toBe(true);
    await until(() => bob.client.role === "viewer");
    // Bypass the client's own check: the server must refuse on its own.
    const raw = await ask<OpAck>(bob.socket, EV.op, { clientId: "x", key: "k1", baseSeq: 0, op: title("hijack") });
    expect(raw).toMatchObject({ rejected: true, code: "room.read-only" });
    expect((await bob.client.lock(true)).ok).toBe(false);
    await owner.client.setRole(bobId, "editor");
    expect((await owner.client.lock(true)).ok).toBe(true);
    const locked = await ask<OpAck>(bob.socket, EV.op, { clientId: "x", key: "k2", baseSeq: 0, op: title("hijack") });
    expect(locked).toMatchObject({ rejected: true, code: "room.locked" });
    await owner.client.lock(false);
    expect((await owner.client.removeMember(bobId)).ok).toBe(true);
    await until(() => bob.client.status === "removed" || !bob.socket.connected);
    const again = connect(server.url);
    const back = await ask<JoinAck>(again, EV.join, { roomId: room.roomId, name: "Bob", token: bob.client.token });
    expect(back).toMatchObject({ ok: false, code: "room.removed" });
    expect((await server.rooms.current(room.roomId))?.doc.title).toBe("Untitled sandbox");
    for (const s of [stranger, owner.socket, bob.socket, again]) s.disconnect();
  });

  it("acks a repeated idempotency key with the first ack and commits once", async () => {
    const room = await newRoom(server.url);
    const a = await joined(server.url, { roomId: room.roomId, name: "Ada", token: room.token });
    const msg = { clientId: "c1", key: "same-key", baseSeq: 0, op: move("m-host", 1, 1) };
    const first = await ask<OpAck>(a.socket, EV.op, msg);
    const second = await ask<OpAck>(a.socket, EV.op, msg);
    expect(first).toEqual({ committed: true, seq: 1, key: "same-key" });
    expect(second).toEqual(first);
    expect((await server.rooms.current(room.roomId))?.seq).toBe(1);
    a.socket.disconnect();
  });

  it("rejects an op Docker would refuse, with Docker's reason, and the client drops it", async () => {
    const room = await newRoom(server.url);
    const a = await joined(server.url, { roomId: room.roomId, name: "Ada", token: room.token });
    const bridge = Object.values(a.client.doc?.networks ?? {}).find((n) => n.name === "bridge")?.id as string;
    const ack = await ask<OpAck>(a.socket, EV.op, { clientId: "c", key: "r1", baseSeq: 0, op: { type: "network.remove", networkId: bridge } });
    expect(ack).toMatchObject({ rejected: true });
    if ("rejected" in ack) expect(ack.reason).toContain("pre-defined network");
    a.socket.disconnect();
  });

  it("resumes from the last seq after a reconnect and re-sends pending ops", async () => {
    const room = await newRoom(server.url);
    const a = await joined(server.url, { roomId: room.roomId, name: "Ada", token: room.token });
    const b = await joined(server.url, { roomId: room.roomId, name: "Bob", invite: room.inviteCode });
    b.socket.io.engine.close();
    await until(() => b.client.status !== "joined");
    for (let i = 0; i < 5; i++) a.client.submit(move("m-host", i, i));
    b.client.submit(title("offline edit"));
    await until(() => b.client.status === "joined" && b.client.pending.length === 0 && b.client.seq === 6, 8000, "resume");
    await until(() => a.client.seq === 6);
    expect(strip(a.client.doc)).toBe(strip(b.client.doc));
    expect(b.client.doc?.title).toBe("offline edit");
    a.socket.disconnect();
    b.socket.disconnect();
  });

  it("relays presence to the others, throttled, and drops a vanished peer", async () => {
    const room = await newRoom(server.url);
    const a = await joined(server.url, { roomId: room.roomId, name: "Ada", token: room.token });
    const b = await joined(server.url, { roomId: room.roomId, name: "Bob", invite: room.inviteCode });
    a.client.setPresence({ cursor: { x: 1, y: 2 }, selection: ["m-host"], viewport: { x: 0, y: 0, zoom: 1 } });
    await until(() => b.client.peers.length === 1);
    expect(b.client.peers[0]).toMatchObject({ name: "Ada", cursor: { x: 1, y: 2 }, selection: ["m-host"] });
    let seen = 0;
    b.socket.on(EV.presence, () => seen++);
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) a.socket.emit(EV.presence, { cursor: { x: i, y: i }, selection: [], viewport: null });
    await new Promise((r) => setTimeout(r, 300));
    const hz = seen / ((Date.now() - t0) / 1000);
    expect(hz).toBeLessThanOrEqual(31 * 1.2);
    a.socket.disconnect();
    await until(() => b.client.peers.length === 0, 5000, "peer gone");
    b.socket.disconnect();
  });

  it("serves /healthz and /metrics", async () => {
    const h = await fetch(`${server.url}/healthz`);
    expect(await h.json()).toMatchObject({ ok: true, store: "sqlite" });
    const m = await (await fetch(`${server.url}/metrics`)).text();
    expect(m).toMatch(/^dockside_ops_committed_total \d+$/m);
    expect(m).toContain("dockside_op_commit_ms_bucket");
  });
});
