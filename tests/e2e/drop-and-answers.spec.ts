import { expect, test } from "@playwright/test";
import { isLive, newPerson, node, settledBox, shot, startSandbox } from "./support";

test("a newcomer's first containers: Publish is cleared after Add, a link dropped on a network's box connects, arrow keys move a box for good, and a reach verdict follows the room", async ({
  browser,
}) => {
  const page = await newPerson(browser);
  await startSandbox(page);
  const palette = page.getByRole("region", { name: "Palette" });

  // No placeholder that reads like a value; the example is a hint beside the field.
  const publish = palette.getByLabel("Publish");
  expect(await publish.getAttribute("placeholder")).toBeNull();
  await expect(palette.getByText("e.g. 8080:80")).toBeVisible();

  // Publish 8080:80 once; the field empties, so the next Add does not ask for the same port again.
  await palette.getByLabel("Image").fill("nginx");
  await palette.getByLabel("Name").first().fill("web");
  await publish.fill("8080:80");
  await palette.getByRole("button", { name: "Add container" }).click();
  await expect(node(page, "container", "web")).toBeVisible();
  await expect(publish).toHaveValue("");
  await palette.getByLabel("Image").fill("alpine");
  await palette.getByLabel("Name").first().fill("client");
  await palette.getByRole("button", { name: "Add container" }).click();
  await expect(node(page, "container", "client")).toBeVisible();
  await expect(palette.getByRole("alert")).toHaveCount(0);
  await palette.getByRole("button", { name: "Add network" }).click();
  await expect(node(page, "network", "my-net")).toBeVisible();
  await shot(page, "drop-01-added");

  // A link from client's handle dropped in the middle of my-net's box, far from its handle.
  const from = await settledBox(page, node(page, "container", "client").locator(".react-flow__handle-top"));
  const to = await settledBox(page, node(page, "network", "my-net"));
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + 30, { steps: 6 });
  await page.mouse.move(to.x + to.width / 2, to.y + 14, { steps: 6 });
  await page.mouse.up();
  await node(page, "container", "client").click();
  await expect(page.getByRole("button", { name: "Disconnect from my-net" })).toBeAttached();
  await shot(page, "drop-02-connected-by-box");

  // Arrow keys move the selected box; the new place is the document's, so it survives a reload.
  const before = await node(page, "container", "client").boundingBox();
  await node(page, "container", "client").focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await node(page, "container", "client").boundingBox())?.x ?? 0).toBeGreaterThan((before?.x ?? 0) + 10);
  await page.waitForTimeout(500);
  await page.reload();
  await isLive(page);
  const web = await node(page, "container", "web").boundingBox();
  const client = await node(page, "container", "client").boundingBox();
  // Relative to web (the reload fits the view again), client sits further right than before.
  expect((client?.x ?? 0) - (web?.x ?? 0)).toBeGreaterThan((before?.x ?? 0) - (web?.x ?? 0) + 10);

  // Reach: the answer follows the room without pressing Check again.
  const reach = page.getByRole("region", { name: "Can it reach?" });
  await reach.getByLabel("From").selectOption({ label: "client (container)" });
  await reach.getByLabel("To").fill("172.17.0.2");
  await reach.getByRole("button", { name: "Ping" }).click();
  await expect(reach.getByTestId("reach-verdict")).toHaveText("reachable");
  await expect(reach.getByText("(ping)")).toBeVisible();
  await shot(page, "drop-03-ping");
  await node(page, "container", "web").click();
  await page.keyboard.press("Delete");
  await expect(node(page, "container", "web")).toHaveCount(0);
  await expect(reach.getByTestId("reach-verdict")).not.toHaveText("reachable");
  await shot(page, "drop-04-verdict-follows");

  // Another machine on the LAN asks too.
  await expect(reach.getByLabel("From").locator("option", { hasText: "(LAN)" })).not.toHaveCount(0);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, "drop-05-1920");
});
