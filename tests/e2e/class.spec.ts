import { expect, type Page, test } from "@playwright/test";
import { joinClass, newPerson, shot, startClass } from "./support";

test("a teacher runs a class: students join with the code, goals tick on the dashboard, teacher actions stay the teacher's", async ({ browser }) => {
  const teacher = await newPerson(browser);
  const code = await startClass(teacher);
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  await expect(teacher.getByText("No students yet")).toBeVisible();

  const names = ["Ada", "Bob", "Cleo"];
  const students: Page[] = [];
  const rooms: string[] = [];
  for (const [i, name] of names.entries()) {
    const p = await newPerson(browser);
    rooms.push(await joinClass(p, code, name, i === 0));
    students.push(p);
  }
  expect(new Set(rooms).size).toBe(3);
  const cards = teacher
    .getByRole("list", { name: "Rooms" })
    .getByRole("listitem")
    .filter({ has: teacher.getByTestId("goal-tally") });
  await expect(cards).toHaveCount(3);
  const adaCard = teacher.locator(`li[data-room="${rooms[0]}"]`);
  // The exercise starts broken: nobody has every goal.
  await expect(adaCard.getByTestId("goal-tally")).toHaveText(/^[0-2]\/3 goals$/);
  const ada = students[0] as Page;
  await expect(ada.getByTestId("my-goals")).toHaveText(/^[0-2]\/3$/);
  await shot(ada, "class-01-student-start");

  // Ada fixes it in her terminal; the dashboard shows her done within a second of her last command.
  await ada.getByRole("button", { name: "Terminal", exact: true }).click();
  const term = ada.getByTestId("terminal");
  await expect(term.locator(".xterm-rows")).toContainText("learner@host");
  await term.click();
  await ada.keyboard.type("docker rm -f web");
  await ada.keyboard.press("Enter");
  await expect(term.locator(".xterm-rows > div").filter({ hasText: /^\s*web\s*$/ })).toHaveCount(1);
  await ada.keyboard.type("docker run -d --name web -p 8080:80 nginx");
  await ada.keyboard.press("Enter");
  const sent = Date.now();
  await expect(adaCard.getByTestId("goal-tally")).toHaveText("3/3 goals", { timeout: 1000 });
  const seen = Date.now() - sent;
  console.log(`dashboard showed all goals met ${seen} ms after the command`);
  await expect(ada.getByTestId("my-goals")).toHaveText("3/3");
  await expect(ada.getByText("Every goal is met")).toBeVisible();
  await shot(ada, "class-02-student-done");
  await expect(adaCard).toHaveClass(/done/);
  await expect(teacher.locator(`li[data-room="${rooms[1]}"]`).getByTestId("goal-tally")).not.toHaveText("3/3 goals");
  await shot(teacher, "class-03-dashboard");

  // Bob tries the teacher's actions from his own page: the server refuses every one.
  const bob = students[1] as Page;
  const refused = await bob.evaluate(async (roomId) => {
    await new Promise<void>((done, fail) => {
      const s = document.createElement("script");
      s.src = "/socket.io/socket.io.js";
      s.onload = () => done();
      s.onerror = () => fail(new Error("no socket.io client"));
      document.head.append(s);
    });
    // biome-ignore lint/suspicious/noExplicitAny: the script above defines a global io
    const io = (window as any).io;
    const socket = io({ transports: ["websocket"] });
    const ask = (event: string, payload: unknown) => new Promise((done) => socket.emit(event, payload, done));
    const rooms = JSON.parse(localStorage.getItem("dockside.rooms") ?? "[]") as { roomId: string; token: string }[];
    const token = rooms.find((r) => r.roomId === roomId)?.token ?? "";
    const info = (await ask("class:room", { roomId, token })) as { ok: boolean; classId: string };
    const auth = { classId: info.classId, teacherToken: token };
    const answers = [
      await ask("class:end", auth),
      await ask("class:lockAll", { ...auth, locked: true }),
      await ask("class:reveal", auth),
      await ask("class:dashboard", auth),
      await ask("class:csv", auth),
    ];
    socket.disconnect();
    return { info: info.ok, answers };
  }, rooms[1] as string);
  expect(refused.info).toBe(true);
  for (const a of refused.answers) expect(a).toMatchObject({ ok: false, code: "class.denied" });
  // Nothing happened: the class is still open, editing still allowed.
  await expect(teacher.getByRole("button", { name: "End the class" })).toBeEnabled();
  await expect(bob.locator(".readonly-banner")).toHaveCount(0);

  // The teacher's broadcast reaches every room.
  await teacher.getByLabel("Message to every room").fill("Five minutes left");
  await teacher.getByRole("button", { name: "Send" }).click();
  for (const p of students) await expect(p.getByText("Teacher: Five minutes left")).toBeVisible();
  await shot(bob, "class-04-student-message");
});
