import { describe, expect, it } from "vitest";
import { applySolution, buildSolution, buildStart, checkGoals, EXERCISES, findExercise, loadExercise, summarize } from "../../lib/exercise";

describe("built-in exercise library", () => {
  it("has at least 12 exercises with unique ids, 3 of them find-the-fault", () => {
    expect(EXERCISES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(EXERCISES.map((e) => e.id)).size).toBe(EXERCISES.length);
    expect(EXERCISES.filter((e) => e.tags.includes("fault")).length).toBeGreaterThanOrEqual(3);
    expect(findExercise("publish-8080")?.title).toBe("Publish a web server on 8080");
    expect(findExercise("nope")).toBeUndefined();
  });

  it.each(EXERCISES.map((e) => [e.id, e] as const))("%s: start fails a goal, the solution meets them all", (_id, ex) => {
    // Every exercise stays a valid exercise file after export.
    expect(loadExercise(JSON.parse(JSON.stringify(ex))).ok).toBe(true);

    const start = buildStart(ex);
    expect(start.failed, `setup line failed: ${start.failed?.line} ${start.failed?.stderr}`).toBeNull();
    const before = summarize(checkGoals(ex, start.doc));
    expect(before.allMet, "the starting document must fail at least one goal").toBe(false);

    const solved = buildSolution(ex);
    expect(solved.failed, `solution line failed: ${solved.failed?.line} ${solved.failed?.stderr}`).toBeNull();
    const after = checkGoals(ex, solved.doc);
    for (const g of after) expect(g.met, `${g.formula}: ${g.why}`).toBe(true);
  });

  it("reveals the solution on a room's document, in a separate session", () => {
    for (const ex of EXERCISES) {
      const revealed = applySolution(ex, buildStart(ex).doc);
      expect(revealed.failed, `${ex.id}: ${revealed.failed?.line}`).toBeNull();
      expect(summarize(checkGoals(ex, revealed.doc)).allMet, ex.id).toBe(true);
    }
  });

  it("builds the same starting document every time", () => {
    const ex = findExercise("private-database");
    if (!ex) throw new Error("missing");
    expect(buildStart(ex).doc).toEqual(buildStart(ex).doc);
  });
});
