/**
 * Pulling: `docker pull`, and the pull `docker run` / `docker create` do (through lib/intents'
 * run-container) for an image the engine does not have. A pull needs a way to the registry (Docker Hub is behind the internet router) and a
 * repository the registry has; each failure prints the daemon's words.
 */
import type { PullResult } from "../../intents";
import type { ImageRecord } from "../../model";
import { findImage, hubIds, hubImage, imagesOn, layerChain, parseRef, type Ref, refText } from "../../ops";
import { machineOnline } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { pullLayerLines } from "./image-format";
import { nameserverOf, registryEndpoint } from "./registry";
import { pullFromStore } from "./registry-store";

/** Layers any image of this engine already holds (`Already exists` on a pull). */
function layersOn(ctx: ShellContext): Set<string> {
  const present = new Set<string>();
  for (const i of imagesOn(ctx.doc, ctx.machineId)) for (const l of layerChain(i).diffIds) present.add(l);
  return present;
}

function unreachable(ctx: ShellContext): string | null {
  if (machineOnline(ctx.resolved(), ctx.machineId)) return null;
  return `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on ${nameserverOf(ctx)}:53: no such host`;
}

/** What a pull prints once the image is on the engine: its layers (unless it was there), digest and status. */
function pulled(ctx: ShellContext, ref: Ref, had: ImageRecord | undefined, present: ReadonlySet<string>, digest: string): PullResult {
  const head = `${ref.tag}: Pulling from ${ref.path}\n`;
  const image = findImage(ctx.doc, ctx.machineId, refText(ref));
  if (!image) return { ok: false, log: head, error: `No such image: ${refText(ref)}` };
  const upToDate = had?.repoTags.includes(refText(ref)) === true;
  const layers = had ? "" : pullLayerLines(image, present);
  const status = upToDate ? `Image is up to date for ${refText(ref)}` : `Downloaded newer image for ${refText(ref)}`;
  return { ok: true, log: `${head}${layers}Digest: sha256:${digest}\nStatus: ${status}\n`, image };
}

/** A pull from a registry other than Docker Hub: the image its store holds for the tag. */
function registryPull(ctx: ShellContext, ref: Ref): PullResult {
  const endpoint = registryEndpoint(ctx, ref.registry);
  if (!endpoint.ok) return { ok: false, log: "", error: endpoint.error };
  const stored = pullFromStore(endpoint.fs, ref.path, ref.tag, refText(ref));
  if (typeof stored === "string") return { ok: false, log: "", error: stored };
  const had = imagesOn(ctx.doc, ctx.machineId).find((i) => i.imageId === stored.imageId);
  const present = layersOn(ctx);
  const applied = ctx.apply({
    type: "image.add",
    machineId: ctx.machineId,
    imageId: stored.imageId,
    tags: [refText(ref)],
    parent: "",
    created: stored.created,
    comment: stored.comment,
    config: stored.config,
    history: stored.history,
    ...(stored.base ? { base: stored.base } : {}),
    digests: [`${ref.repo}@sha256:${stored.digest}`],
  });
  if (!applied.ok) return { ok: false, log: "", error: applied.error };
  return pulled(ctx, ref, had, present, stored.digest);
}

/**
 * Pulls `ref` onto the session's engine through an `image.pull` op; `log` is what the daemon streams
 * (from `<tag>: Pulling from <path>` to `Status: ...`).
 */
export function pull(ctx: ShellContext, ref: Ref): PullResult {
  if (ref.registry !== "docker.io") return registryPull(ctx, ref);
  const why = unreachable(ctx);
  if (why) return { ok: false, log: "", error: why };
  const key = hubImage(ref);
  if (!key) {
    const error = `pull access denied for ${ref.repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
    return { ok: false, log: "", error };
  }
  const { imageId, digest } = hubIds(key, ref.tag);
  const had = imagesOn(ctx.doc, ctx.machineId).find((i) => i.imageId === imageId);
  const present = layersOn(ctx);
  const applied = ctx.apply({ type: "image.pull", machineId: ctx.machineId, ref: refText(ref), at: ctx.now });
  if (!applied.ok) return { ok: false, log: `${ref.tag}: Pulling from ${ref.path}\n`, error: applied.error };
  return pulled(ctx, ref, had, present, digest);
}

/** `docker pull [-q] NAME[:TAG]`. */
export function dockerPull(ctx: ShellContext, args: string[]): Output {
  const quiet = args.includes("-q") || args.includes("--quiet");
  const names = args.filter((a) => !a.startsWith("-"));
  if (names.length !== 1) {
    return err(
      `"docker pull" requires exactly 1 argument.\nSee 'docker pull --help'.\n\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nDownload an image from a registry\n`,
      1,
    );
  }
  const text = names[0] as string;
  const ref = parseRef(text);
  if (typeof ref === "string") return err(`${ref}\n`, 1);
  const lastPart = text.slice(text.lastIndexOf("/") + 1);
  const defaulted = !lastPart.includes(":") && !text.includes("@") ? "Using default tag: latest\n" : "";
  const r = pull(ctx, ref);
  const registry = ref.registry === "docker.io" ? "docker.io/" : "";
  const full = `${registry}${ref.registry === "docker.io" ? ref.path : ref.repo}:${ref.tag}\n`;
  if (!r.ok) return err(`Error response from daemon: ${r.error}\n`, 1, quiet ? "" : defaulted + r.log);
  return ok(quiet ? full : `${defaulted}${r.log}${full}`);
}
