/**
 * What a container of a built or pulled image runs and serves when that differs from its catalog base:
 * the process its config asks for, and the page a build step copied over the server's default one.
 */
import type { ImageRecord, Listener } from "../model";

/**
 * The process an image's config asks for when it differs from what its catalog base runs (`baseCmd`,
 * entrypoint and command together); null when they are the same.
 */
export function imageProcess(image: ImageRecord, baseCmd: readonly string[]): { entrypoint: string[] | null; cmd: string[] } | null {
  const entrypoint = image.config.Entrypoint ?? [];
  const cmd = image.config.Cmd ?? [];
  const argv = [...entrypoint, ...cmd];
  if (argv.length === baseCmd.length && argv.every((a, i) => a === baseCmd[i])) return null;
  return { entrypoint: entrypoint.length > 0 ? entrypoint : null, cmd };
}

/** Where the catalog's web servers read their default page. */
export const DOCROOTS: Record<string, { port: number; path: string }> = {
  nginx: { port: 80, path: "/usr/share/nginx/html/index.html" },
  httpd: { port: 80, path: "/usr/local/apache2/htdocs/index.html" },
};

/**
 * What a container of a built web-server image serves: the page a build step copied over the
 * server's default one; null when the image serves what its base serves.
 */
export function servedListeners(image: ImageRecord): Listener[] | null {
  const root = image.base ? DOCROOTS[image.base] : undefined;
  if (!root) return null;
  let page: string | undefined;
  for (const h of image.history) if (h.files?.[root.path] !== undefined) page = h.files[root.path];
  return page === undefined ? null : [{ port: root.port, proto: "tcp", body: page }];
}
