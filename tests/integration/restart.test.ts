/**
 * A normal restart (SIGTERM) is a blip: pages are told it is a restart, the connection is not closed
 * for good, and each page reconnects to the next process by itself, resumes from its last seq and
 * sends what was typed meanwhile.
 */
import { describe, expect, it } from "vitest";
import { SyncClient } from "../../lib/sync/client";
import { EV } from "../../lib/sync/events";
import { connect, newRoom, tempDir, title, until } from "./helpers";
import { killHard, spawnServer } from "./process";

describe("restart", () => {
  it("on SIGTERM tells pages it restarts; they reconnect to the next process, resume and send their offline edits", async () => {
    const dataDir = tempDir();
    const first = await spawnServer({ DATA_DIR: dataDir });
    const room = await newRoom(first.url);
    const socket = connect(first.url, { reconnectionDelay: 100, reconnectionDelayMax: 500 });
    const client = new SyncClient(socket, { roomId: room.roomId, name: "Ada", token: room.token });
    let told = false;
    socket.on(EV.restart, () => {
      told = true;
    });
    client.start();
    await until(() => client.status === "joined", 10_000, "join");
    client.submit(title("before"));
    await until(() => client.pending.length === 0, 5000, "first edit stored");
    first.child.kill("SIGTERM");
    await until(() => client.status === "offline", 10_000, "offline");
    await new Promise<void>((done) => (first.child.exitCode !== null ? done() : first.child.on("exit", () => done())));
    expect(first.child.exitCode).toBe(0);
    expect(told).toBe(true);
    // Typed while the server is away: kept, and sent once it is back.
    client.submit(title("while restarting"));
    const second = await spawnServer({ DATA_DIR: dataDir }, { port: first.port });
    try {
      // Before: the server's final disconnect left the page "Reconnecting…" for good.
      await until(() => client.status === "joined" && client.pending.length === 0, 20_000, "rejoin by itself");
      expect(client.doc?.title).toBe("while restarting");
      expect(client.seq).toBe(2);
    } finally {
      client.stop();
      socket.disconnect();
      await killHard(second);
    }
  }, 60_000);
});
