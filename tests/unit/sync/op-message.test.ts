import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OpMessageSchema } from "../../../lib/sync/events";
import { isPlainMove } from "../../../lib/sync/op-message";

const move = (extra: Record<string, unknown> = {}, position: unknown = { x: 1, y: 2 }) => ({
  clientId: "c1",
  key: "c1:1",
  baseSeq: 3,
  op: { type: "layout.move", id: "m-host", position },
  ...extra,
});

/** Values of every kind, for the fields the fast check looks at. */
const anything = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, "", null, true, undefined),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

describe("the op payload's fast check", () => {
  it("accepts a plain move as the schema does", () => {
    expect(isPlainMove(move())).toBe(true);
    expect(isPlainMove(move({}, { x: -5, y: 1e6, w: 10, h: 0.5 }))).toBe(true);
    expect(OpMessageSchema.safeParse(move({}, { x: -5, y: 1e6, w: 10, h: 0.5 })).success).toBe(true);
  });

  it("leaves to the schema anything else: other ops, extra or missing keys, prototype keys, bad values", () => {
    const refused = [
      move({ extra: 1 }),
      { ...move(), op: { type: "doc.setTitle", title: "x" } },
      { ...move(), op: { type: "layout.move", id: "m-host", position: { x: 1, y: 2 }, z: 1 } },
      move({}, { x: 1 }),
      move({}, { x: 1, y: 2, w: 0 }),
      move({}, { x: 1, y: Number.NaN }),
      move({}, [1, 2]),
      JSON.parse('{"clientId":"c","key":"k","baseSeq":0,"op":{"type":"layout.move","id":"m","position":{"x":1,"y":2,"__proto__":{"a":1}}}}'),
      JSON.parse('{"clientId":"c","key":"k","baseSeq":0,"__proto__":{},"op":{"type":"layout.move","id":"m","position":{"x":1,"y":2}}}'),
      { ...move(), baseSeq: 1.5 },
      { ...move(), key: "" },
      { ...move(), clientId: "x".repeat(65) },
      Object.assign(Object.create({ inherited: 1 }), move()),
      null,
      "op",
    ];
    for (const v of refused) expect(isPlainMove(v)).toBe(false);
  });

  it("never accepts what the schema refuses, over random payloads shaped like moves", () => {
    const field = (name: string) => fc.option(anything, { nil: undefined }).map((v) => (v === undefined ? {} : { [name]: v }));
    const position = fc.record({ x: anything, y: anything, w: field("w"), h: field("h") }).map(({ x, y, w, h }) => ({ x, y, ...w, ...h }));
    const payload = fc.record({
      clientId: anything,
      key: anything,
      baseSeq: anything,
      type: fc.constantFrom("layout.move", "layout.moveMany", "doc.setTitle"),
      id: anything,
      position: fc.oneof(position, anything),
      more: fc.option(fc.constantFrom("extra", "z"), { nil: undefined }),
    });
    fc.assert(
      fc.property(payload, (p) => {
        const v = {
          clientId: p.clientId,
          key: p.key,
          baseSeq: p.baseSeq,
          op: { type: p.type, id: p.id, position: p.position },
          ...(p.more ? { [p.more]: 1 } : {}),
        };
        const json = JSON.parse(JSON.stringify(v)) as unknown;
        for (const candidate of [v, json]) {
          if (isPlainMove(candidate)) expect(OpMessageSchema.safeParse(candidate).success).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts every valid move that arrives as JSON", () => {
    const valid = fc.record({
      clientId: fc.string({ minLength: 1, maxLength: 64 }),
      key: fc.string({ minLength: 1, maxLength: 100 }),
      baseSeq: fc.nat(),
      id: fc.string({ minLength: 1, maxLength: 80 }),
      x: fc.double({ noNaN: true, noDefaultInfinity: true }),
      y: fc.integer(),
    });
    fc.assert(
      fc.property(valid, (p) => {
        const v = JSON.parse(
          JSON.stringify({ clientId: p.clientId, key: p.key, baseSeq: p.baseSeq, op: { type: "layout.move", id: p.id, position: { x: p.x, y: p.y } } }),
        );
        expect(OpMessageSchema.safeParse(v).success).toBe(true);
        expect(isPlainMove(v)).toBe(true);
      }),
    );
  });
});
