// The thread that builds exercises: typing an exercise's setup into the shell can take seconds (every
// line is a command, each checked against the whole world), and on the main thread that would stall
// every room. The shell is TypeScript, so this thread loads it through tsx, as the server does.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { buildSolution, buildStart, parseExercise } = await import("../lib/exercise/index.ts");

parentPort.on("message", ({ id, exercise, what }) => {
  const parsed = parseExercise(exercise);
  if (!parsed.ok) return parentPort.postMessage({ id, error: parsed.error });
  const built = what === "solution" ? buildSolution(parsed.exercise) : buildStart(parsed.exercise);
  const failed = built.failed ? { line: built.failed.line, stderr: built.failed.stderr } : null;
  parentPort.postMessage({ id, doc: built.doc, failed });
});
parentPort.postMessage({ ready: true });
