import { describe, expect, it } from "vitest";
import { LocalStore } from "../../../app/lib/store";
import { addContainer } from "../../../app/room/core/addContainer";
import { type HistoryKeeper, UndoHistory } from "../../../app/room/core/history";
import { createWorld, type Doc, seededIds } from "../../../lib/model";
import type { Op } from "../../../lib/ops";
import { SyncClient } from "../../../lib/sync/client";
import { EV, type OpAck, type RemoteOp } from "../../../lib/sync/events";
import { joinAck, ScriptedSocket } from "../sync/scripted-socket";

function containerOps(doc: Doc, name: string): Op[] {
  const added = addContainer(doc, { machineId: "m-host", name, image: "alpine", networkMode: "default", ports: [], at: { x: 40, y: 240 } });
  if (!added.ok) throw new Error(added.error);
  return added.ops;
}
const names = (doc: Doc | null) =>
  Object.values(doc?.containers ?? {})
    .map((c) => c.name)
    .sort();

function local(): { store: LocalStore; h: UndoHistory; messages: string[] } {
  const store = new LocalStore(createWorld(seededIds(4), 0));
  const messages: string[] = [];
  const h = new UndoHistory(store, (m) => messages.push(m));
  h.start();
  return { store, h, messages };
}

describe("UndoHistory", () => {
  it("undoes and redoes the person's own steps, a gesture's ops as one step", () => {
    const { store, h } = local();
    const empty = store.doc;
    expect(h.submit(containerOps(store.doc, "one"))).toBeNull();
    const afterOne = store.doc;
    expect(h.submit(containerOps(store.doc, "two"))).toBeNull();
    const afterTwo = store.doc;
    expect(names(store.doc)).toEqual(["one", "two"]);
    expect(h.nextUndo).toBe("add container two");

    expect(h.undo()).toEqual({ ok: true, label: "add container two" });
    expect(store.doc).toEqual(afterOne);
    expect(h.undo()).toEqual({ ok: true, label: "add container one" });
    expect(store.doc).toEqual(empty);
    expect(h.canUndo).toBe(false);
    expect(h.undo()).toBeNull();

    expect(h.redo()).toEqual({ ok: true, label: "add container one" });
    expect(names(store.doc)).toEqual(["one"]);
    expect(h.redo()).toEqual({ ok: true, label: "add container two" });
    expect(names(store.doc)).toEqual(["one", "two"]);
    expect(store.doc?.containers).toEqual(afterTwo?.containers);
    expect(h.canRedo).toBe(false);
  });

  it("keeps ops sent around it (the terminal's, someone else's) out of the history", () => {
    const { store, h } = local();
    for (const op of containerOps(store.doc, "typed")) store.submit(op);
    expect(h.canUndo).toBe(false);
    h.submit([{ type: "doc.setTitle", title: "Lab" }]);
    for (const op of containerOps(store.doc, "typed2")) store.submit(op);
    h.undo();
    expect(store.doc.title).toBe("Untitled sandbox");
    expect(names(store.doc)).toEqual(["typed", "typed2"]);
  });

  it("skips a step whose records changed since, saying why, and a new step clears redo", () => {
    const { store, h } = local();
    h.submit(containerOps(store.doc, "web"));
    const id = Object.values(store.doc.containers)[0]?.id as string;
    h.submit([{ type: "container.rename", containerId: id, name: "www" }]);
    store.submit({ type: "container.rename", containerId: id, name: "front" });
    const before = store.doc;
    expect(h.undo()).toEqual({ ok: false, error: "Can’t undo rename web to www: container front (name) has changed since" });
    expect(store.doc).toBe(before);
    expect(h.canRedo).toBe(false);
    // The step before it no longer applies either: the container is not as that step left it.
    expect(h.undo()).toMatchObject({ ok: false });
    h.submit([{ type: "doc.setTitle", title: "A" }]);
    h.undo();
    expect(h.canRedo).toBe(true);
    h.submit([{ type: "doc.setTitle", title: "B" }]);
    expect(h.canRedo).toBe(false);
  });
});

/** The far end of a socket, played by the test (as in the sync client's tests). */

function joined(): { s: ScriptedSocket; c: SyncClient; h: UndoHistory; messages: string[] } {
  const s = new ScriptedSocket();
  const c = new SyncClient(s, { roomId: "a".repeat(26), name: "Ada", clientId: "me" });
  const messages: string[] = [];
  const h = new UndoHistory(c, (m) => messages.push(m));
  h.start();
  c.start();
  s.take(EV.join).ack?.(joinAck({ snapshot: { seq: 0, doc: createWorld(seededIds(1), 0) } }));
  return { s, c, h, messages };
}

describe("UndoHistory over a room", () => {
  it("inverts against the server's order once the op commits, so undo gives back what others did before it", () => {
    const { s, c, h } = joined();
    h.submit([{ type: "doc.setTitle", title: "mine" }]);
    const sent = s.take(EV.op);
    const msg = sent.payload as { key: string; op: Op };
    // Someone else's title change commits first; ours lands on top of it.
    s.push(EV.op, { seq: 1, op: { type: "doc.setTitle", title: "theirs" }, clientId: "other", key: "other:1" } satisfies RemoteOp);
    s.push(EV.answer, { committed: true, seq: 2, key: msg.key } satisfies OpAck);
    s.push(EV.op, { seq: 2, op: msg.op, clientId: "me", key: msg.key } satisfies RemoteOp);
    expect(c.doc?.title).toBe("mine");
    expect(h.undo()).toMatchObject({ ok: true });
    expect(c.doc?.title).toBe("theirs");
  });

  it("forgets an op the server refused, and reports an undo the server refused", () => {
    const { s, c, h, messages } = joined();
    h.submit([{ type: "doc.setTitle", title: "x" }]);
    const first = s.take(EV.op);
    s.push(EV.answer, {
      rejected: true,
      key: (first.payload as { key: string }).key,
      code: "room.locked",
      reason: "the owner has locked editing",
    } satisfies OpAck);
    expect(h.canUndo).toBe(false);

    h.submit([{ type: "doc.setTitle", title: "y" }]);
    const second = s.take(EV.op);
    const key = (second.payload as { key: string }).key;
    s.push(EV.answer, { committed: true, seq: 1, key } satisfies OpAck);
    s.push(EV.op, { seq: 1, op: (second.payload as { op: Op }).op, clientId: "me", key } satisfies RemoteOp);
    expect(h.undo()).toMatchObject({ ok: true });
    expect(c.doc?.title).toBe("Untitled sandbox");
    const undo = s.take(EV.op);
    s.push(EV.answer, {
      rejected: true,
      key: (undo.payload as { key: string }).key,
      code: "restore.conflict",
      reason: "the title has changed since",
    } satisfies OpAck);
    expect(messages).toEqual(["Can’t undo title change: the title has changed since"]);
    expect(h.canRedo).toBe(false);
    expect(c.doc?.title).toBe("y");
  });

  it("keeps its stacks for the next page load of the same tab, and ignores what it did not write", () => {
    const store = new LocalStore(createWorld(seededIds(4), 0));
    let kept: string | null = null;
    const keeper: HistoryKeeper = { load: () => kept, save: (t) => (kept = t) };
    const first = new UndoHistory(store, () => {}, 200, keeper);
    first.submit(containerOps(store.doc, "one"));
    first.submit(containerOps(store.doc, "two"));
    first.undo();
    expect(names(store.doc)).toEqual(["one"]);

    // The page reloads: a new history on the same room document, from what was kept.
    const again = new UndoHistory(store, () => {}, 200, keeper);
    expect(again.nextUndo).toBe("add container one");
    expect(again.nextRedo).toBe("add container two");
    expect(again.undo()).toEqual({ ok: true, label: "add container one" });
    expect(names(store.doc)).toEqual([]);
    expect(again.redo()).toEqual({ ok: true, label: "add container one" });
    expect(names(store.doc)).toEqual(["one"]);

    kept = '{"undo":[{"label":"x","steps":[{"op":5}]}],"redo":[]}';
    expect(new UndoHistory(store, () => {}, 200, keeper).canUndo).toBe(false);
    kept = "not json";
    expect(new UndoHistory(store, () => {}, 200, keeper).canUndo).toBe(false);
  });
});
