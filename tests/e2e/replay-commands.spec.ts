import { expect, test } from "@playwright/test";
import { firstLayoutDone, newPerson, shot, startSandbox } from "./support";

test("replay shows the command lines people typed, and what each did; gestures keep their words", async ({ browser }) => {
  const ada = await newPerson(browser);
  await startSandbox(ada);
  // The room's first layout is its first change and the command its second, however fast the terminal opens
  // (the page lays a fresh room out 1.5 s after joining: a quick command came first, a slow one after).
  await firstLayoutDone(ada);

  await ada.getByRole("button", { name: "Terminal", exact: true }).click();
  const rows = ada.getByTestId("terminal").locator(".xterm-rows");
  await expect(rows).toContainText("learner@");
  await ada.getByTestId("terminal").click();
  await ada.keyboard.type("docker network create appnet");
  await ada.keyboard.press("Enter");
  await expect(ada.locator(".react-flow__node-network").filter({ hasText: "appnet" })).toBeVisible();
  await ada.getByRole("button", { name: "Close the terminal" }).click();
  // A gesture: the palette's network.
  await ada.getByRole("region", { name: "Palette" }).getByRole("button", { name: "Add network" }).click();
  await expect(ada.locator(".react-flow__node-network")).toHaveCount(3);
  // The replay reads what the server has stored: wait until the page says nothing is left to save.
  await expect(ada.getByRole("status").filter({ hasText: /^live$/ })).toBeVisible();

  await ada.getByText("Teach", { exact: true }).click();
  await ada.getByRole("button", { name: "Replay history" }).click();
  const replay = ada.getByRole("region", { name: "Replay" });
  const log = replay.locator(".replay-log");
  await expect(log).toContainText(/: docker network create appnet \(add network appnet\)/);
  await expect(log).toContainText(/: add network my-net/);
  await expect(log.locator("code")).toHaveCount(1);
  await replay.getByRole("button", { name: /Start/ }).click();
  // Change 1 is the first layout, change 2 the command.
  await replay.getByRole("button", { name: /Next/ }).click();
  await expect(replay.getByTestId("replay-who")).toContainText(/at .*: move$/);
  await replay.getByRole("button", { name: /Next/ }).click();
  await expect(replay.getByTestId("replay-who")).toContainText(/at .*: docker network create appnet/);
  await shot(ada, "replay-commands");
});
