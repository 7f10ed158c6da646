import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Op } from "../../lib/ops";
import type { SyncClient } from "../../lib/sync/client";
import { EV, type OpAck } from "../../lib/sync/events";
import { havePg, haveRedis, PG_URL, REDIS_URL } from "./env";
import { ask, joined, newRoom, strip, until } from "./helpers";
import { killHard, type ServerProcess, spawnServer } from "./process";

const enabled = havePg && haveRedis;

describe.skipIf(!enabled)("two server processes on PostgreSQL + Redis", () => {
  const procs: ServerProcess[] = [];
  beforeAll(async () => {
    const env = { DATABASE_URL: PG_URL, REDIS_URL, DATA_DIR: "/nonexistent" };
    procs.push(await spawnServer(env), await spawnServer(env));
  }, 60_000);
  afterAll(async () => {
    for (const p of procs) await killHard(p);
  });

  it("splits one room's clients between them; random concurrent ops leave identical documents, none lost or doubled", async () => {
    const [a, b] = procs as [ServerProcess, ServerProcess];
    const room = await newRoom(a.url);
    const clients: SyncClient[] = [];
    const sockets = [];
    const refused: string[] = [];
    for (let i = 0; i < 8; i++) {
      const url = i % 2 ? b.url : a.url;
      const j = await joined(
        url,
        i === 0 ? { roomId: room.roomId, name: "Ada", token: room.token } : { roomId: room.roomId, name: `P${i}`, invite: room.inviteCode },
      );
      clients.push(j.client);
      j.client.subscribe((ch) => ch.type === "rejected" && refused.push(`${ch.key}: ${ch.code} (${ch.reason})`));
      sockets.push(j.socket);
    }
    let rand = 12345;
    const next = () => {
      rand = (rand * 1103515245 + 12345) & 0x7fffffff;
      return rand;
    };
    const submitted = new Set<string>();
    for (let round = 0; round < 25; round++) {
      for (const [i, c] of clients.entries()) {
        const r = next() % 3;
        const op: Op =
          r === 0
            ? { type: "doc.setTitle", title: `t-${i}-${round}` }
            : { type: "layout.move", id: r === 1 ? "m-host" : "lan-1", position: { x: next() % 1000, y: next() % 1000 } };
        if (c.submit(op).ok) submitted.add(`${c.clientId}:${round}`);
      }
      await new Promise((res) => setTimeout(res, next() % 5));
    }
    const total = clients.length * 25;
    const standing = () =>
      `all ops confirmed everywhere; seq and pending per client: ${clients.map((c) => `${c.seq}/${c.pending.length}`).join(" ")}; refused: ${refused.join(", ") || "none"}`;
    await until(() => clients.every((c) => c.pending.length === 0 && c.seq === total), 20_000, standing);
    const docs = new Set(clients.map((c) => strip(c.doc)));
    expect(docs.size).toBe(1);
    // Every op committed exactly once: seq equals the number submitted, and each process agrees.
    for (const p of procs) {
      const j = await joined(p.url, { roomId: room.roomId, name: "Check", token: room.token });
      expect(j.client.seq).toBe(total);
      expect(strip(j.client.doc)).toBe([...docs][0]);
      j.socket.disconnect();
    }
    for (const s of sockets) s.disconnect();
  }, 60_000);

  it("applies a role change and a removal made on one process to a member connected to the other", async () => {
    const [a, b] = procs as [ServerProcess, ServerProcess];
    const room = await newRoom(a.url);
    const owner = await joined(a.url, { roomId: room.roomId, name: "Ada", token: room.token });
    const bob = await joined(b.url, { roomId: room.roomId, name: "Bob", invite: room.inviteCode });
    expect((await owner.client.setRole(bob.client.memberId as string, "viewer")).ok).toBe(true);
    await until(() => bob.client.role === "viewer", 5000, "role reaches the other process");
    const refused = await ask<OpAck>(bob.socket, EV.op, { clientId: "x", key: "v1", baseSeq: 0, op: { type: "doc.setTitle", title: "no" } });
    expect(refused).toMatchObject({ rejected: true, code: "room.read-only" });
    expect((await owner.client.removeMember(bob.client.memberId as string)).ok).toBe(true);
    await until(() => bob.client.status === "removed" || !bob.socket.connected, 5000, "removal reaches the other process");
    owner.socket.disconnect();
    bob.socket.disconnect();
  }, 30_000);
});
