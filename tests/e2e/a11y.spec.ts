import { expect, type Locator, type Page, test } from "@playwright/test";
import { base, newPerson, seriousViolations, startSandbox } from "./support";

/** Presses Tab until `target` has the focus: it must be reachable from the keyboard. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${target} with Tab in ${max} presses`);
}

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds nothing serious on the landing and room pages (${scheme})`, async ({ browser }) => {
    const page = await newPerson(browser, { colorScheme: scheme });
    await page.goto(base());
    await expect(page.getByRole("button", { name: "Start a sandbox" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await startSandbox(page);
    await expect(page.locator(".react-flow__node-host")).toBeVisible();
    // A container and a network, so nodes, edges, labels and badges are all checked too.
    const palette = page.getByRole("region", { name: "Palette" });
    const edges = await page.locator(".react-flow__edge").count();
    await palette.getByLabel("Publish").fill("8080:80");
    await palette.getByRole("button", { name: "Add container" }).click();
    await expect(page.locator(".react-flow__node-container")).toHaveCount(1);
    await expect(page.locator(".react-flow__edge")).toHaveCount(edges + 1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `test-results/e2e/a11y-room-${scheme}.png` });
    await page.context().close();
  });
}

test("palette, inspector and terminal work from the keyboard alone", async ({ browser }) => {
  const page = await newPerson(browser, { colorScheme: "light" });
  await startSandbox(page);
  await expect(page.locator(".react-flow__node-host")).toBeVisible();
  const palette = page.getByRole("region", { name: "Palette" });
  const inspector = page.getByRole("region", { name: "Inspector" });

  // Palette: Tab to the image field, type, Tab on to "Add container", Enter.
  await page.locator("body").focus();
  await tabTo(page, palette.getByLabel("Image"));
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("redis");
  await tabTo(page, palette.getByRole("button", { name: "Add container" }));
  await page.keyboard.press("Enter");
  const node = page.locator(".react-flow__node-container");
  await expect(node).toHaveCount(1);
  await expect(node).toContainText("redis");

  // Inspector: the new container is selected; Tab to its ports, type, Enter applies.
  const ports = inspector.getByLabel("Published ports");
  await expect(ports).toBeVisible();
  await tabTo(page, ports);
  await page.keyboard.type("8085:6379");
  await page.keyboard.press("Enter");
  await expect(node).toContainText("8085→6379");

  // Terminal: open it from the toolbar, type a command, leave with Escape, close it.
  await tabTo(page, page.getByRole("button", { name: "Terminal", exact: true }));
  await page.keyboard.press("Enter");
  const term = page.getByTestId("terminal");
  await expect(term.locator(".xterm-rows")).toContainText("learner@host");
  await expect.poll(() => term.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.type("docker network create kbnet");
  await page.keyboard.press("Enter");
  await expect(page.locator(".react-flow__node-network").filter({ hasText: "kbnet" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Close the terminal" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(term).toHaveCount(0);
  await page.context().close();
});
