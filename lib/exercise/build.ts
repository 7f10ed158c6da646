/**
 * Builds an exercise's documents by typing its commands into the headless shell, so the starting
 * world is exactly what a learner who typed them would have.
 */
import type { Doc } from "../model";
import { Shell } from "../shell";
import type { Exercise } from "./schema";

/** One line as it ran, and whether it ended the way the exercise says it should. */
interface StepResult {
  line: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** False when a plain line failed, or a `! ` line succeeded. */
  asExpected: boolean;
}

interface Built {
  doc: Doc;
  steps: StepResult[];
  /** The first line that did not end as expected, if any. */
  failed: StepResult | null;
}

/** Fixed epoch and step: the same exercise always builds the same document (ids, times, ports). */
const EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);
const TICK = 1_000;

function steadyClock(): () => number {
  let t = EPOCH;
  return () => {
    t += TICK;
    return t;
  };
}

/**
 * Runs shell lines in order on one session. A line written `! docker run ...` is expected to fail
 * (as in POSIX sh, `!` inverts the status), which lets a broken starting world be built on purpose.
 * @example runLines(Shell.fresh({ seed: 1 }), ["docker network create app"]).failed // null
 */
export function runLines(shell: Shell, lines: readonly string[]): StepResult[] {
  const steps: StepResult[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const negated = line.startsWith("! ");
    const { stdout, stderr, exitCode } = shell.run(negated ? line.slice(2) : line);
    steps.push({ line, stdout, stderr, exitCode, asExpected: negated ? exitCode !== 0 : exitCode === 0 });
  }
  return steps;
}

function freshShell(ex: Exercise, seed: number): Shell {
  return Shell.fresh({ seed, clock: steadyClock(), ...(ex.start ? { doc: structuredClone(ex.start) } : {}) });
}

function built(shell: Shell, steps: StepResult[]): Built {
  return { doc: shell.doc, steps, failed: steps.find((s) => !s.asExpected) ?? null };
}

/**
 * The document a learner starts from: `start` (or a fresh world) with `setup` typed into it.
 * @example buildStart(exercise).doc.containers // the containers setup created
 */
export function buildStart(ex: Exercise, seed = 1): Built {
  const shell = freshShell(ex, seed);
  return built(shell, runLines(shell, ex.setup));
}

/**
 * The exercise's own answer: setup, then the solution, in one session (as a learner would type it).
 * @example checkGoals(ex, buildSolution(ex).doc).every((g) => g.met) // true
 */
export function buildSolution(ex: Exercise, seed = 1): Built {
  if (ex.solutionDoc) return { doc: structuredClone(ex.solutionDoc), steps: [], failed: null };
  const shell = freshShell(ex, seed);
  const setup = runLines(shell, ex.setup);
  return built(shell, [...setup, ...runLines(shell, ex.solution)]);
}

/**
 * Types the solution into a learner's document: "reveal the solution" on a room.
 * @example applySolution(ex, roomDoc).doc
 */
export function applySolution(ex: Exercise, doc: Doc, seed = 2): Built {
  // A solved document replaces the room's: the canvas it was authored on is the answer.
  if (ex.solutionDoc) return { doc: structuredClone(ex.solutionDoc), steps: [], failed: null };
  const shell = Shell.fresh({ seed, doc: structuredClone(doc) });
  return built(shell, runLines(shell, ex.solution));
}
