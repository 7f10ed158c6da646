/**
 * socket.io's connection state recovery: after a short network drop the client is back on the same
 * socket with what it missed, without joining again and without a snapshot.
 */
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SyncClient, type SyncSocket } from "../../lib/sync/client";
import { EV } from "../../lib/sync/events";
import type { Running } from "../../server/main";
import { connect, joined, move, newRoom, start, strip, title, until } from "./helpers";

let server: Running;
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

/** The socket as the client sees it, counting what it emits. */
function counted(socket: Socket, counts: Map<string, number>): SyncSocket {
  return {
    get connected() {
      return socket.connected;
    },
    get recovered() {
      return socket.recovered;
    },
    connect: () => socket.connect(),
    disconnect: () => socket.disconnect(),
    on: (ev, fn) => socket.on(ev, fn),
    off: (ev, fn) => socket.off(ev, fn),
    emit: (ev, ...args) => {
      counts.set(ev, (counts.get(ev) ?? 0) + 1);
      return socket.emit(ev, ...args);
    },
  };
}

describe("connection state recovery", () => {
  it("recovers a short disconnect without a join or snapshot, and catches up on what it missed", async () => {
    const room = await newRoom(server.url);
    const counts = new Map<string, number>();
    const socket = connect(server.url, { reconnectionDelay: 600, reconnectionDelayMax: 600 });
    const a = new SyncClient(counted(socket, counts), { roomId: room.roomId, name: "Ada", token: room.token });
    a.start();
    await until(() => a.status === "joined", 10_000, "join");
    const b = await joined(server.url, { roomId: room.roomId, name: "Bob", invite: room.inviteCode });
    b.client.submit(title("before"));
    await until(() => a.seq === 1 && b.client.pending.length === 0, 10_000, "first op");

    // The transport drops (not a deliberate disconnect): socket.io keeps the session on the server.
    socket.io.engine.close();
    await until(() => a.status === "offline", 5000, "offline");
    b.client.submit(title("while away"));
    b.client.submit(move("m-host", 3, 4));
    expect(a.submit(move("m-host", 9, 9)).ok).toBe(true);
    await until(() => b.client.pending.length === 0 && b.client.seq === 3, 5000, "ops while away");
    expect(a.status).toBe("offline");

    await until(() => a.status === "joined" && a.pending.length === 0 && b.client.seq === 4 && a.seq === 4, 10_000, "recovered and caught up");
    expect(socket.recovered).toBe(true);
    expect(counts.get(EV.join)).toBe(1);
    expect(counts.get(EV.sync) ?? 0).toBe(0);
    const truth = await server.rooms.current(room.roomId);
    expect(strip(a.doc)).toBe(strip(truth?.doc ?? null));
    expect(strip(b.client.doc)).toBe(strip(a.doc));
    expect(a.doc?.layout["m-host"]).toEqual({ x: 9, y: 9 });
    expect((await server.rooms.members(room.roomId))?.members.find((m) => m.role === "owner")?.online).toBe(true);
    a.stop();
    socket.disconnect();
    b.socket.disconnect();
  });

  it("a deliberate disconnect is not recovered: the client joins again from its seq", async () => {
    const room = await newRoom(server.url);
    const s = connect(server.url);
    const a = new SyncClient(s, { roomId: room.roomId, name: "Ada", token: room.token });
    a.start();
    await until(() => a.status === "joined");
    a.submit(title("x"));
    await until(() => a.pending.length === 0 && a.seq === 1);
    // A deliberate disconnect is not recoverable: the next connection is new.
    s.disconnect();
    s.connect();
    await until(() => a.status === "joined" && s.connected);
    expect(s.recovered).toBe(false);
    expect(a.seq).toBe(1);
    a.stop();
    s.disconnect();
  });
});
