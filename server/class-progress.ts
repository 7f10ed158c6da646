/**
 * Each class room's progress: the exercise's goals checked with `lib/exercise` after every committed
 * op, pushed to the teacher's dashboard at most `PUSH_GAP_MS` apart per room (the first change after a
 * quiet spell goes out at once, later ones are folded into one trailing push), and the tallies written
 * to the class store when they change. Last-activity times are written in batches by `flush`.
 */

import { checkGoals, type Exercise, summarize } from "../lib/exercise";
import type { Doc } from "../lib/model";
import type { RoomStatus, StudentInfo } from "../lib/sync/class";
import { thumbnail } from "../lib/sync/thumbnail";
import type { Rooms } from "./rooms";
import type { ClassRoomRecord, ClassStore, Progress } from "./store/classes";

/** 4 pushes a second per room at most. */
const PUSH_GAP_MS = 250;

export interface RoomTrack {
  rec: ClassRoomRecord;
  progress: Progress;
  goals: boolean[];
  seq: number;
  /** Progress changed since it was last written. */
  dirty: boolean;
  lastPush: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** Who was in the room at the last push, to notice arrivals and departures. */
  who: string;
}

export interface ProgressHost {
  exercise: Exercise;
  classId: string;
  students(roomId: string): Promise<StudentInfo[]>;
  push(status: RoomStatus): void;
}

export function newTrack(rec: ClassRoomRecord & Progress): RoomTrack {
  const { met, total, allMetAt, lastActivity, ...room } = rec;
  return { rec: room, progress: { met, total, allMetAt, lastActivity }, goals: [], seq: -1, dirty: false, lastPush: 0, timer: null, who: "" };
}

export class ProgressTracker {
  constructor(
    private readonly rooms: Rooms,
    private readonly store: ClassStore,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** An op was committed in this room: note the activity and schedule a push. */
  touched(host: ProgressHost, track: RoomTrack, now = Date.now()): void {
    track.progress.lastActivity = now;
    track.dirty = true;
    if (track.timer) return;
    const wait = track.lastPush + PUSH_GAP_MS - performance.now();
    if (wait <= 0) {
      this.push(host, track);
      return;
    }
    track.timer = setTimeout(() => {
      track.timer = null;
      this.push(host, track);
    }, wait);
    track.timer.unref?.();
  }

  /** Checks the goals now and pushes the room's status to the dashboard. */
  push(host: ProgressHost, track: RoomTrack): void {
    track.lastPush = performance.now();
    this.status(host, track)
      .then((s) => {
        if (s) host.push(s);
      })
      .catch(this.onError);
  }

  /** The room as the dashboard shows it, with its goals checked against the current document. */
  async status(host: ProgressHost, track: RoomTrack): Promise<RoomStatus | null> {
    const cur = await this.rooms.current(track.rec.roomId);
    if (!cur) return null;
    this.check(host, track, cur.doc, cur.seq);
    const students = await host.students(track.rec.roomId);
    track.who = JSON.stringify(students);
    return this.describe(host, track, cur.doc, students);
  }

  private check(host: ProgressHost, track: RoomTrack, doc: Doc, seq: number): void {
    const sum = summarize(checkGoals(host.exercise, doc));
    const p = track.progress;
    const changed = p.met !== sum.met || p.total !== sum.total || (sum.allMet && p.allMetAt === null);
    track.goals = sum.goals.map((g) => g.met);
    track.seq = seq;
    p.met = sum.met;
    p.total = sum.total;
    if (sum.allMet && p.allMetAt === null) p.allMetAt = p.lastActivity ?? Date.now();
    // The tally is what the results table is made of: write it as soon as it changes.
    if (changed) {
      track.dirty = false;
      this.store.saveProgress(track.rec.classId, track.rec.roomId, { ...p }).catch(this.onError);
    }
  }

  describe(host: ProgressHost, track: RoomTrack, doc: Doc | null, students: StudentInfo[]): RoomStatus {
    return {
      classId: host.classId,
      roomId: track.rec.roomId,
      label: track.rec.label,
      students,
      seq: track.seq,
      met: track.progress.met,
      total: track.progress.total,
      goals: track.goals,
      allMetAt: track.progress.allMetAt,
      lastActivity: track.progress.lastActivity,
      thumb: doc ? thumbnail(doc) : { w: 1, h: 1, boxes: [], links: [] },
    };
  }

  /** Writes the activity times that changed since the last write. */
  async flush(tracks: Iterable<RoomTrack>): Promise<void> {
    for (const t of tracks) {
      if (!t.dirty) continue;
      t.dirty = false;
      await this.store.saveProgress(t.rec.classId, t.rec.roomId, { ...t.progress });
    }
  }

  stop(track: RoomTrack): void {
    if (track.timer) clearTimeout(track.timer);
    track.timer = null;
  }
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  let s = String(value);
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  // Quoted whenever it holds any separator a spreadsheet may be told to use (`;` and tab too), so no
  // part of it can become a cell of its own, and so start a formula.
  return /[",;\t\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/**
 * The results table: one row per room (a student, or a group and its members).
 * @example resultsCsv([{ label: "Ada", students: ["Ada"], met: 3, total: 3, allMetAt: 0, lastActivity: 0 }])
 */
export function resultsCsv(
  rows: { label: string; students: string[]; met: number; total: number; allMetAt: number | null; lastActivity: number | null; goals?: boolean[] }[],
  /** One column per goal (met or not), headed by its number and title. */
  goalTitles: readonly string[] = [],
): string {
  const head = ["student_or_group", "students", "goals_met", "goals_total", "all_met_at", "last_activity", ...goalTitles.map((t, i) => `goal ${i + 1}: ${t}`)];
  const lines = [head.map(csvField).join(",")];
  for (const r of rows) {
    const goals = goalTitles.map((_, i) => (r.goals?.[i] === undefined ? "" : r.goals[i] ? "met" : "not met"));
    lines.push([r.label, r.students.join("; "), r.met, r.total, iso(r.allMetAt), iso(r.lastActivity), ...goals].map(csvField).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
