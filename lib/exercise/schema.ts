/**
 * The exercise file format: a starting world (shell commands, or a whole document), Markdown
 * instructions, goals that are assertions over `resolve`, and a solution applied on top of the start.
 * Files are JSON so teachers can export and import them; the built-in library is typed TypeScript of
 * the same shape.
 */
import { z } from "zod";
import { type Doc, formatPath, loadDoc } from "../model";

const text = (max: number) => z.string().min(1).max(max);
/** A container name, a machine name (`host`), or a LAN name (`lan`: another machine on that LAN). */
const ref = text(128);
const port = z.number().int().min(1).max(65535);
const command = z.string().max(2000);

const goalBase = {
  /** What the learner sees in the checklist. */
  title: text(200),
  /** Shown when the goal is not met; points the way without giving the command away. */
  hint: text(1000),
};

const ResolvesGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("resolves"),
  from: ref,
  name: text(255),
  /** The answer must contain this address. */
  address: z.string().max(45).optional(),
  /** The answer must contain the address of each of these containers (addresses change; names don't). */
  to: z.array(ref).max(16).optional(),
  /** Asserts that the name does NOT resolve. */
  not: z.boolean().optional(),
});

const ReachesGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("reaches"),
  from: ref,
  /** A name or address as `from` would type it; from a machine or a LAN, a container name means "that container, however it is exposed". */
  target: text(255),
  /** Null for ping. */
  port: port.nullable(),
  proto: z.enum(["tcp", "udp"]).optional(),
  not: z.boolean().optional(),
});

const PublishedGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("published"),
  container: ref,
  /** Omitted: any host port. */
  hostPort: port.optional(),
  containerPort: port.optional(),
  /** "0.0.0.0" for every address, "127.0.0.1" for loopback only; omitted: any. */
  hostIp: z.string().max(45).optional(),
  proto: z.enum(["tcp", "udp"]).optional(),
  /** Asserts that no binding in force matches. */
  not: z.boolean().optional(),
});

const IsolatedGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("isolated"),
  a: ref,
  b: ref,
});

const RunningGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("running"),
  container: ref,
  not: z.boolean().optional(),
});

/** Two workloads (containers or machines) run on one kernel; `not`: on different kernels. */
const SharesKernelGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("sharesKernel"),
  a: ref,
  b: ref,
  not: z.boolean().optional(),
});

/** A workload runs its own kernel: a machine (a VM, a physical host) does, a container never does. */
const OwnKernelGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("ownKernel"),
  of: ref,
  not: z.boolean().optional(),
});

/**
 * A swarm service runs every task it wants (REPLICAS x/x in `docker service ls`); `replicas` also
 * fixes how many it wants, `publishes` a port it must publish (routing mesh unless `mode` says host).
 */
const ServiceGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("service"),
  service: text(63),
  replicas: z.number().int().min(0).max(1000).optional(),
  publishes: port.optional(),
  mode: z.enum(["ingress", "host"]).optional(),
  not: z.boolean().optional(),
});

const CountFilterSchema = z.strictObject({
  running: z.boolean().optional(),
  image: z.string().max(255).optional(),
  /** Containers attached to this network; for networks, the network's name. */
  network: z.string().max(128).optional(),
  driver: z.string().max(32).optional(),
  internal: z.boolean().optional(),
  /** False leaves out `bridge`, `host` and `none`. */
  builtin: z.boolean().optional(),
});

const CountGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("count"),
  of: z.enum(["containers", "networks"]),
  where: CountFilterSchema.optional(),
  op: z.enum(["==", "!=", "<", "<=", ">", ">="]),
  n: z.number().int().min(0),
});

/**
 * A file exists (and holds `contains`) in a container, as it sees its files (its own writable layer or
 * the volume mounted there), or in a named volume; `not`: it doesn't. Image files do not count.
 */
const FileGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("file"),
  /** A container's name, or `volume:NAME` for a volume's data. */
  in: ref,
  path: text(1024),
  contains: z.string().max(1000).optional(),
  not: z.boolean().optional(),
});

/**
 * A container's main process has ended (not restarting), with `code` if given, killed for memory if
 * `oomKilled`, and having printed `logContains` if given (read from its log).
 */
const ExitedGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("exited"),
  container: ref,
  code: z.number().int().min(0).max(255).optional(),
  oomKilled: z.boolean().optional(),
  logContains: z.string().max(1000).optional(),
});

/**
 * An engine holds image `ref`: built from the catalog image `from`, with a step whose CREATED BY has
 * `step`, a step with `before[0]` below one with `before[1]`, and at most `maxLayers` layers.
 */
const ImageGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal("image"),
  ref,
  /** The machine whose engine holds it (by name); the first host with an engine when absent. */
  machine: ref.optional(),
  from: ref.optional(),
  step: text(200).optional(),
  before: z.tuple([text(200), text(200)]).optional(),
  maxLayers: z.number().int().min(1).max(512).optional(),
  pulled: z.boolean().optional(), // the engine got it from a registry: it holds a digest of the repository
  not: z.boolean().optional(),
});

const GoalSchema = z.discriminatedUnion("kind", [
  ImageGoalSchema,
  FileGoalSchema,
  ExitedGoalSchema,
  ResolvesGoalSchema,
  ReachesGoalSchema,
  PublishedGoalSchema,
  IsolatedGoalSchema,
  RunningGoalSchema,
  CountGoalSchema,
  SharesKernelGoalSchema,
  OwnKernelGoalSchema,
  ServiceGoalSchema,
]);

const LevelSchema = z.enum(["beginner", "intermediate", "advanced"]);

const ExerciseSchema = z
  .strictObject({
    /** Lower-case slug; the CLI and links use it. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "expected a lower-case slug such as publish-8080")
      .max(64),
    title: text(200),
    summary: text(500),
    /** Markdown. */
    instructions: text(20_000),
    level: LevelSchema,
    tags: z.array(text(40)).max(16).default([]),
    /** Shell lines that build the starting world from a fresh one; `! cmd` marks a line that must fail. */
    setup: z.array(command).max(200).default([]),
    /** A whole starting document instead of (or before) `setup`, as `loadDoc` accepts it. */
    start: z.unknown().optional(),
    goals: z.array(GoalSchema).min(1).max(64),
    /** Shell lines applied on top of the start that meet every goal. */
    solution: z.array(command).max(200).default([]),
    /** Or a whole solved document (an exercise authored on the canvas); the lines, when both, are not used. */
    solutionDoc: z.unknown().optional(),
  })
  .superRefine((ex, ctx) => {
    for (const key of ["start", "solutionDoc"] as const) {
      if (ex[key] === undefined) continue;
      const loaded = loadDoc(ex[key]);
      if (!loaded.ok) ctx.addIssue({ code: "custom", path: [key], message: loaded.error });
    }
    if (ex.solution.length === 0 && ex.solutionDoc === undefined) {
      ctx.addIssue({ code: "custom", path: ["solution"], message: "give the solution as shell lines or as a solved document (solutionDoc)" });
    }
  });

export type ResolvesGoal = z.infer<typeof ResolvesGoalSchema>;
export type ReachesGoal = z.infer<typeof ReachesGoalSchema>;
export type PublishedGoal = z.infer<typeof PublishedGoalSchema>;
export type IsolatedGoal = z.infer<typeof IsolatedGoalSchema>;
export type RunningGoal = z.infer<typeof RunningGoalSchema>;
export type CountGoal = z.infer<typeof CountGoalSchema>;
export type SharesKernelGoal = z.infer<typeof SharesKernelGoalSchema>;
export type OwnKernelGoal = z.infer<typeof OwnKernelGoalSchema>;
export type ServiceGoal = z.infer<typeof ServiceGoalSchema>;
export type FileGoal = z.infer<typeof FileGoalSchema>;
export type ExitedGoal = z.infer<typeof ExitedGoalSchema>;
export type ImageGoal = z.infer<typeof ImageGoalSchema>;
export type Goal = z.infer<typeof GoalSchema>;
export type Level = z.infer<typeof LevelSchema>;
/** A validated exercise; `start` and `solutionDoc`, when present, are loaded documents. */
export type Exercise = Omit<z.infer<typeof ExerciseSchema>, "start" | "solutionDoc"> & { start?: Doc; solutionDoc?: Doc };
/** What authors write (defaults may be left out). */
export type ExerciseInput = z.input<typeof ExerciseSchema>;

export type ExerciseResult = { ok: true; exercise: Exercise } | { ok: false; error: string };

/**
 * Validates a parsed JSON value as an exercise.
 * @example loadExercise(JSON.parse(text)) // { ok: true, exercise } or { ok: false, error: "goals[0].port: ..." }
 */
export function loadExercise(value: unknown): ExerciseResult {
  const parsed = ExerciseSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${formatPath(issue.path)}: ${issue.message}` : "invalid exercise" };
  }
  const { start, solutionDoc, ...rest } = parsed.data;
  const exercise: Exercise = rest;
  for (const [key, value] of [
    ["start", start],
    ["solutionDoc", solutionDoc],
  ] as const) {
    if (value === undefined) continue;
    const loaded = loadDoc(value);
    // superRefine has already vetted it; this narrows the type.
    if (!loaded.ok) return { ok: false, error: `${key}: ${loaded.error}` };
    exercise[key] = loaded.doc;
  }
  return { ok: true, exercise };
}

/**
 * Parses JSON text as an exercise; syntax errors are reported, never thrown.
 * @example parseExercise("{").ok // false
 */
export function parseExercise(textValue: string): ExerciseResult {
  let value: unknown;
  try {
    value = JSON.parse(textValue);
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  return loadExercise(value);
}

/**
 * Exercise to JSON text, the export format.
 * @example parseExercise(serializeExercise(ex)).ok // true
 */
export function serializeExercise(ex: Exercise): string {
  return `${JSON.stringify(ex, null, 2)}\n`;
}

/**
 * Validates a built-in exercise; a broken one is a programming error, so it throws.
 * @example defineExercise({ id: "x", title: "X", ... }).goals.length // 2
 */
export function defineExercise(input: ExerciseInput): Exercise {
  const r = loadExercise(input);
  if (!r.ok) throw new Error(`exercise ${input.id}: ${r.error}`);
  return r.exercise;
}
