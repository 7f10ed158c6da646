import { describe, expect, it } from "vitest";
import { findForbiddenKey, JoinSchema, LockSchema, OpMessageSchema, PresenceSchema, parsePayload } from "../../../lib/sync/events";

const op = { clientId: "c", key: "k", baseSeq: 0, op: { type: "doc.setTitle", title: "x" } };

describe("event schemas", () => {
  it.each([
    ["a valid op", OpMessageSchema, op, true],
    ["an unknown key beside the op", OpMessageSchema, { ...op, extra: 1 }, false],
    ["an unknown key inside the op", OpMessageSchema, { ...op, op: { ...op.op, extra: 1 } }, false],
    ["a negative baseSeq", OpMessageSchema, { ...op, baseSeq: -1 }, false],
    ["an unknown op type", OpMessageSchema, { ...op, op: { type: "doc.delete" } }, false],
    ["a join with a room id", JoinSchema, { roomId: "a".repeat(26), name: "Ada" }, true],
    ["a join with a short room id", JoinSchema, { roomId: "abc", name: "Ada" }, false],
    ["a join with an empty name", JoinSchema, { roomId: "a".repeat(26), name: " " }, false],
    ["presence", PresenceSchema, { cursor: { x: 1, y: 2 }, selection: ["m-host"], viewport: { x: 0, y: 0, zoom: 1 } }, true],
    ["presence with NaN", PresenceSchema, { cursor: { x: Number.NaN, y: 2 }, selection: [], viewport: null }, false],
    ["lock", LockSchema, { locked: true }, true],
    ["lock with a string", LockSchema, { locked: "true" }, false],
  ] as const)("%s", (_label, schema, value, ok) => {
    expect(parsePayload(schema as never, value).ok).toBe(ok);
  });

  it("refuses prototype keys anywhere, even where records accept any key", () => {
    const payload = JSON.parse(
      `{"clientId":"c","key":"k","baseSeq":0,"op":{"type":"network.create","id":"${"0".repeat(64)}","machineId":"m-host","name":"n","driver":"bridge","subnet":null,"gateway":null,"ipRange":null,"internal":false,"attachable":false,"options":{},"labels":{"__proto__":"x"},"at":1}}`,
    );
    expect(findForbiddenKey(payload)).toBe("op.labels.__proto__");
    expect(parsePayload(OpMessageSchema, payload)).toMatchObject({ ok: false, code: "payload.forbidden-key" });
    expect(findForbiddenKey({ a: [{ constructor: 1 }] })).toBe("a[0].constructor");
    expect(findForbiddenKey({ a: { b: 1 } })).toBeNull();
    expect(findForbiddenKey(JSON.parse('[{"__proto__":1}]'))).toBe("[0].__proto__");
    expect(findForbiddenKey({ a: [1, [2, { b: { constructor: 1 } }]] })).toBe("a[1][1].b.constructor");
    expect(findForbiddenKey({ a: [[{ prototype: 1 }]] })).toBe("a[0][0].prototype");
  });

  it("refuses deep nesting", () => {
    let v: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) v = { v };
    expect(findForbiddenKey(v)).toMatch(/nested too deeply/);
    expect(findForbiddenKey({ a: [{ b: {} }] }, 2)).toBe("a[0].b: nested too deeply");
    expect(findForbiddenKey({ a: [{ b: 1 }] }, 2)).toBeNull();
  });
});
