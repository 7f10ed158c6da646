/**
 * One connection as the socket layer sees it: its session (which room, as which member, from which
 * tab) and how its events are registered. `on` hands a handler only a payload that passed its schema
 * (unknown and prototype keys refused); anything else is answered with an error.
 */
import type { Logger } from "pino";
import type { Socket } from "socket.io";
import type { z } from "zod";
import { EV, type Parsed, parsePayload } from "../lib/sync/events";
import type { Counter } from "./metrics";
import { Refusal } from "./rooms";

export interface Session {
  roomId: string;
  memberId: string;
  peerId: string;
}

// biome-ignore lint/suspicious/noExplicitAny: acknowledgement callbacks carry different payloads per event
export type AckFn = (answer: any) => void;
/**
 * A payload's check: a schema, or a schema with a fast check in front that accepts only what the
 * schema would (`OP_MESSAGE_CHECK`); whatever the fast one does not accept goes through the schema.
 */
type Check<T> = z.ZodType<T> | { fast: (value: unknown) => value is T; schema: z.ZodType<T> };
type On = <T>(event: string, check: Check<T>, fn: (value: T, ack?: AckFn) => Promise<void> | void) => void;
type Refuse = (event: string, code: string, error: string, ack?: AckFn) => void;

/** Counters the payload check updates. */
interface ConnCounters {
  badPayloads: Counter;
  opsRejected: Counter;
}

/**
 * @example const conn = new Conn(socket, log, counters, maxOpBytes); conn.on(EV.lock, LockSchema, (v, ack) => ...);
 */
export class Conn {
  /** The room this connection is in, or null before a join and after leaving. */
  session: Session | null = null;

  constructor(
    readonly socket: Socket,
    private readonly log: Logger,
    private readonly counters: ConnCounters,
    private readonly maxOpBytes: number,
  ) {}

  /** Answers a refused event: an `error` event, and the ack in the shape the event's ack has. */
  refuse: Refuse = (event, code, error, ack) => {
    this.socket.emit(EV.error, { event, code, error });
    if (ack) ack(event === EV.op ? { rejected: true, code, reason: error } : { ok: false, code, error });
  };

  /** Registers a handler that only ever sees a valid payload; anything else gets an error back. */
  on: On = (event, check, fn) => {
    this.socket.on(event, async (...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack = typeof last === "function" ? (last as AckFn) : undefined;
      const fast = "fast" in check && check.fast(args[0]);
      if (!fast && event === EV.op && this.tooLarge(args[0], ack)) return;
      const checked: Parsed<Parameters<typeof fn>[0]> = fast
        ? { ok: true, value: args[0] as Parameters<typeof fn>[0] }
        : parsePayload("fast" in check ? check.schema : check, args[0]);
      if (!checked.ok || args.length > (ack ? 2 : 1)) {
        this.counters.badPayloads.inc();
        const error = checked.ok ? "one payload per event" : checked.error;
        this.log.debug({ event, error, socket: this.socket.id }, "refused payload");
        return this.refuse(event, checked.ok ? "payload.invalid" : checked.code, error, ack);
      }
      try {
        await fn(checked.value, ack);
      } catch (err) {
        if (err instanceof Refusal) return this.refuse(event, err.code, err.message, ack);
        this.log.error({ err, event }, "event failed");
        this.refuse(event, "server.error", "the server could not handle that", ack);
      }
    });
  };

  /**
   * An op larger than any op may be is refused before the schema walks it (that walk is the costly
   * part of a huge packet); measuring it is one quick serialisation.
   */
  private tooLarge(payload: unknown, ack?: AckFn): boolean {
    if (payload === null || typeof payload !== "object") return false;
    const bytes = JSON.stringify(payload).length;
    if (bytes <= this.maxOpBytes + 4096) return false;
    this.counters.opsRejected.inc();
    const { key, op } = payload as { key?: unknown; op?: { type?: unknown } };
    const type = typeof op?.type === "string" ? op.type.slice(0, 64) : "op";
    ack?.({
      rejected: true,
      ...(typeof key === "string" && key.length <= 100 ? { key } : {}),
      code: "op.too-large",
      reason: `${type}: this edit carries ${Math.ceil(bytes / 1024)} KiB; one edit may carry at most ${Math.round(this.maxOpBytes / 1024)} KiB`,
    });
    return true;
  }
}
