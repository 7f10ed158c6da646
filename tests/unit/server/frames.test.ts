/**
 * Broadcast frames written straight to a member's WebSocket (`server/frames.ts`), over real sockets: what each
 * member receives, and in which order, is what socket.io's own path gives, whichever way a frame went.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io as connectTo, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { directFrames } from "../../../server/frames";

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

/** A socket.io server whose sockets join room "r"; `direct` installs the direct path, as the room server does. */
async function serve(direct: boolean) {
  const http = createServer();
  const server = new Server(http, { connectionStateRecovery: { maxDisconnectionDuration: 1000 } });
  const sockets: ServerSocket[] = [];
  /** engine.io packets made for "m" events, per socket: the queue the direct path skips. */
  const queued = new Map<string, number>();
  server.on("connection", (s) => {
    if (direct) directFrames(s);
    s.conn.on("packetCreate", (p: { data?: unknown }) => {
      if (typeof p.data === "string" && p.data.includes('"m"')) queued.set(s.id, (queued.get(s.id) ?? 0) + 1);
    });
    s.join("r");
    sockets.push(s);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Socket[] = [];
  const join = async (transports: ("websocket" | "polling")[]) => {
    const c = connectTo(url, { transports, forceNew: true, upgrade: false });
    clients.push(c);
    await new Promise<void>((r) => c.once("connect", () => r()));
    return c;
  };
  close = async () => {
    for (const c of clients) c.disconnect();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return { server, sockets, queued, join };
}

/** Sends `n` messages numbered 0..n-1 to room "r", mixing broadcasts with messages to one socket only. */
function mixed(server: Server, sockets: ServerSocket[], n: number): void {
  for (let i = 0; i < n; i++) {
    if (i % 3 === 2) for (const s of sockets) s.emit("m", i);
    else server.to("r").emit("m", i);
  }
}

function received(c: Socket, n: number): Promise<number[]> {
  const got: number[] = [];
  return new Promise((done) =>
    c.on("m", (i: number) => {
      got.push(i);
      if (got.length === n) done(got);
    }),
  );
}

describe("direct broadcast frames", () => {
  it("bypass engine.io's queue for an idle WebSocket member, and take it for a polling one", async () => {
    const { server, sockets, queued, join } = await serve(true);
    const ws = await join(["websocket"]);
    const polling = await join(["polling"]);
    const heard = [received(ws, 5), received(polling, 5)];
    for (let i = 0; i < 5; i++) {
      server.to("r").emit("m", i);
      // Each broadcast waits until the last one is written, so the WebSocket member is idle every time.
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await Promise.all(heard)).toEqual([
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
    ]);
    const [wsSide, pollingSide] = sockets;
    expect(queued.get(wsSide?.id ?? "") ?? 0).toBe(0);
    expect(queued.get(pollingSide?.id ?? "")).toBe(5);
  });

  it("keeps the order of broadcasts and messages to one socket, however they are queued", async () => {
    const { server, sockets, join } = await serve(true);
    const members = [await join(["websocket"]), await join(["websocket"]), await join(["polling"])];
    const n = 300;
    const heard = members.map((c) => received(c, n));
    // In one turn: engine.io queues behind its own pending write, so some frames go direct and some do not.
    mixed(server, sockets, n);
    const all = Array.from({ length: n }, (_, i) => i);
    for (const got of await Promise.all(heard)) expect(got).toEqual(all);
  });

  it("leaves what a member receives as socket.io's own path has it", async () => {
    const order = async (direct: boolean) => {
      const { server, sockets, join } = await serve(direct);
      const c = await join(["websocket"]);
      const heard = new Promise<unknown[]>((done) => {
        const got: unknown[] = [];
        // The last argument is the connection-state-recovery offset, which is made from the clock.
        c.onAny((...args: unknown[]) => {
          expect(typeof args.at(-1)).toBe("string");
          got.push(args.slice(0, -1));
          if (got.length === 3) done(got);
        });
      });
      server.to("r").emit("ops", [{ seq: 1, op: { type: "x", text: "é ✓" } }], 2);
      sockets[0]?.emit("one", 1);
      server.to("r").emit("bin", { n: 2 });
      const got = await heard;
      await close?.();
      close = null;
      return got;
    };
    expect(await order(true)).toEqual(await order(false));
  });
});
