/**
 * The `op` event's payload, checked on the hot path. Nearly everything a busy room sends is a
 * `layout.move` (every drag is a stream of them), and walking the zod union of every op type for each
 * one is a fifth of the server's time per op. So a move is checked here by hand, against exactly the
 * fields `OpMessageSchema` allows, and anything this check does not accept outright (another op type,
 * an extra or missing key, a value out of range) goes through the schema as before, which gives the
 * error. The fast check only ever accepts what the schema accepts (`tests/unit/sync/op-message.test.ts`
 * holds it to that); it builds no objects, and a payload it accepts has a bounded size and no key that
 * could reach a prototype, so neither the size check nor the forbidden-key walk is needed for it.
 */
import { type OpMessage, OpMessageSchema } from "./events";

/** A plain data object (what JSON or socket.io's parser makes), not an array or a class instance. */
function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  return Object.getPrototypeOf(v) === Object.prototype;
}

/** Own enumerable keys, at most `max` of them, all in `allowed`; how many there are, or -1. */
function keysWithin(v: Record<string, unknown>, allowed: readonly string[], max: number): number {
  let n = 0;
  for (const k in v) {
    if (!Object.hasOwn(v, k) || !allowed.includes(k) || ++n > max) return -1;
  }
  return n;
}

const text = (v: unknown, max: number): boolean => typeof v === "string" && v.length >= 1 && v.length <= max;
const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

const MESSAGE_KEYS = ["clientId", "key", "baseSeq", "op"] as const;
const MOVE_KEYS = ["type", "id", "position"] as const;
const POSITION_KEYS = ["x", "y", "w", "h"] as const;

function isPosition(v: unknown): boolean {
  if (!isPlain(v) || keysWithin(v, POSITION_KEYS, 4) < 0) return false;
  if (!finite(v.x) || !finite(v.y)) return false;
  for (const side of ["w", "h"] as const) if (side in v && !(finite(v[side]) && v[side] > 0)) return false;
  return true;
}

/** True only for an `op` payload carrying a `layout.move` that `OpMessageSchema` accepts as it is. */
export function isPlainMove(v: unknown): v is OpMessage {
  if (!isPlain(v) || keysWithin(v, MESSAGE_KEYS, 4) !== 4) return false;
  if (!text(v.clientId, 64) || !text(v.key, 100)) return false;
  if (!(typeof v.baseSeq === "number" && Number.isSafeInteger(v.baseSeq) && v.baseSeq >= 0)) return false;
  const op = v.op;
  if (!isPlain(op) || keysWithin(op, MOVE_KEYS, 3) !== 3) return false;
  return op.type === "layout.move" && text(op.id, 80) && isPosition(op.position);
}

/** The `op` event's check: the fast one first, the schema for whatever it does not accept. */
export const OP_MESSAGE_CHECK = { fast: isPlainMove, schema: OpMessageSchema };
