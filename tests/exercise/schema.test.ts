import { describe, expect, it } from "vitest";
import { buildStart, checkGoals, type ExerciseInput, findExercise, parseExercise, serializeExercise } from "../../lib/exercise";
import { createWorld, seededIds } from "../../lib/model";

const minimal: ExerciseInput = {
  id: "tiny",
  title: "Tiny",
  summary: "One container",
  instructions: "Run **web**.",
  level: "beginner",
  goals: [{ kind: "running", container: "web", title: "web runs", hint: "docker run" }],
  solution: ["docker run -d --name web nginx"],
};

describe("exercise file format", () => {
  it("round-trips a built-in exercise through JSON", () => {
    const ex = findExercise("private-database");
    if (!ex) throw new Error("missing");
    const back = parseExercise(serializeExercise(ex));
    expect(back).toEqual({ ok: true, exercise: ex });
  });

  it("fills defaults and reports errors with their path", () => {
    const ok = parseExercise(JSON.stringify(minimal));
    expect(ok.ok && ok.exercise.setup).toEqual([]);
    expect(ok.ok && ok.exercise.tags).toEqual([]);
    expect(parseExercise("{")).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON: /) });
    const badPort = { ...minimal, goals: [{ kind: "reaches", from: "a", target: "b", port: 70000, title: "x", hint: "y" }] };
    expect(parseExercise(JSON.stringify(badPort))).toMatchObject({ ok: false, error: expect.stringMatching(/^goals\[0\]\.port: /) });
    expect(parseExercise(JSON.stringify({ ...minimal, id: "Not A Slug" }))).toMatchObject({ ok: false, error: expect.stringMatching(/^id: /) });
    expect(parseExercise(JSON.stringify({ ...minimal, goals: [] }))).toMatchObject({ ok: false, error: expect.stringMatching(/^goals: /) });
    expect(parseExercise(JSON.stringify({ ...minimal, extra: 1 }))).toMatchObject({ ok: false });
  });

  it("accepts a whole starting document and rejects a broken one", () => {
    const start = createWorld(seededIds(5), 0);
    start.title = "From a document";
    const parsed = parseExercise(JSON.stringify({ ...minimal, start, setup: ["docker network create extra"] }));
    if (!parsed.ok) throw new Error(parsed.error);
    const built = buildStart(parsed.exercise);
    expect(built.doc.title).toBe("From a document");
    expect(Object.values(built.doc.networks).map((n) => n.name)).toContain("extra");
    expect(checkGoals(parsed.exercise, built.doc)[0]).toMatchObject({ met: false, why: "there is no container named web" });
    const broken = parseExercise(JSON.stringify({ ...minimal, start: { ...start, schemaVersion: 99 } }));
    expect(broken).toMatchObject({ ok: false, error: expect.stringMatching(/^start: schemaVersion: 99/) });
  });

  it("marks a setup line that should have failed, or failed unexpectedly", () => {
    const parsed = parseExercise(JSON.stringify({ ...minimal, setup: ["! docker network create fine", "docker network rm nosuch"] }));
    if (!parsed.ok) throw new Error(parsed.error);
    const built = buildStart(parsed.exercise);
    expect(built.steps.map((s) => s.asExpected)).toEqual([false, false]);
    expect(built.failed?.line).toBe("! docker network create fine");
  });
});
