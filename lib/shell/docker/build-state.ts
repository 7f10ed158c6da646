/**
 * A build in progress and the build cache: what the steps of `docker build` share.
 */
import type { HistoryEntry, ImageRecord } from "../../model";
import { imagesOn, jsonEqual } from "../../ops";
import type { ShellContext } from "../context";
import type { Stage } from "./build-steps";

/** What one build did so far, and how it ends. */
export interface Build {
  ctx: ShellContext;
  out: string;
  noCache: boolean;
  buildArgs: Map<string, string>;
  files: Map<string, string>;
  stages: Stage[];
}

export const short = (id: string) => id.slice(0, 12);

/** The image on the engine the legacy cache would reuse: same parent, same instruction, same config. */
export function cached(b: Build, stage: Stage, createdBy: string): ImageRecord | undefined {
  if (b.noCache || stage.imageId === null) return undefined;
  return imagesOn(b.ctx.doc, b.ctx.machineId).find(
    (i) => i.parent === stage.imageId && i.history.at(-1)?.createdBy === createdBy && jsonEqual(i.config, stage.config),
  );
}

/** Records the step's image (`image.add`) and moves the stage onto it. */
export function commit(b: Build, stage: Stage, entry: HistoryEntry): string | null {
  const imageId = b.ctx.ids.hex64();
  const history = [...stage.history, entry];
  const r = b.ctx.apply({
    type: "image.add",
    machineId: b.ctx.machineId,
    imageId,
    tags: [],
    parent: stage.imageId ?? "",
    created: b.ctx.now,
    comment: "",
    config: stage.config,
    history,
    ...(stage.base ? { base: stage.base } : {}),
  });
  if (!r.ok) return r.error;
  stage.imageId = imageId;
  stage.history = history;
  return null;
}

/** Moves the stage onto a cached image (` ---> Using cache`). */
export function reuse(b: Build, stage: Stage, image: ImageRecord): void {
  b.out += ` ---> Using cache\n ---> ${short(image.imageId)}\n`;
  stage.imageId = image.imageId;
  stage.history = image.history;
  for (const h of image.history) for (const [p, c] of Object.entries(h.files ?? {})) stage.files.set(p, c);
}
