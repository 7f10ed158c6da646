/**
 * `dockside exercise`: lists the built-in exercises and checks a document (or an exercise's own
 * solution) against an exercise's goals. All the checking is lib/exercise; this file reads files and
 * prints.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { buildSolution, buildStart, checkGoals, EXERCISES, type Exercise, findExercise, parseExercise, summarize } from "../lib/exercise";
import { type Doc, parseDoc, serializeDoc } from "../lib/model";

export interface ExerciseIo {
  stdin(): string;
  out(text: string): void;
  err(text: string): void;
}

const USAGE = `Usage: dockside exercise <command>

Commands:
  list [--json]                                  the built-in exercises
  check EXERCISE [--doc FILE] [--json]           check a document against EXERCISE's goals
                                                 (without --doc: the exercise's own solution)
  start EXERCISE --save FILE                     write EXERCISE's starting document to FILE

EXERCISE is a built-in id (see list) or an exercise JSON file.
Exit status of check: 0 when every goal is met, 1 when one is not, 2 on a usage or file error.
`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Positional arguments: everything that is neither a flag nor a flag's value. */
function positionals(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--doc" || a === "--save") i++;
    else if (!a.startsWith("--")) out.push(a);
  }
  return out;
}

function readText(path: string, io: ExerciseIo): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    io.err(`dockside exercise: cannot read ${path}: ${(e as Error).message}\n`);
    return null;
  }
}

function loadExercise(ref: string, io: ExerciseIo): Exercise | null {
  const builtin = findExercise(ref);
  if (builtin) return builtin;
  if (!ref.endsWith(".json")) {
    io.err(`dockside exercise: no built-in exercise "${ref}" (see \`dockside exercise list\`)\n`);
    return null;
  }
  const text = readText(ref, io);
  if (text === null) return null;
  const parsed = parseExercise(text);
  if (!parsed.ok) {
    io.err(`dockside exercise: ${ref}: ${parsed.error}\n`);
    return null;
  }
  return parsed.exercise;
}

function list(args: string[], io: ExerciseIo): number {
  if (args.includes("--json")) {
    const rows = EXERCISES.map((e) => ({ id: e.id, title: e.title, summary: e.summary, level: e.level, tags: e.tags, goals: e.goals.length }));
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...EXERCISES.map((e) => e.id.length), 2);
  io.out(`${"ID".padEnd(width)}  ${"LEVEL".padEnd(12)}  GOALS  TITLE\n`);
  for (const e of EXERCISES) io.out(`${e.id.padEnd(width)}  ${e.level.padEnd(12)}  ${String(e.goals.length).padStart(5)}  ${e.title}\n`);
  return 0;
}

function check(args: string[], io: ExerciseIo): number {
  const [ref] = positionals(args);
  if (!ref) {
    io.err(`dockside exercise check: an exercise is required\n\n${USAGE}`);
    return 2;
  }
  const ex = loadExercise(ref, io);
  if (!ex) return 2;
  const docPath = option(args, "--doc");
  let doc: Doc;
  let subject: string;
  if (docPath) {
    const text = readText(docPath, io);
    if (text === null) return 2;
    const loaded = parseDoc(text);
    if (!loaded.ok) {
      io.err(`dockside exercise: ${docPath}: ${loaded.error}\n`);
      return 2;
    }
    doc = loaded.doc;
    subject = docPath;
  } else {
    const built = buildSolution(ex);
    if (built.failed) io.err(`dockside exercise: the solution's line "${built.failed.line}" failed: ${built.failed.stderr.trim()}\n`);
    doc = built.doc;
    subject = "the exercise's solution";
  }
  const summary = summarize(checkGoals(ex, doc));
  if (args.includes("--json")) {
    const goals = summary.goals.map(({ index, title, formula, met, why, hint }) => ({ index, title, goal: formula, met, why, ...(met ? {} : { hint }) }));
    io.out(`${JSON.stringify({ exercise: ex.id, checked: subject, met: summary.met, total: summary.total, allMet: summary.allMet, goals }, null, 2)}\n`);
  } else {
    io.out(`${ex.title} (${ex.id})\nChecking ${subject}\n\n`);
    for (const g of summary.goals) {
      io.out(`${g.met ? "✓" : "✗"} ${g.title}\n    ${g.formula}: ${g.why}\n`);
      if (!g.met) io.out(`    hint: ${g.hint}\n`);
    }
    io.out(`\n${summary.met} of ${summary.total} goals met\n`);
  }
  return summary.allMet ? 0 : 1;
}

function start(args: string[], io: ExerciseIo): number {
  const [ref] = positionals(args);
  const save = option(args, "--save");
  if (!ref || !save) {
    io.err(`dockside exercise start: an exercise and --save FILE are required\n\n${USAGE}`);
    return 2;
  }
  const ex = loadExercise(ref, io);
  if (!ex) return 2;
  const built = buildStart(ex);
  writeFileSync(save, serializeDoc(built.doc));
  io.out(`${ex.title}\n\n${ex.instructions}\n`);
  return 0;
}

/**
 * Runs `dockside exercise ARGS...` and returns the exit status.
 * @example exerciseCommand(["check", "publish-8080"], io) // 0: the solution meets every goal
 */
export function exerciseCommand(args: string[], io: ExerciseIo): number {
  const [command, ...rest] = args;
  switch (command) {
    case "list":
      return list(rest, io);
    case "check":
      return check(rest, io);
    case "start":
      return start(rest, io);
    case undefined:
    case "--help":
    case "help":
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`dockside exercise: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
