/**
 * Where class sessions live, beside the rooms (same database, tables of their own). The class logic
 * talks to this interface only, so the same tests run against SQLite and PostgreSQL. The rooms a class
 * owns are ordinary rooms in the `RoomStore`; this store keeps which rooms they are, who sits in which,
 * the teacher's (hashed) token and each room's progress for the results table.
 */
import { join } from "node:path";
import { PostgresClassStore } from "./classes-postgres";
import { SqliteClassStore } from "./classes-sqlite";
import { SqliteStore } from "./sqlite";
import type { RoomStore } from "./types";

export interface ClassRecord {
  id: string;
  /** Upper case, unique among classes. */
  code: string;
  teacherHash: string;
  teacherName: string;
  title: string;
  /** The exercise as its JSON file text (built-in or uploaded), so the class outlives library changes. */
  exercise: string;
  groupSize: number;
  revealed: boolean;
  ended: boolean;
  locked: boolean;
  createdAt: number;
}

export interface ClassRoomRecord {
  classId: string;
  roomId: string;
  /** Creation order within the class, from 0; also salts the teacher's derived tokens. */
  idx: number;
  label: string;
  /** The teacher's owner membership in the room (teacher actions act as this member). */
  ownerMemberId: string;
}

export interface Progress {
  met: number;
  total: number;
  allMetAt: number | null;
  lastActivity: number | null;
}

export interface StudentRecord {
  classId: string;
  studentId: string;
  name: string;
  roomId: string;
  memberId: string;
  joinedAt: number;
}

export type ClassFlags = Partial<Pick<ClassRecord, "revealed" | "ended" | "locked">>;

export interface ClassStore {
  readonly kind: "sqlite" | "postgres";
  init(): Promise<void>;
  /** False when the join code is taken (the caller draws another). */
  createClass(c: ClassRecord): Promise<boolean>;
  getClass(id: string): Promise<ClassRecord | null>;
  classByCode(code: string): Promise<ClassRecord | null>;
  setFlags(id: string, flags: ClassFlags): Promise<void>;
  addRoom(r: ClassRoomRecord): Promise<void>;
  /** In creation order. */
  listRooms(classId: string): Promise<(ClassRoomRecord & Progress)[]>;
  classOfRoom(roomId: string): Promise<string | null>;
  saveProgress(classId: string, roomId: string, p: Progress): Promise<void>;
  /** False when someone in the class already uses this name (compared without case). */
  addStudent(s: StudentRecord): Promise<boolean>;
  /** In joining order. */
  listStudents(classId: string): Promise<StudentRecord[]>;
  addMessage(classId: string, at: number, text: string): Promise<void>;
  /** The newest `limit`, oldest first. */
  listMessages(classId: string, limit: number): Promise<{ at: number; text: string }[]>;
  close(): Promise<void>;
}

/**
 * PostgreSQL when a URL is given, else SQLite in `dataDir/dockside.db` (the rooms' file), written through
 * the rooms' store's writer (`rooms`, the SQLite room store of the same file).
 */
export async function openClassStore(opts: { dataDir: string; databaseUrl?: string | undefined; rooms: RoomStore }): Promise<ClassStore> {
  const rooms = opts.rooms;
  let store: ClassStore;
  if (opts.databaseUrl) store = new PostgresClassStore(opts.databaseUrl);
  else if (rooms instanceof SqliteStore) store = new SqliteClassStore(join(opts.dataDir, "dockside.db"), (statements) => rooms.write(statements));
  else throw new Error("classes in SQLite are written through the SQLite room store of the same file");
  await store.init();
  return store;
}
