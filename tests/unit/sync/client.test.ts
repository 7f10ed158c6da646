import { describe, expect, it, vi } from "vitest";
import { createWorld, seededIds } from "../../../lib/model";
import type { Op } from "../../../lib/ops";
import { type SyncChange, SyncClient } from "../../../lib/sync/client";
import { EV, type JoinAck, type OpAck, type RemoteOp } from "../../../lib/sync/events";
import { joinAck, ScriptedSocket } from "./scripted-socket";

const world = createWorld(seededIds(1), 0);
const title = (t: string): Op => ({ type: "doc.setTitle", title: t });
const move = (x: number): Op => ({ type: "layout.move", id: "m-host", position: { x, y: 0 } });

/** Joined with the world stored at `seq`. */
const joined = (seq = 0): JoinAck => joinAck({ snapshot: { seq, doc: world } });

function started(): { s: ScriptedSocket; c: SyncClient; changes: SyncChange[] } {
  const s = new ScriptedSocket();
  const c = new SyncClient(s, { roomId: "a".repeat(26), name: "Ada", clientId: "me" });
  const changes: SyncChange[] = [];
  c.subscribe((ch) => changes.push(ch));
  c.start();
  s.take(EV.join).ack?.(joined());
  return { s, c, changes };
}

describe("SyncClient", () => {
  it("applies its own ops at once, keeps them pending, and confirms them by the broadcast", () => {
    const { s, c } = started();
    expect(c.submit(title("mine")).ok).toBe(true);
    expect(c.doc?.title).toBe("mine");
    expect(c.pending).toHaveLength(1);
    const sent = s.take(EV.op);
    const msg = sent.payload as { key: string; op: Op };
    s.push(EV.answer, { committed: true, seq: 1, key: msg.key } satisfies OpAck);
    s.push(EV.op, { seq: 1, op: msg.op, clientId: "me", key: msg.key } satisfies RemoteOp);
    expect(c.pending).toHaveLength(0);
    expect(c.seq).toBe(1);
    expect(c.doc?.title).toBe("mine");
  });

  it("takes its own op's broadcast and the room's durable mark as its ack: no ack callback is sent", () => {
    const { s, c } = started();
    const commits: string[] = [];
    c.onCommit((x) => commits.push(x.key));
    c.submit(title("mine"));
    const sent = s.take(EV.op);
    expect(sent.ack).toBeUndefined();
    const msg = sent.payload as { key: string; op: Op };
    // Broadcast as soon as it was ordered, before it was on disk: still pending (a crash could lose it).
    s.push(EV.op, { seq: 1, op: msg.op, clientId: "me", key: msg.key, durable: 0 } satisfies RemoteOp);
    expect(c.seq).toBe(1);
    expect(c.pending).toHaveLength(1);
    expect(commits).toEqual([]);
    s.push(EV.durable, { seq: 1 });
    expect(c.pending).toHaveLength(0);
    expect(commits).toEqual([msg.key]);
    expect(c.doc?.title).toBe("mine");
  });

  it("takes a durable mark carried by a later op packet as the ack of its earlier op", () => {
    const { s, c } = started();
    c.submit(title("mine"));
    const msg = s.take(EV.op).payload as { key: string; op: Op };
    s.push(EV.ops, [
      { seq: 1, op: msg.op, clientId: "me", key: msg.key, durable: 0 },
      { seq: 2, op: move(3), clientId: "other", key: "o1", durable: 1 },
    ] satisfies RemoteOp[]);
    expect(c.pending).toHaveLength(0);
    expect(c.seq).toBe(2);
  });

  it("rebases pending ops on top of remote ones", () => {
    const { s, c } = started();
    c.submit(title("mine"));
    s.push(EV.op, { seq: 1, op: title("theirs"), clientId: "other", key: "o1" });
    s.push(EV.op, { seq: 2, op: move(7), clientId: "other", key: "o2" });
    // The server has not seen mine yet: mine stays on top.
    expect(c.doc?.title).toBe("mine");
    expect(c.doc?.layout["m-host"]).toEqual({ x: 7, y: 0 });
    expect(c.seq).toBe(2);
  });

  it("drops an op the server rejects and reports why", () => {
    const { s, c, changes } = started();
    c.submit(title("mine"));
    const sent = s.take(EV.op);
    s.push(EV.answer, { rejected: true, key: (sent.payload as { key: string }).key, code: "room.locked", reason: "the owner has locked editing" });
    expect(c.pending).toHaveLength(0);
    expect(c.doc?.title).toBe(world.title);
    expect(changes).toContainEqual(expect.objectContaining({ type: "rejected", code: "room.locked" }));
  });

  it("does not send an op Docker's rules refuse locally", () => {
    const { s, c } = started();
    const bridge = Object.values(world.networks).find((n) => n.name === "bridge")?.id as string;
    const r = c.submit({ type: "network.remove", networkId: bridge });
    expect(r.ok).toBe(false);
    expect(s.sent.filter((x) => x.event === EV.op)).toHaveLength(0);
  });

  it("buffers ops that arrive after a gap and applies them in seq order", () => {
    const { s, c } = started();
    s.push(EV.op, { seq: 2, op: move(2), clientId: "o", key: "b" });
    expect(c.seq).toBe(0);
    s.push(EV.op, { seq: 1, op: move(1), clientId: "o", key: "a" });
    expect(c.seq).toBe(2);
    expect(c.doc?.layout["m-host"]).toEqual({ x: 2, y: 0 });
  });

  it("tells op listeners each committed op as its broadcast arrives, its own too, but not what a rejoin replays", () => {
    const { s, c } = started();
    const seen: Op[] = [];
    c.onOp((op) => seen.push(op));
    c.submit(title("mine"));
    const msg = s.take(EV.op).payload as { key: string; op: Op };
    // Pending locally is not committed: nothing yet.
    expect(seen).toEqual([]);
    s.push(EV.op, { seq: 2, op: move(2), clientId: "o", key: "b" });
    expect(seen).toEqual([]);
    s.push(EV.op, { seq: 1, op: msg.op, clientId: "me", key: msg.key });
    expect(seen).toEqual([title("mine"), move(2)]);
    s.disconnect();
    s.connect();
    s.take(EV.join).ack?.({ ...joined(), snapshot: null, ops: [{ seq: 3, op: move(3), clientId: "o", key: "c" }] });
    expect(c.seq).toBe(3);
    expect(seen).toHaveLength(2);
  });

  it("resumes from its seq on reconnect and re-sends what is still pending, with the same key", () => {
    const { s, c } = started();
    s.push(EV.op, { seq: 1, op: move(1), clientId: "o", key: "a" });
    c.submit(title("offline"));
    const first = s.take(EV.op).payload as { key: string };
    s.disconnect();
    expect(c.status).toBe("offline");
    s.connect();
    const join = s.take(EV.join);
    expect(join.payload).toMatchObject({ since: 1 });
    join.ack?.({ ...joined(), snapshot: null, ops: [{ seq: 2, op: move(2), clientId: "o", key: "b" }] });
    expect(c.seq).toBe(2);
    const again = s.take(EV.op).payload as { key: string };
    expect(again.key).toBe(first.key);
    expect(c.doc?.title).toBe("offline");
  });

  it("refuses to submit as a viewer, and tracks peers' presence", () => {
    const { s, c } = started();
    s.push(EV.members, { members: [{ memberId: "memberaaaa", name: "Ada", color: "#000000", role: "viewer", online: true }], locked: false });
    expect(c.submit(title("x"))).toMatchObject({ ok: false, code: "room.read-only" });
    s.push(EV.presence, { peerId: "p2", memberId: "memberbbbb", name: "Bob", color: "#ff0000", cursor: { x: 1, y: 1 }, selection: [], viewport: null });
    expect(c.peers.map((p) => p.name)).toEqual(["Bob"]);
    const snap = c.getSnapshot();
    expect(c.getSnapshot()).toBe(snap);
    s.push(EV.presenceLeave, { peerId: "p2" });
    expect(c.peers).toHaveLength(0);
    expect(c.getSnapshot()).not.toBe(snap);
    c.stop();
  });

  it("settles a pending op that a snapshot already contains, by its acked seq or a repeated ack", () => {
    const { s, c } = started();
    c.submit(title("a"));
    c.submit(title("b"));
    const [first, second] = [s.take(EV.op), s.take(EV.op)];
    s.push(EV.answer, { committed: true, seq: 1, key: (first.payload as { key: string }).key });
    s.disconnect();
    s.connect();
    // The server answers the rejoin with a snapshot at seq 2 that holds both ops.
    s.take(EV.join).ack?.({ ...joined(2), snapshot: { seq: 2, doc: { ...world, title: "b" } } });
    expect(c.pending.map((p) => p.key)).toEqual([(second.payload as { key: string }).key]);
    const resent = s.take(EV.op);
    s.push(EV.answer, { committed: true, seq: 2, key: (resent.payload as { key: string }).key });
    expect(c.pending).toHaveLength(0);
    expect(c.doc?.title).toBe("b");
  });

  it("forgets a peer not heard of for 5 s, and repeats its own presence while idle", () => {
    vi.useFakeTimers();
    try {
      const { s, c } = started();
      s.push(EV.presence, { peerId: "p2", memberId: "memberbbbb", name: "Bob", color: "#ff0000", cursor: null, selection: [], viewport: null });
      c.setPresence({ cursor: { x: 1, y: 1 }, selection: [], viewport: null });
      const sentAt = s.sent.filter((x) => x.event === EV.presence).length;
      vi.advanceTimersByTime(4000);
      expect(c.peers).toHaveLength(1);
      expect(s.sent.filter((x) => x.event === EV.presence).length).toBeGreaterThan(sentAt);
      vi.advanceTimersByTime(2000);
      expect(c.peers).toHaveLength(0);
      c.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
