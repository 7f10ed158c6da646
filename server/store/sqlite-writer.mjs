// The SQLite op writer, on its own thread: a durable commit waits for fsync (about 5 ms on this kind of
// disk), and on the main thread that wait would stall every room's sockets. Each message is one batch,
// written in one transaction, so one fsync covers every op (and new member) queued meanwhile.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");
// The statement and its version check are the main thread's (`INSERT_OP` in sqlite.ts).
const insert = db.prepare(workerData.insertOp);
const keySeq = db.prepare("SELECT seq FROM ops WHERE room_id = ? AND key = ?");

// Anything but an op is a unit of statements: a savepoint inside the batch's transaction, so a unit
// that fails (a member already there) fails itself only, not the ops committed with it.
const prepared = new Map();
const prepare = (sql) => {
  let st = prepared.get(sql);
  if (!st) {
    st = db.prepare(sql);
    prepared.set(sql, st);
  }
  return st;
};
// What a unit answers: the rows its last statement changed (0 when an insert met a row already there).
const unit = db.transaction((statements) => {
  let changes = 0;
  for (const [sql, params] of statements) changes = prepare(sql).run(...params).changes;
  return changes;
});

function appendNow(b) {
  if (b.sql) {
    try {
      return { changes: unit(b.sql) };
    } catch (err) {
      return { error: String(err) };
    }
  }
  const dup = keySeq.get(b.roomId, b.key);
  if (dup && !b.ordered) return { ok: false, duplicate: dup.seq };
  const key = dup ? `${b.key}#${b.seq}` : b.key;
  if (insert.run(b.roomId, b.seq, key, b.clientId, b.memberId, b.op, b.author, b.at, b.command, b.seq, b.roomId).changes === 1) return { ok: true };
  const again = keySeq.get(b.roomId, b.key);
  return again ? { ok: false, duplicate: again.seq } : { ok: false, conflict: true };
}

const write = db.transaction((batch) => batch.map(appendNow));
// Tests only: hold every batch back before its commit, so a test can kill the process in between.
const delay = workerData.commitDelayMs ?? 0;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

parentPort.on("message", (batch) => {
  try {
    if (delay > 0) Atomics.wait(sleeper, 0, 0, delay);
    // IMMEDIATE: the write lock is taken (waiting its turn) before the first read, so another
    // connection's commit can never invalidate what this transaction read.
    parentPort.postMessage({ results: write.immediate(batch) });
  } catch (err) {
    parentPort.postMessage({ error: String(err) });
  }
});
