/**
 * The tar format (POSIX ustar) as `docker export` writes it and `tar -t` reads it: 512-byte headers,
 * contents padded to 512, two empty blocks at the end. Text in the simulation is one character per
 * byte, so an archive is a string like any stored file.
 */

const BLOCK = 512;

/** One archive member. Paths are relative (`etc/passwd`); directories end with `/`. */
export interface TarEntry {
  name: string;
  type: "f" | "d" | "l";
  mode: number;
  mtime: number;
  data?: string;
  target?: string;
  uid?: number;
  gid?: number;
}

const TYPEFLAG = { f: "0", d: "5", l: "2" } as const;

function field(text: string, width: number): string {
  return text.slice(0, width).padEnd(width, "\0");
}

/** An octal number field: zero-padded digits and a NUL, as Go's archive/tar writes them. */
function octal(n: number, width: number): string {
  return `${Math.max(0, Math.trunc(n))
    .toString(8)
    .padStart(width - 1, "0")}\0`;
}

/** Splits a name longer than 100 characters into ustar's prefix and name at a slash. */
function splitName(name: string): [string, string] {
  if (name.length <= 100) return ["", name];
  const cut = name.lastIndexOf("/", Math.min(name.length - 2, 155));
  return cut > 0 && name.length - cut - 1 <= 100 ? [name.slice(0, cut), name.slice(cut + 1)] : ["", name.slice(0, 100)];
}

function header(e: TarEntry): string {
  const [prefix, name] = splitName(e.name);
  const uid = e.uid ?? 0;
  const gid = e.gid ?? 0;
  const size = e.type === "f" ? (e.data ?? "").length : 0;
  const fields = [
    field(name, 100),
    octal(e.mode & 0o7777, 8),
    octal(uid, 8),
    octal(gid, 8),
    octal(size, 12),
    octal(Math.floor(e.mtime / 1000), 12),
    "        ", // the checksum, counted as spaces
    TYPEFLAG[e.type],
    field(e.target ?? "", 100),
    "ustar\x0000",
    field(uid === 0 ? "root" : "", 32),
    field(gid === 0 ? "root" : "", 32),
    octal(0, 8),
    octal(0, 8),
    field(prefix, 155),
  ];
  const block = fields.join("").padEnd(BLOCK, "\0");
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block.charCodeAt(i) & 0xff;
  return `${block.slice(0, 148)}${sum.toString(8).padStart(6, "0")}\0 ${block.slice(156)}`;
}

/**
 * An archive of `entries`, in order.
 * @example writeTar([{ name: "tmp/", type: "d", mode: 0o1777, mtime: 0 }]).length // 1536
 */
export function writeTar(entries: readonly TarEntry[]): string {
  const parts: string[] = [];
  for (const e of entries) {
    parts.push(header(e));
    if (e.type === "f" && e.data) parts.push(e.data, "\0".repeat((BLOCK - (e.data.length % BLOCK)) % BLOCK));
  }
  parts.push("\0".repeat(BLOCK * 2));
  return parts.join("");
}

/** A member as `tar -t` reads it back. */
export interface TarMember {
  name: string;
  type: "f" | "d" | "l" | "h" | "other";
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  size: number;
  mtime: number;
  target: string;
}

function text(block: string, at: number, width: number): string {
  const s = block.slice(at, at + width);
  const end = s.indexOf("\0");
  return end < 0 ? s : s.slice(0, end);
}

function num(block: string, at: number, width: number): number {
  return Number.parseInt(text(block, at, width).trim() || "0", 8) || 0;
}

/**
 * The members of an archive, and why reading stopped early: `short` when it ends inside a block (or
 * is empty), `magic` when a header is not a tar header. An archive may end at a block boundary
 * without its two empty blocks, as tar accepts.
 */
export function readTar(archive: string): { members: TarMember[]; error?: "short" | "magic" } {
  const members: TarMember[] = [];
  for (let at = 0; ; ) {
    if (at >= archive.length && members.length > 0) return { members };
    if (at + BLOCK > archive.length) return { members, error: "short" };
    const block = archive.slice(at, at + BLOCK);
    if (/^\0*$/.test(block)) return { members };
    if (!block.startsWith("ustar", 257)) return { members, error: "magic" };
    const prefix = text(block, 345, 155);
    const flag = block[156];
    const size = num(block, 124, 12);
    members.push({
      name: prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100),
      type: flag === "0" || flag === "\0" ? "f" : flag === "5" ? "d" : flag === "2" ? "l" : flag === "1" ? "h" : "other",
      mode: num(block, 100, 8),
      uid: num(block, 108, 8),
      gid: num(block, 116, 8),
      uname: text(block, 265, 32),
      gname: text(block, 297, 32),
      size,
      mtime: num(block, 136, 12) * 1000,
      target: text(block, 157, 100),
    });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
}
