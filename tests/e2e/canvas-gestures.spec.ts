/**
 * A busy host at 1280×720: with eight containers the rows wrap, so fitting the view keeps labels
 * readable; dragging a host's body pans the canvas and only its title bar moves it.
 */
import { expect, type Page, test } from "@playwright/test";
import { firstLayoutDone, newPerson, settledBox, shot, startSandbox } from "./support";

/** The viewport's pan and zoom, as React Flow applies them. */
async function viewport(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const t = await page.locator(".react-flow__viewport").evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(t);
  if (!m) throw new Error(`unexpected viewport transform ${t}`);
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

/** The host's position in the flow, from the translate React Flow gives its element. */
async function hostPosition(page: Page): Promise<{ x: number; y: number }> {
  const t = await page
    .locator(".react-flow__node-host")
    .first()
    .evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(t);
  if (!m) throw new Error(`unexpected node transform ${t}`);
  return { x: Number(m[1]), y: Number(m[2]) };
}

async function drag(page: Page, from: { x: number; y: number }, by: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + by.x / 2, from.y + by.y / 2, { steps: 5 });
  await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 5 });
  await page.mouse.up();
}

test("eight containers wrap into rows that stay readable; a host's body pans, its title bar moves it", async ({ browser }) => {
  const page = await newPerson(browser);
  await startSandbox(page);
  await firstLayoutDone(page);
  const palette = page.getByRole("region", { name: "Palette" });
  for (let i = 1; i <= 8; i++) {
    await palette.getByLabel("Name").first().fill(`box-${i}`);
    await palette.getByRole("button", { name: "Add container" }).click();
    await expect(page.locator(".react-flow__node-container")).toHaveCount(i);
  }
  await page.getByRole("button", { name: "Fit View" }).click();
  await page.waitForTimeout(600);

  // Two rows of four, not one row of eight: fitted, a container's 13 px name is drawn at 9 px or more.
  const tops = await page
    .locator(".react-flow__node-container")
    .evaluateAll((els) => [...new Set(els.map((el) => Math.round(el.getBoundingClientRect().top)))]);
  expect(tops.length).toBe(2);
  const label = await page
    .locator(".react-flow__node-container strong")
    .first()
    .evaluate((el) => el.getBoundingClientRect().height);
  expect(label).toBeGreaterThanOrEqual(11);
  expect((await viewport(page)).zoom * 13).toBeGreaterThanOrEqual(9);
  await shot(page, "gestures-01-eight-containers");

  // Dragging the host's body (its left margin, clear of every box, edge and resize handle) pans the canvas.
  const host = await settledBox(page, page.locator(".react-flow__node-host").first());
  const vp0 = await viewport(page);
  const at0 = await hostPosition(page);
  await drag(page, { x: host.x + 12, y: host.y + host.height * 0.6 }, { x: 120, y: 60 });
  await expect.poll(async () => (await viewport(page)).x - vp0.x).toBeGreaterThan(100);
  expect(await hostPosition(page)).toEqual(at0);
  await shot(page, "gestures-02-body-pans");

  // Its title bar still moves the host.
  const header = await settledBox(page, page.locator(".react-flow__node-host header").first());
  await drag(page, { x: header.x + 30, y: header.y + header.height / 2 }, { x: 90, y: 60 });
  await expect.poll(async () => (await hostPosition(page)).x - at0.x).toBeGreaterThan(50);
  await shot(page, "gestures-03-title-bar-moves");
});
