import { describe, expect, it } from "vitest";
import { EV, type JoinAck, type OpAck } from "../../lib/sync/events";
import { ask, connect, newRoom, tempDir } from "./helpers";
import { killHard, spawnServer } from "./process";

describe("durability", () => {
  it("finds every acked op after the server is killed with SIGKILL in the middle of a burst", async () => {
    const dataDir = tempDir();
    const first = await spawnServer({ DATA_DIR: dataDir });
    const room = await newRoom(first.url);
    const s = connect(first.url, { reconnection: false });
    const joinAck = await ask<JoinAck>(s, EV.join, { roomId: room.roomId, name: "Ada", token: room.token });
    expect(joinAck.ok).toBe(true);
    const acked = new Map<string, number>();
    let sent = 0;
    // A burst: keep many ops in flight at once, and kill the process while they are.
    await new Promise<void>((done) => {
      const fire = () => {
        for (let i = 0; i < 20; i++) {
          const key = `burst-${sent++}`;
          s.emit(EV.op, { clientId: "c", key, baseSeq: 0, op: { type: "layout.move", id: "m-host", position: { x: sent, y: 0 } } }, (ack: OpAck) => {
            if ("committed" in ack) acked.set(key, ack.seq);
            if (acked.size >= 150 && first.child.exitCode === null) {
              first.child.kill("SIGKILL");
              done();
            }
          });
        }
        // One socket commits at most 120 ops at once and 60 a second after that (the rate limit): on a
        // fast run the first 5000 are all sent before 150 commit, so keep sending until they have.
        if (first.child.exitCode === null && (sent < 5000 || acked.size < 150)) setTimeout(fire, 1);
      };
      fire();
    });
    await killHard(first);
    s.disconnect();
    expect(acked.size).toBeGreaterThanOrEqual(150);
    expect(sent).toBeGreaterThan(acked.size);

    const second = await spawnServer({ DATA_DIR: dataDir });
    try {
      const t = connect(second.url);
      const back = await ask<JoinAck>(t, EV.join, { roomId: room.roomId, name: "Ada", token: room.token, since: 0 });
      if (!back.ok) throw new Error(back.error);
      expect(back.role).toBe("owner");
      const stored = new Map(back.ops.map((o) => [o.key, o.seq]));
      for (const [key, seq] of acked) expect(stored.get(key), key).toBe(seq);
      // seq has no holes: 1..n
      expect(back.ops.map((o) => o.seq)).toEqual(back.ops.map((_, i) => i + 1));
      t.disconnect();
    } finally {
      await killHard(second);
    }
  }, 60_000);
});
