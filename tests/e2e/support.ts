/** What every browser test needs: the server's address, people with their own browser, screenshots. */
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Locator, type Page } from "@playwright/test";

/** The app's URL; the global setup started it. */
export const base = (): string => {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("global setup did not start the server");
  return url;
};

/** Kept as a test artifact: look at them. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/e2e/${name}.png` });
}

/**
 * A browser context of its own at 1280×720. A crash in the page is printed with its message, rather than
 * showing up later only as a missing element.
 */
export async function newPerson(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}\n${e.stack ?? ""}`));
  return page;
}

/** A canvas node of a kind ("host", "container", "network"...) by its exact name. */
export const node = (page: Page, kind: string, name: string) =>
  page.locator(`.react-flow__node-${kind}`).filter({ has: page.locator("strong", { hasText: new RegExp(`^${name}$`) }) });

/** axe's serious and critical findings on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Where a box is once the view is still: a new box pans the view into place (250 ms), and a person aims at a
 * target that has stopped moving. */
export async function settledBox(page: Page, handle: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = await handle.boundingBox();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(100);
    const now = await handle.boundingBox();
    if (now && last && now.x === last.x && now.y === last.y) return now;
    last = now;
  }
  throw new Error("box never stopped moving");
}

/** Waits for a fresh room's first layout: its host and LAN have no place in the document until the page lays them
 * out (the LAN above, so the host moves down) and fits the view to them; a gesture made before would aim at the
 * old spot. */
export async function firstLayoutDone(page: Page): Promise<void> {
  const host = page.locator(".react-flow__node-host").first();
  await expect.poll(() => host.evaluate((el) => (el as HTMLElement).style.transform), { timeout: 15_000 }).not.toMatch(/translate\(0px, ?0px\)/);
}

/** The owner's invite link for a role, as the Invite menu would copy it (read without opening the menu). */
export async function inviteLink(page: Page, role: "editor" | "viewer" = "editor"): Promise<string> {
  const link = await page.locator(`[data-invite-role="${role}"]`).getAttribute("data-invite");
  if (!link) throw new Error(`no ${role} invite link on the page`);
  return link;
}
