import { expect, test } from "@playwright/test";
import { base, inviteLink, isLive, joinClass, newPerson, node, openRoom, shot, startClass, startSandbox } from "./support";

test("a name of one's own, a room renamed, undo after a reload, and a question before Load JSON replaces a shared room", async ({ browser }) => {
  const ada = await newPerson(browser, { acceptDownloads: true });
  await startSandbox(ada);
  const people = ada.getByRole("region", { name: "People" });

  // Ada names herself; the name is this browser's from now on.
  await people.getByLabel("Your name").fill("Ada L");
  await people.getByRole("button", { name: "Save name" }).click();
  await expect(people.getByText("Ada L (you)")).toBeVisible();
  await people.getByLabel("Your name").fill("   ");
  await people.getByRole("button", { name: "Save name" }).click();
  await expect(people.getByRole("alert")).toHaveText("type a name");

  // The room gets a name that recent rooms show.
  await ada.getByRole("button", { name: "Rename the room" }).click();
  await ada.getByLabel("Room name").fill("Bridge lab");
  await ada.keyboard.press("Enter");
  await expect(ada.getByRole("heading", { name: "Bridge lab", level: 1 })).toBeVisible();
  await shot(ada, "id-01-named");

  // Undo outlives a reload.
  const palette = ada.getByRole("region", { name: "Palette" });
  await palette.getByLabel("Image").fill("alpine");
  await palette.getByLabel("Name").first().fill("keepme");
  await palette.getByRole("button", { name: "Add container" }).click();
  await expect(node(ada, "container", "keepme")).toBeVisible();
  await ada.reload();
  await isLive(ada);
  await expect(people.getByText("Ada L (you)")).toBeVisible();
  const undo = ada.getByRole("button", { name: "Undo", exact: true });
  await expect(undo).toHaveAttribute("title", /^Undo add container keepme/);
  await undo.click();
  await expect(node(ada, "container", "keepme")).toHaveCount(0);
  await ada.getByRole("button", { name: "Redo", exact: true }).click();
  await expect(node(ada, "container", "keepme")).toBeVisible();

  // Bob joins: he sees Ada by her name, and Ada's Load JSON now asks before replacing the room.
  const invite = await inviteLink(ada);
  const bob = await newPerson(browser);
  await openRoom(bob, invite);
  await expect(bob.getByRole("region", { name: "People" }).getByText("Ada L")).toBeVisible();
  const [saved] = await Promise.all([ada.waitForEvent("download"), ada.getByRole("button", { name: "Save JSON" }).click()]);
  const file = await saved.path();
  const questions: string[] = [];
  ada.once("dialog", (d) => {
    questions.push(d.message());
    void d.dismiss();
  });
  await ada.getByLabel("Document to load").setInputFiles(file);
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toContain("The room is shared: you and 1 other person");
  await expect(node(ada, "container", "keepme")).toBeVisible();
  await expect(ada.getByRole("heading", { name: "Bridge lab", level: 1 })).toBeVisible();

  await ada.goto(base());
  await expect(ada.getByRole("link", { name: /Bridge lab/ })).toBeVisible();
  await shot(ada, "id-02-recent-rooms");
});

test("a teacher who watches a class room shows as Teacher, and a locked student reads that the teacher locked it", async ({ browser }) => {
  const teacher = await newPerson(browser);
  const code = await startClass(teacher);

  const ada = await newPerson(browser);
  await joinClass(ada, code, "Ada");
  // A class knows its students by the names it gave them: no renaming here.
  await expect(ada.getByRole("region", { name: "People" }).getByLabel("Your name")).toHaveCount(0);

  // The dashboard says where the class is stuck: Ada's web runs, but nothing publishes port 8080 yet.
  await expect(teacher.getByTestId("stuck-most")).toContainText("Most are stuck on goal 2");
  await shot(teacher, "id-02b-dashboard-stuck");
  const [watch] = await Promise.all([teacher.context().waitForEvent("page"), teacher.getByRole("button", { name: "Watch" }).click()]);
  await isLive(watch);
  await expect(ada.getByRole("region", { name: "People" }).getByText(/^Teacher/)).toBeVisible();
  await shot(ada, "id-03-student-sees-teacher");

  await teacher.getByRole("button", { name: "Lock all rooms" }).click();
  await expect(ada.getByText("The teacher has locked this room")).toBeVisible();
  await shot(ada, "id-04-locked-by-teacher");
});

test("a key link brings a student back from another device, and an owner whose browser forgot them back as owner", async ({ browser }) => {
  const teacher = await newPerson(browser);
  const code = await startClass(teacher);
  const laptop = await newPerson(browser);
  await joinClass(laptop, code, "Ada");
  const room = new URL(laptop.url()).pathname;
  const people = laptop.getByRole("region", { name: "People" });
  await people.getByText("Come back from another device").click();
  const key = await people.getByLabel("Your key link").inputValue();
  expect(key).toMatch(/\/r\/[a-z2-7]{26}#key=[a-z2-7]+&as=Ada$/);
  await shot(laptop, "id-05-student-key");

  // The next lesson, on a school computer: the link is all it takes; the fragment leaves the address bar.
  const desktop = await newPerson(browser);
  await desktop.goto(key);
  await expect(desktop.getByTestId("my-goals")).toBeVisible();
  expect(new URL(desktop.url()).pathname).toBe(room);
  expect(new URL(desktop.url()).hash).toBe("");
  await expect(desktop.getByRole("region", { name: "People" }).getByText("Ada (you)")).toBeVisible();
  await shot(desktop, "id-06-student-back");

  // An owner's key: a fresh browser is the owner again.
  const owner = await newPerson(browser);
  await startSandbox(owner);
  await owner.getByRole("region", { name: "People" }).getByText("Come back from another device").click();
  const ownerKey = await owner.getByRole("region", { name: "People" }).getByLabel("Your key link").inputValue();
  const fresh = await newPerson(browser);
  await openRoom(fresh, ownerKey);
  await expect(fresh.getByRole("button", { name: "Present" })).toBeVisible();
  await expect(fresh.getByRole("region", { name: "People" }).getByRole("checkbox", { name: /Lock editing/ })).toBeVisible();
});
