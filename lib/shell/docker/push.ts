/**
 * `docker push`: the image a tag names goes to the registry the tag's first part names. Docker Hub
 * refuses a push without an account that owns the repository (Dockside has no Hub accounts); another
 * registry is reached over the simulated network and stores the image in its own files.
 */
import type { ImageRecord } from "../../model";
import { findImage, imagesOn, layerChain, parseRef, type Ref } from "../../ops";
import { machineOnline } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { commitFs } from "../fs/container";
import { type CommandSpec, has, isOutput, parseFlags } from "./flags";
import { nameserverOf, registryEndpoint } from "./registry";
import { pushToStore } from "./registry-store";

const USAGE = `"docker push" requires exactly 1 argument.\nSee 'docker push --help'.\n\nUsage:  docker push [OPTIONS] NAME[:TAG]\n\nUpload an image to a registry\n`;

/** Repositories of `ref`'s registry this engine knows a digest from (pulled from or pushed to). */
function knownRepos(ctx: ShellContext, ref: Ref): Set<string> {
  const known = new Set<string>();
  const prefix = `${ref.registry}/`;
  for (const i of imagesOn(ctx.doc, ctx.machineId)) {
    for (const d of i.repoDigests) if (d.startsWith(prefix)) known.add(d.slice(prefix.length, d.indexOf("@")));
  }
  return known;
}

const PUSH: CommandSpec = {
  path: "docker push",
  usage: "docker push [OPTIONS] NAME[:TAG]",
  flags: [
    { long: "all-tags", short: "a", value: false },
    { long: "quiet", short: "q", value: false },
    { long: "disable-content-trust", value: false },
    { long: "help", value: false },
  ],
};

/** The tags `docker push` sends: the one named, or with `-a` every tag of the repository, in order. */
function tagsToPush(ctx: ShellContext, ref: Ref, allTags: boolean): string[] {
  if (!allTags) return [ref.tag];
  const prefix = `${ref.repo}:`;
  const tags = imagesOn(ctx.doc, ctx.machineId).flatMap((i) => i.repoTags.filter((t) => t.startsWith(prefix) && !t.slice(prefix.length).includes("/")));
  return [...new Set(tags.map((t) => t.slice(prefix.length)))].sort();
}

/** `docker push [-a] [-q] NAME[:TAG]`. */
export function dockerPush(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(PUSH, argv);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${PUSH.usage}\n\nUpload an image to a registry\n`);
  if (p.args.length !== 1) return err(USAGE, 1);
  const quiet = has(p, "quiet");
  const allTags = has(p, "all-tags");
  const text = p.args[0] as string;
  const ref = parseRef(text);
  if (typeof ref === "string") return err(`${ref}\n`, 1);
  const lastPart = text.slice(text.lastIndexOf("/") + 1);
  if (allTags && lastPart.includes(":")) return err("tag can't be used with --all-tags/-a\n", 1);
  let out = !allTags && !lastPart.includes(":") ? "Using default tag: latest\n" : "";
  out += `The push refers to repository [${ref.registry}/${ref.path}]\n`;
  const done = (stdout: string, stderr = "", code = 1): Output => ({ stdout: quiet ? "" : stdout, stderr, exitCode: code });
  const tags = tagsToPush(ctx, ref, allTags);
  const images = tags.map((tag) => findImage(ctx.doc, ctx.machineId, `${ref.repo}:${tag}`));
  const first = images[0];
  if (!first || images.some((i) => !i)) return done(out, `An image does not exist locally with the tag: ${ref.repo}\n`);
  if (ref.registry === "docker.io") {
    if (!machineOnline(ctx.resolved(), ctx.machineId)) {
      return done(out, `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on ${nameserverOf(ctx)}:53: no such host\n`);
    }
    // Hub answers the upload of the first layer: nobody is logged in to an account owning the repository.
    const layers = [...layerChain(first).diffIds].reverse().map((d) => `${d.slice(0, 12)}: Preparing\n`);
    return done(out + layers.join(""), "denied: requested access to the resource is denied\n");
  }
  const endpoint = registryEndpoint(ctx, ref.registry);
  if (!endpoint.ok) return done(out, `${endpoint.error}\n`);
  const digests: string[] = [];
  for (const [i, tag] of tags.entries()) {
    const pushed = pushToStore(endpoint.fs, ref.path, tag, images[i] as ImageRecord, knownRepos(ctx, ref));
    if (typeof pushed === "string") return done(out, "received unexpected HTTP status: 500 Internal Server Error\n");
    out += pushed.layers.map((l) => `${l.id}: ${l.status}\n`).join("");
    out += `${tag}: digest: sha256:${pushed.digest} size: ${pushed.size}\n`;
    digests.push(pushed.digest);
  }
  if (commitFs(ctx, endpoint.fs)) return done(out, "received unexpected HTTP status: 500 Internal Server Error\n");
  for (const [i, tag] of tags.entries()) {
    const recorded = ctx.apply({ type: "image.digest", machineId: ctx.machineId, ref: `${ref.repo}:${tag}`, digest: digests[i] as string });
    if (!recorded.ok) return done(out, `${recorded.error}\n`);
  }
  return quiet ? ok(tags.map((t) => `${ref.registry}/${ref.path}:${t}\n`).join("")) : ok(out);
}
