/**
 * The layout family: where the canvas draws things. Moves are most of what a room sends (every drag is
 * a stream of them), so `apply` takes them through `moveFast` instead of drafting the whole document.
 */
import { z } from "zod";
import { type Doc, PositionSchema, placeable } from "../model";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { id } from "./fields";

const LAYOUT_OPS = [
  z.strictObject({ type: z.literal("layout.move"), id, position: PositionSchema }),
  /** Auto-layout: many positions in one op, so a tidy-up is one step for the room and for undo. */
  z.strictObject({
    type: z.literal("layout.moveMany"),
    moves: z
      .array(z.strictObject({ id, position: PositionSchema }))
      .min(1)
      .max(5000),
  }),
] as const;

type LayoutOp = OpIn<typeof LAYOUT_OPS, "layout.move" | "layout.moveMany">;

function movesOf(op: LayoutOp): { id: string; position: Doc["layout"][string] }[] {
  return op.type === "layout.move" ? [{ id: op.id, position: op.position }] : op.moves;
}

function move(doc: Doc, op: LayoutOp): void {
  for (const m of movesOf(op)) {
    if (!placeable(doc, m.id)) fail("layout.missing", `nothing with id ${m.id} to move`);
    doc.layout[m.id] = m.position;
  }
}

/**
 * A move applied by copying the one map it touches: positions are read by no invariant beyond "the
 * thing exists". Returns the new document, or the reason it was refused.
 */
export function moveFast(doc: Doc, op: LayoutOp): { ok: true; doc: Doc } | { ok: false; code: string; error: string } {
  const moves = movesOf(op);
  for (const m of moves) {
    if (!placeable(doc, m.id)) return { ok: false, code: "layout.missing", error: `nothing with id ${m.id} to move` };
  }
  const layout = { ...doc.layout };
  for (const m of moves) layout[m.id] = Object.freeze({ ...m.position });
  return { ok: true, doc: Object.freeze({ ...doc, layout: Object.freeze(layout) }) };
}

export const layoutFamily = defineFamily("layout", LAYOUT_OPS, { "layout.move": move, "layout.moveMany": move });
