/** Authoring from a canvas: goal pickers, export as a file, import it back, review, kernel goals. */
import { describe, expect, it } from "vitest";
import {
  authorExercise,
  checkGoals,
  describeGoal,
  draftGoal,
  GOAL_KINDS,
  type Goal,
  loadExercise,
  parseExercise,
  pickOptions,
  reviewExercise,
  serializeExercise,
  slugify,
} from "../../lib/exercise";
import { Shell } from "../../lib/shell";

/** A canvas as a teacher would leave it: built through the shell. */
function canvas(lines: string[]) {
  const s = Shell.fresh({ seed: 3, clock: () => 1_700_000_000_000 });
  for (const l of lines) expect(s.run(l).exitCode, l).toBe(0);
  return s.doc;
}

const START = ["docker run -d --name db postgres", "docker run -dit --name app alpine ash"];
const SOLVED = [...START, "docker network create backend", "docker network connect backend db", "docker network connect backend app"];
const reachDb: Goal = { kind: "reaches", from: "app", target: "db", port: 5432, title: "app reaches db by name", hint: "A user-defined network gives names." };

describe("authoring an exercise from the canvas", () => {
  it("offers the canvas's containers, machines, LANs and ports to pick from", () => {
    const o = pickOptions(canvas([...START, "docker run -d --name web -p 8080:80 nginx"]));
    expect(o.containers).toEqual(["db", "app", "web"]);
    expect(o.machines).toEqual(["host"]);
    expect(o.lans).toEqual(["lan"]);
    expect(o.parties).toEqual(["db", "app", "web", "host", "lan"]);
    expect(o.ports).toEqual(expect.arrayContaining([80, 5432, 8080]));
  });

  it("drafts a goal of every kind that needs only a title and a hint to be valid", () => {
    const o = pickOptions(canvas(START));
    for (const { kind } of GOAL_KINDS) {
      const g = draftGoal(kind, o);
      expect(g.kind).toBe(kind);
      const made = authorExercise({
        title: "T",
        instructions: "Do it.",
        level: "beginner",
        goals: [{ ...g, title: "t", hint: "h" }],
        start: canvas(START),
        solution: ["true"],
      });
      expect(made.ok, `${kind}: ${made.ok ? "" : made.error}`).toBe(true);
    }
  });

  it("exports a file that imports back to the same exercise, start and solution documents included", () => {
    const start = canvas(START);
    const solved = canvas(SOLVED);
    const made = authorExercise({
      title: "Keep it private!",
      instructions: "Make **app** reach `db`. Then stop.",
      level: "intermediate",
      goals: [reachDb],
      start,
      solutionDoc: solved,
    });
    if (!made.ok) throw new Error(made.error);
    expect(made.exercise.id).toBe("keep-it-private");
    expect(made.exercise.summary).toBe("Make app reach db.");
    const text = serializeExercise(made.exercise);
    const back = parseExercise(text);
    if (!back.ok) throw new Error(back.error);
    expect(back.exercise).toEqual(made.exercise);
    expect(back.exercise.start).toEqual(start);
    expect(back.exercise.solutionDoc).toEqual(solved);
    expect(reviewExercise(back.exercise)).toEqual({ metAtStart: [false], metBySolution: [true], problems: [] });
  });

  it("says what is wrong, and where, with a draft or a file that is not an exercise", () => {
    const start = canvas(START);
    const untitled = authorExercise({ title: "T", instructions: "x", level: "beginner", goals: [{ ...reachDb, title: "" }], start, solution: ["true"] });
    expect(untitled).toMatchObject({ ok: false, error: expect.stringMatching(/^goals\[0\]\.title: /) });
    const noSolution = authorExercise({ title: "T", instructions: "x", level: "beginner", goals: [reachDb], start });
    expect(noSolution).toEqual({ ok: false, error: "solution: give the solution as shell lines or as a solved document (solutionDoc)" });
    const noGoals = authorExercise({ title: "T", instructions: "x", level: "beginner", goals: [], start, solution: ["true"] });
    expect(noGoals).toMatchObject({ ok: false, error: expect.stringMatching(/^goals: /) });
    expect(parseExercise("{nope")).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON: /) });
    const ok = authorExercise({ title: "T", instructions: "x", level: "beginner", goals: [reachDb], start, solution: ["true"] });
    if (!ok.ok) throw new Error(ok.error);
    const broken = JSON.parse(serializeExercise(ok.exercise));
    broken.solutionDoc = { schemaVersion: 2, title: 5 };
    expect(loadExercise(broken)).toMatchObject({ ok: false, error: expect.stringMatching(/^solutionDoc/) });
  });

  it("reviews an exercise that teaches nothing or whose solution falls short", () => {
    const solved = canvas(SOLVED);
    const trivial = authorExercise({ title: "T", instructions: "x", level: "beginner", goals: [reachDb], start: solved, solutionDoc: solved });
    if (!trivial.ok) throw new Error(trivial.error);
    expect(reviewExercise(trivial.exercise).problems).toEqual(["the starting document already meets every goal: there is nothing to do"]);
    const wrong = authorExercise({
      title: "T",
      instructions: "x",
      level: "beginner",
      goals: [reachDb],
      start: canvas(START),
      solution: ["docker network create backend"],
    });
    if (!wrong.ok) throw new Error(wrong.error);
    expect(reviewExercise(wrong.exercise).problems).toEqual([
      expect.stringMatching(/^the solution does not meet goal 1 \(reaches\(app, db, 5432\)\): app cannot reach db/),
    ]);
  });

  it("slugs titles for ids", () => {
    expect(slugify("Publish a web server on 8080!")).toBe("publish-a-web-server-on-8080");
    expect(slugify("  ¿¡ !!")).toBe("exercise");
    expect(slugify("x".repeat(80))).toHaveLength(64);
  });
});

describe("kernel goals", () => {
  const doc = canvas([
    "VBoxManage createvm --name vm1 --register",
    "VBoxManage startvm vm1 --type headless",
    "ssh vm1 docker run -d --name web nginx",
    "docker run -d --name db postgres",
  ]);
  const g = (x: object) => ({ title: "t", hint: "h", ...x }) as Goal;
  it.each([
    [{ kind: "sharesKernel", a: "web", b: "vm1" }, true, "web runs on vm1's kernel"],
    [{ kind: "sharesKernel", a: "db", b: "host" }, true, "db runs on host's kernel"],
    [{ kind: "sharesKernel", a: "web", b: "db" }, false, "web runs on vm1's kernel and db on host's"],
    [{ kind: "sharesKernel", a: "web", b: "db", not: true }, true, "different kernels"],
    [{ kind: "ownKernel", of: "vm1" }, true, "vm1 is a VM: it boots its own kernel on host's hypervisor"],
    [{ kind: "ownKernel", of: "host" }, true, "host is a machine running its own kernel"],
    [{ kind: "ownKernel", of: "web" }, false, "web runs on vm1's kernel"],
    [{ kind: "ownKernel", of: "lan" }, false, "lan is a LAN, which runs no kernel"],
    [{ kind: "sharesKernel", a: "ghost", b: "db" }, false, "there is no container, machine or LAN named ghost"],
  ])("%j -> %s", (goal, met, why) => {
    const [r] = checkGoals({ goals: [g(goal)] }, doc);
    expect(r?.met).toBe(met);
    expect(r?.why).toContain(why);
  });

  it("prints them as formulas", () => {
    expect(describeGoal(g({ kind: "sharesKernel", a: "web", b: "vm1", not: true }))).toBe("not sharesKernel(web, vm1)");
    expect(describeGoal(g({ kind: "ownKernel", of: "vm1" }))).toBe("ownKernel(vm1)");
  });
});
