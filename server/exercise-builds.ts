/**
 * Exercise documents are built off the main thread: `buildStart` and `buildSolution` type up to 200
 * setup lines (each may chain many commands) into the shell, which a hostile exercise file can make
 * take seconds. One worker thread builds them one at a time; a build that runs past its time is
 * refused (the worker is replaced), and past a queue length new builds are refused at once, so neither
 * a slow exercise nor a flood of `class:create` can hold other rooms up.
 */
import { Worker } from "node:worker_threads";
import type { Doc } from "../lib/model";

export interface BuildLimits {
  /** Longest a build may run. */
  timeoutMs: number;
  /** Builds waiting at most; more are refused with "busy". */
  maxQueued: number;
}

export const DEFAULT_BUILD_LIMITS: BuildLimits = { timeoutMs: 10_000, maxQueued: 16 };

type BuildOutcome = { ok: true; doc: Doc; failed: { line: string; stderr: string } | null } | { ok: false; code: string; error: string };

interface Job {
  id: number;
  exercise: string;
  what: "start" | "solution";
  done: (out: BuildOutcome) => void;
}

type Reply = { id: number; doc?: Doc; failed?: { line: string; stderr: string } | null; error?: string };

/**
 * @example const b = new ExerciseBuilds(); const out = await b.build(serializeExercise(ex), "start"); await b.close();
 */
export class ExerciseBuilds {
  private worker: Worker | null = null;
  private queue: Job[] = [];
  private running: { job: Job; timer: ReturnType<typeof setTimeout> } | null = null;
  private nextId = 1;
  private closed = false;

  constructor(private readonly limits: BuildLimits = DEFAULT_BUILD_LIMITS) {}

  /** Builds an exercise (as `serializeExercise` wrote it): its starting document, or its solved one. */
  build(exercise: string, what: "start" | "solution"): Promise<BuildOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, code: "server.closing", error: "the server is restarting; try again in a moment" });
    if (this.queue.length >= this.limits.maxQueued) {
      return Promise.resolve({ ok: false, code: "class.busy", error: "the server is building many exercises right now; try again in a moment" });
    }
    return new Promise((done) => {
      this.queue.push({ id: this.nextId++, exercise, what, done });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift() as Job;
    const worker = this.thread();
    const timer = setTimeout(() => {
      // Past its time: the thread is stuck in this build, so it goes and the next build gets a new one.
      this.finish(job, {
        ok: false,
        code: "exercise.too-slow",
        error: `exercise setup: building it took longer than ${this.limits.timeoutMs / 1000} s; use fewer commands`,
      });
      this.worker = null;
      void worker.terminate();
      this.pump();
    }, this.limits.timeoutMs);
    this.running = { job, timer };
    worker.postMessage({ id: job.id, exercise: job.exercise, what: job.what });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL("./exercise-worker.mjs", import.meta.url));
    w.unref();
    w.on("message", (m: Reply | { ready: true }) => {
      if (!("id" in m) || this.running?.job.id !== m.id) return;
      const { job } = this.running;
      if (m.doc) this.finish(job, { ok: true, doc: m.doc, failed: m.failed ?? null });
      else this.finish(job, { ok: false, code: "class.bad-exercise", error: `exercise file: ${m.error ?? "could not be built"}` });
      this.pump();
    });
    w.on("error", (err) => {
      if (this.worker !== w) return;
      this.worker = null;
      const job = this.running?.job;
      if (job) this.finish(job, { ok: false, code: "server.error", error: `exercise could not be built: ${err.message}` });
      this.pump();
    });
    this.worker = w;
    return w;
  }

  private finish(job: Job, out: BuildOutcome): void {
    if (this.running?.job !== job) return;
    clearTimeout(this.running.timer);
    this.running = null;
    job.done(out);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.done({ ok: false, code: "server.closing", error: "the server is restarting; try again in a moment" });
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}
