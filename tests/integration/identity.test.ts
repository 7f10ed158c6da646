/**
 * Identity in a room: an idempotency key belongs to its author, so another member who guesses the next
 * keys (they are visible in broadcasts) cannot make the server drop anyone's edits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EV, type JoinAck, type OpAck } from "../../lib/sync/events";
import type { Running } from "../../server/main";
import { ask, connect, newRoom, start } from "./helpers";

let server: Running;
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

describe("identity", () => {
  it("scopes idempotency keys to their author: squatting a victim's next keys drops nothing", async () => {
    const room = await newRoom(server.url);
    const victim = connect(server.url);
    const squatter = connect(server.url);
    await ask(victim, EV.join, { roomId: room.roomId, name: "Ada", token: room.token });
    const joined = await ask<JoinAck>(squatter, EV.join, { roomId: room.roomId, name: "Eve", invite: room.inviteCode });
    expect(joined.ok).toBe(true);
    for (let i = 1; i <= 5; i++) {
      const ack = await ask<OpAck>(squatter, EV.op, { clientId: "victim", key: `victim:${i}`, baseSeq: 0, op: { type: "doc.setTitle", title: `eve ${i}` } });
      expect(ack).toMatchObject({ committed: true });
    }
    const seqs: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const ack = await ask<OpAck>(victim, EV.op, { clientId: "victim", key: `victim:${i}`, baseSeq: 0, op: { type: "doc.setTitle", title: `ada ${i}` } });
      expect(ack).toMatchObject({ committed: true });
      if ("committed" in ack) seqs.push(ack.seq);
    }
    // Every one of the victim's edits is its own op in the log, after the squatter's, and the last one stands.
    expect(new Set(seqs).size).toBe(5);
    expect(Math.min(...seqs)).toBeGreaterThan(5);
    expect((await server.rooms.current(room.roomId))?.doc.title).toBe("ada 5");
    // A re-send by its own author is still recognised as the same op.
    const again = await ask<OpAck>(victim, EV.op, { clientId: "victim", key: "victim:3", baseSeq: 0, op: { type: "doc.setTitle", title: "ada 3" } });
    expect(again).toMatchObject({ committed: true, seq: seqs[2] });
    victim.disconnect();
    squatter.disconnect();
  });
});
