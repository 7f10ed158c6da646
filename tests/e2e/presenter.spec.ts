import { expect, type Page, test } from "@playwright/test";
import { inviteLink, newPerson, openRoom, shot, startSandbox } from "./support";

/** React Flow's pan and zoom, as the transform of its viewport element. */
const viewport = (page: Page) =>
  page
    .locator(".react-flow__viewport")
    .first()
    .evaluate((el) => (el as HTMLElement).style.transform);

/** Zooms with the wheel over an empty part of the canvas. */
async function zoom(page: Page, deltaY: number): Promise<void> {
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("no canvas pane");
  await page.mouse.move(pane.x + pane.width - 80, pane.y + pane.height - 50);
  await page.mouse.wheel(0, deltaY);
}

/** Pans by dragging an empty part of the canvas. */
async function pan(page: Page, dx: number, dy: number): Promise<void> {
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("no canvas pane");
  const x = pane.x + pane.width - 260;
  const y = pane.y + pane.height - 50;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up();
}

test("presenter mode: followers' viewports move with the presenter, break away, come back; the spotlight plays everywhere; replay", async ({ browser }) => {
  const ada = await newPerson(browser);
  await startSandbox(ada, /Published web server/);
  await expect(ada.locator(".react-flow__node-container")).toHaveCount(2);
  const invite = await inviteLink(ada);

  const bob = await newPerson(browser);
  await openRoom(bob, invite);
  await expect(bob.locator(".react-flow__node-container")).toHaveCount(2);
  // Only the owner gets the Present button.
  await expect(bob.getByRole("button", { name: "Present" })).toHaveCount(0);

  await ada.getByRole("button", { name: "Present" }).click();
  await expect(ada.getByText("You are presenting")).toBeVisible();
  await expect(bob.getByTestId("following")).toContainText("Following");
  await expect(bob.getByTestId("following")).toContainText("(presenting)");

  // The presenter's selection follows too.
  await ada.locator(".react-flow__node-container").filter({ hasText: "web" }).first().click();
  await expect(bob.locator(".react-flow__node-container.selected")).toContainText("web");

  // The presenter zooms and pans: the follower's canvas takes the same view.
  await zoom(ada, -400);
  await pan(ada, 120, -60);
  const adaView = await viewport(ada);
  await expect.poll(() => viewport(bob), { timeout: 5000 }).toBe(adaView);
  await shot(ada, "presenter-01-ada");
  await shot(bob, "presenter-02-bob-follows");

  // Bob moves on his own: he breaks away and stays where he is while Ada moves on.
  await pan(bob, -150, 40);
  await expect(bob.getByRole("button", { name: "Back to presenter" })).toBeVisible();
  const bobOwn = await viewport(bob);
  await pan(ada, 80, 80);
  const adaMoved = await viewport(ada);
  expect(adaMoved).not.toBe(adaView);
  await ada.waitForTimeout(600);
  expect(await viewport(bob)).toBe(bobOwn);
  await shot(bob, "presenter-03-bob-broke-away");

  // One click brings him back.
  await bob.getByRole("button", { name: "Back to presenter" }).click();
  await expect.poll(() => viewport(bob), { timeout: 5000 }).toBe(adaMoved);
  await expect(bob.getByTestId("following")).toBeVisible();

  // Spotlight: Ada asks "Can it reach?"; the path lights up on Bob's screen too.
  const reach = ada.getByRole("region", { name: "Can it reach?" });
  await reach.getByLabel("From").selectOption({ label: "client (container)" });
  await reach.getByLabel("To").fill("web");
  await reach.getByLabel("Port").fill("80");
  await reach.getByRole("button", { name: "Check" }).click();
  await expect(reach.getByTestId("reach-verdict")).toBeVisible();
  const verdict = await reach.getByTestId("reach-verdict").textContent();
  await expect(bob.getByTestId("spotlight")).toContainText("client → web:80");
  await expect(bob.getByTestId("spotlight")).toContainText(verdict ?? "?");
  await expect(bob.locator(".react-flow__node.hl").first()).toBeVisible();
  await shot(bob, "presenter-04-bob-spotlight");

  // Presenting off: Bob follows Ada by clicking her avatar instead, until he moves.
  await ada.getByRole("button", { name: "Stop presenting" }).click();
  await expect(bob.getByTestId("following")).toHaveCount(0);
  await bob.getByRole("button", { name: /^Follow / }).click();
  await expect(bob.getByTestId("following")).toContainText("Following");
  await zoom(ada, 300);
  const adaLast = await viewport(ada);
  await expect.poll(() => viewport(bob), { timeout: 5000 }).toBe(adaLast);
  await pan(bob, 60, 0);
  await expect(bob.getByTestId("following")).toHaveCount(0);

  // Replay: the owner scrubs back to before the template ran; the canvas is read-only meanwhile.
  await ada.getByText("Teach", { exact: true }).click();
  await ada.getByRole("button", { name: "Replay history" }).click();
  const replay = ada.getByRole("region", { name: "Replay" });
  const scrub = replay.getByRole("slider");
  await expect(scrub).toBeVisible();
  await replay.getByRole("button", { name: /Start/ }).click();
  await expect(ada.locator(".react-flow__node-container")).toHaveCount(0);
  await expect(ada.getByText(/Replay: the room at change 0/)).toBeVisible();
  // The template's docker run pulls nginx first, as a real engine without the image does.
  await replay.getByRole("button", { name: /Next/ }).click();
  await expect(replay.getByTestId("replay-who")).toContainText(/at .*: pull nginx/);
  await expect(ada.locator(".react-flow__node-container")).toHaveCount(0);
  await replay.getByRole("button", { name: /Next/ }).click();
  await expect(replay.getByTestId("replay-who")).toContainText(/at .*: add container web/);
  await expect(ada.locator(".react-flow__node-container")).toHaveCount(1);
  await shot(ada, "presenter-05-replay");
  await replay.getByRole("button", { name: "Back to live" }).click();
  await expect(ada.locator(".react-flow__node-container")).toHaveCount(2);
  // Bob is not the owner: no replay for him.
  await bob.getByText("Teach", { exact: true }).click();
  await expect(bob.getByRole("button", { name: "New exercise…" })).toBeVisible();
  await expect(bob.getByRole("button", { name: "Replay history" })).toHaveCount(0);
});
