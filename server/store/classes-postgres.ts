import pg from "pg";
import type { ClassFlags, ClassRecord, ClassRoomRecord, ClassStore, Progress, StudentRecord } from "./classes";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS dockside_classes (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, teacher_hash TEXT NOT NULL, teacher_name TEXT NOT NULL, title TEXT NOT NULL, exercise TEXT NOT NULL, group_size INTEGER NOT NULL, revealed BOOLEAN NOT NULL DEFAULT false, ended BOOLEAN NOT NULL DEFAULT false, locked BOOLEAN NOT NULL DEFAULT false, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS dockside_class_rooms (class_id TEXT NOT NULL, room_id TEXT NOT NULL UNIQUE, idx INTEGER NOT NULL, label TEXT NOT NULL, owner_member_id TEXT NOT NULL, met INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0, all_met_at BIGINT, last_activity BIGINT, PRIMARY KEY (class_id, idx));
CREATE TABLE IF NOT EXISTS dockside_class_students (class_id TEXT NOT NULL, student_id TEXT NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, room_id TEXT NOT NULL, member_id TEXT NOT NULL, joined_at BIGINT NOT NULL, joined BIGSERIAL, PRIMARY KEY (class_id, student_id), UNIQUE (class_id, name_key));
CREATE TABLE IF NOT EXISTS dockside_class_messages (class_id TEXT NOT NULL, at BIGINT NOT NULL, text TEXT NOT NULL, n BIGSERIAL);
CREATE INDEX IF NOT EXISTS dockside_class_messages_class ON dockside_class_messages (class_id, at);
`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

// biome-ignore lint/suspicious/noExplicitAny: rows come from pg untyped
const toClass = (r: any): ClassRecord => ({
  id: r.id,
  code: r.code,
  teacherHash: r.teacher_hash,
  teacherName: r.teacher_name,
  title: r.title,
  exercise: r.exercise,
  groupSize: Number(r.group_size),
  revealed: r.revealed,
  ended: r.ended,
  locked: r.locked,
  createdAt: Number(r.created_at),
});

/** Classes in PostgreSQL, for several server processes: the unique constraints settle races on codes and names. */
export class PostgresClassStore implements ClassStore {
  readonly kind = "postgres";
  private pool: pg.Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 4 });
  }

  async init(): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query("SELECT pg_advisory_lock(4243)");
      await c.query(SCHEMA);
      await c.query("SELECT pg_advisory_unlock(4243)");
    } finally {
      c.release();
    }
  }

  async createClass(c: ClassRecord): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      "INSERT INTO dockside_classes (id, code, teacher_hash, teacher_name, title, exercise, group_size, revealed, ended, locked, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
      [c.id, c.code, c.teacherHash, c.teacherName, c.title, c.exercise, c.groupSize, c.revealed, c.ended, c.locked, c.createdAt],
    );
    return rowCount === 1;
  }

  async getClass(id: string): Promise<ClassRecord | null> {
    const { rows } = await this.pool.query("SELECT * FROM dockside_classes WHERE id = $1", [id]);
    return rows[0] ? toClass(rows[0]) : null;
  }

  async classByCode(code: string): Promise<ClassRecord | null> {
    const { rows } = await this.pool.query("SELECT * FROM dockside_classes WHERE code = $1", [code]);
    return rows[0] ? toClass(rows[0]) : null;
  }

  async setFlags(id: string, flags: ClassFlags): Promise<void> {
    const cols = { revealed: "revealed", ended: "ended", locked: "locked" } as Record<string, string>;
    for (const [k, v] of Object.entries(flags)) {
      if (v === undefined || !cols[k]) continue;
      await this.pool.query(`UPDATE dockside_classes SET ${cols[k]} = $2 WHERE id = $1`, [id, v]);
    }
  }

  async addRoom(r: ClassRoomRecord): Promise<void> {
    await this.pool.query("INSERT INTO dockside_class_rooms (class_id, room_id, idx, label, owner_member_id) VALUES ($1, $2, $3, $4, $5)", [
      r.classId,
      r.roomId,
      r.idx,
      r.label,
      r.ownerMemberId,
    ]);
  }

  async listRooms(classId: string): Promise<(ClassRoomRecord & Progress)[]> {
    const { rows } = await this.pool.query("SELECT * FROM dockside_class_rooms WHERE class_id = $1 ORDER BY idx", [classId]);
    return rows.map((r) => ({
      classId: r.class_id,
      roomId: r.room_id,
      idx: Number(r.idx),
      label: r.label,
      ownerMemberId: r.owner_member_id,
      met: Number(r.met),
      total: Number(r.total),
      allMetAt: num(r.all_met_at),
      lastActivity: num(r.last_activity),
    }));
  }

  async classOfRoom(roomId: string): Promise<string | null> {
    const { rows } = await this.pool.query("SELECT class_id FROM dockside_class_rooms WHERE room_id = $1", [roomId]);
    return rows[0] ? rows[0].class_id : null;
  }

  async saveProgress(classId: string, roomId: string, p: Progress): Promise<void> {
    // Another process may have seen every goal met first: keep the earliest time.
    await this.pool.query(
      "UPDATE dockside_class_rooms SET met = $3, total = $4, all_met_at = COALESCE(LEAST(all_met_at, $5), all_met_at, $5), last_activity = GREATEST(last_activity, $6) WHERE class_id = $1 AND room_id = $2",
      [classId, roomId, p.met, p.total, p.allMetAt, p.lastActivity],
    );
  }

  async addStudent(s: StudentRecord): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      "INSERT INTO dockside_class_students (class_id, student_id, name, name_key, room_id, member_id, joined_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
      [s.classId, s.studentId, s.name, s.name.toLowerCase(), s.roomId, s.memberId, s.joinedAt],
    );
    return rowCount === 1;
  }

  async listStudents(classId: string): Promise<StudentRecord[]> {
    const { rows } = await this.pool.query("SELECT * FROM dockside_class_students WHERE class_id = $1 ORDER BY joined_at, joined", [classId]);
    return rows.map((r) => ({
      classId: r.class_id,
      studentId: r.student_id,
      name: r.name,
      roomId: r.room_id,
      memberId: r.member_id,
      joinedAt: Number(r.joined_at),
    }));
  }

  async addMessage(classId: string, at: number, text: string): Promise<void> {
    await this.pool.query("INSERT INTO dockside_class_messages (class_id, at, text) VALUES ($1, $2, $3)", [classId, at, text]);
  }

  async listMessages(classId: string, limit: number): Promise<{ at: number; text: string }[]> {
    const { rows } = await this.pool.query("SELECT at, text FROM dockside_class_messages WHERE class_id = $1 ORDER BY at DESC, n DESC LIMIT $2", [
      classId,
      limit,
    ]);
    return rows.map((r) => ({ at: Number(r.at), text: r.text })).reverse();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
