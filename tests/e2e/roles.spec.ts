import { type Browser, expect, type Page, test } from "@playwright/test";
import { inviteLink, newPerson, openRoom, shot, startSandbox } from "./support";

/** A browser of its own, with a display name remembered the way the page remembers it. */
async function person(browser: Browser, name: string): Promise<Page> {
  const page = await newPerson(browser);
  await page.addInitScript((n) => localStorage.setItem("dockside.me", JSON.stringify({ name: n, color: "#2f9e44" })), name);
  return page;
}

/** Opens a terminal, types one command, returns what it printed and closes the terminal again. */
async function run(page: Page, command: string): Promise<string> {
  await page.getByRole("button", { name: "Terminal", exact: true }).click();
  const rows = page.getByTestId("terminal").locator(".xterm-rows");
  await expect(rows).toContainText("learner@");
  await page.getByTestId("terminal").click();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  // The second prompt means the command finished.
  await expect.poll(async () => ((await rows.textContent()) ?? "").split("learner@").length).toBeGreaterThan(2);
  const out = (await rows.textContent()) ?? "";
  await page.getByRole("button", { name: "Close the terminal" }).click();
  return out;
}

const networkNode = (page: Page, name: string) =>
  page.locator(".react-flow__node-network").filter({ has: page.locator("strong", { hasText: new RegExp(`^${name}$`) }) });

test("the owner makes someone a viewer, locks the room and removes them; the server refuses their edits and the page says so", async ({ browser }) => {
  const ada = await person(browser, "Ada");
  await startSandbox(ada);
  const invite = await inviteLink(ada);

  const bob = await person(browser, "Bob");
  await openRoom(bob, invite);
  const adaPeople = ada.getByRole("region", { name: "People" });
  const bobPeople = bob.getByRole("region", { name: "People" });
  await expect(adaPeople.getByLabel("Role of Bob")).toHaveValue("editor");
  // Next to the controls, the name itself still has room to be read.
  const bobName = adaPeople.locator('li[data-member="Bob"] .who');
  await expect(bobName).toBeVisible();
  expect((await bobName.boundingBox())?.width ?? 0).toBeGreaterThan(40);
  // Only the owner gets the controls.
  await expect(bobPeople.getByRole("combobox")).toHaveCount(0);
  await expect(bobPeople.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await expect(bobPeople).toContainText("Ada");
  await expect(bobPeople).toContainText("owner");

  // Viewer: a badge and a banner, the palette is off, and an edit from the terminal is refused.
  await adaPeople.getByLabel("Role of Bob").selectOption("viewer");
  await expect(bob.getByText("You are a viewer in this room")).toBeVisible();
  await expect(bobPeople.getByText("read-only", { exact: true })).toBeVisible();
  await expect(bob.getByRole("region", { name: "Palette" }).getByRole("button", { name: "Add container" })).toBeDisabled();
  expect(await run(bob, "docker network create bobnet")).toContain("viewers cannot edit");
  await shot(bob, "roles-01-viewer");

  // Editor again: the same command goes through and Ada sees it.
  await adaPeople.getByLabel("Role of Bob").selectOption("editor");
  await expect(bob.getByText("You are a viewer in this room")).toHaveCount(0);
  await run(bob, "docker network create bobnet");
  await expect(networkNode(ada, "bobnet")).toBeVisible();
  await expect(networkNode(bob, "bobnet")).toBeVisible();

  // Locked: editors look but cannot change; the owner still can.
  // The box shows the server's answer, so it turns on once the server agreed.
  await adaPeople.getByLabel(/Lock editing/).click();
  await expect(adaPeople.getByLabel(/Lock editing/)).toBeChecked();
  // One lock control, in the People panel: the toolbar has none.
  await expect(ada.getByRole("button", { name: /lock editing/i })).toHaveCount(0);
  await expect(bob.getByText("The owner has locked this room")).toBeVisible();
  await expect(bobPeople.getByText("locked", { exact: true })).toBeVisible();
  expect(await run(bob, "docker network create lockednet")).toContain("the owner has locked editing");
  await run(ada, "docker network create ownernet");
  await expect(networkNode(bob, "ownernet")).toBeVisible();
  await expect(networkNode(ada, "lockednet")).toHaveCount(0);
  await shot(bob, "roles-02-locked");
  await adaPeople.getByLabel(/Lock editing/).click();
  await expect(adaPeople.getByLabel(/Lock editing/)).not.toBeChecked();
  await expect(bob.getByText("The owner has locked this room")).toHaveCount(0);

  // Removed: Bob's page says so and he is gone from Ada's list; coming back with his link is refused.
  await adaPeople.getByRole("button", { name: "Remove Bob" }).click();
  await expect(bob.getByText("The owner removed you from this room")).toBeVisible();
  await expect(adaPeople.getByLabel("Role of Bob")).toHaveCount(0);
  await shot(bob, "roles-03-removed");
  await bob.reload();
  await expect(bob.getByRole("heading", { name: "Can’t open this room" })).toBeVisible();
  await expect(bob.getByText("the owner removed you from this room")).toBeVisible();
});

test("invite links per role: a viewer link makes a viewer, and new links retire the old ones", async ({ browser }) => {
  const ada = await person(browser, "Ada");
  await startSandbox(ada);
  await ada.getByText("Invite", { exact: true }).click();
  const copyViewer = ada.getByRole("button", { name: /Copy viewer link/ });
  await expect(copyViewer).toBeVisible();
  await expect(ada.getByRole("button", { name: /Copy editor link/ })).toBeVisible();
  await shot(ada, "roles-04-invite-menu");
  const viewerLink = await inviteLink(ada, "viewer");
  const editorLink = await inviteLink(ada, "editor");
  expect(viewerLink).not.toBe(editorLink);

  const vic = await person(browser, "Vic");
  await openRoom(vic, viewerLink);
  await expect(vic.getByRole("region", { name: "People" }).getByText("read-only", { exact: true })).toBeVisible();
  await expect(ada.getByRole("region", { name: "People" }).getByLabel("Role of Vic")).toHaveValue("viewer");
  // The viewer gets no invite links of their own.
  await expect(vic.getByText("Invite", { exact: true })).toHaveCount(0);

  await ada.getByRole("button", { name: "New invite links" }).click();
  await expect(ada.getByText("New links made: the old ones no longer work")).toBeVisible();
  await expect.poll(() => inviteLink(ada, "viewer")).not.toBe(viewerLink);
  await shot(ada, "roles-05-new-links");
  const eve = await person(browser, "Eve");
  await eve.goto(viewerLink);
  await expect(eve.getByRole("heading", { name: "Can’t open this room" })).toBeVisible();
  await eve.goto(await inviteLink(ada, "viewer"));
  await expect(eve.getByRole("region", { name: "People" }).getByText("read-only", { exact: true })).toBeVisible();
  // Vic, already in, stays.
  await expect(ada.getByRole("region", { name: "People" }).getByLabel("Role of Vic")).toHaveValue("viewer");
});
