import { expect, test } from "@playwright/test";
import { base, isLive, newPerson, seriousViolations, startSandbox } from "./support";

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds nothing serious on any page: join, new class, dashboard, an empty room with its first steps, the table view (${scheme})`, async ({
    browser,
  }) => {
    const page = await newPerson(browser, { colorScheme: scheme });
    await page.goto(`${base()}/join`);
    await expect(page.getByLabel("Class code")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${base()}/class/new`);
    await page.getByLabel("Your name (students see it)").fill("Ms Hopper");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Start the class" }).click();
    await page.waitForURL(/\/class\/[a-z2-7]{26}$/);
    await expect(page.getByTestId("class-code")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `test-results/e2e/a11y-pages-dashboard-${scheme}.png` });

    await startSandbox(page);
    await expect(page.getByRole("region", { name: /First steps/ })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("region", { name: "Palette" }).getByRole("button", { name: "Add container" }).click();
    await page.getByRole("button", { name: "Show as tables" }).click();
    await expect(page.getByRole("table", { name: "Containers and their links" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `test-results/e2e/a11y-pages-table-${scheme}.png` });
    await page.context().close();
  });
}

test("keyboard: the skip link leads past toolbar and palette to the canvas, focus is plain to see, and the table view reads the room", async ({ browser }) => {
  const page = await newPerson(browser, { colorScheme: "light" });
  await startSandbox(page);
  const palette = page.getByRole("region", { name: "Palette" });
  await palette.getByLabel("Name").first().fill("web");
  await palette.getByLabel("Publish").fill("8080:80");
  await palette.getByRole("button", { name: "Add container" }).click();
  await expect(page.locator(".react-flow__node-container")).toHaveCount(1);

  // A fresh page load: the first Tab.
  await page.reload();
  await isLive(page);
  await expect(page.locator(".react-flow__node-container")).toHaveCount(1);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  // From the canvas, a few Tabs reach a node (it used to take 33).
  let presses = 0;
  for (; presses < 8; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.classList.contains("react-flow__node") ?? false)) break;
  }
  expect(presses).toBeLessThan(8);
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement as Element);
    return { width: Number.parseFloat(s.outlineWidth), style: s.outlineStyle };
  });
  expect(outline.style).toBe("solid");
  expect(outline.width).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: "test-results/e2e/a11y-pages-focus.png" });

  await page.getByRole("button", { name: "Show as tables" }).click();
  const containers = page.getByRole("table", { name: "Containers and their links" });
  const row = containers.getByRole("row", { name: /web/ });
  await expect(row).toContainText("bridge 172.17.0.2");
  await expect(row).toContainText("8080→80/tcp");
  await expect(page.getByRole("table", { name: "Networks" })).toContainText("172.17.0.0/16");
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: "test-results/e2e/a11y-pages-table-1920.png" });
  await page.getByRole("button", { name: "Show the canvas" }).click();
  await expect(containers).toHaveCount(0);
});
