/**
 * Authoring an exercise from a canvas: what the goal pickers offer (the document's containers,
 * machines, LANs and ports), a fresh goal of each kind, and turning a draft into a validated exercise
 * file with a review of whether it teaches anything (the start fails a goal, the solution meets all).
 */
import { byOrder, type Doc } from "../model";
import { resolve } from "../sim";
import { buildSolution, buildStart } from "./build";
import { checkGoals } from "./check";
import { type Exercise, type ExerciseResult, type Goal, type Level, loadExercise } from "./schema";

export type GoalKind = Goal["kind"];

/** Every goal kind, with the words the authoring form shows. */
export const GOAL_KINDS: readonly { kind: GoalKind; label: string }[] = [
  { kind: "reaches", label: "reaches (from → target : port)" },
  { kind: "resolves", label: "resolves (from → name)" },
  { kind: "published", label: "published (container : port on the host)" },
  { kind: "isolated", label: "isolated (a ↮ b)" },
  { kind: "running", label: "running (container)" },
  { kind: "count", label: "count (containers or networks)" },
  { kind: "sharesKernel", label: "sharesKernel (a, b)" },
  { kind: "ownKernel", label: "ownKernel (a VM or machine)" },
  { kind: "service", label: "service (a swarm service runs all its tasks)" },
  { kind: "file", label: "file (in a container or volume:NAME)" },
  { kind: "exited", label: "exited (container, code, from its logs)" },
  { kind: "image", label: "image (built on an engine, from a base, its steps and layers)" },
];

export interface PickOptions {
  containers: string[];
  machines: string[];
  lans: string[];
  /** Every party a goal can start from: containers, then machines, then LANs. */
  parties: string[];
  /** Ports something listens on or publishes, ascending. */
  ports: number[];
  /** Swarm services, by name. */
  services: string[];
}

/**
 * What the goal pickers offer for a document.
 * @example pickOptions(doc).containers // ["web", "db"]
 */
export function pickOptions(doc: Doc): PickOptions {
  const r = resolve(doc);
  const containers = [...new Set(r.order.map((v) => v.c.name))];
  const machines = byOrder(doc.machines).map((m) => m.name);
  const lans = byOrder(doc.lans).map((l) => l.name);
  const ports = new Set<number>();
  for (const v of r.order) for (const l of v.listeners) ports.add(l.port);
  for (const list of r.published.values()) for (const p of list) ports.add(p.hostPort);
  for (const m of Object.values(doc.machines)) for (const s of m.services ?? []) ports.add(s.port);
  const services = byOrder(doc.services ?? {}).map((s) => s.name);
  for (const s of Object.values(doc.services ?? {})) for (const p of s.ports) ports.add(p.published);
  return { containers, machines, lans, parties: [...containers, ...machines, ...lans], ports: [...ports].sort((a, b) => a - b), services };
}

/**
 * A goal of `kind` filled with the first choices a document offers, for the author to adjust.
 * @example draftGoal("reaches", pickOptions(doc)) // { kind: "reaches", from: "web", target: "db", port: 80, ... }
 */
export function draftGoal(kind: GoalKind, o: PickOptions): Goal {
  const first = o.containers[0] ?? o.machines[0] ?? "host";
  const second = o.containers[1] ?? o.machines[0] ?? first;
  const port = o.ports[0] ?? 80;
  const base = { title: "", hint: "" };
  switch (kind) {
    case "reaches":
      return { ...base, kind, from: first, target: second, port };
    case "resolves":
      return { ...base, kind, from: first, name: second };
    case "published":
      return { ...base, kind, container: first, hostPort: port };
    case "isolated":
      return { ...base, kind, a: first, b: second };
    case "running":
      return { ...base, kind, container: first };
    case "count":
      return { ...base, kind, of: "containers", op: ">=", n: 1 };
    case "sharesKernel":
      return { ...base, kind, a: first, b: o.machines[0] ?? second };
    case "ownKernel":
      return { ...base, kind, of: o.machines.at(-1) ?? first };
    case "service":
      return { ...base, kind, service: o.services[0] ?? "web" };
    case "file":
      return { ...base, kind, in: first, path: "/data/file" };
    case "exited":
      return { ...base, kind, container: first, code: 0 };
    case "image":
      return { ...base, kind, ref: "myapp" };
  }
}

interface Draft {
  id?: string;
  title: string;
  summary?: string;
  instructions: string;
  level: Level;
  tags?: string[];
  goals: Goal[];
  /** The canvas when "New exercise" was pressed. */
  start: Doc;
  /** The canvas the author marked as the answer. */
  solutionDoc?: Doc;
  /** Or the answer as shell lines. */
  solution?: string[];
}

/**
 * A lower-case slug for an exercise id.
 * @example slugify("Publish a web server on 8080!") // "publish-a-web-server-on-8080"
 */
export function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return slug || "exercise";
}

/** The first sentence of the instructions (without Markdown marks), for a summary nobody wrote. */
function firstSentence(md: string): string {
  const plain = md
    .replace(/[`*_#>[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const end = plain.search(/[.!?](\s|$)/);
  return (end > 0 ? plain.slice(0, end + 1) : plain).slice(0, 500);
}

/**
 * Turns a draft into a validated exercise, with the error (and where) when it is not one.
 * @example authorExercise({ title: "T", instructions: "Do it.", level: "beginner", goals, start: doc, solutionDoc }).ok // true
 */
export function authorExercise(d: Draft): ExerciseResult {
  const value = {
    id: d.id?.trim() || slugify(d.title),
    title: d.title.trim(),
    summary: d.summary?.trim() || firstSentence(d.instructions),
    instructions: d.instructions,
    level: d.level,
    tags: d.tags ?? [],
    start: d.start,
    goals: d.goals,
    solution: d.solution ?? [],
    ...(d.solutionDoc ? { solutionDoc: d.solutionDoc } : {}),
  };
  return loadExercise(value);
}

interface Review {
  /** Goals the starting document already meets, by index. */
  metAtStart: boolean[];
  /** Goals the solution meets, by index; null without a solution to check. */
  metBySolution: boolean[] | null;
  /** What keeps the exercise from teaching: empty when it is ready to hand out. */
  problems: string[];
}

/**
 * Checks that an exercise is worth doing: its start fails at least one goal and its solution meets them all.
 * @example reviewExercise(ex).problems // [] when ready
 */
export function reviewExercise(ex: Exercise): Review {
  const problems: string[] = [];
  const start = buildStart(ex);
  if (start.failed) problems.push(`setup line "${start.failed.line}" failed: ${start.failed.stderr.trim()}`);
  const metAtStart = checkGoals(ex, start.doc).map((g) => g.met);
  if (metAtStart.every(Boolean)) problems.push("the starting document already meets every goal: there is nothing to do");
  const solved = buildSolution(ex);
  if (solved.failed) problems.push(`solution line "${solved.failed.line}" failed: ${solved.failed.stderr.trim()}`);
  const results = checkGoals(ex, solved.doc);
  for (const g of results) if (!g.met) problems.push(`the solution does not meet goal ${g.index + 1} (${g.formula}): ${g.why}`);
  return { metAtStart, metBySolution: results.map((g) => g.met), problems };
}
