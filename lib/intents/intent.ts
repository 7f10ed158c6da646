/**
 * What every intent shares. An intent is one thing a person means to do (add a host, run a container)
 * turned into ops; the canvas, the shell, compose and exercises all go through the same intent, so a
 * gesture and the command it stands for produce the same ops.
 */
import type { Doc, IdSource } from "../model";
import type { Op } from "../ops";
import type { Resolved } from "../sim";

/** The document an intent reads, where its new ids come from and the time it happens. */
export interface IntentEnv {
  readonly doc: Doc;
  readonly ids: IdSource;
  readonly now: number;
}

export type ApplyOutcome = { ok: true } | { ok: false; code: string; error: string };

/**
 * An intent whose later steps read what its earlier ops did (a pull, then the container on the pulled
 * image, then its main process): it applies each op as it goes. The shell's session is one; the canvas
 * makes one over the room's document and submits the ops it took.
 */
export interface IntentSession extends IntentEnv {
  readonly machineId: string;
  apply(op: Op): ApplyOutcome;
  resolved(): Resolved;
}

/** Why an intent makes no ops. */
interface Refusal {
  readonly error: string;
  /** The request itself is malformed (a name, a subnet), which a command reports as a usage error. */
  readonly input: boolean;
}

export type IntentResult = Op[] | Refusal;

export function isRefusal(r: IntentResult): r is Refusal {
  return !Array.isArray(r);
}

export const refuse = (error: string, input = false): Refusal => ({ error, input });

/** Where a gesture dropped the new thing on the canvas; null from the terminal. */
export type At = { x: number; y: number } | null;

/** The move that places a new record where it was dropped (none from the terminal). */
export function placeAt(id: string, at: At): Op[] {
  return at ? [{ type: "layout.move", id, position: { x: Math.round(at.x), y: Math.round(at.y) } }] : [];
}

/** Names of machines, LANs and VMs: what the hypervisors' and the lab's commands accept. */
export const MACHINE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
