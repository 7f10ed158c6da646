import { expect, type Page, test } from "@playwright/test";
import { firstLayoutDone, newPerson, node, seriousViolations, shot, startSandbox } from "./support";

async function type(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

test("the host's image shelf opens an image's layers, shared ones marked; a container shows its writable layer on top", async ({ browser }) => {
  const page = await newPerson(browser);
  await startSandbox(page);
  await firstLayoutDone(page);

  // Build an image on nginx in the terminal, and run it.
  await page.getByRole("button", { name: "Terminal", exact: true }).click();
  const term = page.getByTestId("terminal");
  await expect(term.locator(".xterm-rows")).toContainText("learner@host");
  await term.click();
  await type(page, "printf 'FROM nginx\\nRUN echo mine > /usr/share/nginx/html/index.html\\n' > Dockerfile");
  await type(page, "docker build -t page .");
  await expect(term.locator(".xterm-rows")).toContainText("Successfully tagged page:latest");
  await type(page, "docker run -d --name web page");
  await expect(node(page, "container", "web")).toBeVisible();
  await type(page, "docker exec web sh -c 'echo hi > /tmp/note'");
  await page.getByRole("button", { name: "Close the terminal" }).click();

  // The host's shelf lists both images with their sizes.
  await node(page, "host", "host").locator("header").click();
  const inspector = page.getByRole("region", { name: "Inspector" });
  const shelf = inspector.getByRole("region", { name: "images on host" });
  await expect(shelf.getByRole("button")).toHaveText([/^page:latest\s*192MB$/, /^nginx:latest\s*192MB$/]);

  // From the keyboard: focus page:latest, Enter opens its layers, top first.
  await shelf.getByRole("button", { name: /page:latest/ }).focus();
  await page.keyboard.press("Enter");
  const layers = shelf.getByRole("list", { name: "layers of page:latest, top first" });
  const top = layers.getByRole("listitem").first();
  await expect(top).toContainText("RUN");
  await expect(top.locator(".layer-text")).toHaveText("echo mine > /usr/share/nginx/html/index.html");
  await expect(top).toContainText("5B");
  await expect(top).not.toContainText("shared");
  // nginx's own layers are in both images: marked shared; its metadata rows make no layer.
  await expect(layers.locator(".layer:not(.empty)").filter({ hasText: "shared" })).toHaveCount(7);
  await expect(layers.locator(".layer.empty").first()).toContainText("no layer");
  expect(await seriousViolations(page)).toEqual([]);
  await top.scrollIntoViewIfNeeded();
  await shot(page, "layers-01-shelf-1280");

  // A layer's files, from the keyboard: the top RUN changed nginx's page and the directories above it.
  await layers.getByRole("button", { name: /^layer 8: echo mine/ }).focus();
  await page.keyboard.press("Enter");
  const files = shelf.getByRole("region", { name: "files of layer 8" });
  await expect(layers.getByRole("button", { name: /^layer 8: / })).toHaveAttribute("aria-pressed", "true");
  await expect(files.getByRole("list", { name: "changes of layer 8" }).getByRole("listitem")).toHaveText([
    "C /usr",
    "C /usr/share",
    "C /usr/share/nginx",
    "C /usr/share/nginx/html",
    "C /usr/share/nginx/html/index.html",
  ]);
  // The merged tree as of that layer: nginx's files with the changed page marked where it sits.
  const tree = files.getByRole("list", { name: "files as of layer 8" });
  await expect(tree.getByRole("listitem").filter({ hasText: /^C\s*index\.html$/ })).toHaveCount(1);
  await expect(tree.getByRole("listitem").filter({ hasText: /^\s*ls$/ })).toHaveCount(1);
  // Past the seven other layers' buttons, Tab reaches the tree, which then scrolls from the keyboard.
  for (let i = 0; i < 8; i++) await page.keyboard.press("Tab");
  await expect(tree).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  await files.scrollIntoViewIfNeeded();
  await shot(page, "layers-05-layer-files-1280");
  // One of nginx's own layers: the catalog holds its files as one tree, and the view says so.
  await layers.getByRole("button", { name: /^layer 1: / }).click();
  const bottom = shelf.getByRole("region", { name: "files of layer 1" });
  await expect(bottom).toContainText("which of its layers added each file is not recorded");
  await expect(bottom).toContainText("The base image's files as of its top layer");
  await expect(
    bottom
      .getByRole("list", { name: "files as of layer 1" })
      .getByRole("listitem")
      .filter({ hasText: /^\s*index\.html$/ }),
  ).toHaveCount(1);
  await bottom.scrollIntoViewIfNeeded();
  await shot(page, "layers-06-base-layer-1280");
  await layers.getByRole("button", { name: /^layer 1: / }).click();
  await expect(bottom).toHaveCount(0);
  await top.scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, "layers-02-shelf-1920");

  // The container: its writable layer on top of its image's layers.
  await node(page, "container", "web").click();
  await inspector.getByText(/^Layers: its writable layer on page:latest$/).click();
  const own = inspector.getByRole("list", { name: "layers of page:latest, top first" });
  await expect(own.getByRole("listitem").first()).toContainText("this container: 2 changes");
  await expect(own.getByRole("listitem").first()).toContainText("3B");
  await expect(own.getByRole("listitem").nth(1)).toContainText("echo mine");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "layers-03-container-1920");
  await page.setViewportSize({ width: 1280, height: 720 });
  await own.scrollIntoViewIfNeeded();
  await shot(page, "layers-04-container-1280");
});
