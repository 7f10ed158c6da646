import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digest64 } from "../../lib/model";
import { networkCreateOp } from "../../lib/ops";
import { EV, type JoinAck, type OpAck } from "../../lib/sync/events";
import type { Running } from "../../server/main";
import { ask, connect, newRoom, start, until } from "./helpers";

let server: Running;
beforeAll(async () => {
  server = await start({
    limits: { maxRoomClients: 3, maxDocBytes: 4_000 },
    socketLimits: { opBurst: 10, opsPerSecond: 5, presenceHz: 30, admissionBurst: 3, admissionsPerSecond: 0.5 },
    maxHttpBufferSize: 20_000,
    allowedOrigins: ["https://school.example"],
  });
});
afterAll(async () => {
  await server.close();
});

const move = (i: number) => ({ type: "layout.move", id: "m-host", position: { x: i, y: 0 } });

describe("limits and hostile clients", () => {
  it("answers a flood of ops with a clear rate-limit error (token bucket)", async () => {
    const room = await newRoom(server.url);
    const s = connect(server.url);
    await ask(s, EV.join, { roomId: room.roomId, name: "Ada", token: room.token });
    const acks = await Promise.all(Array.from({ length: 30 }, (_, i) => ask<OpAck>(s, EV.op, { clientId: "c", key: `f${i}`, baseSeq: 0, op: move(i) })));
    const limited = acks.filter((a) => "rejected" in a && a.code === "rate.limited");
    expect(acks.filter((a) => "committed" in a).length).toBe(10);
    expect(limited.length).toBe(20);
    expect(limited[0]).toMatchObject({ reason: "too many edits: at most 5 per second" });
    await new Promise((r) => setTimeout(r, 450));
    expect(await ask<OpAck>(s, EV.op, { clientId: "c", key: "after", baseSeq: 0, op: move(99) })).toMatchObject({ committed: true });
    s.disconnect();
  });

  it("slows down room creation and join attempts from one connection", async () => {
    const s = connect(server.url);
    const acks = [];
    for (let i = 0; i < 5; i++) acks.push(await ask<{ ok: boolean; code?: string }>(s, EV.create, { name: "Spam" }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, false, false]);
    expect(acks[3]).toMatchObject({ code: "rate.limited" });
    s.disconnect();
  });

  it("caps the room size", async () => {
    const room = await newRoom(server.url);
    const socks = [0, 1, 2, 3].map(() => connect(server.url));
    const acks = [];
    for (const s of socks) acks.push(await ask<JoinAck>(s, EV.join, { roomId: room.roomId, name: "P", invite: room.inviteCode }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(acks[3]).toMatchObject({ code: "room.full" });
    for (const s of socks) s.disconnect();
  });

  it("caps the document size, measuring the real document", async () => {
    const room = await newRoom(server.url);
    const s = connect(server.url);
    await ask(s, EV.join, { roomId: room.roomId, name: "Ada", token: room.token });
    const send = async (key: string, op: unknown): Promise<OpAck> => {
      for (;;) {
        const ack = await ask<OpAck>(s, EV.op, { clientId: "c", key, baseSeq: 0, op });
        if (!("rejected" in ack) || ack.code !== "rate.limited") return ack;
        await new Promise((r) => setTimeout(r, 210));
      }
    };
    // Titles replace each other and moves replace positions: the document stays small, nothing is refused
    // (an estimate that added up every op reached the 4000-byte cap within 20 of these).
    for (let i = 0; i < 20; i++) expect(await send(`t${i}`, { type: "doc.setTitle", title: "x".repeat(200) })).toMatchObject({ committed: true });
    for (let i = 0; i < 20; i++) expect(await send(`m${i}`, move(i * 1000))).toMatchObject({ committed: true });
    // Networks do grow it: the cap is reached, with the device's own words.
    let last: OpAck | null = null;
    for (let i = 0; i < 20 && !(last && "rejected" in last); i++) {
      last = await send(`n${i}`, networkCreateOp({ id: digest64(`n${i}`), machineId: "m-host", name: `net${i}`, at: 1 }));
    }
    expect(last).toMatchObject({ rejected: true, code: "doc.too-large" });
    expect(last && "reason" in last && last.reason).toMatch(/^No space left on device/);
    s.disconnect();
  }, 30_000);

  it("drops a packet larger than maxHttpBufferSize by closing that connection only", async () => {
    const room = await newRoom(server.url);
    const s = connect(server.url, { reconnection: false });
    await ask(s, EV.join, { roomId: room.roomId, name: "Ada", token: room.token });
    s.emit(EV.presence, { cursor: null, selection: ["x".repeat(50_000)], viewport: null });
    await until(() => !s.connected, 3000, "disconnect");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("refuses browser origins that are not allowed, in allowRequest", async () => {
    const bad = connect(server.url, { extraHeaders: { origin: "https://evil.example" }, reconnection: false, transports: ["polling"] });
    const err = await new Promise<Error>((r) => bad.on("connect_error", r));
    expect(String(err.message)).toMatch(/origin|xhr poll error|not allowed/i);
    const good = connect(server.url, { extraHeaders: { origin: "https://school.example" }, transports: ["polling"] });
    await until(() => good.connected, 3000, "allowed origin connects");
    bad.disconnect();
    good.disconnect();
  });
});
