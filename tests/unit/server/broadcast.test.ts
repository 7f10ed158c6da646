import type { Server } from "socket.io";
import { afterEach, describe, expect, it } from "vitest";
import type { RemoteOp } from "../../../lib/sync/events";
import { OpBroadcaster } from "../../../server/broadcast";

/** The part of socket.io the broadcaster uses, recording what each room was sent. */
function recordingIo() {
  const sent: { room: string; event: string; seqs: number[]; durable?: (number | undefined)[] }[] = [];
  const io = {
    to: (room: string) => ({
      emit: (event: string, payload: RemoteOp | RemoteOp[]) => {
        const ops = Array.isArray(payload) ? payload : [payload];
        sent.push({ room, event, seqs: ops.map((o) => o.seq), ...(ops.some((o) => o.durable !== undefined) ? { durable: ops.map((o) => o.durable) } : {}) });
      },
    }),
  } as unknown as Server;
  return { io, sent };
}

const op = (seq: number): RemoteOp => ({
  seq,
  key: `k${seq}`,
  clientId: "c",
  op: { type: "layout.move", id: "m-host", position: { x: seq, y: 0 } },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Keeps the event loop busy, as a server short of CPU would be. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* busy */
  }
}

let b: OpBroadcaster | null = null;
afterEach(() => b?.close());

describe("OpBroadcaster", () => {
  it("sends a lone op at the end of the turn, and ops of one turn as one packet in seq order", async () => {
    const { io, sent } = recordingIo();
    b = new OpBroadcaster(io);
    b.send("r1", op(1));
    expect(sent).toEqual([]);
    await sleep(5);
    b.send("r1", op(2));
    b.send("r2", op(1));
    b.send("r1", op(3));
    await sleep(5);
    expect(sent).toEqual([
      { room: "r1", event: "op", seqs: [1] },
      { room: "r1", event: "ops", seqs: [2, 3] },
      { room: "r2", event: "op", seqs: [1] },
    ]);
  });

  it("tells a quiet room how far it is durable, alone, once the window has passed", async () => {
    const { io, sent } = recordingIo();
    b = new OpBroadcaster(io, { windowMs: 20, busyAbove: 2, idleBelow: 1, sampleMs: 1000, smoothing: 1 });
    b.send("r1", op(1));
    await sleep(1);
    b.durable("r1", 1);
    b.durable("r1", 1);
    await sleep(5);
    expect(sent).toEqual([{ room: "r1", event: "op", seqs: [1] }]);
    await sleep(40);
    // A mark is a seq, not an op: recorded here as an op of that seq.
    expect(sent).toEqual([
      { room: "r1", event: "op", seqs: [1] },
      { room: "r1", event: "room:durable", seqs: [1] },
    ]);
  });

  it("lets the room's next op packet carry its durable mark instead of sending it alone", async () => {
    const { io, sent } = recordingIo();
    b = new OpBroadcaster(io, { windowMs: 20, busyAbove: 2, idleBelow: 1, sampleMs: 1000, smoothing: 1 });
    b.durable("r1", 1);
    b.send("r1", { ...op(2), durable: 0 });
    b.send("r1", { ...op(3), durable: 0 });
    await sleep(40);
    expect(sent).toEqual([{ room: "r1", event: "ops", seqs: [2, 3], durable: [0, 1] }]);
  });

  it("batches a room's ops over a window while the loop is busy, and stops once it is idle again", async () => {
    const { io, sent } = recordingIo();
    b = new OpBroadcaster(io, { windowMs: 60, busyAbove: 0.6, idleBelow: 0.3, sampleMs: 20, smoothing: 1 });
    spin(50);
    await sleep(1);
    expect(b.batching).toBe(true);
    b.send("r", op(1));
    await sleep(0);
    await new Promise((r) => setImmediate(r));
    // The first op after a quiet spell is not held back.
    expect(sent).toEqual([{ room: "r", event: "op", seqs: [1] }]);
    b.send("r", op(2));
    await new Promise((r) => setImmediate(r));
    b.send("r", op(3));
    await new Promise((r) => setImmediate(r));
    expect(sent.length).toBe(1);
    await sleep(80);
    expect(sent[1]).toEqual({ room: "r", event: "ops", seqs: [2, 3] });
    await sleep(80);
    expect(b.batching).toBe(false);
    b.send("r", op(4));
    await new Promise((r) => setImmediate(r));
    expect(sent[2]).toEqual({ room: "r", event: "op", seqs: [4] });
    expect(b.stats).toMatchObject({ flushes: 3, ops: 4 });
  });

  it("does not batch for one busy moment, only for a loop that stays busy", async () => {
    const { io } = recordingIo();
    b = new OpBroadcaster(io, { windowMs: 60, busyAbove: 0.85, idleBelow: 0.6, sampleMs: 20, smoothing: 0.3 });
    await sleep(60);
    spin(30);
    await sleep(1);
    expect(b.batching).toBe(false);
    for (let i = 0; i < 20; i++) {
      spin(20);
      await new Promise((r) => setImmediate(r));
    }
    expect(b.batching).toBe(true);
  });

  it("drops a room's held ops when its writes failed", async () => {
    const { io, sent } = recordingIo();
    b = new OpBroadcaster(io, { windowMs: 60, busyAbove: 0.6, idleBelow: 0.3, sampleMs: 20, smoothing: 1 });
    spin(50);
    await sleep(1);
    b.send("r", op(1));
    await new Promise((r) => setImmediate(r));
    b.send("r", op(2));
    b.drop("r");
    await sleep(80);
    expect(sent.map((s) => s.seqs)).toEqual([[1]]);
  });
});
