import { expect, type Locator, type Page, test } from "@playwright/test";
import { inviteLink, newPerson, openRoom, shot, startSandbox } from "./support";

/** The names of the container boxes wholly inside the canvas pane, as this page shows them. */
async function namesOnScreen(page: Page): Promise<string[]> {
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("no canvas pane");
  const out: string[] = [];
  for (const n of await page.locator(".react-flow__node-container").all()) {
    const b = await n.boundingBox();
    if (!b) continue;
    const inside = b.x >= pane.x - 1 && b.y >= pane.y - 1 && b.x + b.width <= pane.x + pane.width + 1 && b.y + b.height <= pane.y + pane.height + 1;
    if (inside) out.push((await n.locator("strong").first().textContent()) ?? "?");
  }
  return out.sort();
}

/** The control a click at the centre of `button` would land on is the button itself (nothing covers it). */
async function uncovered(button: Locator): Promise<boolean> {
  return button.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit === el || el.contains(hit);
  });
}

test("a presenter on a 1920×1080 projector is followed on a 1280×720 laptop: the laptop sees all the presenter sees, and the read-only banner leaves the follow buttons free", async ({
  browser,
}) => {
  const ada = await newPerson(browser, { viewport: { width: 1920, height: 1080 } });
  await startSandbox(ada);
  // Five containers side by side: a wide row that fits the projector's canvas.
  const palette = ada.getByRole("region", { name: "Palette" });
  for (const name of ["c1", "c2", "c3", "c4", "c5"]) {
    await palette.getByLabel("Image").fill("alpine");
    await palette.getByLabel("Name").first().fill(name);
    await palette.getByRole("button", { name: "Add container" }).click();
    await expect(ada.locator(".react-flow__node-container").filter({ hasText: name })).toBeVisible();
  }
  await ada.getByRole("button", { name: "Fit View" }).click();
  await ada.waitForTimeout(400);
  const adaSees = await namesOnScreen(ada);
  expect(adaSees).toEqual(["c1", "c2", "c3", "c4", "c5"]);
  const invite = await inviteLink(ada);

  const bob = await newPerson(browser);
  await openRoom(bob, invite);
  await ada.getByRole("button", { name: "Present" }).click();
  await expect(bob.getByTestId("following")).toContainText("(presenting)");
  // Ada nudges her view so a fresh viewport goes out after Bob is there.
  const pane = await ada.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("no pane");
  await ada.mouse.move(pane.x + pane.width - 60, pane.y + pane.height - 40);
  await ada.mouse.down();
  await ada.mouse.move(pane.x + pane.width - 50, pane.y + pane.height - 40, { steps: 3 });
  await ada.mouse.up();
  await expect.poll(() => namesOnScreen(ada)).toEqual(adaSees);
  // Everything Ada sees, Bob sees: before, his smaller canvas cut off the right-hand containers.
  await expect.poll(() => namesOnScreen(bob), { timeout: 5000 }).toEqual(adaSees);
  await shot(ada, "present-01-projector-1920");
  await shot(bob, "present-02-laptop-1280-follows");

  // Locked: Bob is read-only, and the banner saying so does not cover Break away.
  await ada
    .getByRole("region", { name: "People" })
    .getByLabel(/Lock editing/)
    .click();
  await expect(bob.getByText("The owner has locked this room")).toBeVisible();
  const breakAway = bob.getByRole("button", { name: "Break away" });
  expect(await uncovered(breakAway)).toBe(true);
  await shot(bob, "present-03-laptop-locked-banner");
  await breakAway.click();
  const back = bob.getByRole("button", { name: "Back to presenter" });
  await expect(back).toBeVisible();
  expect(await uncovered(back)).toBe(true);
  await shot(bob, "present-04-laptop-broke-away");
  await back.click();
  await expect(bob.getByTestId("following")).toBeVisible();

  // The same follow at 1920×1080 on both sides keeps Ada's exact view.
  const carol = await newPerson(browser, { viewport: { width: 1920, height: 1080 } });
  await carol.goto(invite);
  await expect(carol.getByTestId("following")).toContainText("(presenting)");
  await expect.poll(() => namesOnScreen(carol), { timeout: 5000 }).toEqual(adaSees);
  await shot(carol, "present-05-second-projector-1920");
});
