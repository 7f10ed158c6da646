import { isDeepStrictEqual } from "node:util";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSolution, buildStart, findExercise, serializeExercise } from "../../lib/exercise";
import { type Doc, randomIds } from "../../lib/model";
import type { Op } from "../../lib/ops";
import { Shell, ShellContext } from "../../lib/shell";
import type { SyncClient } from "../../lib/sync/client";
import {
  CLASS_EV,
  type ClassCreateAck,
  type ClassJoinAck,
  type ClassRoomAck,
  type ClassStateMessage,
  type CsvAck,
  type DashboardAck,
  EV,
  type OpAck,
  type OpenRoomAck,
  type RoomStatus,
} from "../../lib/sync/events";
import { csvField } from "../../server/class-progress";
import type { Running } from "../../server/main";
import { havePg, PG_URL } from "./env";
import { ask, connect, joined, start, until } from "./helpers";

const publish = findExercise("publish-8080");
if (!publish) throw new Error("publish-8080 is missing from the library");

/** The ops a learner typing `lines` into the terminal of their room would send. */
function typed(doc: Doc, lines: string[]): Op[] {
  const host = Object.values(doc.machines).sort((a, b) => a.order - b.order)[0];
  const shell = new Shell(new ShellContext(doc, host?.id ?? "", randomIds));
  return lines.flatMap((l) => {
    const out = shell.run(l);
    expect(out.exitCode, l).toBe(0);
    return out.ops;
  });
}

const stores: [string, boolean, () => Promise<Running>][] = [
  ["sqlite", true, () => start()],
  ["postgres", havePg, () => start({ databaseUrl: PG_URL })],
];

describe.each(stores)("class sessions over real sockets (%s)", (_name, enabled, boot) => {
  let server: Running;
  const sockets: Socket[] = [];
  const sock = () => {
    const s = connect(server.url);
    sockets.push(s);
    return s;
  };
  beforeAll(async () => {
    if (enabled) server = await boot();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    if (server) await server.close();
  });

  async function newClass(groupSize = 1) {
    const teacher = sock();
    const made = await ask<ClassCreateAck>(teacher, CLASS_EV.create, { teacher: "Ms Hopper", exerciseId: "publish-8080", groupSize });
    if (!made.ok) throw new Error(made.error);
    const auth = { classId: made.classId, teacherToken: made.teacherToken };
    const statuses: RoomStatus[] = [];
    const states: ClassStateMessage[] = [];
    teacher.on(CLASS_EV.status, (s: RoomStatus) => statuses.push(s));
    teacher.on(CLASS_EV.state, (s: ClassStateMessage) => states.push(s));
    const dash = await ask<DashboardAck>(teacher, CLASS_EV.dashboard, auth);
    expect(dash.ok).toBe(true);
    return { teacher, made, auth, statuses, states };
  }

  async function student(code: string, name: string) {
    const s = sock();
    const seat = await ask<ClassJoinAck>(s, CLASS_EV.join, { code: code.toLowerCase(), name });
    if (!seat.ok) throw new Error(seat.error);
    const room = await joined(server.url, { roomId: seat.roomId, name, token: seat.token });
    sockets.push(room.socket);
    return { seat, ...room, side: s };
  }

  async function submitAll(client: SyncClient, ops: Op[]) {
    for (const op of ops) expect(client.submit(op).ok).toBe(true);
    await until(() => client.pending.length === 0, 10_000, "ops acked");
  }

  it.skipIf(!enabled)("a class starts, students get rooms from the starting document, and the dashboard ticks goals live", async () => {
    const { made, auth, statuses, teacher } = await newClass();
    expect(made.code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    const ada = await student(made.code, "Ada");
    const bob = await student(made.code, "Bob");
    expect(ada.seat.roomId).not.toBe(bob.seat.roomId);
    expect(ada.client.role).toBe("editor");
    const startDoc = buildStart(publish).doc;
    expect(Object.values(ada.client.doc?.containers ?? {}).map((c) => c.name)).toEqual(Object.values(startDoc.containers).map((c) => c.name));

    const info = await ask<ClassRoomAck>(ada.side, CLASS_EV.room, { roomId: ada.seat.roomId, token: ada.seat.token });
    expect(info).toMatchObject({ ok: true, classId: auth.classId, exercise: { id: "publish-8080" }, state: { ended: false, revealed: false } });
    if (info.ok) expect(info.exercise.goals).toHaveLength(publish.goals.length);

    const t0 = Date.now();
    await submitAll(ada.client, typed(ada.client.doc as Doc, publish.solution));
    await until(() => statuses.some((s) => s.roomId === ada.seat.roomId && s.met === s.total && s.allMetAt !== null), 5000, "all goals met on the dashboard");
    const done = statuses.filter((s) => s.roomId === ada.seat.roomId).at(-1) as RoomStatus;
    expect(done.goals.every(Boolean)).toBe(true);
    expect(done.allMetAt).toBeGreaterThanOrEqual(t0 - 1000);
    expect(done.thumb.boxes.filter((b) => b.kind === "container")).toHaveLength(1);
    expect(done.students).toEqual([{ name: "Ada", online: true }]);

    // Throttled: never two pushes for one room within 250 ms. Measured where they arrive, so a push
    // delayed on a busy machine can land closer to the next one: the check allows that, and still fails
    // without the throttle (12 moves sent at once would arrive milliseconds apart).
    const bobTimes: number[] = [];
    teacher.on(CLASS_EV.status, (s: RoomStatus) => s.roomId === bob.seat.roomId && bobTimes.push(performance.now()));
    for (let i = 0; i < 12; i++)
      expect(bob.client.submit({ type: "layout.move", id: Object.keys(bob.client.doc?.machines ?? {})[0] as string, position: { x: i, y: i } }).ok).toBe(true);
    await until(() => bob.client.pending.length === 0);
    await new Promise((r) => setTimeout(r, 400));
    expect(bobTimes.length).toBeGreaterThan(0);
    expect(bobTimes.length).toBeLessThan(12);
    for (let i = 1; i < bobTimes.length; i++) expect((bobTimes[i] as number) - (bobTimes[i - 1] as number)).toBeGreaterThan(125);

    const csv = await ask<CsvAck>(teacher, CLASS_EV.csv, auth);
    if (!csv.ok) throw new Error(csv.error);
    const lines = csv.csv.trim().split("\r\n");
    const goalColumns = publish.goals.map((g, i) => csvField(`goal ${i + 1}: ${g.title}`));
    expect(lines[0]).toBe(["student_or_group,students,goals_met,goals_total,all_met_at,last_activity", ...goalColumns].join(","));
    expect(lines[1]).toMatch(new RegExp(`^Ada,Ada,${publish.goals.length},${publish.goals.length},\\d{4}-\\d\\d-\\d\\dT`));
    // Ada met every goal: each goal's column says so.
    expect(lines[1]).toMatch(new RegExp(`(,met){${publish.goals.length}}$`));
    expect(lines[2]).toMatch(/,(not met|met)$/);
    expect(lines[2]).toMatch(new RegExp(`^Bob,Bob,\\d,${publish.goals.length},,\\d{4}-`));
  });

  it.skipIf(!enabled)("refuses teacher actions without the teacher token, and keeps students out of other rooms", async () => {
    const { made, auth } = await newClass();
    const ada = await student(made.code, "Ada");
    const bob = await student(made.code, "Bob");
    const wrong = { classId: auth.classId, teacherToken: ada.seat.token };
    for (const [ev, extra] of [
      [CLASS_EV.dashboard, {}],
      [CLASS_EV.broadcast, { text: "hi" }],
      [CLASS_EV.lockAll, { locked: true }],
      [CLASS_EV.reset, { roomId: bob.seat.roomId }],
      [CLASS_EV.reveal, {}],
      [CLASS_EV.end, {}],
      [CLASS_EV.open, { roomId: bob.seat.roomId, as: "viewer" }],
      [CLASS_EV.csv, {}],
    ] as const) {
      expect(await ask(ada.side, ev, { ...wrong, ...extra }), ev).toMatchObject({ ok: false, code: "class.denied" });
    }
    // Without a token at all the schema refuses, before the class is even looked at.
    expect(await ask(ada.side, CLASS_EV.end, { classId: auth.classId })).toMatchObject({ ok: false, code: "payload.invalid" });
    expect(await ask(ada.side, CLASS_EV.end, { ...auth, extra: 1 })).toMatchObject({ ok: false, code: "payload.invalid" });
    const poisoned = JSON.parse(`{"code":"${made.code}","name":"x","__proto__":{"admin":true}}`);
    expect(await ask(ada.side, CLASS_EV.join, poisoned)).toMatchObject({ ok: false, code: "payload.forbidden-key" });
    // Ada's token does not open Bob's room, neither for the class info nor for the room itself.
    expect(await ask(ada.side, CLASS_EV.room, { roomId: bob.seat.roomId, token: ada.seat.token })).toMatchObject({ ok: false, code: "class.denied" });
    const intruder = await joined(server.url, { roomId: bob.seat.roomId, name: "Ada", token: ada.seat.token });
    sockets.push(intruder.socket);
    expect(intruder.client.status).toBe("refused");
    // A student on the dashboard channel would see every room: the join above must not have put her there.
    const leaked: unknown[] = [];
    ada.side.on(CLASS_EV.status, (s) => leaked.push(s));
    expect(bob.client.submit({ type: "doc.setTitle", title: "Bob's" }).ok).toBe(true);
    await until(() => bob.client.pending.length === 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(leaked).toEqual([]);
    // Codes and names.
    expect(await ask(sock(), CLASS_EV.join, { code: "ZZZZZZ", name: "Eve" })).toMatchObject({ ok: false, code: "class.no-code" });
    expect(await ask(sock(), CLASS_EV.join, { code: made.code, name: "ada" })).toMatchObject({ ok: false, code: "class.name-taken" });
    expect(await ask(sock(), CLASS_EV.join, { code: "12", name: "Eve" })).toMatchObject({ ok: false, code: "payload.invalid" });
  });

  it.skipIf(!enabled)("broadcasts, locks, resets one room, reveals the solution and ends the class", async () => {
    const { made, auth, teacher, states } = await newClass();
    const ada = await student(made.code, "Ada");
    const messages: unknown[] = [];
    const adaStates: ClassStateMessage[] = [];
    ada.side.on(CLASS_EV.message, (m) => messages.push(m));
    ada.side.on(CLASS_EV.state, (m: ClassStateMessage) => adaStates.push(m));
    expect((await ask<ClassRoomAck>(ada.side, CLASS_EV.room, { roomId: ada.seat.roomId, token: ada.seat.token })).ok).toBe(true);

    expect(await ask(teacher, CLASS_EV.broadcast, { ...auth, text: "Five minutes left" })).toEqual({ ok: true });
    await until(() => messages.length === 1);
    expect(messages[0]).toMatchObject({ classId: auth.classId, text: "Five minutes left" });

    expect(await ask(teacher, CLASS_EV.lockAll, { ...auth, locked: true })).toEqual({ ok: true });
    await until(() => ada.client.locked);
    const refused = await ask<OpAck>(ada.socket, EV.op, { clientId: "x", key: "lock-1", baseSeq: 0, op: { type: "doc.setTitle", title: "sneaky" } });
    expect(refused).toMatchObject({ rejected: true, code: "room.locked" });
    expect(await ask(teacher, CLASS_EV.lockAll, { ...auth, locked: false })).toEqual({ ok: true });
    await until(() => !ada.client.locked);

    await submitAll(ada.client, typed(ada.client.doc as Doc, publish.solution));
    expect(Object.values(ada.client.doc?.containers ?? {})[0]?.ports).toHaveLength(1);
    expect(await ask(teacher, CLASS_EV.reset, { ...auth, roomId: ada.seat.roomId })).toEqual({ ok: true });
    const startDoc = buildStart(publish).doc;
    // Compared as values: schema parsing may order keys differently.
    await until(() => isDeepStrictEqual(ada.client.doc, startDoc), 5000, "the room back at its start");
    expect((await server.rooms.current(ada.seat.roomId))?.doc).toEqual(startDoc);
    // A room outside the class cannot be reset through it.
    const other = await newClass();
    const carl = await student(other.made.code, "Carl");
    expect(await ask(teacher, CLASS_EV.reset, { ...auth, roomId: carl.seat.roomId })).toMatchObject({ ok: false, code: "class.no-room" });

    expect(await ask(teacher, CLASS_EV.reveal, auth)).toEqual({ ok: true });
    await until(() => adaStates.some((s) => s.revealed));
    const revealed = adaStates.find((s) => s.revealed);
    expect(revealed?.solution?.commands).toEqual(publish.solution);
    expect(revealed?.solution?.doc).toEqual(buildSolution(publish).doc);
    // Loading the revealed solution is an ordinary edit of the room.
    await submitAll(ada.client, [{ type: "doc.replace", doc: revealed?.solution?.doc as Doc }]);

    const viewer = await ask<OpenRoomAck>(teacher, CLASS_EV.open, { ...auth, roomId: ada.seat.roomId, as: "viewer" });
    if (!viewer.ok) throw new Error(viewer.error);
    const watching = await joined(server.url, { roomId: ada.seat.roomId, name: "Ms Hopper", token: viewer.token });
    sockets.push(watching.socket);
    expect(watching.client.role).toBe("viewer");
    const editor = await ask<OpenRoomAck>(teacher, CLASS_EV.open, { ...auth, roomId: ada.seat.roomId, as: "editor" });
    if (!editor.ok) throw new Error(editor.error);
    const editing = await joined(server.url, { roomId: ada.seat.roomId, name: "Ms Hopper", token: editor.token });
    sockets.push(editing.socket);
    expect(editing.client.role).toBe("owner");

    expect(await ask(teacher, CLASS_EV.end, auth)).toEqual({ ok: true });
    await until(() => ada.client.locked && states.some((s) => s.ended));
    const late = await ask<OpAck>(ada.socket, EV.op, { clientId: "x", key: "end-1", baseSeq: 0, op: { type: "doc.setTitle", title: "late" } });
    expect(late).toMatchObject({ rejected: true, code: "room.locked" });
    expect(await ask(teacher, CLASS_EV.lockAll, { ...auth, locked: false })).toMatchObject({ ok: false, code: "class.ended" });
    expect(await ask(sock(), CLASS_EV.join, { code: made.code, name: "Late" })).toMatchObject({ ok: false, code: "class.ended" });
  });

  it.skipIf(!enabled)("groups share rooms, and an uploaded exercise file starts a class", async () => {
    const { made } = await newClass(2);
    const seats = [];
    for (const n of ["Ann", "Ben", "Cy"]) seats.push(await ask<ClassJoinAck>(sock(), CLASS_EV.join, { code: made.code, name: n }));
    const rooms = seats.map((s) => (s.ok ? s.roomId : ""));
    expect(rooms[0]).toBe(rooms[1]);
    expect(rooms[2]).not.toBe(rooms[0]);
    expect(seats.map((s) => s.ok && s.label)).toEqual(["Group 1", "Group 1", "Group 2"]);

    const file = JSON.parse(serializeExercise(publish));
    const up = await ask<ClassCreateAck>(sock(), CLASS_EV.create, { teacher: "Mr Knuth", exercise: { ...file, id: "my-publish" } });
    expect(up.ok).toBe(true);
    const bad = await ask<ClassCreateAck>(sock(), CLASS_EV.create, { teacher: "Mr Knuth", exercise: { ...file, goals: [] } });
    expect(bad).toMatchObject({ ok: false, code: "class.bad-exercise" });
    if (!bad.ok) expect(bad.error).toMatch(/^exercise file: goals/);
    expect(await ask(sock(), CLASS_EV.create, { teacher: "Mr Knuth", exerciseId: "no-such-thing" })).toMatchObject({ ok: false, code: "class.no-exercise" });
    expect(await ask(sock(), CLASS_EV.create, { teacher: "Mr Knuth" })).toMatchObject({ ok: false, code: "payload.invalid" });
  });
});
