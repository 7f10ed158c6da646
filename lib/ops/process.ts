/**
 * The processes family: what a container's main process printed (`container.log`, kept in `doc.logs`)
 * and `docker pause`/`unpause`, with the daemon's error texts. Signals, exits and restart policies are
 * the containers family's ops; their rules are in signals.ts.
 */
import { z } from "zod";
import { type Container, type Doc, LOG_LINES_MAX, LogLineSchema } from "../model";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { id } from "./fields";
import { appendLog } from "./signals";

const PROCESS_OPS = [
  /** What the main process printed (or a server logged for a request): appended to `doc.logs`. */
  z.strictObject({ type: z.literal("container.log"), containerId: id, lines: z.array(LogLineSchema).min(1).max(LOG_LINES_MAX) }),
  z.strictObject({ type: z.literal("container.pause"), containerId: id }),
  z.strictObject({ type: z.literal("container.unpause"), containerId: id }),
] as const;

type OpOf<T extends string> = OpIn<typeof PROCESS_OPS, T>;

function found(doc: Doc, containerId: string): Container {
  const c = doc.containers[containerId];
  if (!c) fail("container.missing", `No such container: ${containerId}`);
  return c;
}

function log(doc: Doc, op: OpOf<"container.log">): void {
  found(doc, op.containerId);
  appendLog(doc, op.containerId, op.lines);
}

function pause(doc: Doc, op: OpOf<"container.pause">): void {
  const c = found(doc, op.containerId);
  if (c.state !== "running") fail("container.not-running", `Container ${c.id} is not running`);
  if (c.paused) fail("container.paused", `Container ${c.id} is already paused`);
  c.paused = true;
}

function unpause(doc: Doc, op: OpOf<"container.unpause">): void {
  const c = found(doc, op.containerId);
  if (!c.paused) fail("container.not-paused", `Container ${c.id} is not paused`);
  delete c.paused;
}

export const processesFamily = defineFamily("processes", PROCESS_OPS, {
  "container.log": log,
  "container.pause": pause,
  "container.unpause": unpause,
});
