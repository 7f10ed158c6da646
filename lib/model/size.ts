import type { Doc } from "./schema";

/** A document's size as the store writes it: its JSON, in UTF-16 code units (bytes for ASCII). */
export const docBytes = (doc: Doc): number => JSON.stringify(doc).length;

const json = (v: unknown): number => (v === undefined ? 0 : JSON.stringify(v).length);

/** One `"key":value,` entry of an object as JSON (the comma the last entry lacks is within a byte). */
const entry = (key: string, v: unknown): number => (v === undefined ? 0 : JSON.stringify(key).length + 2 + json(v));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * How much `docBytes` grows from `prev` to `next`, measuring only what changed: records are shared
 * between versions, so a move or a rename costs the size of that one record, whatever the document's
 * size. Exact up to a byte per top-level field (trailing commas).
 * @example sizeDelta(doc, { ...doc, title: "abc" }) // 3 - doc.title.length
 */
export function sizeDelta(prev: Doc, next: Doc): number {
  if (prev === next) return 0;
  const a = prev as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  let delta = 0;
  for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[field];
    const y = b[field];
    if (x === y) continue;
    if (isRecord(x) && isRecord(y)) {
      for (const k in y) if (x[k] !== y[k]) delta += entry(k, y[k]) - entry(k, x[k]);
      for (const k in x) if (!(k in y)) delta -= entry(k, x[k]);
    } else {
      delta += entry(field, y) - entry(field, x);
    }
  }
  return delta;
}
