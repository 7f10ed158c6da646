/**
 * Many clients, random ops, random delays and dropped connections: afterwards every client holds the
 * server's document, which is valid. Runs PROPERTY_RUNS seeds (200 in CI); a failure prints its seed,
 * replay it with PROPERTY_SEED=<seed> PROPERTY_PATH=<path>.
 */
import fc from "fast-check";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants, digest64 } from "../../lib/model";
import { networkCreateOp, type Op } from "../../lib/ops";
import { SyncClient, type SyncSocket } from "../../lib/sync/client";
import type { Running } from "../../server/main";
import { connect, newRoom, start, strip, until } from "./helpers";

const RUNS = Number(process.env.PROPERTY_RUNS ?? (process.env.CI === "true" ? 200 : 20));
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
const PATH = process.env.PROPERTY_PATH;

/** Delays every outgoing emit by a random time while keeping this socket's own order, as a slow link does. */
function laggy(socket: Socket, delays: number[]): SyncSocket {
  let i = 0;
  let tail = Promise.resolve();
  return {
    get connected() {
      return socket.connected;
    },
    connect: () => socket.connect(),
    disconnect: () => socket.disconnect(),
    on: (ev, fn) => socket.on(ev, fn),
    off: (ev, fn) => socket.off(ev, fn),
    emit: (ev, ...args) => {
      const wait = delays[i++ % delays.length] ?? 0;
      tail = tail.then(() => new Promise((r) => setTimeout(r, wait))).then(() => void socket.emit(ev, ...args));
      return true;
    },
  };
}

const NAMES = ["front", "back", "db"];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.string({ maxLength: 12 }).map((title): Op => ({ type: "doc.setTitle", title })),
  fc
    .record({ x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }) })
    .map((position): Op => ({ type: "layout.move", id: "m-host", position })),
  fc.constantFrom(...NAMES).map((name): Op => networkCreateOp({ id: digest64(name), machineId: "m-host", name, at: 1 })),
  fc.constantFrom(...NAMES).map((name): Op => ({ type: "network.remove", networkId: digest64(name) })),
);

const clientArb = fc.record({
  ops: fc.array(opArb, { maxLength: 6 }),
  delays: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 4 }),
  dropAfter: fc.option(fc.integer({ min: 0, max: 5 }), { freq: 3 }),
});

let server: Running;
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

describe("property: concurrent clients converge on the server's document", () => {
  it(`holds for ${RUNS} seeds of 2-40 clients`, async () => {
    const prop = fc.asyncProperty(fc.array(clientArb, { minLength: 2, maxLength: 40 }), async (plans) => {
      const room = await newRoom(server.url);
      const sockets: Socket[] = [];
      const clients = plans.map((plan, i) => {
        const s = connect(server.url);
        sockets.push(s);
        const opts = i === 0 ? { roomId: room.roomId, name: "Owner", token: room.token } : { roomId: room.roomId, name: `P${i}`, invite: room.inviteCode };
        const c = new SyncClient(laggy(s, plan.delays), opts);
        c.start();
        return c;
      });
      try {
        await until(() => clients.every((c) => c.status === "joined"), 15_000, "everyone joined");
        await Promise.all(
          plans.map(async (plan, i) => {
            const c = clients[i] as SyncClient;
            for (const [n, op] of plan.ops.entries()) {
              c.submit(op);
              if (plan.dropAfter === n) sockets[i]?.io.engine.close();
              await new Promise((r) => setTimeout(r, plan.delays[n % plan.delays.length]));
            }
          }),
        );
        const truth = () => server.rooms.current(room.roomId);
        let final = await truth();
        const end = Date.now() + 20_000;
        while (!clients.every((c) => c.status === "joined" && c.pending.length === 0 && c.seq === final?.seq)) {
          if (Date.now() > end)
            throw new Error(`clients did not settle: ${clients.map((c) => `${c.status}/${c.pending.length}/${c.seq}`).join(" ")} server ${final?.seq}`);
          await new Promise((r) => setTimeout(r, 10));
          final = await truth();
        }
        final = await truth();
        for (const c of clients) expect(strip(c.doc)).toBe(strip(final?.doc ?? null));
        expect(checkInvariants(final?.doc as NonNullable<typeof final>["doc"])).toEqual([]);
      } finally {
        for (const c of clients) c.stop();
        for (const s of sockets) s.disconnect();
      }
    });
    try {
      await fc.assert(prop, { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH ? { path: PATH } : {}), endOnFailure: true });
    } catch (err) {
      const m = /seed: (-?\d+), path: "([^"]*)"/.exec((err as Error).message);
      console.error(m ? `property failed: replay with PROPERTY_SEED=${m[1]} PROPERTY_PATH=${m[2]}` : "property failed (no seed in the report)");
      throw err;
    }
  }, 1_800_000);
});
