/**
 * `docker push`: the image a tag names goes to the registry the tag's first part names. Docker Hub
 * refuses a push without an account that owns the repository (Dockside has no Hub accounts); another
 * registry is reached over the simulated network and stores the image in its own files.
 */
import { findImage, imagesOn, layerChain, parseRef, type Ref, refText } from "../../ops";
import { machineOnline } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { commitFs } from "../fs/container";
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

/** `docker push [-q] NAME[:TAG]`. */
export function dockerPush(ctx: ShellContext, args: string[]): Output {
  const quiet = args.includes("-q") || args.includes("--quiet");
  const unknownFlag = args.find((a) => a.startsWith("-") && a !== "-q" && a !== "--quiet");
  if (unknownFlag) return err(`unknown flag: ${unknownFlag}\nSee 'docker push --help'.\n`, 125);
  const names = args.filter((a) => !a.startsWith("-"));
  if (names.length !== 1) return err(USAGE, 1);
  const text = names[0] as string;
  const ref = parseRef(text);
  if (typeof ref === "string") return err(`${ref}\n`, 1);
  const lastPart = text.slice(text.lastIndexOf("/") + 1);
  let out = !lastPart.includes(":") ? "Using default tag: latest\n" : "";
  const image = findImage(ctx.doc, ctx.machineId, refText(ref));
  out += `The push refers to repository [${ref.registry}/${ref.path}]\n`;
  const done = (stdout: string, stderr = "", code = 1): Output => ({ stdout: quiet ? "" : stdout, stderr, exitCode: code });
  if (!image) return done(out, `An image does not exist locally with the tag: ${ref.repo}\n`);
  const layers = [...layerChain(image).diffIds].reverse().map((d) => d.slice(0, 12));
  if (ref.registry === "docker.io") {
    if (!machineOnline(ctx.resolved(), ctx.machineId)) {
      return done(out, `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on ${nameserverOf(ctx)}:53: no such host\n`);
    }
    // Hub answers the upload of the first layer: nobody is logged in to an account owning the repository.
    return done(out + layers.map((l) => `${l}: Preparing\n`).join(""), "denied: requested access to the resource is denied\n");
  }
  const endpoint = registryEndpoint(ctx, ref.registry);
  if (!endpoint.ok) return done(out, `${endpoint.error}\n`);
  const pushed = pushToStore(endpoint.fs, ref.path, ref.tag, image, knownRepos(ctx, ref));
  if (typeof pushed === "string") return done(out, "received unexpected HTTP status: 500 Internal Server Error\n");
  const stored = commitFs(ctx, endpoint.fs);
  if (stored) return done(out, "received unexpected HTTP status: 500 Internal Server Error\n");
  const recorded = ctx.apply({ type: "image.digest", machineId: ctx.machineId, ref: refText(ref), digest: pushed.digest });
  if (!recorded.ok) return done(out, `${recorded.error}\n`);
  out += pushed.layers.map((l) => `${l.id}: ${l.status}\n`).join("");
  out += `${ref.tag}: digest: sha256:${pushed.digest} size: ${pushed.size}\n`;
  return quiet ? ok(`${ref.registry}/${ref.path}:${ref.tag}\n`) : ok(out);
}
