/**
 * Malformed payloads to every event the server listens to: the server stays up, the document does not
 * change, and the sender hears why (an error ack, or an `error` event when it gave no callback).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EV, type JoinAck } from "../../lib/sync/events";
import type { Running } from "../../server/main";
import { ask, connect, newRoom, start } from "./helpers";

const EVENTS = [EV.create, EV.join, EV.sync, EV.op, EV.presence, EV.setRole, EV.lock, EV.remove];

const HANDMADE: unknown[] = [
  undefined,
  null,
  0,
  "op",
  [],
  {},
  { roomId: "x".repeat(26) },
  JSON.parse('{"__proto__": {"polluted": true}, "locked": true}'),
  JSON.parse(
    '{"clientId":"c","key":"k","baseSeq":0,"op":{"type":"network.create","id":"0000000000000000000000000000000000000000000000000000000000000000","machineId":"m-host","name":"n","driver":"bridge","subnet":null,"gateway":null,"ipRange":null,"internal":false,"attachable":false,"options":{"__proto__":"x"},"labels":{},"at":1}}',
  ),
  { clientId: "c", key: "k", baseSeq: 0, op: { type: "doc.setTitle", title: "x" }, extra: 1 },
  { clientId: "c", key: "k", baseSeq: -1, op: { type: "doc.setTitle", title: "x" } },
  { clientId: "c", key: "k", baseSeq: 0, op: { type: "no.such.op" } },
  { clientId: "c", key: "k", baseSeq: 0, op: { type: "layout.move", id: "m-host", position: { x: Number.NaN, y: 0 } } },
  { clientId: "c", key: "", baseSeq: 0, op: { type: "doc.setTitle", title: "x" } },
  { clientId: "c", key: "k", baseSeq: 0, op: { type: "doc.setTitle", title: "x".repeat(10_000) } },
  { cursor: { x: 1 }, selection: [], viewport: null },
  { cursor: null, selection: "m-host", viewport: null },
  { memberId: "../../etc", role: "owner" },
  { locked: "yes" },
  { since: "0" },
  { name: "" },
  {
    a: {
      b: {
        c: {
          d: {
            e: {
              f: { g: { h: { i: { j: { k: { l: { m: { n: { o: { p: { q: { r: { s: { t: { u: { v: { w: { x: { y: { z: 1 } } } } } } } } } } } } } } } } } } } },
            },
          },
        },
      },
    },
  },
];

let server: Running;
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

describe("fuzz: malformed payloads", () => {
  it("refuses every malformed payload to every event, with an error to the sender and the document unchanged", async () => {
    const room = await newRoom(server.url);
    const s = connect(server.url);
    const joinAck = await ask<JoinAck>(s, EV.join, { roomId: room.roomId, name: "Ada", token: room.token });
    expect(joinAck.ok).toBe(true);
    const before = JSON.stringify(await server.rooms.current(room.roomId));
    const errors: unknown[] = [];
    s.on(EV.error, (e) => errors.push(e));

    const samples = fc.sample(fc.anything({ withNullPrototype: false, maxDepth: 4 }), { numRuns: 150, seed: 7 });
    for (const event of EVENTS) {
      for (const payload of [...HANDMADE, ...samples]) {
        // With an ack callback: the ack says no.
        const ack = await ask<Record<string, unknown>>(s, event, payload);
        const refused = ack.ok === false || ack.rejected === true;
        // Some random values can be valid for lenient events (e.g. an empty presence is not); only the
        // valid ones may be accepted, and none of them may change the document.
        if (!refused) expect(event === EV.create || event === EV.presence, `${event} accepted ${JSON.stringify(payload)}`).toBe(true);
        // Without one: an `error` event arrives.
        s.emit(event, payload);
        s.emit(event, payload, "second argument");
      }
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.length).toBeGreaterThan(EVENTS.length * HANDMADE.length);
    expect(errors[0]).toMatchObject({ code: expect.stringMatching(/^payload\./) });
    expect(JSON.stringify(await server.rooms.current(room.roomId))).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(s.connected).toBe(true);
    s.disconnect();
  }, 120_000);
});
