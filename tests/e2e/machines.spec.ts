import { expect, type Page, test } from "@playwright/test";
import { newPerson, settledBox, shot, startSandbox } from "./support";

const node = (page: Page, kind: string, name: string) =>
  page.locator(`.react-flow__node-${kind}`).filter({ has: page.locator("header strong, .title strong", { hasText: new RegExp(`^${name}$`) }) });

test("a VM dragged onto the host, NIC 1 on NAT with a port forward: the LAN reaches the guest through it", async ({ browser }) => {
  const page = await newPerson(browser);
  await startSandbox(page);

  // The LAN is a node and the host's eth0 an edge to it, labelled with its address.
  await expect(node(page, "lan", "lan")).toBeVisible();
  await expect(page.locator(".react-flow__edge.nic .react-flow__edge-textwrapper")).toHaveText(["eth0 192.168.1.10/24"]);

  // A second physical host on the LAN, added with the keyboard.
  const palette = page.getByRole("region", { name: "Palette" });
  await palette.getByLabel("Host", { exact: true }).fill("pc2");
  await palette.getByRole("button", { name: "Add host" }).focus();
  await page.keyboard.press("Enter");
  await expect(node(page, "host", "pc2")).toBeVisible();

  // A VirtualBox VM dragged onto the host lands inside it.
  await palette.getByLabel("VM", { exact: true }).fill("vm1");
  const host = node(page, "host", "host");
  const box = await settledBox(page, host);
  await palette
    .locator("fieldset.palette-item")
    .filter({ has: page.locator("legend", { hasText: "Virtual machine" }) })
    .dragTo(host, { force: true, sourcePosition: { x: 12, y: 6 }, targetPosition: { x: 40, y: box.height - 20 } });
  const vm = node(page, "host", "vm1");
  await expect(vm).toBeVisible();
  await expect(vm).toContainText("VirtualBox VM");
  await expect(page.locator(".react-flow__edge.adapter .react-flow__edge-textwrapper")).toHaveText(["NIC 1 · NAT"]);
  // Inside its host: the VM's box lies within the host's.
  const [vb, hb] = [await vm.boundingBox(), await host.boundingBox()];
  expect(vb && hb && vb.x >= hb.x && vb.y >= hb.y && vb.x + vb.width <= hb.x + hb.width && vb.y + vb.height <= hb.y + hb.height).toBe(true);
  await shot(page, "machines-01-vm-in-host");

  // The inspector: NIC 1 to Bridged, then back to NAT; each shows on the adapter's edge.
  await vm.locator("header").click();
  const inspector = page.getByRole("region", { name: "Inspector" });
  const nic1 = inspector.getByRole("group", { name: "NIC 1" });
  await nic1.getByLabel("Attached to").selectOption({ label: "Bridged" });
  await nic1.getByRole("button", { name: "Set NIC 1" }).click();
  await expect(page.locator(".react-flow__edge.mode-bridged .react-flow__edge-textwrapper")).toHaveText(["NIC 1 · Bridged eth0"]);
  await nic1.getByLabel("Attached to").selectOption({ label: "NAT" });
  await nic1.getByRole("button", { name: "Set NIC 1" }).click();
  await expect(page.locator(".react-flow__edge.mode-nat .react-flow__edge-textwrapper")).toHaveText(["NIC 1 · NAT"]);

  // A malformed rule gets VirtualBox's words and sends nothing; a good one is listed.
  await nic1.getByLabel("Port forwarding rule").fill("ssh,tcp,,2222,22");
  await nic1.getByRole("button", { name: "Add rule" }).click();
  await expect(nic1.getByRole("alert")).toHaveText("VBoxManage: error: Invalid NAT port-forwarding rule 'ssh,tcp,,2222,22'");
  await nic1.getByLabel("Port forwarding rule").fill("ssh,tcp,,2222,,22");
  await nic1.getByRole("button", { name: "Add rule" }).click();
  await expect(nic1.getByRole("list", { name: "NIC 1 port forwarding" })).toContainText("ssh,tcp,,2222,,22");

  // Powered on, the VM refuses adapter changes as VirtualBox does.
  await inspector.getByRole("button", { name: "Start" }).click();
  await expect(vm).toContainText("running");
  await expect(page.locator(".react-flow__edge.mode-nat .react-flow__edge-textwrapper")).toHaveText(["NIC 1 · NAT · 10.0.2.15"]);
  await nic1.getByLabel("Attached to").selectOption({ label: "Host-only" });
  await nic1.getByRole("button", { name: "Set NIC 1" }).click();
  await expect(nic1.getByRole("alert")).toContainText("is already locked for a session");
  await shot(page, "machines-02-inspector");

  // pc2 on the LAN reaches the guest's sshd through the host's forwarded port 2222.
  const reachPanel = page.getByRole("region", { name: "Can it reach?" });
  await reachPanel.getByLabel("From").selectOption({ label: "pc2 (host)" });
  await reachPanel.getByLabel("To").fill("192.168.1.10");
  await reachPanel.getByLabel("Port").fill("2222");
  await reachPanel.getByRole("button", { name: "Check" }).click();
  await expect(reachPanel.getByTestId("reach-verdict")).toHaveText("reachable");
  await expect(reachPanel).toContainText('NAT port forwarding rule "ssh"');
  await expect(vm).toHaveClass(/\bhl\b/);
  await shot(page, "machines-03-reach-port-forward");

  // Without the forward, the guest's own address is out of the LAN's reach.
  await reachPanel.getByLabel("To").fill("10.0.2.15");
  await reachPanel.getByLabel("Port").fill("22");
  await reachPanel.getByRole("button", { name: "Check" }).click();
  await expect(reachPanel.getByTestId("reach-verdict")).not.toHaveText("reachable");
  await shot(page, "machines-04-reach-blocked");
  await page.context().close();
});
