/** Checking a whole exercise: every goal against one resolution of the document. */
import type { Doc } from "../model";
import type { Hop } from "../sim";
import { resolve } from "../sim";
import { checkGoal, describeGoal } from "./goals";
import type { Exercise, Goal } from "./schema";

export interface GoalResult {
  index: number;
  title: string;
  hint: string;
  kind: Goal["kind"];
  /** The goal as a formula, e.g. `not reaches(lan, db, 5432)`. */
  formula: string;
  met: boolean;
  why: string;
  path?: Hop[];
}

interface CheckSummary {
  goals: GoalResult[];
  met: number;
  total: number;
  allMet: boolean;
}

/**
 * Checks every goal of an exercise against a document; resolves the document once.
 * @example checkGoals(ex, doc).map((g) => g.met) // [true, false, true]
 */
export function checkGoals(ex: Pick<Exercise, "goals">, doc: Doc): GoalResult[] {
  const r = resolve(doc);
  return ex.goals.map((g, index) => {
    const v = checkGoal(r, g);
    return { index, title: g.title, hint: g.hint, kind: g.kind, formula: describeGoal(g), ...v };
  });
}

/**
 * `checkGoals` with the tally the checklist and the CLI show.
 * @example summarize(checkGoals(ex, doc)).allMet // false
 */
export function summarize(goals: GoalResult[]): CheckSummary {
  const met = goals.filter((g) => g.met).length;
  return { goals, met, total: goals.length, allMet: met === goals.length };
}
