/**
 * Class sessions without sockets: a teacher starts a class from an exercise, students join with a code
 * and a name and get a room made from the exercise's starting document (or share one, in groups), and
 * every teacher action is checked against the teacher token here. The socket layer
 * (`class-sockets.ts`) parses payloads, calls these methods and routes what they send through `Outbox`.
 */
import { timingSafeEqual } from "node:crypto";
import { type Exercise, findExercise, loadExercise, parseExercise, serializeExercise } from "../lib/exercise";
import type { Doc } from "../lib/model";
import {
  type ClassCommandAck,
  type ClassCreateAck,
  type ClassJoinAck,
  type ClassMessage,
  type ClassRoomAck,
  type ClassStateMessage,
  type CsvAck,
  type DashboardState,
  type ExerciseInfo,
  JOIN_CODE_ALPHABET,
  type OpenRoomAck,
  type RoomStatus,
  type StudentInfo,
} from "../lib/sync/class";
import { EV, type Member } from "../lib/sync/events";
import { newTrack, type ProgressHost, ProgressTracker, type RoomTrack, resultsCsv } from "./class-progress";
import { ExerciseBuilds } from "./exercise-builds";
import { hashToken, newMemberId, newRoomId, newToken } from "./ids";
import type { Rooms } from "./rooms";
import type { ClassRecord, ClassStore, StudentRecord } from "./store/classes";

/** Where the hub's messages go: the socket layer maps these to socket.io rooms. */
export interface Outbox {
  toTeacher(classId: string, event: string, payload: unknown): void;
  toStudents(classId: string, event: string, payload: unknown): void;
  toRoom(roomId: string, event: string, payload: unknown): void;
  /** Another process may hold this room: have it reload roles and the lock. */
  refresh(roomId: string): void;
}

type Fail = { ok: false; code: string; error: string };
const fail = (code: string, error: string): Fail => ({ ok: false, code, error });
const MESSAGES_KEPT = 20;
const TEACHER_COLOR = "#343a40";

interface LiveClass extends ProgressHost {
  rec: ClassRecord;
  start: Doc;
  solution: { commands: string[]; doc: Doc } | null;
  tracks: Map<string, RoomTrack>;
  roster: StudentRecord[];
  /** Serialises joins, so a group never takes one student too many. */
  chain: Promise<unknown>;
}

function randomCode(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => JOIN_CODE_ALPHABET[b % JOIN_CODE_ALPHABET.length]).join("");
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Classes {
  private live = new Map<string, Promise<LiveClass | null>>();
  /** Room id -> class id, or null for a room that belongs to no class. */
  private roomClass = new Map<string, string | null>();
  private progress: ProgressTracker;
  private ticker: ReturnType<typeof setInterval>;

  constructor(
    private readonly rooms: Rooms,
    private readonly store: ClassStore,
    private readonly out: Outbox,
    private readonly onError: (err: unknown) => void = () => {},
    /** Builds exercises off the main thread. */
    private readonly builds: ExerciseBuilds = new ExerciseBuilds(),
  ) {
    this.progress = new ProgressTracker(rooms, store, onError);
    this.ticker = setInterval(() => void this.tick(), 5000);
    this.ticker.unref?.();
    rooms.events.listen({ committed: (roomId) => this.committed(roomId) });
  }

  async create(input: {
    teacher: string;
    exerciseId?: string | undefined;
    exercise?: unknown;
    groupSize: number;
    title?: string | undefined;
  }): Promise<ClassCreateAck> {
    const full = this.rooms.diskRefusal();
    if (full) return fail("disk.full", full);
    let ex: Exercise | undefined;
    if (input.exerciseId !== undefined) {
      ex = findExercise(input.exerciseId);
      if (!ex) return fail("class.no-exercise", `no built-in exercise "${input.exerciseId}"`);
    } else {
      const r = typeof input.exercise === "string" ? parseExercise(input.exercise) : loadExercise(input.exercise);
      if (!r.ok) return fail("class.bad-exercise", `exercise file: ${r.error}`);
      ex = r.exercise;
    }
    const exercise = serializeExercise(ex);
    const built = await this.builds.build(exercise, "start");
    if (!built.ok) return built;
    if (built.failed) return fail("class.bad-exercise", `exercise setup: "${built.failed.line}" did not run as expected: ${built.failed.stderr.trim()}`);
    const teacherToken = newToken();
    const rec: ClassRecord = {
      id: newRoomId(),
      code: "",
      teacherHash: hashToken(teacherToken),
      teacherName: input.teacher,
      title: (input.title || ex.title).slice(0, 200),
      exercise,
      groupSize: input.groupSize,
      revealed: false,
      ended: false,
      locked: false,
      createdAt: Date.now(),
    };
    for (let attempt = 0; attempt < 8; attempt++) {
      rec.code = randomCode();
      if (await this.store.createClass(rec)) return { ok: true, classId: rec.id, code: rec.code, teacherToken };
    }
    return fail("class.busy", "could not find a free class code; try again");
  }

  /** A class nobody has used for this long, with nobody online in its rooms, leaves memory (all of it is stored). */
  idleUnloadMs = 10 * 60_000;
  private lastUsed = new Map<string, number>();

  get loadedClasses(): number {
    return this.live.size;
  }

  private load(classId: string): Promise<LiveClass | null> {
    this.lastUsed.set(classId, Date.now());
    let p = this.live.get(classId);
    if (!p) {
      p = this.open(classId);
      this.live.set(classId, p);
      p.then(
        (c) => c ?? this.live.delete(classId),
        () => this.live.delete(classId),
      );
    }
    return p;
  }

  private async open(classId: string): Promise<LiveClass | null> {
    const rec = await this.store.getClass(classId);
    if (!rec) return null;
    const parsed = parseExercise(rec.exercise);
    if (!parsed.ok) throw new Error(`class ${classId}: stored exercise no longer loads: ${parsed.error}`);
    const tracks = new Map<string, RoomTrack>();
    for (const r of await this.store.listRooms(classId)) {
      tracks.set(r.roomId, newTrack(r));
      this.roomClass.set(r.roomId, classId);
    }
    const roster = await this.store.listStudents(classId);
    const start = await this.builds.build(rec.exercise, "start");
    if (!start.ok) throw new Error(`class ${classId}: ${start.error}`);
    const live: LiveClass = {
      rec,
      classId,
      exercise: parsed.exercise,
      start: start.doc,
      solution: null,
      tracks,
      roster,
      chain: Promise.resolve(),
      students: (roomId) => this.studentsOf(live, roomId),
      push: (s) => this.out.toTeacher(classId, "class:status", s),
    };
    await this.solve(live);
    return live;
  }

  /** A room's students, online when one of their connections to it is open in this process. */
  private async studentsOf(c: LiveClass, roomId: string): Promise<StudentInfo[]> {
    const m = await this.rooms.members(roomId);
    const online = new Set((m?.members ?? []).filter((x: Member) => x.online && x.role === "editor").map((x) => x.name));
    return c.roster.filter((s) => s.roomId === roomId).map((s) => ({ name: s.name, online: online.has(s.name) }));
  }

  /** Checks the teacher token of a class; the answer is the class, or why not. */
  private async teacher(classId: string, teacherToken: string): Promise<LiveClass | Fail> {
    const c = await this.load(classId);
    // The same answer for a missing class and a wrong token: neither tells a guesser anything.
    if (!c || !sameHash(hashToken(teacherToken), c.rec.teacherHash)) return fail("class.denied", "only the teacher of this class can do that");
    const fresh = await this.store.getClass(classId);
    if (fresh) c.rec = fresh;
    return c;
  }

  async join(input: { code: string; name: string }): Promise<ClassJoinAck> {
    const rec = await this.store.classByCode(input.code);
    if (!rec) return fail("class.no-code", "no class has that code; check it with your teacher");
    if (rec.ended) return fail("class.ended", "this class has ended");
    const c = await this.load(rec.id);
    if (!c) return fail("class.no-code", "no class has that code");
    const next = c.chain.then(() => this.seat(c, input.name));
    c.chain = next.catch(() => undefined);
    return next;
  }

  private async seat(c: LiveClass, name: string): Promise<ClassJoinAck> {
    c.roster = await this.store.listStudents(c.rec.id);
    if (c.roster.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      return fail("class.name-taken", `someone in this class already uses the name "${name}"; pick another`);
    }
    const count = (roomId: string) => c.roster.filter((s) => s.roomId === roomId).length;
    let track = [...c.tracks.values()].find((t) => c.rec.groupSize > 1 && count(t.rec.roomId) < c.rec.groupSize);
    if (!track) track = await this.newRoom(c, name);
    const token = newToken();
    const memberId = newMemberId();
    const roomId = track.rec.roomId;
    await this.rooms.store.addMember({ memberId, roomId, tokenHash: hashToken(token), name, color: "#1e90ff", role: "editor", removed: false });
    const student: StudentRecord = { classId: c.rec.id, studentId: newMemberId(), name, roomId, memberId, joinedAt: Date.now() };
    if (!(await this.store.addStudent(student))) return fail("class.name-taken", `someone in this class already uses the name "${name}"; pick another`);
    c.roster.push(student);
    if (c.rec.locked || c.rec.ended) await this.rooms.lock(roomId, track.rec.ownerMemberId, true);
    await this.rooms.refresh(roomId);
    this.progress.push(c, track);
    return { ok: true, classId: c.rec.id, roomId, token, label: track.rec.label };
  }

  private async newRoom(c: LiveClass, firstStudent: string): Promise<RoomTrack> {
    const idx = c.tracks.size;
    const label = c.rec.groupSize > 1 ? `Group ${idx + 1}` : firstStudent;
    const made = await this.rooms.create({ name: c.rec.teacherName, color: TEACHER_COLOR, title: `${c.rec.title}: ${label}`.slice(0, 200), doc: c.start });
    const rec = { classId: c.rec.id, roomId: made.roomId, idx, label, ownerMemberId: made.memberId };
    await this.store.addRoom(rec);
    const track = newTrack({ ...rec, met: 0, total: c.exercise.goals.length, allMetAt: null, lastActivity: null });
    c.tracks.set(made.roomId, track);
    this.roomClass.set(made.roomId, c.rec.id);
    return track;
  }

  /** A member of a class room asks what class it is in: exercise, state and messages (never other rooms). */
  async roomInfo(input: { roomId: string; token: string }): Promise<ClassRoomAck> {
    const m = await this.rooms.store.memberByToken(input.roomId, hashToken(input.token));
    if (!m || m.removed) return fail("class.denied", "you are not a member of this room");
    const classId = await this.classOf(input.roomId);
    const c = classId ? await this.load(classId) : null;
    if (!c) return fail("class.none", "this room is not part of a class");
    const fresh = await this.store.getClass(c.rec.id);
    if (fresh) c.rec = fresh;
    await this.solve(c);
    return { ok: true, classId: c.rec.id, exercise: this.exerciseInfo(c), state: this.state(c), messages: await this.messages(c) };
  }

  private exerciseInfo(c: LiveClass): ExerciseInfo {
    const ex = c.exercise;
    return { id: ex.id, title: ex.title, summary: ex.summary, instructions: ex.instructions, goals: ex.goals };
  }

  /** Builds the solution once the class has it revealed (off the main thread, like every build). */
  private async solve(c: LiveClass): Promise<void> {
    if (!c.rec.revealed || c.solution) return;
    const built = await this.builds.build(c.rec.exercise, "solution");
    if (!built.ok) throw new Error(`class ${c.rec.id}: ${built.error}`);
    c.solution ??= { commands: [...c.exercise.solution], doc: built.doc };
  }

  private state(c: LiveClass): ClassStateMessage {
    const s: ClassStateMessage = { classId: c.rec.id, ended: c.rec.ended, revealed: c.rec.revealed, locked: c.rec.locked };
    if (c.rec.revealed && c.solution) s.solution = c.solution;
    return s;
  }

  private async messages(c: LiveClass): Promise<ClassMessage[]> {
    return (await this.store.listMessages(c.rec.id, MESSAGES_KEPT)).map((m) => ({ classId: c.rec.id, ...m }));
  }

  private async classOf(roomId: string): Promise<string | null> {
    const known = this.roomClass.get(roomId);
    if (known !== undefined) return known;
    const found = await this.store.classOfRoom(roomId);
    this.roomClass.set(roomId, found);
    return found;
  }

  /** Every room's status, checked now: what the dashboard shows first. */
  async dashboard(auth: { classId: string; teacherToken: string }): Promise<{ ok: true; state: DashboardState } | Fail> {
    const c = await this.teacher(auth.classId, auth.teacherToken);
    if ("ok" in c) return c;
    c.roster = await this.store.listStudents(c.rec.id);
    for (const r of await this.store.listRooms(c.rec.id)) {
      if (!c.tracks.has(r.roomId)) {
        c.tracks.set(r.roomId, newTrack(r));
        this.roomClass.set(r.roomId, c.rec.id);
      }
    }
    await this.solve(c);
    const rooms: RoomStatus[] = [];
    for (const t of c.tracks.values()) {
      const s = await this.progress.status(c, t);
      if (s) rooms.push(s);
    }
    return {
      ok: true,
      state: {
        ...this.state(c),
        code: c.rec.code,
        title: c.rec.title,
        groupSize: c.rec.groupSize,
        exercise: this.exerciseInfo(c),
        rooms,
        messages: await this.messages(c),
      },
    };
  }

  private committed(roomId: string): void {
    const classId = this.roomClass.get(roomId);
    if (classId === null) return;
    if (classId === undefined) {
      this.classOf(roomId)
        .then((id) => id && this.committed(roomId))
        .catch(this.onError);
      return;
    }
    this.load(classId)
      .then((c) => {
        const t = c?.tracks.get(roomId);
        if (c && t) this.progress.touched(c, t);
      })
      .catch(this.onError);
  }

  async broadcast(auth: { classId: string; teacherToken: string; text: string }): Promise<ClassCommandAck> {
    const c = await this.teacher(auth.classId, auth.teacherToken);
    if ("ok" in c) return c;
    const msg: ClassMessage = { classId: c.rec.id, text: auth.text, at: Date.now() };
    await this.store.addMessage(c.rec.id, msg.at, msg.text);
    this.out.toStudents(c.rec.id, "class:message", msg);
    this.out.toTeacher(c.rec.id, "class:message", msg);
    return { ok: true };
  }

  async lockAll(auth: { classId: string; teacherToken: string; locked: boolean }): Promise<ClassCommandAck> {
    const c = await this.teacher(auth.classId, auth.teacherToken);
    if ("ok" in c) return c;
    if (c.rec.ended && !auth.locked) return fail("class.ended", "the class has ended: its rooms stay read-only");
    await this.setLock(c, auth.locked);
    await this.store.setFlags(c.rec.id, { locked: auth.locked });
    c.rec = { ...c.rec, locked: auth.locked };
    this.announce(c);
    return { ok: true };
  }

  private async setLock(c: LiveClass, locked: boolean): Promise<void> {
    for (const t of c.tracks.values()) {
      const r = await this.rooms.lock(t.rec.roomId, t.rec.ownerMemberId, locked);
      if (!r.ok) throw new Error(`lock ${t.rec.roomId}: ${r.error}`);
      this.out.refresh(t.rec.roomId);
      const m = await this.rooms.members(t.rec.roomId);
      if (m) this.out.toRoom(t.rec.roomId, EV.members, m);
    }
  }

  private announce(c: LiveClass): void {
    const s = this.state(c);
    this.out.toStudents(c.rec.id, "class:state", s);
    this.out.toTeacher(c.rec.id, "class:state", s);
  }

  /** Puts one room back to the exercise's starting document, as an op in its log (replay shows it). */
  async reset(auth: { classId: string; teacherToken: string; roomId: string }): Promise<ClassCommandAck> {
    const c = await this.teacher(auth.classId, auth.teacherToken);
    if ("ok" in c) return c;
    const t = c.tracks.get(auth.roomId);
    if (!t) return fail("class.no-room", "that room is not part of this class");
    if (c.rec.ended) return fail("class.ended", "the class has ended: its results are final");
    const out = await this.rooms.submit(auth.roomId, t.rec.ownerMemberId, {
      clientId: "class",
      key: `class-reset:${newToken()}`,
      baseSeq: 0,
      op: { type: "doc.replace", doc: c.start },
    });
    if (!("committed" in out.ack)) return fail(out.ack.code, out.ack.reason);
    if (out.broadcast) this.out.toRoom(auth.roomId, EV.op, out.broadcast);
    t.progress.allMetAt = null;
    this.progress.touched(c, t);
    return { ok: true };
  }

  async reveal(auth: { classId: string; teacherToken: string }): Promise<ClassCommandAck> {
    const c = await this.teacher(auth.classId, auth.teacherToken);
    if ("ok" in c) return c;
    await this.store.setFlags(c.rec.id, { revealed: true });
    c.rec = { ...c.rec, revealed: true };
    await this.solve(c);
    this.announce(c);
    return { ok: true };
  }

  /** Ends the class: every room becomes read-only for good, and nobody new can join. */
  async end(auth: { classId: string; teacherToken: string }): Promise<ClassCommandAck> {
    const c = await this.teacher(auth.classId, auth.teacherToken);
    if ("ok" in c) return c;
    await this.store.setFlags(c.rec.id, { ended: true, locked: true });
    c.rec = { ...c.rec, ended: true, locked: true };
    await this.setLock(c, true);
    await this.progress.flush(c.tracks.values());
    this.announce(c);
    return { ok: true };
  }

  /** A fresh membership in one class room for the teacher: owner (editor) or viewer. */
  async openRoom(auth: { classId: string; teacherToken: string; roomId: string; as: "viewer" | "editor" }): Promise<OpenRoomAck> {
    const c = await this.teacher(auth.classId, auth.teacherToken);
    if ("ok" in c) return c;
    if (!c.tracks.has(auth.roomId)) return fail("class.no-room", "that room is not part of this class");
    const token = newToken();
    await this.rooms.store.addMember({
      memberId: newMemberId(),
      roomId: auth.roomId,
      tokenHash: hashToken(token),
      name: c.rec.teacherName,
      color: TEACHER_COLOR,
      role: auth.as === "editor" ? "owner" : "viewer",
      removed: false,
    });
    await this.rooms.refresh(auth.roomId);
    return { ok: true, roomId: auth.roomId, token };
  }

  async csv(auth: { classId: string; teacherToken: string }): Promise<CsvAck> {
    const c = await this.teacher(auth.classId, auth.teacherToken);
    if ("ok" in c) return c;
    await this.progress.flush(c.tracks.values());
    const roster = await this.store.listStudents(c.rec.id);
    // Each room's goals checked against its document now, for a column per goal.
    const goals = new Map<string, boolean[]>();
    for (const t of c.tracks.values()) goals.set(t.rec.roomId, (await this.progress.status(c, t))?.goals ?? t.goals);
    const rows = (await this.store.listRooms(c.rec.id)).map((r) => ({
      ...r,
      students: roster.filter((s) => s.roomId === r.roomId).map((s) => s.name),
      goals: goals.get(r.roomId) ?? [],
    }));
    const slug = c.rec.title.replace(/[^\w.-]+/g, "-").slice(0, 60) || "class";
    const titles = c.exercise.goals.map((g) => g.title);
    return { ok: true, csv: resultsCsv(rows, titles), filename: `${slug}-${c.rec.code}-results.csv` };
  }

  /** Writes activity times, and tells dashboards when someone came or went (joins carry no op). */
  private async tick(): Promise<void> {
    for (const [classId, p] of this.live) {
      const c = await p.catch(() => null);
      if (!c) continue;
      await this.progress.flush(c.tracks.values()).catch(this.onError);
      let online = false;
      for (const t of c.tracks.values()) {
        const students = await this.studentsOf(c, t.rec.roomId);
        online ||= students.some((s) => s.online);
        const who = JSON.stringify(students);
        if (who !== t.who) {
          t.who = who;
          this.progress.push(c, t);
        }
      }
      if (!online && Date.now() - (this.lastUsed.get(classId) ?? 0) > this.idleUnloadMs) this.unload(classId, c);
    }
  }

  /** Frees an idle class's memory; its next use loads it from the store again. */
  private unload(classId: string, c: LiveClass): void {
    if (this.live.get(classId) === undefined) return;
    for (const t of c.tracks.values()) {
      this.progress.stop(t);
      this.roomClass.delete(t.rec.roomId);
    }
    this.live.delete(classId);
    this.lastUsed.delete(classId);
  }

  async close(): Promise<void> {
    clearInterval(this.ticker);
    await this.builds.close();
    for (const p of this.live.values()) {
      const c = await p.catch(() => null);
      if (!c) continue;
      for (const t of c.tracks.values()) this.progress.stop(t);
      await this.progress.flush(c.tracks.values()).catch(this.onError);
    }
  }
}
