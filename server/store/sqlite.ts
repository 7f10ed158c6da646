import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Doc } from "../../lib/model";
import type { Role } from "../../lib/sync/events";
import type { AppendResult, MemberRecord, RoomMeta, RoomStore, StoredOp } from "./types";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (id TEXT PRIMARY KEY, invite_code TEXT NOT NULL, locked INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (room_id TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (room_id, seq));
CREATE TABLE IF NOT EXISTS ops (room_id TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, client_id TEXT NOT NULL, member_id TEXT NOT NULL, op TEXT NOT NULL, PRIMARY KEY (room_id, seq));
CREATE UNIQUE INDEX IF NOT EXISTS ops_key ON ops (room_id, key);
CREATE TABLE IF NOT EXISTS members (room_id TEXT NOT NULL, member_id TEXT NOT NULL, token_hash TEXT NOT NULL, name TEXT NOT NULL, color TEXT NOT NULL, role TEXT NOT NULL, removed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (room_id, member_id));
CREATE INDEX IF NOT EXISTS members_token ON members (room_id, token_hash);
`;

type MemberRow = { room_id: string; member_id: string; token_hash: string; name: string; color: string; role: string; removed: number };
const toMember = (r: MemberRow): MemberRecord => ({
  roomId: r.room_id,
  memberId: r.member_id,
  tokenHash: r.token_hash,
  name: r.name,
  color: r.color,
  role: r.role as Role,
  removed: r.removed === 1,
});

/**
 * SQLite in WAL mode with `synchronous = FULL`: a commit has reached the disk before `appendOp`
 * resolves, so an acked op survives the process being killed (and the machine losing power).
 */
export class SqliteStore implements RoomStore {
  readonly kind = "sqlite";
  private db: Database.Database;

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
  }

  async init(): Promise<void> {
    this.db.exec(SCHEMA);
  }

  async createRoom(meta: RoomMeta, doc: Doc, owner: MemberRecord): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO rooms (id, invite_code, locked, created_at) VALUES (?, ?, ?, ?)").run(meta.id, meta.inviteCode, meta.locked ? 1 : 0, meta.createdAt);
      this.db.prepare("INSERT INTO snapshots (room_id, seq, doc) VALUES (?, 0, ?)").run(meta.id, JSON.stringify(doc));
      this.insertMember(owner);
    })();
  }

  async getRoom(roomId: string): Promise<RoomMeta | null> {
    const r = this.db.prepare("SELECT id, invite_code, locked, created_at FROM rooms WHERE id = ?").get(roomId) as
      | { id: string; invite_code: string; locked: number; created_at: number }
      | undefined;
    return r ? { id: r.id, inviteCode: r.invite_code, locked: r.locked === 1, createdAt: r.created_at } : null;
  }

  async setLocked(roomId: string, locked: boolean): Promise<void> {
    this.db.prepare("UPDATE rooms SET locked = ? WHERE id = ?").run(locked ? 1 : 0, roomId);
  }

  async latestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    const r = this.db.prepare("SELECT seq, doc FROM snapshots WHERE room_id = ? ORDER BY seq DESC LIMIT 1").get(roomId) as { seq: number; doc: string } | undefined;
    return r ? { seq: r.seq, doc: JSON.parse(r.doc) as Doc } : null;
  }

  async opsAfter(roomId: string, since: number, limit = 1_000_000): Promise<StoredOp[]> {
    const rows = this.db
      .prepare("SELECT seq, key, client_id, member_id, op FROM ops WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?")
      .all(roomId, since, limit) as { seq: number; key: string; client_id: string; member_id: string; op: string }[];
    return rows.map((r) => ({ seq: r.seq, key: r.key, clientId: r.client_id, memberId: r.member_id, op: JSON.parse(r.op) }));
  }

  async appendOp(roomId: string, op: StoredOp): Promise<AppendResult> {
    const dup = await this.seqOfKey(roomId, op.key);
    if (dup !== null) return { ok: false, duplicate: dup };
    const info = this.db
      .prepare("INSERT INTO ops (room_id, seq, key, client_id, member_id, op) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
      .run(roomId, op.seq, op.key, op.clientId, op.memberId, JSON.stringify(op.op));
    if (info.changes === 1) return { ok: true };
    const again = await this.seqOfKey(roomId, op.key);
    return again !== null ? { ok: false, duplicate: again } : { ok: false, conflict: true };
  }

  async seqOfKey(roomId: string, key: string): Promise<number | null> {
    const r = this.db.prepare("SELECT seq FROM ops WHERE room_id = ? AND key = ?").get(roomId, key) as { seq: number } | undefined;
    return r ? r.seq : null;
  }

  async saveSnapshot(roomId: string, seq: number, doc: Doc): Promise<void> {
    this.db.prepare("INSERT INTO snapshots (room_id, seq, doc) VALUES (?, ?, ?) ON CONFLICT DO NOTHING").run(roomId, seq, JSON.stringify(doc));
  }

  async compact(roomId: string, upTo: number): Promise<void> {
    this.db.transaction(() => {
      const keep = this.db.prepare("SELECT MAX(seq) AS s FROM snapshots WHERE room_id = ? AND seq <= ?").get(roomId, upTo) as { s: number | null };
      if (keep.s === null) return;
      this.db.prepare("DELETE FROM ops WHERE room_id = ? AND seq <= ?").run(roomId, keep.s);
      this.db.prepare("DELETE FROM snapshots WHERE room_id = ? AND seq < ?").run(roomId, keep.s);
    })();
  }

  private insertMember(m: MemberRecord): void {
    this.db
      .prepare("INSERT INTO members (room_id, member_id, token_hash, name, color, role, removed) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(m.roomId, m.memberId, m.tokenHash, m.name, m.color, m.role, m.removed ? 1 : 0);
  }

  async addMember(m: MemberRecord): Promise<void> {
    this.insertMember(m);
  }

  async memberByToken(roomId: string, tokenHash: string): Promise<MemberRecord | null> {
    const r = this.db.prepare("SELECT * FROM members WHERE room_id = ? AND token_hash = ?").get(roomId, tokenHash) as MemberRow | undefined;
    return r ? toMember(r) : null;
  }

  async listMembers(roomId: string): Promise<MemberRecord[]> {
    return (this.db.prepare("SELECT * FROM members WHERE room_id = ? ORDER BY rowid").all(roomId) as MemberRow[]).map(toMember);
  }

  async setRole(roomId: string, memberId: string, role: Role): Promise<void> {
    this.db.prepare("UPDATE members SET role = ? WHERE room_id = ? AND member_id = ?").run(role, roomId, memberId);
  }

  async removeMember(roomId: string, memberId: string): Promise<void> {
    this.db.prepare("UPDATE members SET removed = 1 WHERE room_id = ? AND member_id = ?").run(roomId, memberId);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
