/** The `exited` goal: how a container's main process ended, and what it printed (its log). */
import type { Resolved } from "../sim";
import { party } from "./parties";
import type { ExitedGoal } from "./schema";

/**
 * @example checkExited(r, { kind: "exited", container: "job", code: 0, title: "…", hint: "…" }) // { met: true, why: "job exited with code 0" }
 */
export function checkExited(r: Resolved, g: ExitedGoal): { met: boolean; why: string } {
  const p = party(r, g.container);
  if (p.kind !== "container") return { met: false, why: `there is no container named ${g.container}` };
  const c = p.v.c;
  if (c.state !== "exited" || c.restarting) return { met: false, why: `${g.container} is ${c.restarting ? "restarting" : c.state}, not exited` };
  if (g.code !== undefined && c.exitCode !== g.code) return { met: false, why: `${g.container} exited with code ${c.exitCode}, not ${g.code}` };
  if (g.oomKilled !== undefined && (c.oomKilled === true) !== g.oomKilled) {
    return { met: false, why: `${g.container} was ${c.oomKilled ? "" : "not "}killed for going over its memory limit` };
  }
  if (g.logContains !== undefined && !(r.doc.logs?.[c.id] ?? []).some((l) => l.text.includes(g.logContains as string))) {
    return { met: false, why: `${g.container}'s log has no line with "${g.logContains}"` };
  }
  return { met: true, why: `${g.container} exited with code ${c.exitCode}${c.oomKilled ? " (OOM-killed)" : ""}` };
}
