import { produce } from "immer";
import { describe, expect, it } from "vitest";
import { createWorld, seededIds } from "../../../lib/model";
import { apply, applyOp, networkCreateOp } from "../../../lib/ops";

const N1 = "a".repeat(64);
const world = () => {
  const r = apply(createWorld(seededIds(3), 0), networkCreateOp({ id: N1, machineId: "m-host", name: "appnet", at: 1 }, { subnet: "172.30.0.0/16" }));
  if (!r.ok) throw new Error(r.error);
  return r.doc;
};

describe("moves", () => {
  it("give the same document as the general path, leave the old one untouched, and share what did not change", () => {
    const doc = world();
    const op = {
      type: "layout.moveMany" as const,
      moves: [
        { id: "m-host", position: { x: 10, y: 20 } },
        { id: N1, position: { x: -5, y: 7 } },
      ],
    };
    const r = apply(doc, op);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc).toEqual(produce(doc, (d) => applyOp(d, op)));
    expect(doc.layout["m-host"]).not.toEqual({ x: 10, y: 20 });
    expect(r.doc.networks).toBe(doc.networks);
    expect(Object.isFrozen(r.doc) && Object.isFrozen(r.doc.layout)).toBe(true);
  });

  it("refuse a move of something that does not exist, the whole batch with it", () => {
    const doc = world();
    expect(apply(doc, { type: "layout.move", id: "nope", position: { x: 1, y: 1 } })).toEqual({
      ok: false,
      code: "layout.missing",
      error: "nothing with id nope to move",
    });
    const many = apply(doc, {
      type: "layout.moveMany",
      moves: [
        { id: "m-host", position: { x: 1, y: 1 } },
        { id: "gone", position: { x: 2, y: 2 } },
      ],
    });
    expect(many).toMatchObject({ ok: false, code: "layout.missing" });
    expect(apply(doc, { type: "layout.move", id: "m-host", position: { x: 1, y: Number.NaN } })).toMatchObject({ ok: false, code: "op.invalid" });
  });
});
