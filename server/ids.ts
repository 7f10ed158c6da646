import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** RFC 4648 base32 (lower case, no padding) of `bytes` random bytes: 16 bytes give 26 characters, 128 bits. */
function randomBase32(bytes: number): string {
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

/**
 * The invite code for viewers, derived from the room's (editor) invite code: anyone holding the editor code
 * can work it out, nobody holding it can work back to the editor code, and rotating the editor code
 * rotates it too, so one stored code serves both links.
 */
export function viewerInviteCode(inviteCode: string): string {
  const digest = createHash("sha256").update(`dockside viewer invite\0${inviteCode}`).digest();
  let out = "";
  for (let i = 0; i < 16; i++) out += ALPHABET[(digest[i] as number) & 31];
  return out;
}

/** Tokens are stored hashed, so a leaked database does not hand out anyone's role. */
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");
