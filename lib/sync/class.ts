/**
 * The class-session part of the wire contract (re-exported by `events.ts`): a teacher starts a class
 * from an exercise, students join with a short code and a display name, and the teacher watches every
 * room on a dashboard. Every teacher action carries the class id and the teacher token; the server
 * checks the token (stored hashed) on each one.
 *
 * Client -> server (acknowledged):
 * - `class:create`    {@link ClassCreateSchema}   -> {@link ClassCreateAck}
 * - `class:join`      {@link ClassJoinSchema}     -> {@link ClassJoinAck} (a student: their room and member token)
 * - `class:room`      {@link ClassRoomSchema}     -> {@link ClassRoomAck} (a member of one class room: exercise, state, messages)
 * - `class:dashboard` {@link TeacherSchema}       -> {@link DashboardAck}, then `class:status` and `class:state` pushes
 * - `class:broadcast` {@link BroadcastSchema}, `class:lockAll` {@link LockAllSchema}, `class:reset` {@link ResetSchema},
 *   `class:reveal` / `class:end` {@link TeacherSchema}  -> {@link ClassCommandAck}
 * - `class:open`      {@link OpenRoomSchema}      -> {@link OpenRoomAck} (the teacher's token for one room, as viewer or editor)
 * - `class:csv`       {@link TeacherSchema}       -> {@link CsvAck}
 *
 * Server -> client:
 * - `class:status`  {@link RoomStatus}: one room's goals, people, activity and thumbnail (teacher, ≤ 4 per second per room)
 * - `class:state`   {@link ClassStateMessage}: ended / revealed / locked, with the solution once revealed (teacher and students)
 * - `class:message` {@link ClassMessage}: the teacher's broadcast (students)
 *
 * This file imports nothing from `events.ts` (which re-exports it), so neither can see the other half-built.
 */
import { z } from "zod";
import type { Goal } from "../exercise";
import type { Doc } from "../model";
import type { Thumb } from "./thumbnail";

/** Class ids are room-like: 26 base32 characters, 128 bits. */
const ClassIdSchema = z.string().regex(/^[a-z2-7]{26}$/, "expected a class id of 26 base32 characters");
/** Join codes are short and read aloud: 6 letters and digits, without 0/O and 1/I/L. */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JoinCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-HJKMNP-Z2-9]{6}$/, "expected a class code of 6 letters and digits");
const token = z.string().regex(/^[a-z2-7]{26,64}$/, "expected a token");
const roomId = z.string().regex(/^[a-z2-7]{26}$/, "expected a room id");
const displayName = z.string().trim().min(1).max(40);

export const ClassCreateSchema = z
  .strictObject({
    teacher: displayName,
    /** A built-in exercise id... */
    exerciseId: z.string().max(64).optional(),
    /** ...or an exercise file's parsed JSON (checked with `loadExercise` on the server). */
    exercise: z.unknown().optional(),
    /** Students per room: 1 gives everyone their own room. */
    groupSize: z.number().int().min(1).max(10).default(1),
    title: z.string().trim().max(200).optional(),
  })
  .refine((v) => (v.exerciseId === undefined) !== (v.exercise === undefined), "give either exerciseId or exercise");

export const ClassJoinSchema = z.strictObject({ code: JoinCodeSchema, name: displayName });

/** A member proves their place in one room with the member token the room gave them. */
export const ClassRoomSchema = z.strictObject({ roomId, token });

export const TeacherSchema = z.strictObject({ classId: ClassIdSchema, teacherToken: token });
export const BroadcastSchema = TeacherSchema.extend({ text: z.string().trim().min(1).max(500) });
export const LockAllSchema = TeacherSchema.extend({ locked: z.boolean() });
export const ResetSchema = TeacherSchema.extend({ roomId });
export const OpenRoomSchema = TeacherSchema.extend({ roomId, as: z.enum(["viewer", "editor"]) });

export interface StudentInfo {
  name: string;
  online: boolean;
}

export interface RoomStatus {
  classId: string;
  roomId: string;
  /** "Ada" for a room of one, "Group 3" for a group. */
  label: string;
  students: StudentInfo[];
  seq: number;
  met: number;
  total: number;
  /** One entry per goal, in the exercise's order. */
  goals: boolean[];
  /** When every goal first held (ms since the epoch), or null. */
  allMetAt: number | null;
  lastActivity: number | null;
  thumb: Thumb;
}

interface Solution {
  commands: string[];
  doc: Doc;
}

export interface ClassStateMessage {
  classId: string;
  ended: boolean;
  revealed: boolean;
  locked: boolean;
  /** Present once the teacher revealed it. */
  solution?: Solution;
}

export interface ClassMessage {
  classId: string;
  text: string;
  at: number;
}

export interface ExerciseInfo {
  id: string;
  title: string;
  summary: string;
  instructions: string;
  /** The goals themselves, so a room's checklist ticks as its document changes (the solution stays on the server). */
  goals: Goal[];
}

export interface DashboardState extends ClassStateMessage {
  code: string;
  title: string;
  groupSize: number;
  exercise: ExerciseInfo;
  rooms: RoomStatus[];
  messages: ClassMessage[];
}

type Failure = { ok: false; code: string; error: string };
export type ClassCreateAck = { ok: true; classId: string; code: string; teacherToken: string } | Failure;
export type ClassJoinAck = { ok: true; classId: string; roomId: string; token: string; label: string } | Failure;
export type ClassRoomAck = { ok: true; classId: string; exercise: ExerciseInfo; state: ClassStateMessage; messages: ClassMessage[] } | Failure;
export type DashboardAck = { ok: true; state: DashboardState } | Failure;
export type ClassCommandAck = { ok: true } | Failure;
export type OpenRoomAck = { ok: true; roomId: string; token: string } | Failure;
export type CsvAck = { ok: true; csv: string; filename: string } | Failure;

export const CLASS_EV = {
  create: "class:create",
  join: "class:join",
  room: "class:room",
  dashboard: "class:dashboard",
  broadcast: "class:broadcast",
  lockAll: "class:lockAll",
  reset: "class:reset",
  reveal: "class:reveal",
  end: "class:end",
  open: "class:open",
  csv: "class:csv",
  status: "class:status",
  state: "class:state",
  message: "class:message",
} as const;
