import { readFileSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { newPerson, shot, startSandbox } from "./support";

async function templateRoom(browser: Browser, colorScheme: "light" | "dark"): Promise<Page> {
  const page = await newPerson(browser, { acceptDownloads: true, colorScheme });
  await startSandbox(page, /Published web server/);
  await expect(page.locator(".react-flow__node-container")).toHaveCount(2);
  await expect(page.locator(".react-flow__edge-text").first()).toBeVisible();
  return page;
}

async function exported(page: Page, what: "PNG" | "SVG", saveAs: string): Promise<Buffer> {
  await page.getByText("File", { exact: true }).click();
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: `Export picture (${what})` }).click()]);
  await file.saveAs(saveAs);
  return readFileSync(saveAs);
}

/** Counts of a PNG's pixels: all, near-black, and close to `rgb` (the edges' colour). */
async function pixels(page: Page, png: Buffer, rgb: [number, number, number]): Promise<{ all: number; black: number; edge: number; width: number }> {
  return page.evaluate(
    async ({ data, rgb }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext("2d") as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let black = 0;
      let edge = 0;
      for (let i = 0; i < d.length; i += 4) {
        const [r, g, b] = [d[i] as number, d[i + 1] as number, d[i + 2] as number];
        if (r < 40 && g < 40 && b < 40) black++;
        if (Math.abs(r - rgb[0]) < 24 && Math.abs(g - rgb[1]) < 24 && Math.abs(b - rgb[2]) < 24) edge++;
      }
      return { all: d.length / 4, black, edge, width: c.width };
    },
    { data: png.toString("base64"), rgb },
  );
}

test("the exported picture is the canvas: SVG as real vectors with every edge and address label, PNG with edges and without black bars", async ({
  browser,
}) => {
  const page = await templateRoom(browser, "light");
  const edges = await page.locator(".react-flow__edge").count();
  const labels = (await page.locator(".react-flow__edge-text").allTextContents()).filter(Boolean);
  expect(labels.length).toBeGreaterThan(0);
  await shot(page, "export-00-canvas");

  const svg = (await exported(page, "SVG", "test-results/e2e/export-picture.svg")).toString("utf8");
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).not.toContain("foreignObject");
  expect(svg).not.toMatch(/<div|<span|<img/);
  expect(svg.length).toBeLessThan(100_000);
  // Every edge is a path, every address label and node name a text element.
  expect((svg.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(edges);
  for (const text of [...labels, "web", "client", "bridge", "8080→80"]) expect(svg).toContain(`>${text}</text>`);

  // The SVG drawn by the browser, kept to look at.
  const view = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await view.setContent(`<body style="margin:0">${svg}</body>`);
  await view.screenshot({ path: "test-results/e2e/export-01-svg-drawn.png" });
  await view.close();

  const png = await exported(page, "PNG", "test-results/e2e/export-02-picture.png");
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const stroke = await page
    .locator(".react-flow__edge-path")
    .first()
    .evaluate((el) => getComputedStyle(el).stroke);
  const rgb = (stroke.match(/\d+/g) ?? []).slice(0, 3).map(Number) as [number, number, number];
  const p = await pixels(page, png, rgb);
  // Black bars over the labels were thousands of pixels; text and outlines are a few per cent at most.
  expect(p.black / p.all).toBeLessThan(0.01);
  // The edges are there: a line a few hundred pixels long in their colour.
  expect(p.edge).toBeGreaterThan(300);
  expect(p.width).toBeGreaterThan(400);

  // Dark mode: the same checks of content, and a picture to look at.
  const dark = await templateRoom(browser, "dark");
  const darkSvg = (await exported(dark, "SVG", "test-results/e2e/export-dark.svg")).toString("utf8");
  expect(darkSvg).not.toContain("foreignObject");
  for (const text of labels) expect(darkSvg).toContain(`>${text}</text>`);
  await exported(dark, "PNG", "test-results/e2e/export-03-dark.png");
  await shot(dark, "export-04-dark-canvas");
});
