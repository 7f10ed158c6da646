/**
 * The checks every part of a compose file goes through, with Compose's own wording
 * ("validating compose file: services.web.ports must be a list, got string").
 */

/** Every error a compose file can get; the parser turns it into `{ ok: false, error }`. */
export class ComposeInvalid extends Error {}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export function kind(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v === "object" ? "object" : typeof v;
}

export function expected(path: string, what: string, v: unknown): never {
  throw new ComposeInvalid(`validating compose file: ${path} must be ${what}, got ${kind(v)}`);
}

export function str(v: unknown, path: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return expected(path, "a string", v);
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  return expected(path, "a boolean", v);
}
