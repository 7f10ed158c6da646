import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { parseExercise, reviewExercise } from "../../lib/exercise";
import { startSandbox } from "./support";

test("authoring an exercise from the canvas: goals picked from it, exported as a valid file, imported back", async ({ page }) => {
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await startSandbox(page, /Default bridge/);
  await expect(page.locator(".react-flow__node-container")).toHaveCount(2);

  await page.getByText("Teach", { exact: true }).click();
  await page.getByRole("button", { name: "New exercise…" }).click();
  const dialog = page.getByRole("dialog", { name: "New exercise" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Title").first().fill("Names need a user-defined bridge");
  await dialog.getByLabel("Instructions (Markdown)").fill("Make **alpine1** reach `alpine2` by name. Use a network.");
  await dialog.getByLabel("Goal kind").selectOption("resolves");
  await dialog.getByRole("button", { name: "Add goal" }).click();
  const goal = dialog.getByTestId("goal-0");
  await goal.getByLabel("From").selectOption("alpine1");
  await goal.getByLabel("Name").selectOption("alpine2");
  // Checked live against the canvas: on the default bridge there is no DNS.
  await expect(goal.getByText("✗ not met now")).toBeVisible();

  // Without a title the file is refused, saying where.
  await dialog.getByRole("button", { name: "Use current as solution" }).click();
  await dialog.getByRole("button", { name: "Export exercise" }).click();
  await expect(dialog.getByTestId("author-message")).toContainText("goals[0].title");

  await goal.getByLabel("Title").fill("alpine1 resolves alpine2");
  await goal.getByLabel("Hint").fill("Only user-defined networks have DNS.");
  // The solution as lines typed on the start.
  await dialog.getByRole("button", { name: "Forget it" }).click();
  await dialog.getByLabel(/Or as shell lines/).fill("docker network create app\ndocker network connect app alpine1\ndocker network connect app alpine2");
  const download = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Export exercise" }).click();
  const file = await (await download).path();
  await expect(dialog.getByTestId("author-message")).toContainText("the start fails a goal and the solution meets them all");
  await page.screenshot({ path: "test-results/e2e/author-01-exported.png" });

  const parsed = parseExercise(readFileSync(file, "utf8"));
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.exercise.id).toBe("names-need-a-user-defined-bridge");
  expect(parsed.exercise.goals).toEqual([
    { kind: "resolves", from: "alpine1", name: "alpine2", title: "alpine1 resolves alpine2", hint: "Only user-defined networks have DNS." },
  ]);
  expect(Object.values(parsed.exercise.start?.containers ?? {}).map((c) => c.name)).toEqual(["alpine1", "alpine2"]);
  expect(reviewExercise(parsed.exercise).problems).toEqual([]);

  // Import: a broken file is refused with the reason; the exported one comes back.
  const input = dialog.locator('input[type="file"]');
  await input.setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"id":"x"}') });
  await expect(dialog.getByTestId("author-message")).toContainText("bad.json is not an exercise: title:");
  await dialog.getByLabel("Title").first().fill("");
  await input.setInputFiles(file);
  await expect(dialog.getByTestId("author-message")).toContainText("Imported names-need-a-user-defined-bridge");
  await expect(dialog.getByLabel("Title").first()).toHaveValue("Names need a user-defined bridge");
  await expect(dialog.getByTestId("goal-0")).toBeVisible();
});
