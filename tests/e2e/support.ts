/** What every browser test needs: the server's address, people with their own browser, screenshots. */
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContextOptions, expect, type Locator, type Page } from "@playwright/test";

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
 * A browser context of its own at 1280×720 (or as `options` say: another size, a colour scheme, downloads).
 * A crash in the page is printed with its message, rather than showing up later only as a missing element.
 */
export async function newPerson(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
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

/** A room's address: /r/ and its id. */
export const ROOM_URL = /\/r\/[a-z2-7]{26}/;

/** The page's connection badge says live: it has joined its room. */
export async function isLive(page: Page): Promise<void> {
  await expect(page.getByRole("status").filter({ hasText: "live" })).toBeVisible();
}

/** From the landing page into a new room, by "Start a sandbox" or a template's button; returns once the room is live. */
export async function startSandbox(page: Page, button: string | RegExp = "Start a sandbox"): Promise<void> {
  await page.goto(base());
  await page.getByRole("button", { name: button }).click();
  await page.waitForURL(ROOM_URL);
  await isLive(page);
}

/** Opens a room's link (an invite, a key link) and returns once the page is live in the room. */
export async function openRoom(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await isLive(page);
}

/** A teacher starts a class on an exercise, named Ms Hopper; the class's join code. */
export async function startClass(teacher: Page, exercise = "publish-8080"): Promise<string> {
  await teacher.goto(`${base()}/class/new`);
  await teacher.getByLabel("Your name (students see it)").fill("Ms Hopper");
  await teacher.getByLabel("Exercise", { exact: true }).selectOption(exercise);
  await teacher.getByRole("button", { name: "Start the class" }).click();
  await teacher.waitForURL(/\/class\/[a-z2-7]{26}$/);
  return (await teacher.getByTestId("class-code").textContent())?.trim() ?? "";
}

/** A student joins a class by its code, on the join link (or typed into the landing page's field); the room's id. */
export async function joinClass(page: Page, code: string, name: string, viaLanding = false): Promise<string> {
  if (viaLanding) {
    await page.goto(base());
    await page.getByLabel("Invite link, or a class code").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Join", exact: true }).click();
    await page.waitForURL(/\/join\?code=/);
  } else {
    await page.goto(`${base()}/join?code=${code}`);
  }
  await expect(page.getByLabel("Class code")).toHaveValue(/.+/);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await page.waitForURL(/\/r\/[a-z2-7]{26}$/);
  await expect(page.getByTestId("my-goals")).toBeVisible();
  return new URL(page.url()).pathname.slice(3);
}
