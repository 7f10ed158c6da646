"use client";
/**
 * Adding a container or a network from the palette (a click at the next free spot, or a drop at a
 * place on a machine): the palette's form, the intent its values make, and the new box selected.
 */
import { useCallback, useState } from "react";
import { createNetwork } from "@/lib/intents";
import { type Doc, randomIds } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { dryRun, freeName, parsePorts } from "../core/actions";
import type { PaletteSpec } from "./Palette";

type Kind = "container" | "network";
type At = { x: number; y: number };

interface Adding {
  spec: PaletteSpec;
  setSpec: (s: PaletteSpec) => void;
  /** Adds a box on `machineId` at `at` (null: auto-layout places it); the refusal in Docker's words, or null. */
  create: (kind: Kind, machineId: string, at: At | null) => Promise<string | null>;
  /** A palette item dropped on a machine: a refusal is shown through `notify`. */
  onDropCreate: (kind: Kind, machineId: string, at: At) => Promise<void>;
}

interface Room {
  doc: Doc | null;
  submitAll: (ops: Op[]) => string | null;
  select: (id: string) => void;
  notify: (message: string) => void;
}

/** The ops that add a box with the palette's values, and the new record's id; or the refusal. */
async function opsFor(doc: Doc, spec: PaletteSpec, kind: Kind, onMachine: string, at: At | null): Promise<{ ops: Op[]; id: string } | string> {
  if (kind === "container") {
    const ports = parsePorts(spec.ports);
    if (!ports.ok) return ports.error;
    const image = spec.image.trim() || "alpine";
    const name = spec.name.trim() || freeName(doc, onMachine, image.split(/[:/@]/).pop() || image, "container");
    // The run's main process needs the shell, loaded on the first add (the terminal preloads it too).
    const { addContainer } = await import("../core/addContainer");
    const added = addContainer(doc, { machineId: onMachine, name, image, networkMode: spec.networkMode, ports: ports.ports, at });
    return added.ok ? { ops: added.ops, id: added.id } : added.error;
  }
  const name = spec.networkName.trim() || freeName(doc, onMachine, "net", "network");
  const ops = createNetwork({ doc, ids: randomIds, now: Date.now() }, { machineId: onMachine, name, at });
  const checked = dryRun(doc, ops);
  if (!checked.ok) return `Error response from daemon: ${checked.error}`;
  return { ops, id: (ops[0] as { id: string }).id };
}

export function useAdd({ doc, submitAll, select, notify }: Room): Adding {
  const [spec, setSpec] = useState<PaletteSpec>({ image: "nginx", name: "", networkMode: "default", ports: "", networkName: "my-net" });
  const create = useCallback(
    async (kind: Kind, onMachine: string, at: At | null): Promise<string | null> => {
      if (!doc) return "not joined yet";
      const made = await opsFor(doc, spec, kind, onMachine, at);
      if (typeof made === "string") return made;
      const refused = submitAll(made.ops);
      if (!refused) {
        select(made.id);
        // A published port stays taken: keeping it in the form would make the next Add fail.
        if (kind === "container") setSpec((s) => ({ ...s, name: "", ports: "" }));
        else setSpec((s) => ({ ...s, networkName: freeName(doc, onMachine, s.networkName, "network") }));
      }
      return refused;
    },
    [doc, spec, submitAll, select],
  );
  const onDropCreate = useCallback(
    async (kind: Kind, machineId: string, at: At) => {
      const e = await create(kind, machineId, at);
      if (e) notify(e);
    },
    [create, notify],
  );
  return { spec, setSpec, create, onDropCreate };
}
