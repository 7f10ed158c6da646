import { expect, type Page, test } from "@playwright/test";
import { firstLayoutDone, newPerson, shot, startSandbox } from "./support";

/** Types one line into the room's terminal and waits for the bare prompt that follows its output; returns the screen. */
async function type(page: Page, line: string): Promise<string> {
  const rows = page.getByTestId("terminal").locator(".xterm-rows > div");
  const screen = async () => (await rows.allTextContents()).map((r) => r.trimEnd()).filter((r) => r !== "");
  await page.getByTestId("terminal").click();
  await page.keyboard.type(line);
  await expect.poll(async () => (await screen()).at(-1)).toContain(line.slice(-20));
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await screen()).at(-1), { timeout: 20_000 }).toMatch(/^learner@host:~\$$/);
  return (await screen()).join("\n");
}

/** No two of these boxes overlap, and each lies inside the window. */
async function laidOut(page: Page, selector: string): Promise<void> {
  const size = page.viewportSize();
  const boxes = (await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) as DOMRect[];
  for (const [i, a] of boxes.entries()) {
    expect(a.right, `${selector} #${i} right edge`).toBeLessThanOrEqual((size?.width ?? 0) + 1);
    for (const b of boxes.slice(i + 1)) {
      const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
      expect(overlap, `${selector}: ${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(false);
    }
  }
}

test("the internet answers through NAT in the terminal and in Can it reach?; a room of two hosts and eight containers fits 1280×720 and 1920×1080", async ({
  browser,
}) => {
  const page = await newPerson(browser);
  await startSandbox(page);
  await firstLayoutDone(page);

  await page.getByRole("button", { name: "Terminal", exact: true }).click();
  await expect(page.getByTestId("terminal").locator(".xterm-rows")).toContainText("learner@");
  await type(page, "for i in 1 2 3 4 5 6; do docker run -dit --name c$i alpine; done");
  const pinged = await type(page, "docker exec c1 ping -c 2 8.8.8.8");
  expect(pinged).toMatch(/64 bytes from 8\.8\.8\.8: seq=1 ttl=117 time=\d+\.\d{3} ms/);
  expect(pinged).toContain("2 packets transmitted, 2 packets received, 0% packet loss");
  await type(page, "docker run -dit --name lonely --network none alpine");
  expect(await type(page, "docker exec lonely ping -c 1 8.8.8.8")).toContain("ping: sendto: Network is unreachable");
  await type(page, "lab host add host2");
  await type(page, "docker run -d --name web nginx");
  expect(await type(page, "docker ps -q | wc -l")).toMatch(/\n8\nlearner@host:~\$$/);
  await shot(page, "internet-01-terminal");
  await page.getByRole("button", { name: "Close the terminal" }).click();

  // Another machine on the LAN pings 8.8.8.8: reachable, through the router, out on the internet.
  const reach = page.getByRole("region", { name: "Can it reach?" });
  await reach.getByLabel("From").selectOption({ label: "another machine on lan (LAN)" });
  await reach.getByLabel("To").fill("8.8.8.8");
  await reach.getByRole("button", { name: "Ping" }).click();
  await expect(reach.getByTestId("reach-verdict")).toHaveText("reachable");
  await expect(reach.getByTestId("reach-reason")).toHaveText("8.8.8.8 answers ping");
  await expect(reach.locator(".hops")).toContainText("masquerades the machine's address");
  await expect(reach.locator(".hops")).toContainText("8.8.8.8 (dns.google) is on the internet");
  // And from a container with no network: no route at all.
  await reach.getByLabel("From").selectOption({ label: "lonely (container)" });
  await reach.getByRole("button", { name: "Ping" }).click();
  await expect(reach.getByTestId("reach-verdict")).toHaveText("no-route");
  await shot(page, "internet-02-reach-1280");

  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(400);
    await shot(page, `sizes-${width}x${height}`);
    await laidOut(page, ".toolbar > *");
    // Drawn as boxes (at 1280×720 the fitted view is far enough out to be painted on one canvas instead).
    await laidOut(page, ".react-flow__node-container");
    // The toolbar holds everything on one row: nothing is pushed past the window's edge.
    const bar = await page.locator(".toolbar").boundingBox();
    expect(bar?.height ?? 99).toBeLessThan(60);
  }
});
