/**
 * socket.io events -> `Classes`. Payloads are parsed with the schemas of `lib/sync/class` like every
 * other event (unknown keys and prototype keys refused); the teacher token and room memberships are
 * checked inside `Classes` on every call, never trusted from an earlier one.
 */
import type { Logger } from "pino";
import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import {
  BroadcastSchema,
  CLASS_EV,
  ClassCreateSchema,
  ClassJoinSchema,
  ClassRoomSchema,
  LockAllSchema,
  OpenRoomSchema,
  ResetSchema,
  TeacherSchema,
} from "../lib/sync/class";
import { EV, parsePayload } from "../lib/sync/events";
import type { Classes, Outbox } from "./classes";
import { AddressLimits, TokenBucket } from "./limits";
import { Refusal } from "./rooms";
import { REFRESH } from "./sockets";

// biome-ignore lint/suspicious/noExplicitAny: acknowledgement callbacks carry different payloads per event
type AckFn = (answer: any) => void;
type Answer = { ok: boolean; code?: string; error?: string };

const teacherRoom = (classId: string) => `class:t:${classId}`;
const studentRoom = (classId: string) => `class:s:${classId}`;

/** The hub's messages as socket.io emits; with Redis they reach sockets held by other processes too. */
export function socketOutbox(io: Server, shared: boolean): Outbox {
  return {
    toTeacher: (classId, event, payload) => io.to(teacherRoom(classId)).emit(event, payload),
    toStudents: (classId, event, payload) => io.to(studentRoom(classId)).emit(event, payload),
    toRoom: (roomId, event, payload) => io.to(roomId).emit(event, payload),
    refresh: (roomId) => {
      if (shared) io.serverSideEmit(REFRESH, roomId);
    },
  };
}

/**
 * Classes created per client address, across connections: a class holds its exercise and rooms, so a
 * teacher makes a few an hour, and a reconnecting client gets no fresh allowance.
 */
const CLASS_ADDRESS_LIMITS = {
  maxSockets: Number.POSITIVE_INFINITY,
  createBurst: 20,
  createsPerSecond: 1 / 30,
  createsPerDay: 100,
  joinBurst: 200,
  joinsPerSecond: 20,
};

export function attachClasses(io: Server, classes: Classes, log: Logger, admission = { burst: 10, perSecond: 1 }, perAddress = CLASS_ADDRESS_LIMITS): void {
  const addresses = new AddressLimits(perAddress);
  io.on("connection", (socket: Socket) => {
    // Joining guesses class codes and creating fills the disk: both slow on purpose, per connection and per address.
    const bucket = new TokenBucket(admission.burst, admission.perSecond);
    const address = socket.handshake.address;

    const refuse = (event: string, code: string, error: string, ack?: AckFn) => {
      socket.emit(EV.error, { event, code, error });
      ack?.({ ok: false, code, error });
    };

    const on = <T, A extends Answer>(event: string, schema: z.ZodType<T>, fn: (value: T) => Promise<A>, after?: (value: T, answer: A) => void) => {
      socket.on(event, async (...args: unknown[]) => {
        const last = args[args.length - 1];
        const ack = typeof last === "function" ? (last as AckFn) : undefined;
        const parsed = parsePayload(schema, args[0]);
        if (!parsed.ok || args.length > (ack ? 2 : 1)) {
          return refuse(event, parsed.ok ? "payload.invalid" : parsed.code, parsed.ok ? "one payload per event" : parsed.error, ack);
        }
        try {
          const answer = await fn(parsed.value);
          if (!answer.ok) socket.emit(EV.error, { event, code: answer.code, error: answer.error });
          else after?.(parsed.value, answer);
          ack?.(answer);
        } catch (err) {
          if (err instanceof Refusal) return refuse(event, err.code, err.message, ack);
          log.error({ err, event }, "class event failed");
          refuse(event, "server.error", "the server could not handle that", ack);
        }
      });
    };

    const limited = (event: string) => ({
      ok: false as const,
      code: "rate.limited",
      error: `too many ${event === CLASS_EV.create ? "classes created" : "join attempts"} from this connection or address; wait a little`,
    });

    on(CLASS_EV.create, ClassCreateSchema, async (v) => {
      if (!bucket.take() || !addresses.take(address, "create")) return limited(CLASS_EV.create);
      const made = await classes.create(v);
      if (made.ok) log.info({ classId: made.classId }, "class created");
      return made;
    });
    on(CLASS_EV.join, ClassJoinSchema, async (v) => (bucket.take() && addresses.take(address, "join") ? classes.join(v) : limited(CLASS_EV.join)));
    on(
      CLASS_EV.room,
      ClassRoomSchema,
      (v) => classes.roomInfo(v),
      (_v, a) => {
        if (a.ok) socket.join(studentRoom(a.classId));
      },
    );
    on(
      CLASS_EV.dashboard,
      TeacherSchema,
      (v) => classes.dashboard(v),
      (v) => socket.join(teacherRoom(v.classId)),
    );
    on(CLASS_EV.broadcast, BroadcastSchema, (v) => classes.broadcast(v));
    on(CLASS_EV.lockAll, LockAllSchema, (v) => classes.lockAll(v));
    on(CLASS_EV.reset, ResetSchema, (v) => classes.reset(v));
    on(CLASS_EV.reveal, TeacherSchema, (v) => classes.reveal(v));
    on(CLASS_EV.end, TeacherSchema, (v) => classes.end(v));
    on(CLASS_EV.open, OpenRoomSchema, (v) => classes.openRoom(v));
    on(CLASS_EV.csv, TeacherSchema, (v) => classes.csv(v));
  });
}
