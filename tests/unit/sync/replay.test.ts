/** Replay: rebuilding the document at any seq from a snapshot and the op log. */
import { describe, expect, it } from "vitest";
import { createWorld, type Doc, seededIds } from "../../../lib/model";
import { apply, type Op } from "../../../lib/ops";
import { Shell, ShellContext } from "../../../lib/shell";
import type { HistoryOp } from "../../../lib/sync/live";
import { Timeline } from "../../../lib/sync/replay";

/** Real ops, as the terminal makes them, and the document after each one. */
function session(): { base: Doc; ops: Op[]; after: Doc[] } {
  const ids = seededIds(4);
  const base = createWorld(ids, 0);
  const shell = new Shell(new ShellContext(base, "m-host", ids, () => 1_700_000_000_000));
  const ops = [
    "docker network create app",
    "docker run -d --name db --network app postgres",
    "docker run -d --name web -p 8080:80 nginx",
    "docker network connect app web",
    "docker rename web front",
    "docker stop db",
    "docker rm -f db",
  ].flatMap((line) => {
    const out = shell.run(line);
    expect(out.exitCode, line).toBe(0);
    return out.ops;
  });
  const after: Doc[] = [];
  let doc = base;
  for (const op of ops) {
    const r = apply(doc, op);
    if (!r.ok) throw new Error(r.error);
    doc = r.doc;
    after.push(doc);
  }
  return { base, ops, after };
}

const entries = (ops: Op[], from = 0): HistoryOp[] =>
  ops.map((op, i) => ({ seq: from + i + 1, op, clientId: "c1", memberId: i % 2 ? "memberbb" : "memberaa", name: i % 2 ? "Bob" : "Ada", at: 1000 + i }));

describe("Timeline", () => {
  it.each([1, 2, 3, 50])("rebuilds every seq from the nearest checkpoint (every %i ops)", (every) => {
    const { base, ops, after } = session();
    expect(ops.length).toBeGreaterThan(5);
    const t = new Timeline({ seq: 0, doc: base }, every);
    expect(t.append(entries(ops))).toEqual({ ok: true });
    expect(t.first).toBe(0);
    expect(t.last).toBe(ops.length);
    expect(t.docAt(0)).toEqual(base);
    // Out of order on purpose: scrubbing jumps around.
    for (const seq of [ops.length, 3, 1, ops.length - 1, 2, 4]) expect(t.docAt(seq), `seq ${seq}`).toEqual(after[seq - 1]);
    expect(t.skipped).toEqual([]);
  });

  it("starts from a snapshot later than seq 0 and clamps out-of-range seqs", () => {
    const { ops, after } = session();
    const t = new Timeline({ seq: 3, doc: after[2] as Doc }, 2);
    t.append(entries(ops.slice(3), 3));
    expect(t.first).toBe(3);
    expect(t.docAt(-10)).toEqual(after[2]);
    expect(t.docAt(5)).toEqual(after[4]);
    expect(t.docAt(10_000)).toEqual(after.at(-1));
    expect(t.entry(4)).toMatchObject({ seq: 4, name: "Ada" });
    expect(t.entry(5)).toMatchObject({ seq: 5, name: "Bob", at: 1001 });
    expect(t.entry(3)).toBeUndefined();
  });

  it("ignores ops it already holds, refuses gaps, and records ops that do not apply", () => {
    const { base, ops } = session();
    const t = new Timeline({ seq: 0, doc: base });
    const all = entries(ops);
    t.append(all.slice(0, 3));
    expect(t.append(all.slice(1, 5))).toEqual({ ok: true });
    expect(t.last).toBe(5);
    expect(t.append(all.slice(6))).toEqual({ ok: false, error: "history has a gap: expected seq 6, got 7" });
    const bogus: HistoryOp = { ...(all[5] as HistoryOp), op: { type: "container.remove", containerId: "nope", force: true } };
    t.append([bogus]);
    expect(t.skipped).toEqual([6]);
    expect(t.docAt(6)).toEqual(t.docAt(5));
  });

  it("refuses a checkpoint interval that is not a positive integer", () => {
    expect(() => new Timeline({ seq: 0, doc: createWorld(seededIds(1), 0) }, 0)).toThrow("checkpointEvery must be a positive integer, got 0");
  });
});
