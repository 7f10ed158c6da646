import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** RFC 4648 base32 (lower case, no padding) of `bytes` random bytes: 16 bytes give 26 characters, 128 bits. */
export function randomBase32(bytes: number): string {
  const buf = randomBytes(bytes);
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const b of buf) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

export const newRoomId = (): string => randomBase32(16);
export const newInviteCode = (): string => randomBase32(10);
export const newToken = (): string => randomBase32(20);
export const newMemberId = (): string => randomBase32(10);

/** Tokens are stored hashed, so a leaked database does not hand out anyone's role. */
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");
