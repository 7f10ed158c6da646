/**
 * What this browser remembers between visits: a display name and colour, and the rooms it has been in
 * (with the member token that keeps its role). Nothing leaves the browser except through a join.
 */

export interface RecentRoom {
  roomId: string;
  title: string;
  token?: string;
  invite?: string;
  visitedAt: number;
  /** A room of a class: its students and teacher are known by the names the class gave them. */
  inClass?: boolean;
  /** The name to join this room with instead of this browser's (a teacher joins as "Teacher"). */
  name?: string;
}

const ROOMS_KEY = "dockside.rooms";
const ME_KEY = "dockside.me";
const COLORS = ["#1e90ff", "#e8590c", "#2f9e44", "#ae3ec9", "#c2255c", "#0c8599", "#f08c00", "#5f3dc4"];
const ANIMALS = ["Otter", "Heron", "Lynx", "Marten", "Ibex", "Puffin", "Gecko", "Tapir", "Koala", "Wren"];

function read<T>(key: string, fallback: T): T {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full quota: the page still works, it just forgets.
  }
}

export function me(): { name: string; color: string } {
  const saved = read<{ name: string; color: string } | null>(ME_KEY, null);
  if (saved?.name && /^#[0-9a-fA-F]{6}$/.test(saved.color)) return saved;
  const n = Math.floor(Math.random() * 1000);
  const fresh = { name: `${ANIMALS[n % ANIMALS.length]} ${n}`, color: COLORS[n % COLORS.length] as string };
  write(ME_KEY, fresh);
  return fresh;
}

export function setMyName(name: string): void {
  write(ME_KEY, { ...me(), name });
}

/** What a display name may be (as the server checks it), or why not. */
export function nameProblem(name: string): string | null {
  const n = name.trim();
  if (n.length === 0) return "type a name";
  if (n.length > 40) return "at most 40 characters";
  return null;
}

export function recentRooms(): RecentRoom[] {
  const list = read<RecentRoom[]>(ROOMS_KEY, []);
  return Array.isArray(list) ? [...list].sort((a, b) => b.visitedAt - a.visitedAt) : [];
}

export function rememberRoom(room: Omit<RecentRoom, "visitedAt"> & Partial<Pick<RecentRoom, "visitedAt">>): void {
  const list = recentRooms().filter((r) => r.roomId !== room.roomId);
  const old = recentRooms().find((r) => r.roomId === room.roomId);
  list.unshift({ ...old, ...room, visitedAt: room.visitedAt ?? Date.now() } as RecentRoom);
  write(ROOMS_KEY, list.slice(0, 20));
}

export function roomRecord(roomId: string): RecentRoom | undefined {
  return recentRooms().find((r) => r.roomId === roomId);
}

/**
 * Reads what someone pasted into "Join with a code": a whole invite link, `room-id/invite`, or
 * `room-id invite`.
 */
export function parseJoinCode(text: string): { roomId: string; invite?: string } | null {
  const t = text.trim();
  const link = /\/r\/([a-z2-7]{26})(?:[^#]*#|\?)?(?:.*invite=([a-z2-7]{10,32}))?/.exec(t);
  if (link?.[1]) return link[2] ? { roomId: link[1], invite: link[2] } : { roomId: link[1] };
  const pair = /^([a-z2-7]{26})(?:[\s/:.]+([a-z2-7]{10,32}))?$/.exec(t.toLowerCase());
  if (pair?.[1]) return pair[2] ? { roomId: pair[1], invite: pair[2] } : { roomId: pair[1] };
  return null;
}

/**
 * A link that lets its holder into a room as the member this browser is (owner, student, editor) from
 * any browser: the member token travels in the fragment, which never reaches a server log. For a
 * student who changes device, or an owner whose browser storage was cleared.
 * @example keyLink("https://dockside.example", roomId, token, "Ada") // ".../r/ID#key=TOKEN&as=Ada"
 */
export function keyLink(origin: string, roomId: string, token: string, as?: string): string {
  const q = new URLSearchParams({ key: token, ...(as ? { as } : {}) });
  return `${origin}/r/${roomId}#${q.toString()}`;
}

/**
 * Takes a key link's fragment into this browser's record of the room (so the join uses it) and
 * returns whether there was one. The caller removes the fragment from the address bar.
 */
export function takeKey(roomId: string, hash: string): boolean {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  const key = q.get("key");
  if (!key || !/^[a-z2-7]{26,64}$/.test(key)) return false;
  const as = q.get("as")?.trim().slice(0, 40);
  const old = roomRecord(roomId);
  rememberRoom({ roomId, title: old?.title ?? "Room", token: key, ...(as ? { name: as, inClass: true } : {}) });
  return true;
}
