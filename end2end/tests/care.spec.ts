import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PHONE, TABLET, device, expectNoAxeViolations } from "./devices";
import { expect, login, test, waitForHydration } from "./helpers";

// From concern to action plan, with the parents (issue 16), as its users would go through it:
// the demo's joint yellow position of Frida's child waits for an invitation; a pedagogue on
// the room's tablet invites; the letter arrives in the mail sink and says nothing of the
// child; Frida accepts on her phone; the pedagogue writes the minutes and an SMTTE plan on the
// tablet; Frida, in Arabic, reads the plan, adds her view and marks it read; the pedagogue
// evaluates the plan. Every new page is checked with axe on the device that uses it.
// Runs in the tablet project only: it opens its own phone and tablet contexts.

const FRIDA = "frida.foraelder@solbakke.example";

/** The letters to `address` so far, as raw text. */
function lettersTo(address: string): string[] {
  const dir = process.env.TVAERS_E2E_MAIL_DIR;
  if (!dir) throw new Error("TVAERS_E2E_MAIL_DIR is not set: run the tests with scripts/e2e.sh");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".eml"))
    .map((name) => readFileSync(join(dir, name), "utf8"))
    .filter((text) => text.split("\n")[0].includes(address));
}

test("a concern becomes a focus meeting and an action plan made with the parents", async ({ browser }) => {
  test.setTimeout(240_000);
  const before = lettersTo(FRIDA).length;

  // Frida's home page names her child.
  const phone = await device(browser, PHONE);
  await login(phone, "forælder");
  const childPath = await phone.locator('a[href^="/children/"]').first().getAttribute("href");
  await phone.goto(childPath!);
  await waitForHydration(phone);
  const childName = (await phone.getByRole("heading", { level: 1 }).innerText()).trim();
  expect(childName.length).toBeGreaterThan(0);

  // The pedagogue, on the tablet, invites from the waiting concern.
  const tablet = await device(browser, TABLET);
  await login(tablet, "paedagog");
  await tablet.goto(childPath!);
  await waitForHydration(tablet);
  const care = tablet.locator("section", { has: tablet.getByRole("heading", { name: "Fokusmøder og handleplaner" }) });
  await expect(care).toBeVisible();
  await expectNoAxeViolations(tablet, "the child page with meetings and plans");
  const form = care.locator("form.care-form");
  await expect(form.getByLabel("Det vil vi gerne tale om")).not.toHaveValue("");
  await expect(form.getByLabel("Det vil vi gerne tale om")).not.toHaveValue(/rød|gul/i);
  await form.getByLabel("Sted eller videolink").fill("Personalestuen");
  const day = new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel("Tidspunkt 1").fill(`${day}T09:00`);
  await form.getByLabel("Tidspunkt 2").fill(`${day}T14:00`);
  await form.getByTestId("send-invitation").click();
  await tablet.waitForURL(/\/meetings\//);
  await waitForHydration(tablet);
  const meetingUrl = tablet.url();
  await expect(tablet.getByTestId("meeting-status")).toHaveText("Inviteret");
  await expectNoAxeViolations(tablet, "the meeting page for staff");

  // The letter arrived, and gives nothing away.
  await expect.poll(() => lettersTo(FRIDA).length, { timeout: 10_000 }).toBeGreaterThan(before);
  const letter = lettersTo(FRIDA).at(-1)!;
  for (const secret of ["Personalestuen", childName, day]) expect(letter).not.toContain(secret);

  // Frida answers on her phone: one tap on a time, one on send.
  await phone.goto(meetingUrl);
  await waitForHydration(phone);
  await expectNoAxeViolations(phone, "the meeting page on a parent's phone");
  await phone.getByLabel(new RegExp(`${day.slice(8, 10)}\\.${day.slice(5, 7)}\\.${day.slice(0, 4)} 09:00`)).check();
  await phone.getByTestId("send-answer").click();
  await expect(phone.getByText("Tak, dit svar er sendt.")).toBeVisible();

  // The pedagogue sees the answer, writes the minutes during the meeting, and marks it held.
  await tablet.reload();
  await waitForHydration(tablet);
  await expect(tablet.getByTestId("invitees")).toContainText("Kommer");
  await tablet.getByLabel("Hvad blev sagt").fill("Vi talte om legen i garderoben.");
  await tablet.getByLabel("Forældrenes eget perspektiv").fill("Hjemme leger hun gerne med sin fætter.");
  await tablet.getByLabel("Beslutninger").fill("Vi laver en handleplan.");
  await tablet.getByLabel("Mødet blev holdt den").fill(new Date().toISOString().slice(0, 10));
  await tablet.getByTestId("save-minutes").click();
  await expect(tablet.getByText("Gemt.")).toBeVisible();

  // … and the action plan, in SMTTE form.
  await tablet.getByTestId("make-plan").click();
  await tablet.waitForURL(/\/plans\/new/);
  await waitForHydration(tablet);
  await tablet.getByLabel("Sammenhæng").fill("Leger mest alene i garderoben.");
  await tablet.getByLabel("Mål", { exact: true }).fill("Leger med to andre børn hver dag.");
  await tablet.getByLabel("Hvad gør vi").first().fill("En voksen sætter en leg i gang.");
  await tablet.getByLabel("Hvem", { exact: true }).first().fill("Pædagog på stuen");
  await tablet.getByLabel("Tegn").fill("Leger med andre i garderoben.");
  const evaluate = new Date(Date.now() + 42 * 86_400_000).toISOString().slice(0, 10);
  await tablet.getByLabel("Evalueres").fill(evaluate);
  await tablet.getByTestId("save-plan").click();
  await tablet.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
  await waitForHydration(tablet);
  const planUrl = tablet.url();
  await expect(tablet.getByTestId("plan-status")).toHaveText("Aktiv");
  await expectNoAxeViolations(tablet, "the plan page for staff");

  // Frida, in Arabic, reads the plan, adds her view and marks it read.
  await phone.goto(planUrl);
  await waitForHydration(phone);
  await phone.getByLabel("Sprog").selectOption({ label: "العربية" });
  await expect(phone.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(phone.getByText("كتبه الموظفون باللغة الدنماركية.")).toBeVisible();
  await expect(phone.getByText("Leger med to andre børn hver dag.")).toBeVisible();
  await expectNoAxeViolations(phone, "the plan page on a parent's phone, in Arabic");
  await phone.getByRole("textbox", { name: "رأيي في الخطة" }).fill("نتدرب على اللعب في المنزل أيضًا.");
  await phone.getByTestId("save-own-view").click();
  await expect(phone.getByText("تم حفظ رأيك.")).toBeVisible();
  await phone.getByTestId("mark-read").click();
  await expect(phone.getByTestId("read-on")).toBeVisible();
  const scroll = await phone.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  expect(scroll, "no sideways scrolling on the phone").toBeLessThanOrEqual(0);

  // The pedagogue sees her view and reading, and evaluates the plan.
  await tablet.reload();
  await waitForHydration(tablet);
  await expect(tablet.getByTestId("plan-parents")).toContainText("نتدرب على اللعب في المنزل أيضًا.");
  await expect(tablet.getByTestId("plan-parents")).toContainText("Læst den");
  await tablet.getByLabel("Evaluering", { exact: true }).fill("Hun leger nu med to faste venner.");
  await tablet.getByLabel("Status").selectOption({ label: "Evalueret" });
  await tablet.getByTestId("save-plan").click();
  await expect(tablet.getByText("Gemt som udgave 2")).toBeVisible();
  await tablet.reload();
  await waitForHydration(tablet);
  await expect(tablet.getByTestId("plan-status")).toHaveText("Evalueret");
  await expect(tablet.getByTestId("plan-versions").locator("li")).toHaveCount(2);
});

test("the leader's unit page lists meetings to hold and plans due, and is axe clean", async ({ page }) => {
  await login(page, "leder");
  await page.getByRole("link", { name: /Skovbørnehaven Egern/ }).first().click();
  await page.waitForURL(/\/units\//);
  await waitForHydration(page);
  const care = page.getByTestId("unit-care");
  await expect(care).toBeVisible();
  await expect(care.getByTestId("plans-due")).toContainText("Evalueringen er overskredet");
  await expectNoAxeViolations(page, "the unit page with meetings and plans");
});
