import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { ClassFlags, ClassRecord, ClassRoomRecord, ClassStore, Progress, StudentRecord } from "./classes";
import type { Statements } from "./sqlite";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS classes (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, teacher_hash TEXT NOT NULL, teacher_name TEXT NOT NULL, title TEXT NOT NULL, exercise TEXT NOT NULL, group_size INTEGER NOT NULL, revealed INTEGER NOT NULL DEFAULT 0, ended INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS class_rooms (class_id TEXT NOT NULL, room_id TEXT NOT NULL UNIQUE, idx INTEGER NOT NULL, label TEXT NOT NULL, owner_member_id TEXT NOT NULL, met INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0, all_met_at INTEGER, last_activity INTEGER, PRIMARY KEY (class_id, idx));
CREATE TABLE IF NOT EXISTS class_students (class_id TEXT NOT NULL, student_id TEXT NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, room_id TEXT NOT NULL, member_id TEXT NOT NULL, joined_at INTEGER NOT NULL, PRIMARY KEY (class_id, student_id), UNIQUE (class_id, name_key));
CREATE TABLE IF NOT EXISTS class_messages (class_id TEXT NOT NULL, at INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS class_messages_class ON class_messages (class_id, at);
`;

type ClassRow = {
  id: string;
  code: string;
  teacher_hash: string;
  teacher_name: string;
  title: string;
  exercise: string;
  group_size: number;
  revealed: number;
  ended: number;
  locked: number;
  created_at: number;
};
const toClass = (r: ClassRow): ClassRecord => ({
  id: r.id,
  code: r.code,
  teacherHash: r.teacher_hash,
  teacherName: r.teacher_name,
  title: r.title,
  exercise: r.exercise,
  groupSize: r.group_size,
  revealed: r.revealed === 1,
  ended: r.ended === 1,
  locked: r.locked === 1,
  createdAt: r.created_at,
});

/** Queues statements for the rooms' writer thread; resolves with the rows the last one changed. */
type WriteUnit = (statements: Statements) => Promise<number>;

/**
 * Classes in SQLite, in the rooms' database file. Reads use a connection of this store's own; writes go
 * through the rooms' writer thread (`write`), in order with the ops: on the main thread each would wait
 * for an fsync, and for the writer's lock while a school's ops are being written, stalling every room
 * (a class of 2000 joining is 2000 writes). Last-activity times are written in batches by the caller.
 */
export class SqliteClassStore implements ClassStore {
  readonly kind = "sqlite";
  private db: Database.Database;

  constructor(
    file: string,
    private readonly write: WriteUnit,
  ) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
  }

  async init(): Promise<void> {
    this.db.exec(SCHEMA);
  }

  async createClass(c: ClassRecord): Promise<boolean> {
    const changed = await this.write([
      [
        "INSERT INTO classes (id, code, teacher_hash, teacher_name, title, exercise, group_size, revealed, ended, locked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [c.id, c.code, c.teacherHash, c.teacherName, c.title, c.exercise, c.groupSize, c.revealed ? 1 : 0, c.ended ? 1 : 0, c.locked ? 1 : 0, c.createdAt],
      ],
    ]);
    return changed === 1;
  }

  async getClass(id: string): Promise<ClassRecord | null> {
    const r = this.db.prepare("SELECT * FROM classes WHERE id = ?").get(id) as ClassRow | undefined;
    return r ? toClass(r) : null;
  }

  async classByCode(code: string): Promise<ClassRecord | null> {
    const r = this.db.prepare("SELECT * FROM classes WHERE code = ?").get(code) as ClassRow | undefined;
    return r ? toClass(r) : null;
  }

  async setFlags(id: string, flags: ClassFlags): Promise<void> {
    const statements: Statements = [];
    for (const [k, v] of Object.entries(flags)) {
      if (v === undefined) continue;
      // Column names come from this fixed list, never from input.
      const col = ({ revealed: "revealed", ended: "ended", locked: "locked" } as Record<string, string>)[k];
      if (col) statements.push([`UPDATE classes SET ${col} = ? WHERE id = ?`, [v ? 1 : 0, id]]);
    }
    if (statements.length > 0) await this.write(statements);
  }

  async addRoom(r: ClassRoomRecord): Promise<void> {
    await this.write([
      [
        "INSERT INTO class_rooms (class_id, room_id, idx, label, owner_member_id) VALUES (?, ?, ?, ?, ?)",
        [r.classId, r.roomId, r.idx, r.label, r.ownerMemberId],
      ],
    ]);
  }

  async listRooms(classId: string): Promise<(ClassRoomRecord & Progress)[]> {
    const rows = this.db.prepare("SELECT * FROM class_rooms WHERE class_id = ? ORDER BY idx").all(classId) as {
      class_id: string;
      room_id: string;
      idx: number;
      label: string;
      owner_member_id: string;
      met: number;
      total: number;
      all_met_at: number | null;
      last_activity: number | null;
    }[];
    return rows.map((r) => ({
      classId: r.class_id,
      roomId: r.room_id,
      idx: r.idx,
      label: r.label,
      ownerMemberId: r.owner_member_id,
      met: r.met,
      total: r.total,
      allMetAt: r.all_met_at,
      lastActivity: r.last_activity,
    }));
  }

  async classOfRoom(roomId: string): Promise<string | null> {
    const r = this.db.prepare("SELECT class_id FROM class_rooms WHERE room_id = ?").get(roomId) as { class_id: string } | undefined;
    return r ? r.class_id : null;
  }

  async saveProgress(classId: string, roomId: string, p: Progress): Promise<void> {
    await this.write([
      [
        "UPDATE class_rooms SET met = ?, total = ?, all_met_at = ?, last_activity = ? WHERE class_id = ? AND room_id = ?",
        [p.met, p.total, p.allMetAt, p.lastActivity, classId, roomId],
      ],
    ]);
  }

  async addStudent(s: StudentRecord): Promise<boolean> {
    const changed = await this.write([
      [
        "INSERT INTO class_students (class_id, student_id, name, name_key, room_id, member_id, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [s.classId, s.studentId, s.name, s.name.toLowerCase(), s.roomId, s.memberId, s.joinedAt],
      ],
    ]);
    return changed === 1;
  }

  async listStudents(classId: string): Promise<StudentRecord[]> {
    const rows = this.db.prepare("SELECT * FROM class_students WHERE class_id = ? ORDER BY joined_at, rowid").all(classId) as {
      class_id: string;
      student_id: string;
      name: string;
      room_id: string;
      member_id: string;
      joined_at: number;
    }[];
    return rows.map((r) => ({ classId: r.class_id, studentId: r.student_id, name: r.name, roomId: r.room_id, memberId: r.member_id, joinedAt: r.joined_at }));
  }

  async addMessage(classId: string, at: number, text: string): Promise<void> {
    await this.write([["INSERT INTO class_messages (class_id, at, text) VALUES (?, ?, ?)", [classId, at, text]]]);
  }

  async listMessages(classId: string, limit: number): Promise<{ at: number; text: string }[]> {
    const rows = this.db.prepare("SELECT at, text FROM class_messages WHERE class_id = ? ORDER BY at DESC, rowid DESC LIMIT ?").all(classId, limit) as {
      at: number;
      text: string;
    }[];
    return rows.reverse();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
