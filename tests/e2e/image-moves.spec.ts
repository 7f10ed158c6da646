import { expect, type Locator, type Page, test } from "@playwright/test";
import { firstLayoutDone, inviteLink, newPerson, node, openRoom, seriousViolations, shot, startSandbox } from "./support";

async function type(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

const travelOf = (page: Page) => page.getByTestId("image-move").evaluate((el) => getComputedStyle(el).animationName);

test("a push and a pull through a registry send the image's name from one machine to the other, on every member's canvas", async ({ browser }) => {
  const ada = await newPerson(browser);
  await startSandbox(ada);
  await firstLayoutDone(ada);
  // Bob watches with reduced motion: the token shows where the image arrives instead of travelling.
  const bob = await newPerson(browser);
  await bob.emulateMedia({ reducedMotion: "reduce" });
  await openRoom(bob, await inviteLink(ada));

  await ada.getByRole("button", { name: "Terminal", exact: true }).click();
  const term = ada.getByTestId("terminal");
  const rows = term.locator(".xterm-rows");
  await expect(rows).toContainText("learner@host");
  await term.click();
  await type(ada, "lab host add hostb");
  await expect(rows).toContainText("host hostb added");
  // hostb lands beside the view Bob had: he fits the view to see both machines.
  await bob.getByRole("button", { name: /fit view/i }).click();
  await expect(node(bob, "host", "hostb")).toBeVisible();
  await type(ada, "docker run -d -p 5000:5000 --name registry registry:2");
  await type(ada, "docker pull -q busybox");
  await type(ada, "docker tag busybox localhost:5000/bb:1");
  await expect(rows).toContainText("docker.io/library/busybox:latest");
  await expect(ada.getByTestId("image-move")).toHaveCount(0);

  // The push: host to its own registry, a token on host.
  await type(ada, "docker push localhost:5000/bb:1");
  await expect(ada.getByTestId("image-move")).toHaveText("bb:1");
  await expect(bob.getByTestId("image-move")).toHaveText("bb:1");
  await expect(bob.getByTestId("image-move-said")).toHaveText("bb:1 pushed from host to the registry on host");
  await expect(ada.getByTestId("image-move")).toHaveCount(0, { timeout: 3000 });

  // hostb trusts the registry at host's address and pulls: the token travels from host to hostb.
  await type(ada, `ssh hostb "echo '{\\"insecure-registries\\": [\\"192.168.1.10:5000\\"]}' > /etc/docker/daemon.json"`);
  await type(ada, "ssh hostb systemctl reload docker");
  await type(ada, "ssh hostb docker pull 192.168.1.10:5000/bb:1");
  const token = ada.getByTestId("image-move");
  await expect(token).toHaveText("bb:1");
  const bobToken = bob.getByTestId("image-move");
  await expect(bobToken).toHaveText("bb:1");
  // On its way, Ada's token has left host and not yet reached hostb; Bob's shows on hostb, not moving.
  const center = async (l: Locator) => {
    const b = await l.boundingBox();
    if (!b) throw new Error("no box");
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  const [mid, from, to] = [await center(token), await center(node(ada, "host", "host")), await center(node(ada, "host", "hostb"))];
  const dist = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);
  expect(dist(mid, to)).toBeGreaterThan(10);
  expect(dist(mid, to)).toBeLessThan(dist(from, to));
  expect(dist(await center(bobToken), await center(node(bob, "host", "hostb")))).toBeLessThan(2);
  expect(await travelOf(ada)).toBe("image-move-travel");
  expect(await travelOf(bob)).toBe("image-move-glow");
  await shot(ada, "image-moves-01-pull-travelling");
  await shot(bob, "image-moves-02-pull-reduced-motion");
  await expect(bob.getByTestId("image-move-said")).toHaveText("bb:1 pulled from host to hostb");
  expect(await seriousViolations(bob)).toEqual([]);
  await expect(token).toHaveCount(0, { timeout: 3000 });
  await expect(rows).toContainText("Status: Downloaded newer image for 192.168.1.10:5000/bb:1");
});
