/**
 * The wire contract between a browser (or any client) and the room server: every event name, every
 * payload and every acknowledgement, each with a zod schema. The server validates every inbound payload
 * with these schemas before it looks at it; clients may validate what they receive.
 *
 * Client -> server (with an acknowledgement callback unless noted):
 * - `room:create` {@link CreateRoomSchema}       -> {@link CreateRoomAck}
 * - `room:join`   {@link JoinSchema}             -> {@link JoinAck} (snapshot or the missed ops)
 * - `room:sync`   {@link SyncRequestSchema}      -> {@link JoinAck} (catch up after a gap in seq)
 * - `op`          {@link OpMessageSchema}        -> {@link OpAck} when sent with an ack callback. Sent
 *   without one, the room answers instead: the op's own broadcast and then a durable mark say it is
 *   done, and `op:answer` comes only when nothing is broadcast (a refusal, or a key already committed)
 * - `presence`    {@link PresenceSchema}         (volatile, no ack, at most 30 per second)
 * - `room:setRole` / `room:lock` / `room:remove` -> {@link CommandAck} (owner only)
 * - `room:invite` {} -> {@link InviteAck}: new editor and viewer invite codes, old links stop working (owner only)
 *
 * Server -> client:
 * - `op`        {@link RemoteOp}: every committed op, in seq order, to everyone in the room (sender too)
 * - `ops`       {@link RemoteOp}[]: several of them at once, in seq order (ordered in the same instant)
 * - `room:durable` {@link DurableMark}: every op up to `seq` is on disk (when no op packet carried it)
 * - `op:answer` {@link OpAck}: the answer to an op sent without an ack callback that was not broadcast
 * - `snapshot`  {@link Snapshot}: a whole document, when ops cannot be replayed
 * - `presence`  {@link PeerPresence} (volatile) and `presence:leave` {peerId}
 * - `members`   {@link MembersMessage}: who is in the room, their roles, and whether editing is locked
 * - `removed`   {reason}: the owner removed this member; the socket is disconnected afterwards
 * - `room:invite` {@link InviteMessage}: the room's new invite codes (to the owner, after a rotation or a removal)
 * - `server:restart` {}: the server is restarting; the connection will drop and the client reconnects and resumes
 * - `room:resync` {}: ops broadcast before they were durable were lost (a failed write); join again
 * - `error`     {event, code, error}: a malformed payload or a refused event without an ack callback
 */
import { z } from "zod";
import { DocSchema } from "../model";
import { OpSchema } from "../ops";

const ROLES = ["owner", "editor", "viewer"] as const;
const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Room ids: 26 base32 characters, 128 bits of randomness (see `server/ids.ts`). */
const RoomIdSchema = z.string().regex(/^[a-z2-7]{26}$/, "expected a room id of 26 base32 characters");
const InviteCodeSchema = z.string().regex(/^[a-z2-7]{10,32}$/, "expected an invite code");
const TokenSchema = z.string().regex(/^[a-z2-7]{26,64}$/, "expected a member token");
const memberId = z.string().regex(/^[a-z2-7]{8,32}$/, "expected a member id");
const clientId = z.string().min(1).max(64);
const key = z.string().min(1).max(100);
const seq = z.number().int().min(0);
const displayName = z.string().trim().min(1).max(40);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "expected a colour like #1e90ff");
const coord = z.number().finite().min(-1e7).max(1e7);

export const CreateRoomSchema = z.strictObject({ name: displayName, color: color.optional(), title: z.string().max(200).optional() });
export type CreateRoom = z.infer<typeof CreateRoomSchema>;

export const JoinSchema = z.strictObject({
  roomId: RoomIdSchema,
  name: displayName,
  color: color.optional(),
  /** The last seq this client holds; the server answers with the ops after it when it still has them. */
  since: seq.optional(),
  /** Proves an earlier membership (returned by create/join); keeps the role across reconnects. */
  token: TokenSchema.optional(),
  /** Lets someone new in: the room's editor code makes an editor, its viewer code a viewer. */
  invite: InviteCodeSchema.optional(),
  clientId: clientId.optional(),
});
export type Join = z.infer<typeof JoinSchema>;

export const SyncRequestSchema = z.strictObject({ since: seq });

/** Longest command line kept with an op; a longer one is kept cut short (see `commandLine`). */
export const COMMAND_MAX = 500;
/**
 * The command line someone typed, as replay shows it: printable only (no control characters, which a
 * terminal would run, nor bidirectional overrides, which would show it as something else).
 */
export const CommandLineSchema = z
  .string()
  .min(1)
  .max(COMMAND_MAX)
  .regex(/^[^\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+$/, "expected a command line of printable characters");

/**
 * A typed line as an op may carry it: trimmed, shown characters in place of unprintable ones, cut short
 * past `COMMAND_MAX`; undefined for a blank line.
 * @example commandLine("  docker run -d nginx\n") // "docker run -d nginx"
 */
export function commandLine(text: string): string | undefined {
  const shown = text.trim().replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "\ufffd");
  if (!shown) return undefined;
  return shown.length > COMMAND_MAX ? `${shown.slice(0, COMMAND_MAX - 1)}…` : shown;
}

export const OpMessageSchema = z.strictObject({
  clientId,
  /** Idempotency key: sending the same key twice commits once and answers with the first ack. */
  key,
  /** The seq of the document the op was made on (for diagnostics; the server validates on its own). */
  baseSeq: seq,
  op: OpSchema,
  /** The command line typed in a terminal that made this op (every op of the line carries it); kept for replay. */
  command: CommandLineSchema.optional(),
});
export type OpMessage = z.infer<typeof OpMessageSchema>;

const OpAckSchema = z.union([
  z.strictObject({ committed: z.literal(true), seq: seq.min(1), key }),
  z.strictObject({ rejected: z.literal(true), key: key.optional(), code: z.string().max(64), reason: z.string().max(2000) }),
]);
export type OpAck = z.infer<typeof OpAckSchema>;

const RemoteOpSchema = z.strictObject({
  seq: seq.min(1),
  op: OpSchema,
  clientId,
  key,
  /**
   * Every op up to this seq is durable. Absent: this op itself is (it was broadcast after its write).
   * Present and below `seq`: the op was broadcast as soon as it was ordered and a crash may still lose
   * it, so a client keeps what it can roll back to (see `lib/sync/history.ts`).
   */
  durable: seq.optional(),
});
export type RemoteOp = z.infer<typeof RemoteOpSchema>;

const SnapshotSchema = z.strictObject({ seq, doc: DocSchema });

export type DurableMark = { seq: number };
export type Snapshot = z.infer<typeof SnapshotSchema>;

const PointSchema = z.strictObject({ x: coord, y: coord });
const screenSide = z.number().finite().min(1).max(100_000);
/**
 * Pan and zoom, and the size in pixels of the canvas they were taken on (absent from older clients):
 * a follower fits the area the leader sees into its own screen, whatever their sizes.
 */
const ViewportSchema = z.strictObject({
  x: coord,
  y: coord,
  zoom: z.number().finite().min(0.01).max(100),
  w: screenSide.optional(),
  h: screenSide.optional(),
});
export type SharedViewport = z.infer<typeof ViewportSchema>;
export const PresenceSchema = z.strictObject({
  cursor: PointSchema.nullable(),
  selection: z.array(z.string().min(1).max(80)).max(200),
  viewport: ViewportSchema.nullable(),
});
export type Presence = z.infer<typeof PresenceSchema>;

/** `peerId` is the sender's client id: one person with two tabs shows two cursors. */
const PeerPresenceSchema = PresenceSchema.extend({ peerId: clientId, memberId, name: displayName, color });
export type PeerPresence = z.infer<typeof PeerPresenceSchema>;

const MemberSchema = z.strictObject({ memberId, name: displayName, color, role: RoleSchema, online: z.boolean() });
export type Member = z.infer<typeof MemberSchema>;
const MembersMessageSchema = z.strictObject({ members: z.array(MemberSchema), locked: z.boolean() });
export type MembersMessage = z.infer<typeof MembersMessageSchema>;

export const SetRoleSchema = z.strictObject({ memberId, role: z.enum(["editor", "viewer"]) });
export const LockSchema = z.strictObject({ locked: z.boolean() });
export const RemoveMemberSchema = z.strictObject({ memberId });
export const RotateInviteSchema = z.strictObject({});

export type Failure = { ok: false; code: string; error: string };
export type CreateRoomAck = { ok: true; roomId: string; inviteCode: string; viewerInviteCode: string; token: string } | Failure;
export type JoinAck =
  | {
      ok: true;
      roomId: string;
      memberId: string;
      token: string;
      role: Role;
      locked: boolean;
      /** Present only for the owner: the codes of the editor and the viewer invite links. */
      inviteCode: string | null;
      viewerInviteCode?: string | null;
      /** Either the whole document at `seq`... */
      snapshot: Snapshot | null;
      /** ...or the ops after the `since` the client sent, in order. */
      ops: RemoteOp[];
      /** Every op up to this seq is durable (absent from older servers: all of them are). */
      durable?: number;
      members: Member[];
    }
  | Failure;
export type CommandAck = { ok: true } | Failure;
export type InviteMessage = { inviteCode: string; viewerInviteCode: string };
export type InviteAck = ({ ok: true } & InviteMessage) | Failure;

/** Every event name, so both ends spell them the same. */
export const EV = {
  create: "room:create",
  join: "room:join",
  sync: "room:sync",
  op: "op",
  ops: "ops",
  durable: "room:durable",
  answer: "op:answer",
  snapshot: "snapshot",
  presence: "presence",
  presenceLeave: "presence:leave",
  members: "members",
  setRole: "room:setRole",
  lock: "room:lock",
  remove: "room:remove",
  invite: "room:invite",
  removed: "removed",
  resync: "room:resync",
  restart: "server:restart",
  error: "error",
} as const;

/** Keys that would reach an object's prototype when copied naively; refused anywhere in a payload. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Finds a prototype-reaching key (`__proto__`, `constructor`, `prototype`) or nesting deeper than
 * `maxDepth` anywhere in a value, and names where. Records such as network labels accept any key, so
 * the schemas alone do not catch these.
 * @example findForbiddenKey(JSON.parse('{"op":{"labels":{"__proto__":"x"}}}')) // "op.labels.__proto__"
 */
export function findForbiddenKey(value: unknown, maxDepth = 24): string | null {
  const hit = forbiddenIn(value, maxDepth);
  if (hit === null) return null;
  const path = hit.path.reverse().join("");
  return hit.deep ? `${path || "(payload)"}: nested too deeply` : path;
}

/**
 * The walk behind `findForbiddenKey`. Every inbound payload goes through it, so it builds no path
 * unless it finds something: the path is collected on the way back out, innermost part first.
 */
function forbiddenIn(v: unknown, depthLeft: number): { path: string[]; deep: boolean } | null {
  if (typeof v !== "object" || v === null) return null;
  if (depthLeft < 0) return { path: [], deep: true };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = forbiddenIn(v[i], depthLeft - 1);
      if (hit) return outOf(hit, `[${i}]`);
    }
    return null;
  }
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    if (FORBIDDEN_KEYS.has(k)) return { path: [k], deep: false };
    const hit = forbiddenIn((v as Record<string, unknown>)[k], depthLeft - 1);
    if (hit) return outOf(hit, k);
  }
  return null;
}

/** Adds the segment a hit was found under; a key inside it gets its dot ("a.b", "a[0].b", "a[0][1]"). */
function outOf(hit: { path: string[]; deep: boolean }, segment: string): { path: string[]; deep: boolean } {
  const last = hit.path.length - 1;
  if (last >= 0 && !(hit.path[last] as string).startsWith("[")) hit.path[last] = `.${hit.path[last]}`;
  hit.path.push(segment);
  return hit;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; error: string };

/**
 * Validates one inbound payload: forbidden keys first, then the schema (unknown keys are refused).
 * @example parsePayload(LockSchema, { locked: true }) // { ok: true, value: { locked: true } }
 */
export function parsePayload<T>(schema: z.ZodType<T>, value: unknown): Parsed<T> {
  const bad = findForbiddenKey(value);
  if (bad) return { ok: false, code: "payload.forbidden-key", error: `refused key: ${bad}` };
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.map(String).join(".") : "payload";
    return { ok: false, code: "payload.invalid", error: `${where}: ${issue?.message ?? "invalid payload"}` };
  }
  return { ok: true, value: parsed.data };
}

// Class sessions: their events live in their own file, and are part of this contract.
export * from "./class";
export * from "./thumbnail";
