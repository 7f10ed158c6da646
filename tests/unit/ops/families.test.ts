import { describe, expect, it } from "vitest";
import { createWorld, seededIds } from "../../../lib/model";
import { applyOp, OpError, OpSchema } from "../../../lib/ops";
import { FAMILIES } from "../../../lib/ops/families";

const schemaTypes = OpSchema.options.map((o) => o.shape.type.value as string);

describe("op families", () => {
  it("give every op type of the union exactly one handler, and handle nothing outside it", () => {
    const handled = FAMILIES.flatMap((f) => Object.keys(f.handlers));
    expect(new Set(handled).size).toBe(handled.length);
    expect([...handled].sort()).toEqual([...schemaTypes].sort());
  });

  it("declare each op type in the family that handles it", () => {
    for (const f of FAMILIES) {
      const declared = f.schemas.map((s) => s.shape.type.value as string).sort();
      expect(Object.keys(f.handlers).sort(), f.name).toEqual(declared);
    }
  });

  it("have distinct names", () => {
    const names = FAMILIES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("dispatch through the table: a type no family declares is refused with OpError", () => {
    const doc = createWorld(seededIds(1), 0);
    expect(() => applyOp(doc, { type: "container.teleport" } as never)).toThrow(OpError);
  });

  it("dispatch to the family's handler", () => {
    const doc = structuredClone(createWorld(seededIds(1), 0));
    applyOp(doc, { type: "doc.setTitle", title: "Lab 3" });
    expect(doc.title).toBe("Lab 3");
  });
});
