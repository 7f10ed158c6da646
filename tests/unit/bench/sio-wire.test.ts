import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WireSocket } from "../../../bench/sio-wire";

describe("the load generator's wire client against a real socket.io server", () => {
  const http = createServer();
  // Short pings: the client must answer them or the server drops it.
  const io = new Server(http, { pingInterval: 50, pingTimeout: 100 });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    port = (http.address() as AddressInfo).port;
    io.on("connection", (s) => {
      s.on("echo", (v: unknown, ack: (x: unknown) => void) => ack({ got: v }));
      s.on("join", (room: string) => s.join(room));
      s.on("ask", () => s.emit("question", "name?", (answer: string) => s.emit("told", answer)));
    });
  });
  afterAll(() => io.close());

  it("gets acknowledgements, room broadcasts and answers asks, and stays connected through pings", async () => {
    const a = await WireSocket.connect(port);
    const b = await WireSocket.connect(port);
    expect(await a.emitWithAck("echo", { x: [1, "é"] })).toEqual({ got: { x: [1, "é"] } });
    b.emit("join", "r");
    await new Promise((r) => setTimeout(r, 50));
    const heard: unknown[][] = [];
    b.on("op", (...args: unknown[]) => heard.push(args));
    io.to("r").emit("op", { seq: 1 }, "two");
    const told = new Promise((done) => a.on("told", done));
    a.on("question", (q: string, reply: (x: string) => void) => reply(`${q} Ada`));
    a.emit("ask");
    expect(await told).toBe("name? Ada");
    await new Promise((r) => setTimeout(r, 400));
    expect(heard).toEqual([[{ seq: 1 }, "two"]]);
    expect(io.engine.clientsCount).toBe(2);
    a.disconnect();
    b.disconnect();
  });
});
