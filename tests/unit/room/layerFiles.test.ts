import { describe, expect, it } from "vitest";
import { catalogRows, layerView, type MergedTree } from "../../../app/room/core/layerFiles";
import { IMAGE_CATALOG, type ImageRecord } from "../../../lib/model";
import { findImage } from "../../../lib/ops";
import { Shell } from "../../../lib/shell/session";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

function built(dockerfile: string, files: Record<string, string> = {}): ImageRecord {
  const sh = Shell.fresh({ seed: 5, clock: () => NOW });
  sh.ctx.writeFile("Dockerfile", dockerfile, false);
  for (const [p, text] of Object.entries(files)) sh.ctx.writeFile(p, text, false);
  const out = sh.run("docker build -t app .");
  if (out.exitCode !== 0) throw new Error(out.stdout + out.stderr);
  const image = findImage(sh.doc, "m-host", "app");
  if (!image) throw new Error("no image");
  return image;
}

const changesOf = (image: ImageRecord, row: number) => layerView(image, row).changes;
const treeOf = (image: ImageRecord, row: number, shown?: number) => layerView(image, row, shown).tree;
const rowOf = (image: ImageRecord, text: string) => image.history.findIndex((h) => h.createdBy.includes(text));

describe("a layer's changes", () => {
  const image = built(
    "FROM alpine\nCOPY page.html /home/www/index.html\nRUN echo staff:x:50: >> /etc/group && rm -rf /etc/apk\nRUN echo again > /home/www/index.html\n",
    { "page.html": "<p>hi</p>\n" },
  );

  it("a COPY adds the file and the directories it needed", () => {
    const c = changesOf(image, rowOf(image, "COPY"));
    expect(c).toEqual({
      recorded: true,
      changes: [
        { kind: "A", path: "/home/www" },
        { kind: "A", path: "/home/www/index.html" },
        // /home is alpine's: changed by what was added inside it.
        { kind: "C", path: "/home" },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    });
  });

  it("a RUN that rewrites a base file and removes a directory shows C and D, parents changed", () => {
    const c = changesOf(image, rowOf(image, "rm -rf /etc/apk"));
    expect(c.recorded && c.changes).toEqual([
      { kind: "C", path: "/etc" },
      { kind: "D", path: "/etc/apk" },
      { kind: "C", path: "/etc/group" },
    ]);
  });

  it("a later layer's write of a file an earlier layer added is a change", () => {
    const c = changesOf(image, rowOf(image, "echo again"));
    expect(c.recorded && c.changes).toEqual([
      { kind: "C", path: "/home" },
      { kind: "C", path: "/home/www" },
      { kind: "C", path: "/home/www/index.html" },
    ]);
  });

  it("the catalog's own layers say they are not recorded; metadata rows change nothing", () => {
    const base = catalogRows(image);
    expect(base).toBe(IMAGE_CATALOG.get("alpine")?.history.length);
    expect(changesOf(image, 0)).toEqual({ recorded: false, base: "alpine" });
    const cmd = image.history.findIndex((h, i) => i >= base && h.empty);
    if (cmd >= 0) expect(changesOf(image, cmd)).toEqual({ recorded: true, changes: [] });
  });
});

describe("the merged tree at a layer", () => {
  const image = built("FROM alpine\nCOPY page.html /home/www/index.html\nRUN rm -rf /etc/apk\n", { "page.html": "x\n" });
  const paths = (t: MergedTree) => t.entries.map((e) => e.path);

  it("holds the layer's files and not a later layer's deletions; marks what the layer did", () => {
    const copy = treeOf(image, rowOf(image, "COPY"));
    expect(paths(copy)).toContain("/home/www/index.html");
    expect(paths(copy)).toContain("/etc/apk");
    expect(copy.entries.find((e) => e.path === "/home/www/index.html")).toMatchObject({ depth: 2, type: "f", change: "A", name: "index.html" });
    expect(copy.entries.find((e) => e.path === "/home")?.change).toBe("C");
    const rm = treeOf(image, rowOf(image, "rm -rf"));
    expect(paths(rm).some((p) => p.startsWith("/etc/apk"))).toBe(false);
    expect(paths(rm)).toContain("/home/www/index.html");
  });

  it("is depth first in name order, links with their targets", () => {
    const t = treeOf(image, image.history.length - 1);
    const p = paths(t);
    expect(p.indexOf("/bin")).toBeLessThan(p.indexOf("/bin/sh"));
    expect(p.indexOf("/bin/sh")).toBeLessThan(p.indexOf("/etc"));
    expect(t.entries.find((e) => e.path === "/bin/sh")).toMatchObject({ type: "l", target: expect.stringContaining("busybox") });
  });

  it("shows a catalog layer's tree as its base's whole tree, saying so", () => {
    const t = treeOf(image, 0);
    expect(t.baseWhole).toBe(true);
    expect(paths(t)).toContain("/etc/apk");
    expect(paths(t)).not.toContain("/home/www");
  });

  it("is bounded: a layer of 2000 files shows the first entries and counts the rest", () => {
    const files = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`/data/f${String(i).padStart(4, "0")}`, "x"]));
    const big: ImageRecord = { ...image, history: [...image.history, { createdBy: "COPY data /data", size: 2000, empty: false, created: NOW, files }] };
    const started = performance.now();
    const t = treeOf(big, big.history.length - 1, 50);
    expect(performance.now() - started).toBeLessThan(200);
    expect(t.entries).toHaveLength(50);
    const total = treeOf(big, big.history.length - 1, 100_000).entries.length;
    expect(t.more).toBe(total - 50);
    expect(t.capped).toBe(false);
    expect(changesOf(big, big.history.length - 1).recorded && (changesOf(big, big.history.length - 1) as { changes: unknown[] }).changes).toHaveLength(2001);
  });
});
