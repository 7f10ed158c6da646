import { describe, expect, it } from "vitest";
import { buildSolution, buildStart, findExercise } from "../../../lib/exercise";
import { createWorld, seededIds } from "../../../lib/model";
import { apply } from "../../../lib/ops";
import { ClassCreateSchema, JoinCodeSchema, parsePayload, thumbnail } from "../../../lib/sync/events";
import { csvField, resultsCsv } from "../../../server/class-progress";

const ex = findExercise("private-database");
if (!ex) throw new Error("private-database is missing");

describe("doc.replace", () => {
  it("replaces the whole document, and refuses one that breaks the schema", () => {
    const start = buildStart(ex).doc;
    const solved = buildSolution(ex).doc;
    const r = apply(start, { type: "doc.replace", doc: solved });
    expect(r.ok && r.doc).toEqual(solved);
    const bad = apply(start, { type: "doc.replace", doc: { ...solved, clock: -1 } });
    expect(bad).toMatchObject({ ok: false, code: "op.invalid" });
    expect(!bad.ok && bad.error).toMatch(/^doc\.clock/);
  });
});

describe("thumbnail", () => {
  it("has a box per host, visible network and container, and a link per attachment", () => {
    const doc = buildSolution(ex).doc;
    const t = thumbnail(doc);
    const count = (k: string) => t.boxes.filter((b) => b.kind === k).length;
    expect(count("host")).toBe(Object.keys(doc.machines).length);
    expect(count("container")).toBe(Object.keys(doc.containers).length);
    const endpoints = Object.values(doc.containers).reduce((n, c) => n + c.endpoints.length, 0);
    expect(t.links).toHaveLength(endpoints);
    for (const [c, n] of t.links) {
      expect(t.boxes[c]?.kind).toBe("container");
      expect(t.boxes[n]?.kind).toBe("network");
    }
    expect(thumbnail(createWorld(seededIds(1), 0)).boxes.filter((b) => b.kind === "container")).toHaveLength(0);
  });
});

describe("class payloads", () => {
  it("reads codes without case and refuses look-alike letters", () => {
    expect(JoinCodeSchema.parse(" k7pq2m ")).toBe("K7PQ2M");
    expect(JoinCodeSchema.safeParse("K7PQ2O").success).toBe(false);
    expect(JoinCodeSchema.safeParse("K7PQ2").success).toBe(false);
  });
  it("wants exactly one of a built-in exercise and a file", () => {
    expect(parsePayload(ClassCreateSchema, { teacher: "T", exerciseId: "x" })).toMatchObject({ ok: true, value: { groupSize: 1 } });
    expect(parsePayload(ClassCreateSchema, { teacher: "T" })).toMatchObject({ ok: false, code: "payload.invalid" });
    expect(parsePayload(ClassCreateSchema, { teacher: "T", exerciseId: "x", exercise: {} })).toMatchObject({ ok: false });
    expect(parsePayload(ClassCreateSchema, { teacher: "T", exerciseId: "x", groupSize: 11 })).toMatchObject({ ok: false });
  });
});

describe("results CSV", () => {
  it("quotes what needs quoting and never hands a spreadsheet a formula", () => {
    expect(csvField('Ann "the" Great, Jr')).toBe('"Ann ""the"" Great, Jr"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField(-1)).toBe("-1");
    expect(csvField(null)).toBe("");
    const csv = resultsCsv([{ label: "Group 1", students: ["Ann", "Ben"], met: 2, total: 3, allMetAt: null, lastActivity: Date.UTC(2026, 0, 5, 9) }]);
    // The student list holds "; ", so it is quoted: a spreadsheet told to split on ";" keeps it one cell.
    expect(csv).toBe('student_or_group,students,goals_met,goals_total,all_met_at,last_activity\r\nGroup 1,"Ann; Ben",2,3,,2026-01-05T09:00:00.000Z\r\n');
  });

  it("has a column per goal, headed by its number and title, saying met or not met", () => {
    const perGoal = resultsCsv(
      [{ label: "Ann", students: ["Ann"], met: 1, total: 2, allMetAt: null, lastActivity: null, goals: [true, false] }],
      ["web runs", "=port, open"],
    );
    expect(perGoal.split("\r\n")[0]).toBe('student_or_group,students,goals_met,goals_total,all_met_at,last_activity,goal 1: web runs,"goal 2: =port, open"');
    expect(perGoal.split("\r\n")[1]).toBe("Ann,Ann,1,2,,,met,not met");
  });
});
