/** The `image` goal: an engine holds an image, built from a base, with the steps and layers asked for. */
import { findImage, layerChain, parseRef } from "../ops";
import type { Resolved } from "../sim";
import type { ImageGoal } from "./schema";

/**
 * @example checkImage(r, { kind: "image", ref: "mypage", from: "nginx", title: "…", hint: "…" }) // { met: true, why: "mypage is built from nginx" }
 */
export function checkImage(r: Resolved, g: ImageGoal): { met: boolean; why: string } {
  const verdict = imageVerdict(r, g);
  if (!g.not) return verdict;
  return { met: !verdict.met, why: verdict.met ? `${g.ref} is there` : verdict.why };
}

function imageVerdict(r: Resolved, g: ImageGoal): { met: boolean; why: string } {
  const machine = g.machine
    ? Object.values(r.doc.machines).find((m) => m.name === g.machine)
    : Object.values(r.doc.machines).find((m) => m.kind === "host" && m.engine);
  if (!machine) return { met: false, why: `there is no machine named ${g.machine}` };
  const image = findImage(r.doc, machine.id, g.ref);
  if (!image) return { met: false, why: `${machine.name} has no image ${g.ref}` };
  if (g.from !== undefined && image.base !== g.from) return { met: false, why: `${g.ref} is not built from ${g.from}` };
  const steps = image.history.map((h) => h.createdBy);
  if (g.step !== undefined && !steps.some((s) => s.includes(g.step as string))) return { met: false, why: `${g.ref} has no step with "${g.step}"` };
  if (g.before) {
    const [a, b] = g.before;
    const ia = steps.findIndex((s) => s.includes(a));
    const ib = steps.findLastIndex((s) => s.includes(b));
    if (ia < 0 || ib < 0 || ia > ib) return { met: false, why: `in ${g.ref}, "${a}" does not come before "${b}"` };
  }
  if (g.pulled) {
    const ref = parseRef(g.ref);
    const repo = typeof ref === "string" ? g.ref : ref.repo;
    if (!image.repoDigests.some((d) => d.startsWith(`${repo}@`))) return { met: false, why: `${machine.name} did not pull ${g.ref} from a registry` };
  }
  const layers = layerChain(image).diffIds.length;
  if (g.maxLayers !== undefined && layers > g.maxLayers) return { met: false, why: `${g.ref} has ${layers} layers, more than ${g.maxLayers}` };
  return { met: true, why: `${machine.name} has ${g.ref} (${layers} layers${image.base ? `, from ${image.base}` : ""})` };
}
