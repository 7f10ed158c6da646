/**
 * Identifiers. Containers and networks use 64 hex digits, as Docker's do, so `docker ps` and
 * `docker inspect` can print them and the 12-digit short id is a real DNS name.
 */

export interface IdSource {
  /** 64 lowercase hex digits. */
  hex64(): string;
}

/** Random ids from the platform's CSPRNG (browser and Node). */
export const randomIds: IdSource = {
  hex64() {
    const bytes = new Uint8Array(32);
    globalThis.crypto.getRandomValues(bytes);
    let out = "";
    for (const b of bytes) out += b.toString(16).padStart(2, "0");
    return out;
  },
};

/**
 * Deterministic ids for tests and fixtures: the same seed gives the same sequence.
 * @example seededIds(1).hex64().length // 64
 */
export function seededIds(seed: number): IdSource {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: small, fast, good enough for identifiers.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    hex64() {
      let out = "";
      for (let i = 0; i < 8; i++) out += next().toString(16).padStart(8, "0");
      return out;
    },
  };
}

/**
 * A stable 64-hex digest of a string (FNV-1a, widened), for ids that are derived rather than stored,
 * such as endpoint ids.
 */
export function digest64(text: string): string {
  let out = "";
  for (let round = 0; round < 8; round++) {
    let h = (0x811c9dc5 ^ round) >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

export const shortId = (id: string): string => id.slice(0, 12);
