/**
 * The palette's "Add container" (a click, or a drop onto a host): `docker run -dit --name NAME
 * [--network MODE] [-p ...] IMAGE` on that machine, through the same intent as the terminal's command,
 * so it pulls a missing image, creates, starts and logs the main process's first lines alike. Loaded
 * with the shell on first use (the main process runs the container's programs).
 */
import { type At, planNetworks, runContainer } from "@/lib/intents";
import { type Doc, type IdSource, randomIds } from "@/lib/model";
import type { Op, PortRequest } from "@/lib/ops";
import { ShellContext, shellEngine } from "@/lib/shell";

export interface NewContainer {
  machineId: string;
  name: string;
  image: string;
  /** default, host, none, or the name of a network on the machine. */
  networkMode: string;
  ports: PortRequest[];
  at: At;
}

type Added = { ok: true; id: string; ops: Op[] } | { ok: false; error: string };

/**
 * The ops of the gesture, made against the room's document; nothing when a step is refused, whose
 * error reads as the terminal's would.
 * @example addContainer(doc, { machineId, name: "web", image: "nginx", networkMode: "default", ports: [], at: null })
 *   // { ok: true, ops: [image.pull, container.create, container.start, container.log] }
 */
export function addContainer(doc: Doc, spec: NewContainer, ids: IdSource = randomIds, clock: () => number = Date.now): Added {
  const session = new ShellContext(doc, spec.machineId, ids, clock);
  const mode = spec.networkMode || "default";
  const plan = planNetworks(session.resolved(), spec.machineId, mode === "default" ? [] : [mode], [], undefined);
  if ("error" in plan) return { ok: false, error: plan.error };
  const r = runContainer(
    session,
    // As `docker run -dit`: a shell image stays up, which is what someone placing it on a canvas expects.
    { image: spec.image, name: spec.name, interactive: true, tty: true, ...plan, ports: spec.ports, at: spec.at },
    shellEngine(session),
  );
  if (!r.ok) return { ok: false, error: r.stage === "image" ? r.error : `Error response from daemon: ${r.error}` };
  return { ok: true, id: r.id, ops: session.takeOps() };
}
