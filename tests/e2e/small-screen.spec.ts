import { expect, type Page, test } from "@playwright/test";
import { base, inviteLink, isLive, newPerson, node, openRoom, shot, startSandbox } from "./support";

/** Panels of the details column whose content is cut off inside them (their own scroll hides some). */
async function clippedPanels(page: Page): Promise<string[]> {
  return page
    .locator(".side > section")
    .evaluateAll((els) => els.filter((el) => el.scrollHeight > el.clientHeight + 1).map((el) => el.getAttribute("aria-label") ?? el.className));
}

async function typeIn(page: Page, line: string): Promise<void> {
  await page.locator(".xterm-helper-textarea").focus();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

test("at 1280×720: first steps on an empty room, no pane cut off, a terminal that resizes and docks beside, new boxes land in view", async ({ browser }) => {
  const page = await newPerson(browser);
  await startSandbox(page);

  // The empty room says what to do first, and ticks a step once the room shows it done.
  const steps = page.getByRole("region", { name: "First steps: containers on a network" });
  await expect(steps).toBeVisible();
  await expect(steps.locator("li.done")).toHaveCount(0);
  await shot(page, "small-01-first-steps");
  const palette = page.getByRole("region", { name: "Palette" });
  await palette.getByLabel("Image").fill("alpine");
  await palette.getByRole("button", { name: "Add container" }).click();
  await expect(steps.locator("li.done")).toHaveCount(1);

  // Every panel of the details column shows all it has (the column scrolls as one).
  await node(page, "container", "alpine").click();
  expect(await clippedPanels(page)).toEqual([]);
  await shot(page, "small-02-details-column");

  // The terminal opens below; its top edge is a separator the keyboard moves.
  await page.getByRole("button", { name: "Terminal", exact: true }).click();
  await expect(page.locator(".xterm-helper-textarea")).toBeAttached();
  const term = page.locator("section.terminal");
  const h0 = (await term.boundingBox())?.height ?? 0;
  const sep = page.getByRole("separator", { name: "Terminal size" });
  await sep.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  await expect.poll(async () => (await term.boundingBox())?.height ?? 0).toBeLessThan(h0 - 40);
  await shot(page, "small-03-terminal-smaller");

  // A container made in the terminal lands where the canvas shows it, even zoomed in far.
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("no pane");
  await page.mouse.move(pane.x + 40, pane.y + 40);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -300);
  await typeIn(page, "docker run -dit --name far-away alpine");
  await expect(node(page, "container", "far-away")).toBeVisible();
  await expect
    .poll(async () => {
      const p = await page.locator(".react-flow__pane").boundingBox();
      const b = await node(page, "container", "far-away").boundingBox();
      return Boolean(p && b && b.x >= p.x && b.y >= p.y && b.x + b.width <= p.x + p.width && b.y + b.height <= p.y + p.height);
    })
    .toBe(true);
  await shot(page, "small-04-new-node-in-view");

  // Docked beside the canvas, in place of the palette; the choice and size are kept on reload.
  await page.getByRole("button", { name: "Dock beside the canvas" }).click();
  await expect(page.locator("section.terminal.dock-side")).toBeVisible();
  await expect(palette).toBeHidden();
  const canvas = await page.locator(".react-flow__pane").boundingBox();
  expect(canvas?.height ?? 0).toBeGreaterThan(600);
  await shot(page, "small-05-terminal-beside");
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, "small-06-terminal-beside-1920");
  await page.reload();
  await isLive(page);
  await page.getByRole("button", { name: "Terminal", exact: true }).click();
  await expect(page.locator("section.terminal.dock-side")).toBeVisible();
});

test("the terminal opens after the network drops, and a viewer's refused command prints only the refusal", async ({ browser }) => {
  const ada = await newPerson(browser);
  await startSandbox(ada);
  const invite = await inviteLink(ada);
  const bob = await newPerson(browser);
  await openRoom(bob, invite);
  await ada
    .getByRole("region", { name: "People" })
    .getByLabel(/Lock editing/)
    .click();
  await expect(bob.getByText(/locked this room/)).toBeVisible();

  // Offline after the page loaded: the terminal's code came ahead, so it still opens.
  await bob.waitForTimeout(2500);
  await bob.context().setOffline(true);
  await bob.getByRole("button", { name: "Terminal", exact: true }).click();
  await expect(bob.locator(".xterm-helper-textarea")).toBeAttached();
  await expect(bob.getByText("could not be loaded")).toHaveCount(0);
  await bob.context().setOffline(false);
  await isLive(bob);

  await typeIn(bob, "docker network create nope");
  await expect(bob.getByTestId("terminal")).toContainText("dockside:");
  const text = (await bob.getByTestId("terminal").textContent()) ?? "";
  // A network id (64 hex digits) would be the success output of a command that did not happen.
  expect(text).not.toMatch(/[0-9a-f]{64}/);
  await shot(bob, "small-07-viewer-refused");
});

test("a favicon", async ({ request }) => {
  const res = await request.get(`${base()}/icon.svg`);
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("<svg");
});
