/**
 * The canvas from far away: below the zoom where text is legible the graph is drawn on one canvas
 * (app/room/canvas/FarView.tsx). It must still show everything, select and drag with the same op a normal
 * drag sends (so the other person sees it and undo takes it back), and give way to the full nodes
 * when zoomed in again.
 */
import { expect, type Page, test } from "@playwright/test";
import { inviteLink, newPerson, node, openRoom, shot, startSandbox } from "./support";

/** The viewport's pan and zoom, as React Flow applies them. */
async function viewport(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const t = await page.locator(".react-flow__viewport").evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(t);
  if (!m) throw new Error(`unexpected viewport transform ${t}`);
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

/** A node's relative position, from the translate React Flow gives its element. */
async function nodePosition(page: Page, kind: string, name: string): Promise<{ x: number; y: number }> {
  const t = await node(page, kind, name).evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(t);
  if (!m) throw new Error(`unexpected node transform ${t}`);
  return { x: Number(m[1]), y: Number(m[2]) };
}

/** Waits until the view has not moved for `quiet` ms (zoom buttons animate, so does a refit). */
async function settle(page: Page, quiet = 150): Promise<void> {
  const still = async () => {
    const a = await viewport(page);
    await page.waitForTimeout(quiet);
    return JSON.stringify(a) === JSON.stringify(await viewport(page));
  };
  await expect.poll(still, { timeout: 30_000 }).toBe(true);
}

/** A node's middle in flow coordinates, read in one go with the viewport it is drawn at. */
async function flowCentre(page: Page, kind: string, name: string): Promise<{ x: number; y: number }> {
  await settle(page);
  const box = await node(page, kind, name).boundingBox();
  const pane = await page.locator(".react-flow").boundingBox();
  const vp = await viewport(page);
  if (!box || !pane) throw new Error(`no ${kind} ${name} on the page`);
  return { x: (box.x + box.width / 2 - pane.x - vp.x) / vp.zoom, y: (box.y + box.height / 2 - pane.y - vp.y) / vp.zoom };
}

/** How many pixels of the far view's canvas are drawn on. */
const drawnPixels = (page: Page) =>
  page.locator("canvas.far-view").evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) n++;
    return n;
  });

/** Pixels of the far view in the light theme's highlight colour (--hl, #e8590c). */
const highlightPixels = (page: Page) =>
  page.locator("canvas.far-view").evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i] as number, data[i + 1] as number, data[i + 2] as number];
      if (Math.abs(r - 232) < 30 && Math.abs(g - 89) < 40 && b < 60) n++;
    }
    return n;
  });

test("far away the canvas draws every node on one canvas, drags with one op, and zooming in brings the nodes back", async ({ browser }) => {
  const ada = await newPerson(browser);
  await startSandbox(ada);
  const invite = await inviteLink(ada);
  const bob = await newPerson(browser);
  await openRoom(bob, invite);

  const palette = ada.getByRole("region", { name: "Palette" });
  for (const name of ["web", "db"]) {
    await palette.getByLabel("Image").fill("nginx");
    await palette.getByLabel("Name").first().fill(name);
    await palette.getByRole("button", { name: "Add container" }).click();
    await expect(node(ada, "container", name)).toBeVisible();
  }
  await expect(node(bob, "container", "web")).toBeVisible();

  // A fresh room lays out its unplaced LAN and bridge a moment after the last change, then refits the
  // view: let that happen first.
  await settle(ada, 3000);
  // Where web is in flow coordinates, from its element while it is still one.
  const webFlow = await flowCentre(ada, "container", "web");
  const dbFlow = await flowCentre(ada, "container", "db");
  const pane = await ada.locator(".react-flow").boundingBox();
  if (!pane) throw new Error("no pane");
  const before = await nodePosition(bob, "container", "web");

  // Zoom out with the zoom controls until the far view takes over.
  const zoomOut = ada.getByRole("button", { name: "Zoom Out" });
  while ((await viewport(ada)).zoom >= 0.4) await zoomOut.click();
  await settle(ada);
  await expect(ada.locator("canvas.far-view")).toBeVisible();
  await expect(ada.locator(".react-flow__node")).toHaveCount(0);
  await expect(ada.locator(".react-flow__edge")).toHaveCount(0);
  await expect.poll(() => drawnPixels(ada)).toBeGreaterThan(2000);
  await shot(ada, "far-01-zoomed-out");

  // Press on web (selects it: the inspector shows it), drag it 40 px to the right.
  const vp = await viewport(ada);
  const at = { x: pane.x + vp.x + webFlow.x * vp.zoom, y: pane.y + vp.y + webFlow.y * vp.zoom };
  await ada.mouse.move(at.x, at.y);
  await ada.mouse.down();
  await ada.mouse.move(at.x + 20, at.y, { steps: 4 });
  await ada.mouse.move(at.x + 40, at.y, { steps: 4 });
  await ada.mouse.up();
  await expect(ada.getByRole("region", { name: "Inspector" })).toContainText("web");
  // The pane did not pan under the drag.
  expect(await viewport(ada)).toEqual(vp);
  const moved = 40 / vp.zoom;
  await expect.poll(async () => (await nodePosition(bob, "container", "web")).x - before.x).toBeGreaterThan(moved - 3);
  expect((await nodePosition(bob, "container", "web")).x - before.x).toBeLessThan(moved + 3);
  expect((await nodePosition(bob, "container", "web")).y).toBe(before.y);
  await shot(ada, "far-02-dragged");
  await shot(bob, "far-03-other-sees-move");

  // One op: one undo puts it back, for Bob too.
  await ada.getByRole("button", { name: "Undo", exact: true }).click();
  await expect.poll(async () => (await nodePosition(bob, "container", "web")).x).toBe(before.x);

  // The Delete key removes what is selected far away too (React Flow keeps the nodes, hidden); undo
  // brings it back.
  const vp1 = await viewport(ada);
  await ada.mouse.click(pane.x + vp1.x + dbFlow.x * vp1.zoom, pane.y + vp1.y + dbFlow.y * vp1.zoom);
  await expect(ada.getByRole("region", { name: "Inspector" })).toContainText("db");
  await ada.keyboard.press("Delete");
  await expect(node(bob, "container", "db")).toHaveCount(0);
  await ada.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(node(bob, "container", "db")).toBeVisible();

  // A press on empty space still pans the view.
  const vpBefore = await viewport(ada);
  await ada.mouse.move(pane.x + 40, pane.y + 40);
  await ada.mouse.down();
  await ada.mouse.move(pane.x + 90, pane.y + 70, { steps: 5 });
  await ada.mouse.up();
  await expect.poll(async () => Math.round((await viewport(ada)).x - vpBefore.x)).toBe(50);
  await settle(ada);

  // The reach path stays highlighted far away, in the highlight colour.
  const reachPanel = ada.getByRole("region", { name: "Can it reach?" });
  await reachPanel.getByLabel("From").selectOption({ label: "web (container)" });
  // (The default bridge has no DNS: the bridge's gateway by address, pinged.)
  await reachPanel.getByLabel("To").fill("172.17.0.1");
  await reachPanel.getByLabel("Port").fill("");
  await reachPanel.getByRole("button", { name: "Check" }).click();
  await expect(reachPanel.getByTestId("reach-verdict")).toHaveText("reachable");
  await expect.poll(() => highlightPixels(ada)).toBeGreaterThan(100);
  await shot(ada, "far-04-reach");

  // A double click on a node zooms in to it: the full nodes are back and the far view is gone.
  const vp2 = await viewport(ada);
  await ada.mouse.dblclick(pane.x + vp2.x + webFlow.x * vp2.zoom, pane.y + vp2.y + webFlow.y * vp2.zoom);
  await expect(node(ada, "container", "web")).toBeVisible();
  await expect(ada.locator("canvas.far-view")).toHaveCount(0);
  expect((await viewport(ada)).zoom).toBeGreaterThanOrEqual(0.4);
  await shot(ada, "far-05-zoomed-in");
});
