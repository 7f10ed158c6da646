/**
 * Undo and redo of this person's own canvas changes. Each step keeps the ops it sent and, for each, the
 * `doc.restore` that takes it back, computed against the document the op applied to: first the local
 * one, then, once the server commits the op, the server's (which also saw everyone else's ops).
 * Remote ops never enter the history. Terminal commands stay out too: a real shell can't take a
 * command back, and the lesson is the shell's. With a `HistoryKeeper` the stacks outlive a reload.
 */
import type { Doc } from "@/lib/model";
import { type ApplyResult, apply, type Op, restoreOp } from "@/lib/ops";
import type { Commit, SyncChange } from "@/lib/sync/client";

export interface HistoryStore {
  readonly doc: Doc | null;
  submit(op: Op): ApplyResult;
  subscribe(listener: (change: SyncChange) => void): () => void;
  /** Own ops as the server committed them (lib/sync's `SyncClient` has it; a local store needn't). */
  onCommit?(listener: (c: Commit) => void): () => void;
}

interface Step {
  op: Op;
  /** Null when the op changed nothing. */
  inverse: Op | null;
}

interface Entry {
  label: string;
  steps: Step[];
}

/** Where the stacks are kept between page loads (this tab's session storage, for one room). */
export interface HistoryKeeper {
  load(): string | null;
  save(text: string): void;
}

/** Kept stacks bigger than this lose their oldest steps (a loaded document's undo can be large). */
const KEEP_LIMIT = 1_000_000;

/** Stacks as they were saved, or null when the text is not what `save` wrote. */
function readStacks(text: string | null): { undo: Entry[]; redo: Entry[] } | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { undo?: unknown; redo?: unknown };
    const entries = (x: unknown): Entry[] | null =>
      Array.isArray(x) &&
      x.every(
        (e) =>
          typeof e?.label === "string" &&
          Array.isArray(e.steps) &&
          e.steps.every((s: Step) => typeof s?.op?.type === "string" && (s.inverse === null || typeof s.inverse?.type === "string")),
      )
        ? (x as Entry[])
        : null;
    const undo = entries(v.undo);
    const redo = entries(v.redo);
    return undo && redo ? { undo, redo } : null;
  } catch {
    return null;
  }
}

/**
 * A keeper in this tab's session storage: a reload keeps the stacks, another tab or person has its own.
 * @example new UndoHistory(client, notify, 200, sessionKeeper(roomId))
 */
export function sessionKeeper(roomId: string): HistoryKeeper {
  const key = `dockside.undo.${roomId}`;
  return {
    load: () => {
      try {
        return globalThis.sessionStorage?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    save: (text) => {
      try {
        globalThis.sessionStorage?.setItem(key, text);
      } catch {
        // Full or private: undo still works until the page goes.
      }
    },
  };
}

type Outcome = { ok: true; label: string } | { ok: false; error: string };

/** A few words for a tooltip: "Undo add container web". */
export function describeOps(ops: readonly Op[], doc: Doc | null): string {
  // A run that pulls its image first is named for the container it adds.
  const op = ops[0]?.type === "image.pull" ? (ops.find((o) => o.type === "container.create") ?? ops[0]) : ops[0];
  if (!op) return "nothing";
  const name = (id: string) => doc?.containers[id]?.name ?? doc?.networks[id]?.name ?? doc?.machines[id]?.name ?? "";
  switch (op.type) {
    case "container.create":
      return `add container ${op.name}`;
    case "network.create":
      return `add network ${op.name}`;
    case "image.pull":
      return `pull ${op.ref}`;
    case "layout.move":
    case "layout.moveMany":
      return ops.length > 1 || op.type === "layout.moveMany" ? "move" : `move ${name(op.id)}`.trim();
    case "network.connect":
      return `connect ${name(op.containerId)} to ${name(op.networkId)}`;
    case "network.disconnect":
      return `disconnect ${name(op.containerId)} from ${name(op.networkId)}`;
    case "container.remove":
    case "network.remove":
      return `delete ${ops.length > 1 ? `${ops.length} items` : name(op.type === "container.remove" ? op.containerId : op.networkId)}`;
    case "doc.replace":
      return "load document";
    case "doc.setTitle":
      return "title change";
    case "container.rename":
      return `rename ${name(op.containerId)} to ${op.name}`;
    case "container.start":
      return `start ${name(op.containerId)}`.trim();
    case "container.stop":
      return `stop ${name(op.containerId)}`.trim();
    case "container.kill":
      return `kill ${name(op.containerId)}`.trim();
    case "container.setPorts":
      return `publish ports of ${name(op.containerId)}`.trim();
    default: {
      // Any other op: its family and action in words, and the record it names.
      const o = op as Record<string, unknown>;
      const id = [o.containerId, o.networkId, o.machineId, o.id].find((x): x is string => typeof x === "string");
      const what = typeof o.name === "string" ? o.name : id ? name(id) : "";
      const words = op.type
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .toLowerCase()
        .split(".");
      return `${words.slice(1).join(" ")} ${words[0]} ${what}`.trim();
    }
  }
}

export class UndoHistory {
  private undoStack: Entry[] = [];
  private redoStack: Entry[] = [];
  private byOp = new Map<Op, Step>();
  private listeners = new Set<() => void>();
  private version = 0;
  private lastError = "";
  /** Undo ops on their way to the server: if it refuses one, its step is not redoable. */
  private undoing = new Map<Op, Entry>();

  constructor(
    private readonly store: HistoryStore,
    /** Hears why an undo the server refused did not happen (the room moved on meanwhile). */
    private readonly notify: (message: string) => void = () => {},
    private readonly limit = 200,
    private readonly keeper: HistoryKeeper | null = null,
  ) {
    const kept = readStacks(keeper?.load() ?? null);
    if (kept) {
      this.undoStack = kept.undo.slice(-limit);
      this.redoStack = kept.redo.slice(-limit);
    }
  }

  /** Starts listening to commits and refusals; returns the function that stops it. */
  start(): () => void {
    const offChange = this.store.subscribe((c) => {
      if (c.type !== "rejected") return;
      const entry = this.undoing.get(c.op);
      if (entry) {
        this.undoing.delete(c.op);
        const i = this.redoStack.indexOf(entry);
        if (i >= 0) this.redoStack.splice(i, 1);
        this.changed();
        this.notify(`Can’t undo ${entry.label}: ${c.reason}`);
      } else this.forgetOp(c.op);
    });
    const offCommit = this.store.onCommit?.((c) => {
      this.undoing.delete(c.op);
      const step = this.byOp.get(c.op);
      if (!step) return;
      this.byOp.delete(c.op);
      step.inverse = restoreOp(c.after, c.before);
    });
    return () => {
      offChange();
      offCommit?.();
    };
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
  /** What Undo and Redo would do, for their tooltips. */
  get nextUndo(): string | null {
    return this.undoStack[this.undoStack.length - 1]?.label ?? null;
  }
  get nextRedo(): string | null {
    return this.redoStack[this.redoStack.length - 1]?.label ?? null;
  }

  /** For `useSyncExternalStore`: a number that changes whenever the stacks do. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getVersion = (): number => this.version;

  /**
   * Submits `ops` as one undoable step, stopping at the first the room refuses (its message is
   * returned); the ones already accepted stay, and stay undoable.
   */
  submit(ops: readonly Op[], label = describeOps(ops, this.store.doc)): string | null {
    const sent = this.send(ops);
    const steps = sent.filter((s): s is Step => s !== null);
    if (steps.length > 0) {
      this.push(this.undoStack, { label, steps });
      this.redoStack = [];
      this.changed();
    }
    return sent.includes(null) ? this.lastError : null;
  }

  /** Takes back the last step, all of it or, when someone changed what it touched, none of it. */
  undo(): Outcome | null {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    const doc = this.store.doc;
    let target = doc;
    for (const step of [...entry.steps].reverse()) {
      if (!step.inverse || !target) continue;
      const r = apply(target, step.inverse);
      if (!r.ok) return this.skipped(entry, `Can’t undo ${entry.label}: ${r.error}`);
      target = r.doc;
    }
    const back = doc && target ? restoreOp(doc, target) : null;
    if (back) {
      const r = this.store.submit(back);
      if (!r.ok) return this.skipped(entry, `Can’t undo ${entry.label}: ${r.error}`);
      this.undoing.set(back, entry);
    }
    for (const s of entry.steps) this.byOp.delete(s.op);
    this.push(this.redoStack, entry);
    this.changed();
    return { ok: true, label: entry.label };
  }

  /** Does the last undone step again, with the same ops, checked against the document as it is now. */
  redo(): Outcome | null {
    const entry = this.redoStack.pop();
    if (!entry) return null;
    // Fresh objects, so a late commit of the first sending cannot be mistaken for this one.
    const ops = entry.steps.map((s) => structuredClone(s.op));
    let doc = this.store.doc;
    for (const op of ops) {
      const r = doc ? apply(doc, op) : null;
      if (!r?.ok) return this.skipped(entry, `Can’t redo ${entry.label}: ${r?.error ?? "not joined yet"}`);
      doc = r.doc;
    }
    const steps = this.send(ops).filter((s): s is Step => s !== null);
    if (steps.length > 0) this.push(this.undoStack, { label: entry.label, steps });
    this.changed();
    return steps.length === ops.length ? { ok: true, label: entry.label } : { ok: false, error: `Can’t redo ${entry.label}: ${this.lastError}` };
  }

  private send(ops: readonly Op[]): (Step | null)[] {
    const steps: (Step | null)[] = [];
    for (const op of ops) {
      const before = this.store.doc;
      const r = this.store.submit(op);
      if (!r.ok) {
        this.lastError = r.error;
        steps.push(null);
        break;
      }
      const step: Step = { op, inverse: before ? restoreOp(r.doc, before) : null };
      this.byOp.set(op, step);
      steps.push(step);
    }
    return steps;
  }

  private skipped(entry: Entry, error: string): Outcome {
    for (const s of entry.steps) this.byOp.delete(s.op);
    this.changed();
    return { ok: false, error };
  }

  private push(stack: Entry[], entry: Entry): void {
    stack.push(entry);
    if (stack.length > this.limit) {
      const [old] = stack.splice(0, stack.length - this.limit);
      for (const s of old?.steps ?? []) this.byOp.delete(s.op);
    }
  }

  /** The server refused one of our ops: it never happened, so there is nothing to undo. */
  private forgetOp(op: Op): void {
    for (const stack of [this.undoStack, this.redoStack]) {
      for (const [i, e] of stack.entries()) {
        const j = e.steps.findIndex((s) => s.op === op);
        if (j < 0) continue;
        e.steps.splice(j, 1);
        if (e.steps.length === 0) stack.splice(i, 1);
        this.byOp.delete(op);
        this.changed();
        return;
      }
    }
  }

  private changed(): void {
    this.version++;
    this.keep();
    for (const l of this.listeners) l();
  }

  /** Saves the stacks, dropping the oldest steps while they are too big to keep. */
  private keep(): void {
    if (!this.keeper) return;
    const undo = [...this.undoStack];
    const redo = [...this.redoStack];
    let text = JSON.stringify({ undo, redo });
    while (text.length > KEEP_LIMIT && (undo.length > 0 || redo.length > 0)) {
      if (undo.length >= redo.length) undo.shift();
      else redo.shift();
      text = JSON.stringify({ undo, redo });
    }
    this.keeper.save(text);
  }
}
