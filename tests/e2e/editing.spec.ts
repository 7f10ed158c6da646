import { readFileSync } from "node:fs";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { newPerson, node, shot, startSandbox } from "./support";

async function newRoom(browser: Browser): Promise<Page> {
  const page = await newPerson(browser, { acceptDownloads: true });
  await startSandbox(page);
  await expect(node(page, "host", "host")).toBeVisible();
  return page;
}

/** Pairs of boxes (on screen) that intersect. */
async function overlapping(nodes: Locator): Promise<string[]> {
  const boxes: { name: string; x: number; y: number; width: number; height: number }[] = [];
  for (const n of await nodes.all()) {
    const b = await n.boundingBox();
    if (b) boxes.push({ name: (await n.locator("strong").first().textContent()) ?? "?", ...b });
  }
  const out: string[] = [];
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push(`${a.name} / ${b.name}`);
    }
  }
  return out;
}

const COMPOSE = `name: shop
services:
  proxy:
    image: nginx
    ports: ["8080:80"]
    networks: [front]
  web:
    image: node:20
    expose: ["3000"]
    environment:
      NODE_ENV: production
    networks: [front, back]
  db:
    image: postgres:16
    networks: [back]
  cache:
    image: redis
    networks: [back]
networks:
  front: {}
  back:
    internal: true
`;

test("undo and redo, compose paste with auto-layout, save and load, picture export", async ({ browser }) => {
  const page = await newRoom(browser);
  const palette = page.getByRole("region", { name: "Palette" });
  const undo = page.getByRole("button", { name: "Undo", exact: true });
  const redo = page.getByRole("button", { name: "Redo", exact: true });
  await expect(undo).toBeDisabled();
  await expect(undo).toHaveAttribute("title", /Terminal commands are not undone/);

  // Two containers from the palette, then undo both (button, then keyboard) and redo both.
  for (const name of ["one", "two"]) {
    await palette.getByLabel("Image").fill("alpine");
    await palette.getByLabel("Name").first().fill(name);
    await palette.getByRole("button", { name: "Add container" }).click();
    await expect(node(page, "container", name)).toBeVisible();
  }
  await expect(undo).toHaveAttribute("title", /^Undo add container two/);
  await shot(page, "e01-two-containers");
  await undo.click();
  await expect(node(page, "container", "two")).toHaveCount(0);
  await expect(node(page, "container", "one")).toBeVisible();
  await page.locator(".react-flow__pane").click({ position: { x: 10, y: 60 } });
  await page.keyboard.press("Control+z");
  await expect(page.locator(".react-flow__node-container")).toHaveCount(0);
  await shot(page, "e02-undone");
  await page.keyboard.press("Control+Shift+z");
  await expect(node(page, "container", "one")).toBeVisible();
  await redo.click();
  await expect(node(page, "container", "two")).toBeVisible();
  await expect(redo).toBeDisabled();
  await shot(page, "e03-redone");

  // A broken compose file is refused with the line and column; a good one comes up laid out.
  await page.getByText("File", { exact: true }).click();
  await page.getByRole("button", { name: "Compose…" }).click();
  const dialog = page.getByRole("dialog", { name: /Compose/ });
  await dialog.getByLabel("compose.yaml").fill("services:\n  web:\n    image: [nginx\n");
  await dialog.getByRole("button", { name: "docker compose up" }).click();
  await expect(dialog.getByRole("alert")).toContainText(/yaml: line \d+, column \d+/);
  await dialog.getByLabel("compose.yaml").fill(COMPOSE);
  await dialog.getByRole("button", { name: "docker compose up" }).click();
  await expect(dialog.getByText("Container shop-proxy-1  Started")).toBeVisible();
  await expect(dialog.getByText("services.web.environment")).toBeVisible();
  await shot(page, "e04-compose-dialog");
  await dialog.getByRole("button", { name: "Close" }).click();
  await page.getByRole("button", { name: "Fit View" }).click();
  for (const name of ["shop-proxy-1", "shop-web-1", "shop-db-1", "shop-cache-1"]) await expect(node(page, "container", name)).toBeVisible();
  await expect(node(page, "network", "shop_back")).toBeVisible();
  await expect.poll(() => overlapping(page.locator(".react-flow__node-container, .react-flow__node-network"))).toEqual([]);
  await shot(page, "e05-compose-laid-out");

  // Tidy lays everything out again, still without overlaps, as one undoable step.
  await page.getByRole("button", { name: "Tidy" }).click();
  await expect(undo).toHaveAttribute("title", /^Undo tidy/);
  await page.getByRole("button", { name: "Fit View" }).click();
  await expect.poll(() => overlapping(page.locator(".react-flow__node-container, .react-flow__node-network"))).toEqual([]);
  await shot(page, "e06-tidy");

  // Save the document, then load it into a fresh room.
  const [saved] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save JSON" }).click()]);
  const file = await saved.path();
  const json = JSON.parse(readFileSync(file, "utf8")) as { containers: Record<string, { name: string }> };
  expect(Object.values(json.containers).map((c) => c.name)).toContain("shop-web-1");

  // The picture: a PNG download with PNG's magic bytes, and an SVG.
  await page.getByText("File", { exact: true }).click();
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export picture (PNG)" }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const bytes = readFileSync(await png.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(10_000);
  await page.getByText("File", { exact: true }).click();
  const [svg] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export picture (SVG)" }).click()]);
  expect(readFileSync(await svg.path(), "utf8")).toMatch(/^<svg[\s\S]*shop-web-1/);

  const other = await newRoom(browser);
  await other
    .getByLabel("Document to load")
    .setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{"schemaVersion": 2, "title": 5}') });
  await expect(other.locator(".toast")).toContainText("Can’t load broken.json: title:");
  await other.getByLabel("Document to load").setInputFiles(file);
  await expect
    .poll(async () => {
      await other.getByRole("button", { name: "Fit View" }).click();
      return other.locator(".react-flow__node-container").count();
    })
    .toBe(6);
  for (const name of ["one", "two", "shop-proxy-1", "shop-web-1", "shop-db-1", "shop-cache-1"]) await expect(node(other, "container", name)).toBeVisible();
  await shot(other, "e07-loaded");
  await other.context().close();
  await page.context().close();
});
