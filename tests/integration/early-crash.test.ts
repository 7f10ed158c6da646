/**
 * A sole-writer server broadcasts an op as soon as it is ordered and acks it once it is on disk. Here the
 * disk is slowed down (a test-only commit delay) and the server is killed while ops have been broadcast
 * but not stored; the restarted server gives their seqs to other ops. Every client must end on the
 * server's document, with every acked op kept and none applied twice.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { EV, type JoinAck, type OpAck } from "../../lib/sync/events";
import { ask, connect, joined, move, newRoom, strip, tempDir, title, until } from "./helpers";
import { killHard, spawnServer } from "./process";

function freePort(): Promise<number> {
  return new Promise((done) => {
    const srv = createServer().listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

const FAULT = "tests/integration/fault-server.ts";

describe("broadcast before durable", () => {
  it("converges after a crash between broadcast and commit, losing no acked op and applying none twice", async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = await spawnServer({ DATA_DIR: dataDir, COMMIT_DELAY_MS: "1500" }, { script: FAULT, port });
    const url = first.url;
    const room = await newRoom(url);
    const a = await joined(url, { roomId: room.roomId, name: "Ada", token: room.token });
    const b = await joined(url, { roomId: room.roomId, name: "Bob", invite: room.inviteCode });
    const c = await joined(url, { roomId: room.roomId, name: "Cy", invite: room.inviteCode });
    const clients = [a, b, c];

    // Acked before the crash: must survive it.
    a.client.submit(title("one"));
    await until(() => clients.every((x) => x.client.seq === 1) && a.client.pending.length === 0, 15_000, "first op acked");

    // Broadcast but not yet durable: an op from someone who then goes away for good, and one from A and B.
    const ghost = connect(url, { reconnection: false });
    const gj = await ask<JoinAck>(ghost, EV.join, { roomId: room.roomId, name: "Ghost", invite: room.inviteCode });
    expect(gj.ok).toBe(true);
    ghost.emit(EV.op, { clientId: "ghost", key: "ghost-1", baseSeq: 1, op: title("ghost") }, () => undefined);
    await until(() => c.client.doc?.title === "ghost", 5000, "ghost op broadcast");
    a.client.submit(move("m-host", 7, 7));
    b.client.submit(title("bee"));
    await until(() => clients.every((x) => x.client.seq === 4), 5000, "ops broadcast before they are stored");
    expect(c.client.doc?.title).toBe("bee");
    expect(a.client.pending).toHaveLength(1);
    expect(a.client.pending[0]?.committedSeq).toBeUndefined();
    const aKey = a.client.pending[0]?.key as string;
    const bKey = b.client.pending[0]?.key as string;
    await killHard(first);
    ghost.disconnect();

    const second = await spawnServer({ DATA_DIR: dataDir }, { script: FAULT, port });
    try {
      await until(
        () => clients.every((x) => x.client.status === "joined" && x.client.pending.length === 0) && new Set(clients.map((x) => x.client.seq)).size === 1,
        20_000,
        "clients settled after the restart",
      );
      const probe = connect(url);
      const log = await ask<JoinAck>(probe, EV.join, { roomId: room.roomId, name: "Ada", token: room.token, since: 0 });
      if (!log.ok) throw new Error(log.error);
      const keys = log.ops.map((o) => o.key);
      expect(log.ops.map((o) => o.seq)).toEqual(keys.map((_, i) => i + 1));
      expect(new Set(keys).size).toBe(keys.length);
      // The acked op kept its seq; the unacked ones were re-sent by their authors and stored once; the
      // ghost's op never reached the disk and nobody re-sent it.
      expect(log.ops[0]).toMatchObject({ seq: 1, op: title("one") });
      expect(keys.filter((k) => k === aKey)).toHaveLength(1);
      expect(keys.filter((k) => k === bKey)).toHaveLength(1);
      expect(keys).not.toContain("ghost-1");
      expect(log.ops.length).toBe(3);
      expect(clients.every((x) => x.client.seq === 3)).toBe(true);
      // Everyone's document is the server's: a fresh join (snapshot) shows it.
      const fresh = await joined(url, { roomId: room.roomId, name: "Dee", invite: room.inviteCode });
      for (const x of clients) expect(strip(x.client.doc)).toBe(strip(fresh.client.doc));
      expect(fresh.client.doc?.title).toBe("bee");
      expect(fresh.client.doc?.layout["m-host"]).toEqual({ x: 7, y: 7 });
      // A re-sent key is still answered with its first seq, not stored again.
      const again = await ask<OpAck>(probe, EV.op, { clientId: "x", key: aKey, baseSeq: 0, op: move("m-host", 7, 7) });
      expect(again).toMatchObject({ committed: true, seq: keys.indexOf(aKey) + 1 });
      for (const s of [probe, fresh.socket]) s.disconnect();
    } finally {
      for (const x of clients) {
        x.client.stop();
        x.socket.disconnect();
      }
      await killHard(second);
    }
  }, 90_000);
});
