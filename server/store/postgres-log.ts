/**
 * A room's op log and snapshots in PostgreSQL, on the pool or on the one connection of a room's turn
 * (`RoomStore.beginTurn`). Outside a turn an append first takes the room's turn lock shared, for that
 * one statement: it waits while another process holds the turn, and never blocks another append.
 */
import type pg from "pg";
import type { Doc } from "../../lib/model";
import type { AppendResult, StoredOp, TurnView } from "./types";

/** First key of the room-turn advisory locks; the second is a hash of the room id. */
const TURN_LOCK = 4243;
export const TURN_LOCK_SQL = `SELECT pg_advisory_lock(${TURN_LOCK}, hashtext($1::text))`;
export const TURN_UNLOCK_SQL = `SELECT pg_advisory_unlock(${TURN_LOCK}, hashtext($1::text))`;

/**
 * The version check is the room's `head`, compared and set in the same statement as the insert: the op
 * lands only at head + 1. (The primary key alone is not enough: compaction deletes old rows, and a
 * process far enough behind could then insert a seq that was already used.) A key already stored
 * aborts the whole statement, head included.
 */
const insertOp = (waitForTurn: boolean) =>
  (waitForTurn ? `WITH turn AS (SELECT pg_advisory_xact_lock_shared(${TURN_LOCK}, hashtext($1::text))), ` : "WITH ") +
  `head AS (UPDATE dockside_rooms SET head = $2::bigint${waitForTurn ? " FROM turn" : ""} WHERE id = $1::text AND head = $2::bigint - 1 RETURNING id) ` +
  "INSERT INTO dockside_ops (room_id, seq, key, client_id, member_id, op, author, at, command) " +
  "SELECT $1::text, $2::bigint, $3::text, $4::text, $5::text, $6::jsonb, $7::text, $8::bigint, $9::text FROM head";

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = "23505";

type Queryable = Pick<pg.Pool, "query">;

export class PgLog implements TurnView {
  private readonly insert: string;

  constructor(
    private readonly db: Queryable,
    waitForTurn: boolean,
  ) {
    this.insert = insertOp(waitForTurn);
  }

  async opsAfter(roomId: string, since: number, limit = 1_000_000): Promise<StoredOp[]> {
    const { rows } = await this.db.query(
      "SELECT seq, key, client_id, member_id, op, author, at, command FROM dockside_ops WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
      [roomId, since, limit],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      key: r.key,
      clientId: r.client_id,
      memberId: r.member_id,
      op: r.op,
      ...(r.author !== null ? { name: r.author as string } : {}),
      ...(r.at !== null ? { at: Number(r.at) } : {}),
      ...(r.command !== null ? { command: r.command as string } : {}),
    }));
  }

  async latestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    const { rows } = await this.db.query("SELECT seq, doc FROM dockside_snapshots WHERE room_id = $1 ORDER BY seq DESC LIMIT 1", [roomId]);
    const r = rows[0];
    return r ? { seq: Number(r.seq), doc: r.doc as Doc } : null;
  }

  /** Of two appends of one seq, exactly one lands; the other learns it is behind, or that its key is stored. */
  async appendOp(roomId: string, op: StoredOp): Promise<AppendResult> {
    const inserted = await this.db
      .query(this.insert, [roomId, op.seq, op.key, op.clientId, op.memberId, JSON.stringify(op.op), op.name ?? null, op.at ?? null, op.command ?? null])
      .then(
        (r) => r.rowCount === 1,
        (err: { code?: string }) => {
          if (err.code === UNIQUE_VIOLATION) return false;
          throw err;
        },
      );
    if (inserted) return { ok: true };
    const dup = await this.seqOfKey(roomId, op.key);
    return dup !== null ? { ok: false, duplicate: dup } : { ok: false, conflict: true };
  }

  async seqOfKey(roomId: string, key: string): Promise<number | null> {
    const { rows } = await this.db.query("SELECT seq FROM dockside_ops WHERE room_id = $1 AND key = $2", [roomId, key]);
    return rows[0] ? Number(rows[0].seq) : null;
  }

  async saveSnapshot(roomId: string, seq: number, doc: Doc): Promise<void> {
    await this.db.query("INSERT INTO dockside_snapshots (room_id, seq, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [roomId, seq, JSON.stringify(doc)]);
  }

  async compact(roomId: string, upTo: number): Promise<void> {
    const { rows } = await this.db.query("SELECT MAX(seq) AS s FROM dockside_snapshots WHERE room_id = $1 AND seq <= $2", [roomId, upTo]);
    if (rows[0]?.s === null || rows[0]?.s === undefined) return;
    const keep = Number(rows[0].s);
    await this.db.query("DELETE FROM dockside_ops WHERE room_id = $1 AND seq <= $2", [roomId, keep]);
    await this.db.query("DELETE FROM dockside_snapshots WHERE room_id = $1 AND seq < $2", [roomId, keep]);
  }
}
