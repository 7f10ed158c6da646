import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exerciseCommand } from "../../cli/exercise";
import { buildStart, EXERCISES, findExercise, serializeExercise } from "../../lib/exercise";
import { parseDoc, serializeDoc } from "../../lib/model";

function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const io = {
    stdin: () => "",
    out: (t: string) => {
      stdout += t;
    },
    err: (t: string) => {
      stderr += t;
    },
  };
  const code = exerciseCommand(args, io);
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "dockside-exercise-"));

describe("dockside exercise", () => {
  it("lists the built-in exercises as a table and as JSON", () => {
    const table = run(["list"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+LEVEL\s+GOALS\s+TITLE$/);
    expect(table.stdout).toMatch(/publish-8080\s+beginner\s+3\s+Publish a web server on 8080/);
    const json = run(["list", "--json"]);
    const rows = JSON.parse(json.stdout) as { id: string; goals: number }[];
    expect(rows.map((r) => r.id)).toEqual(EXERCISES.map((e) => e.id));
    expect(rows.find((r) => r.id === "private-database")?.goals).toBe(3);
  });

  it("checks the exercise's own solution: every goal met, exit 0", () => {
    const r = run(["check", "private-database"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Checking the exercise's solution");
    expect(r.stdout).toContain("✓ The LAN can't reach the database\n    not reaches(lan, db, 5432): the LAN cannot reach db on 5432/tcp");
    expect(r.stdout).toContain("3 of 3 goals met");
    expect(r.stdout).not.toContain("✗");
  });

  it("checks a saved document: ✗ with the why and the hint, exit 1", () => {
    const ex = findExercise("private-database");
    if (!ex) throw new Error("missing");
    const docPath = join(dir, "start.json");
    writeFileSync(docPath, serializeDoc(buildStart(ex).doc));
    const r = run(["check", "private-database", "--doc", docPath]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Checking ${docPath}`);
    expect(r.stdout).toContain(
      "✗ The LAN can't reach the database\n    not reaches(lan, db, 5432): db is reachable from the LAN on 5432/tcp: it publishes 5432 on 0.0.0.0\n    hint: ",
    );
    expect(r.stdout).toContain("0 of 3 goals met");

    const json = run(["check", "private-database", "--doc", docPath, "--json"]);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ exercise: "private-database", checked: docPath, met: 0, total: 3, allMet: false });
    expect(out.goals[1]).toMatchObject({ goal: "not reaches(lan, db, 5432)", met: false, hint: expect.any(String) });
  });

  it("checks an exercise file, and writes a starting document", () => {
    const ex = findExercise("fault-wrong-port");
    if (!ex) throw new Error("missing");
    const file = join(dir, "custom.json");
    writeFileSync(file, serializeExercise({ ...ex, id: "my-copy" }));
    const r = run(["check", file, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ exercise: "my-copy", allMet: true });

    const save = join(dir, "wrong-port.json");
    const s = run(["start", "fault-wrong-port", "--save", save]);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain("connection refused");
    const loaded = parseDoc(readFileSync(save, "utf8"));
    expect(loaded.ok).toBe(true);
    expect(run(["check", "fault-wrong-port", "--doc", save]).code).toBe(1);
  });

  it("reports usage and file errors with exit 2", () => {
    expect(run([]).code).toBe(2);
    expect(run(["check"])).toMatchObject({ code: 2, stderr: expect.stringContaining("an exercise is required") });
    expect(run(["check", "no-such"])).toMatchObject({ code: 2, stderr: expect.stringContaining('no built-in exercise "no-such"') });
    expect(run(["check", "publish-8080", "--doc", join(dir, "missing.json")])).toMatchObject({ code: 2, stderr: expect.stringContaining("cannot read") });
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"id":"x"}');
    expect(run(["check", bad])).toMatchObject({ code: 2, stderr: expect.stringMatching(/bad\.json: title: /) });
    expect(run(["frobnicate"])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
  });
});
