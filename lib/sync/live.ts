/**
 * The live-demo and replay part of the wire contract, beside `events.ts`:
 *
 * Client -> server (acknowledged):
 * - `room:present`  {@link PresentSchema}    -> {@link CommandAck} (owner only): start or stop presenting
 * - `spotlight`     {@link SpotlightSchema}  -> {@link CommandAck} (the presenter only): a reach query for every screen
 * - `room:history`  {@link HistoryRequestSchema} -> {@link HistoryAck} (owner only): one page of the op log
 *
 * Server -> client:
 * - `presenter`  {@link PresenterMessage}: who presents now (null: nobody); sent on join and on every change
 * - `spotlight`  {@link SpotlightMessage}: the presenter's reach query (null clears it)
 *
 * The presenter is room state the server holds and checks; the follower's viewport and selection come
 * from the presenter's ordinary presence.
 */
import { z } from "zod";
import { DocSchema } from "../model";
import { OpSchema } from "../ops";
import { CommandLineSchema, type Failure } from "./events";

const memberId = z.string().regex(/^[a-z2-7]{8,32}$/, "expected a member id");
const clientId = z.string().min(1).max(64);
const seq = z.number().int().min(0);
const recordId = z.string().min(1).max(80);

export const PresentSchema = z.strictObject({ on: z.boolean() });

const PresenterSchema = z.strictObject({ memberId, peerId: clientId, name: z.string().min(1).max(40) });
export type Presenter = z.infer<typeof PresenterSchema>;
export const PresenterMessageSchema = z.strictObject({ presenter: PresenterSchema.nullable() });
export type PresenterMessage = z.infer<typeof PresenterMessageSchema>;

/**
 * A "Can it reach?" question, as the reach panel asks it: source record (a container, a machine, or
 * another machine on a LAN), target as typed, port or ping.
 */
const ReachQuerySchema = z.strictObject({
  source: z.strictObject({ kind: z.enum(["container", "machine", "lan"]), id: recordId }),
  target: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).nullable(),
});
export type ReachQuery = z.infer<typeof ReachQuerySchema>;
export const SpotlightSchema = z.strictObject({ query: ReachQuerySchema.nullable() });
export const SpotlightMessageSchema = SpotlightSchema.extend({ by: memberId });
export type SpotlightMessage = z.infer<typeof SpotlightMessageSchema>;

/** Most ops in one history page. */
const HISTORY_PAGE_MAX = 500;
export const HistoryRequestSchema = z.strictObject({
  /** Ops with a seq after this one; omitted: from the oldest snapshot still kept (which is sent along). */
  after: seq.optional(),
  limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
});
export type HistoryRequest = z.infer<typeof HistoryRequestSchema>;

const HistoryOpSchema = z.strictObject({
  seq: seq.min(1),
  op: OpSchema,
  clientId,
  memberId,
  /** The author's display name when the op was made (older logs: the member's name now). */
  name: z.string().max(40),
  /** Milliseconds since the epoch when the server stored it; null for ops stored before times were kept. */
  at: z.number().int().nullable(),
  /** The command line typed to make it, when it came from a terminal. */
  command: CommandLineSchema.optional(),
});
export type HistoryOp = z.infer<typeof HistoryOpSchema>;

const HistoryPageSchema = z.strictObject({
  ok: z.literal(true),
  /** The newest durable seq of the room when this page was read. */
  head: seq,
  /** The document the ops start from; present when the request had no `after` or reached behind the log. */
  base: z.strictObject({ seq, doc: DocSchema }).nullable(),
  ops: z.array(HistoryOpSchema),
  /** More ops follow this page. */
  more: z.boolean(),
});
export type HistoryPage = z.infer<typeof HistoryPageSchema>;
export type HistoryAck = HistoryPage | Failure;

/** Event names of this part of the protocol. */
export const LIVE_EV = {
  present: "room:present",
  presenter: "presenter",
  spotlight: "spotlight",
  history: "room:history",
} as const;
