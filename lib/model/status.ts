/** The STATUS column of `docker ps`, also shown by the room page's process panel. */
import type { Container } from "./schema";
import { humanDuration } from "./units";

/**
 * The STATUS column (the daemon's State.String()).
 * @example containerStatus(c, now) // "Exited (137) 3 seconds ago"
 */
export function containerStatus(c: Container, now: number): string {
  if (c.state === "running") return `Up ${humanDuration(now - c.startedAt)}${c.paused ? " (Paused)" : ""}`;
  if (c.state === "created") return "Created";
  if (c.restarting) return `Restarting (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
  if (!c.finishedAt) return "";
  return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
}
