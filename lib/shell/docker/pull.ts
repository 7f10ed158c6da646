/**
 * Pulling: `docker pull`, and the pull `docker run` / `docker create` do for an image the engine
 * does not have. A pull needs a way to the registry (Docker Hub is behind the internet router) and a
 * repository the registry has; each failure prints the daemon's words.
 */
import type { ImageRecord } from "../../model";
import { findImage, hubIds, hubImage, imagesOn, layerChain, parseRef, type Ref, refText } from "../../ops";
import { machineOnline } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { pullLayerLines } from "./image-format";

export type PullResult = { ok: true; log: string; image: ImageRecord } | { ok: false; log: string; error: string };

/** Layers any image of this engine already holds (`Already exists` on a pull). */
function layersOn(ctx: ShellContext): Set<string> {
  const present = new Set<string>();
  for (const i of imagesOn(ctx.doc, ctx.machineId)) for (const l of layerChain(i).diffIds) present.add(l);
  return present;
}

function unreachable(ctx: ShellContext, ref: Ref): string | null {
  if (ref.registry !== "docker.io") {
    const host = ref.registry.replace(/:\d+$/, "");
    const port = ref.registry.slice(host.length + 1) || "443";
    // The daemon speaks plain HTTP to a registry on the loopback (insecure by default there).
    if (host === "localhost" || host.startsWith("127.")) {
      const ip = host === "localhost" ? "127.0.0.1" : host;
      return `Get "http://${ref.registry}/v2/": dial tcp ${ip}:${port}: connect: connection refused`;
    }
    const ns = ctx.doc.machines[ctx.machineId]?.engine?.nameservers[0] ?? "127.0.0.53";
    return `Get "https://${ref.registry}/v2/": dial tcp: lookup ${host} on ${ns}:53: no such host`;
  }
  if (machineOnline(ctx.resolved(), ctx.machineId)) return null;
  const ns = ctx.doc.machines[ctx.machineId]?.engine?.nameservers[0] ?? "127.0.0.53";
  return `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on ${ns}:53: no such host`;
}

/**
 * Pulls `ref` onto the session's engine through an `image.pull` op; `log` is what the daemon streams
 * (from `<tag>: Pulling from <path>` to `Status: ...`).
 */
export function pull(ctx: ShellContext, ref: Ref): PullResult {
  const why = unreachable(ctx, ref);
  if (why) return { ok: false, log: "", error: why };
  const key = hubImage(ref);
  const head = `${ref.tag}: Pulling from ${ref.path}\n`;
  if (!key) {
    const error = `pull access denied for ${ref.repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
    return { ok: false, log: "", error };
  }
  const { imageId, digest } = hubIds(key, ref.tag);
  const had = imagesOn(ctx.doc, ctx.machineId).find((i) => i.imageId === imageId);
  const present = layersOn(ctx);
  const applied = ctx.apply({ type: "image.pull", machineId: ctx.machineId, ref: refText(ref), at: ctx.now });
  if (!applied.ok) return { ok: false, log: head, error: applied.error };
  const image = findImage(ctx.doc, ctx.machineId, refText(ref));
  if (!image) return { ok: false, log: head, error: `No such image: ${refText(ref)}` };
  const upToDate = had?.repoTags.includes(refText(ref)) === true;
  const layers = had ? "" : pullLayerLines(image, present);
  const status = upToDate ? `Image is up to date for ${refText(ref)}` : `Downloaded newer image for ${refText(ref)}`;
  return { ok: true, log: `${head}${layers}Digest: sha256:${digest}\nStatus: ${status}\n`, image };
}

/**
 * The image `docker run` / `docker create` uses, pulling it first when the engine lacks it; the
 * string is the pull's log for stderr.
 */
export function imageForRun(ctx: ShellContext, text: string, path: string): { image: ImageRecord | null; log: string } | Output {
  const local = findImage(ctx.doc, ctx.machineId, text);
  if (local) return { image: local, log: "" };
  const ref = parseRef(text);
  if (typeof ref === "string") return err(`docker: ${ref}\n\nRun '${path} --help' for more information\n`, 125);
  const head = `Unable to find image '${refText(ref)}' locally\n`;
  const r = pull(ctx, ref);
  if (!r.ok) {
    // `docker create` reports the daemon's error as it is; `docker run` wraps it and exits 125.
    if (path === "docker create") return err(`${head}${r.log}Error response from daemon: ${r.error}\n`, 1);
    return err(`${head}${r.log}docker: Error response from daemon: ${r.error}\n\nRun '${path} --help' for more information\n`, 125);
  }
  return { image: r.image, log: head + r.log };
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
