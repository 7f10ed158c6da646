/**
 * Ops broadcast before they are durable: the client keeps what it can roll back to, and after a
 * reconnect it resumes from the durable point, drops what the server lost and re-sends its own ops.
 */
import { describe, expect, it } from "vitest";
import { createWorld, seededIds } from "../../../lib/model";
import type { Op } from "../../../lib/ops";
import { type Commit, SyncClient } from "../../../lib/sync/client";
import { EV, type RemoteOp } from "../../../lib/sync/events";
import { ConfirmedHistory } from "../../../lib/sync/history";
import { joinAck as ack, ScriptedSocket } from "./scripted-socket";

const world = createWorld(seededIds(1), 0);
const title = (t: string): Op => ({ type: "doc.setTitle", title: t });
const move = (x: number): Op => ({ type: "layout.move", id: "m-host", position: { x, y: 0 } });

function started() {
  const s = new ScriptedSocket();
  const c = new SyncClient(s, { roomId: "a".repeat(26), name: "Ada", clientId: "me" });
  const commits: Commit[] = [];
  c.onCommit((x) => commits.push(x));
  c.start();
  s.take(EV.join).ack?.(ack({ snapshot: { seq: 0, doc: world }, durable: 0 }));
  return { s, c, commits };
}

function reconnect(s: ScriptedSocket) {
  s.disconnect();
  s.sent = [];
  s.connect();
  return s.take(EV.join);
}

describe("ops broadcast before they are durable", () => {
  it("resumes from the durable point and drops ops a server crash lost", () => {
    const { s, c } = started();
    s.push(EV.op, { seq: 1, op: title("kept"), clientId: "o", key: "o:1", durable: 0 } satisfies RemoteOp);
    s.push(EV.op, { seq: 2, op: move(5), clientId: "o", key: "o:2", durable: 1 } satisfies RemoteOp);
    s.push(EV.op, { seq: 3, op: title("ghost"), clientId: "o", key: "o:3", durable: 1 } satisfies RemoteOp);
    expect(c.doc?.title).toBe("ghost");
    expect(c.seq).toBe(3);
    // The server restarts with seqs 1 only; it gives 2 and 3 to other ops.
    const join = reconnect(s);
    expect((join.payload as { since: number }).since).toBe(1);
    expect(c.doc?.title).toBe("kept");
    expect(c.doc?.layout["m-host"]).toEqual(world.layout["m-host"]);
    join.ack?.(
      ack({
        ops: [
          { seq: 2, op: move(9), clientId: "p", key: "p:1" },
          { seq: 3, op: title("new"), clientId: "p", key: "p:2" },
        ],
        durable: 3,
      }),
    );
    expect(c.seq).toBe(3);
    expect(c.doc?.title).toBe("new");
    expect(c.doc?.layout["m-host"]).toEqual({ x: 9, y: 0 });
  });

  it("keeps its own op pending until durable, and re-sends it with the same key after a crash", () => {
    const { s, c, commits } = started();
    c.submit(title("mine"));
    const sent = s.take(EV.op);
    const key = (sent.payload as { key: string }).key;
    s.push(EV.op, { seq: 1, op: title("mine"), clientId: "me", key, durable: 0 } satisfies RemoteOp);
    // In the confirmed document, not applied twice, and still pending: no ack has come.
    expect(c.seq).toBe(1);
    expect(c.doc?.title).toBe("mine");
    expect(c.pending).toHaveLength(1);
    expect(commits).toHaveLength(0);
    const join = reconnect(s);
    expect((join.payload as { since: number }).since).toBe(0);
    join.ack?.(ack({ ops: [{ seq: 1, op: title("theirs"), clientId: "o", key: "o:1" }], durable: 1 }));
    // Mine goes again, with its key, on top of what the server really has.
    const again = s.take(EV.op);
    expect((again.payload as { key: string }).key).toBe(key);
    expect(c.doc?.title).toBe("mine");
    s.push(EV.answer, { committed: true, seq: 2, key });
    s.push(EV.op, { seq: 2, op: title("mine"), clientId: "me", key } satisfies RemoteOp);
    expect(c.pending).toHaveLength(0);
    expect(c.seq).toBe(2);
    expect(commits.map((x) => [x.key, x.before.title, x.after.title])).toEqual([[key, "theirs", "mine"]]);
  });

  it("settles its own op when the durable mark passes it, and reports the commit once", () => {
    const { s, c, commits } = started();
    c.submit(move(3));
    const key = (s.take(EV.op).payload as { key: string }).key;
    s.push(EV.op, { seq: 1, op: move(3), clientId: "me", key, durable: 0 } satisfies RemoteOp);
    expect(c.pending).toHaveLength(1);
    s.push(EV.op, { seq: 2, op: title("x"), clientId: "o", key: "o:1", durable: 1 } satisfies RemoteOp);
    expect(c.pending).toHaveLength(0);
    expect(commits).toHaveLength(1);
    expect(c.doc?.layout["m-host"]).toEqual({ x: 3, y: 0 });
    expect((reconnect(s).payload as { since: number }).since).toBe(1);
  });

  it("takes a join's snapshot even when it is older than what it holds", () => {
    const { s, c } = started();
    s.push(EV.op, { seq: 1, op: title("ghost"), clientId: "o", key: "o:1", durable: 0 } satisfies RemoteOp);
    s.push(EV.op, { seq: 2, op: title("ghost2"), clientId: "o", key: "o:2", durable: 0 } satisfies RemoteOp);
    const join = reconnect(s);
    join.ack?.(ack({ snapshot: { seq: 0, doc: { ...world, title: "disk" } }, durable: 0 }));
    expect(c.seq).toBe(0);
    expect(c.doc?.title).toBe("disk");
  });

  it("after socket.io recovers the connection, re-sends pending ops without joining", () => {
    const { s, c } = started();
    s.disconnect();
    c.submit(title("offline edit"));
    expect(s.count(EV.op)).toBe(0);
    s.recovered = true;
    s.connect();
    expect(s.count(EV.join)).toBe(0);
    expect(c.status).toBe("joined");
    expect(s.take(EV.op).payload).toMatchObject({ op: title("offline edit") });
  });

  it("joins again when the server says unstored ops were lost", () => {
    const { s, c } = started();
    s.push(EV.op, { seq: 1, op: title("ghost"), clientId: "o", key: "o:1", durable: 0 } satisfies RemoteOp);
    s.push(EV.resync, {});
    expect(c.doc?.title).toBe(world.title);
    expect(s.take(EV.join).payload).toMatchObject({ since: 0 });
  });
});

describe("ops coalesced by the server", () => {
  it("applies an `ops` packet in seq order", () => {
    const { s, c } = started();
    s.push(EV.ops, [
      { seq: 1, op: title("a"), clientId: "o", key: "o:1" },
      { seq: 2, op: move(4), clientId: "o", key: "o:2" },
    ] satisfies RemoteOp[]);
    expect(c.seq).toBe(2);
    expect(c.doc?.title).toBe("a");
    expect(c.doc?.layout["m-host"]).toEqual({ x: 4, y: 0 });
  });
});

describe("ConfirmedHistory", () => {
  it("rolls back to the newest durable point only", () => {
    const h = new ConfirmedHistory();
    const d = (t: string) => ({ ...world, title: t });
    h.reset(0, d("0"));
    h.push(1, d("1"));
    h.push(2, d("2"));
    h.markDurable(5);
    h.push(3, d("3"));
    h.push(4, d("4"));
    expect(h.tentative).toBe(0);
    h.push(6, d("6"));
    expect(h.tentative).toBe(1);
    expect(h.rollback()).toBe(1);
    expect([h.seq, h.doc?.title]).toEqual([4, "4"]);
    expect(h.rollback()).toBe(0);
  });
});
