import type { Page } from "@playwright/test";
import { LAPTOP, PHONE, TABLET, device, expectNoAxeViolations } from "./devices";
import { expect, login, test, waitForHydration } from "./helpers";

// A child moves on (issue 17), as its users would go through it: Emil's child started grade 0
// at Bakkeskolen three weeks ago. Before consent, the teacher sees the child's name and
// nothing of the kindergarten; Emil consents on his phone to assessments and plans; the teacher
// then reads them, read only and marked with where they come from; Emil revokes; the teacher
// loses them; Emil downloads everything registered as a PDF. The administrator's transition
// rules are on the settings page. Runs in the tablet project only: it opens its own phone,
// tablet and laptop contexts.

const KINDERGARTEN_NOTE = "Trækker sig fra legen i store grupper";
const PLAN_GOAL = "Leger med to eller tre børn ad gangen";

async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

test("a child moves on: nothing passes without consent, and the parent gets everything", async ({ browser }) => {
  test.setTimeout(240_000);

  // Emil's home names his child; the child page tells him about the move.
  const phone = await device(browser, PHONE);
  await login(phone, "forælder5");
  const childPath = (await phone.locator('a[href^="/children/"]').first().getAttribute("href"))!;
  await open(phone, childPath);
  const childName = (await phone.getByRole("heading", { level: 1 }).innerText()).trim();
  const move = phone.getByTestId("transition");
  await expect(move).toContainText("Bakkeskolen");
  await expect(move.getByTestId("opened")).toContainText("Intet samtykke");
  await expectNoAxeViolations(phone, "the parent's child page with a move");

  // The teacher sees the child's name, and nothing the kindergarten registered.
  const tablet = await device(browser, TABLET);
  await login(tablet, "laerer");
  await open(tablet, childPath);
  await expect(tablet.getByRole("heading", { level: 1 })).toHaveText(childName);
  await expect(tablet.locator("main")).not.toContainText(KINDERGARTEN_NOTE);
  await expect(tablet.locator("main")).not.toContainText(PLAN_GOAL);
  await expect(tablet.locator("main")).not.toContainText("Skovbørnehaven Egern");
  await expect(tablet.getByTestId("received")).toHaveCount(0);

  // Emil consents on his phone to assessments and plans, until the default date.
  const form = move.getByTestId("consent-form");
  await form.getByLabel("Vurderinger og noter").check();
  await form.getByLabel("Handleplaner").check();
  await expect(form.getByLabel("Gælder til og med")).not.toHaveValue("");
  await form.getByTestId("give-consent").click();
  await expect(move.getByTestId("opened")).toContainText("Vurderinger og noter, Handleplaner");
  await expect(move.getByTestId("consent")).toContainText("Givet i Tværs");

  // The teacher now reads them: read only, marked with where they come from.
  await open(tablet, childPath);
  const received = tablet.getByTestId("received");
  await expect(received).toContainText("Oplysninger fra Skovbørnehaven Egern");
  await expect(received).toContainText("Kun til læsning");
  await expect(received).toContainText(KINDERGARTEN_NOTE);
  await expect(received).toContainText(PLAN_GOAL);
  await expect(received).not.toContainText("Fortæller gerne historier"); // the description was not consented
  await expect(received.locator("textarea, input, button")).toHaveCount(0);
  await expectNoAxeViolations(tablet, "the teacher's child page with consented items");

  // Emil revokes; the teacher loses them.
  await move.getByTestId("revoke").click();
  await expect(move.getByTestId("opened")).toContainText("Intet samtykke");
  await expect(move.getByTestId("consent")).toContainText("Trukket tilbage den");
  await open(tablet, childPath);
  await expect(tablet.getByTestId("received")).toHaveCount(0);
  await expect(tablet.locator("main")).not.toContainText(KINDERGARTEN_NOTE);

  // Everything registered, as one PDF.
  const link = phone.getByTestId("download-record");
  await expect(link).toBeVisible();
  const box = await link.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  const pdf = await phone.request.get((await link.getAttribute("href"))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  expect(bytes.length).toBeGreaterThan(10_000);

  // Who has looked at the child: the teacher's looks are there, by role, with no name.
  const lookupsLink = phone.getByTestId("lookups-link");
  const lookupsBox = await lookupsLink.boundingBox();
  expect(lookupsBox!.height).toBeGreaterThanOrEqual(44);
  await lookupsLink.click();
  await expect(phone.getByRole("heading", { level: 1 })).toContainText("Hvem har set oplysninger om dit barn");
  const lookups = phone.getByTestId("lookups");
  await expect(lookups.getByTestId("lookup").first()).toBeVisible();
  await expect(lookups).toContainText("Lærer");
  await expect(lookups).toContainText("Barnets side");
  await expectNoAxeViolations(phone, "who has looked at the child");
});

test("the kindergarten prepares a planned move with the parents", async ({ browser }) => {
  test.setTimeout(180_000);
  // Eva's youngest starts school next August: the pedagogue sees the move, the paper consent
  // the leader recorded, and writes the description.
  const phone = await device(browser, PHONE);
  await login(phone, "forælder6");
  const paths = await phone.locator('a[href^="/children/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  const tablet = await device(browser, TABLET);
  await login(tablet, "paedagog2");
  let planned: string | null = null;
  for (const path of paths) {
    await open(tablet, path!);
    if ((await tablet.getByTestId("move").count()) > 0) {
      planned = path;
      break;
    }
  }
  expect(planned, "a child of Eva's still in the kindergarten, moving on").not.toBeNull();
  const move = tablet.getByTestId("move");
  await expect(move).toContainText("Bakkeskolen");
  await expect(move.getByTestId("consent")).toContainText("Underskrevet på papir");
  await expect(move.getByTestId("consent")).toContainText("Sag 2026-4411");
  await expect(move.getByTestId("transition-concern")).toBeVisible();
  const description = move.getByTestId("description-form");
  await description.getByLabel("Det hjælper barnet").fill("Billeder af dagens program og en fast voksen.");
  await description.getByTestId("save-description").click();
  await expect(description.getByText("Sidst skrevet af")).toContainText("Per Pædagog");
  await expectNoAxeViolations(tablet, "the pedagogue's child page with a planned move");

  // Eva reads the description on her phone.
  await open(phone, planned!);
  await expect(phone.getByTestId("transition")).toContainText("Billeder af dagens program");

  // The administrator's transition rules.
  const laptop = await device(browser, LAPTOP);
  await login(laptop, "admin");
  await open(laptop, "/admin");
  const rules = laptop.locator("section", { has: laptop.getByRole("heading", { name: "Overgange og samtykke" }) });
  await expect(rules.getByLabel(/med forældrenes samtykke/)).toBeChecked();
  await expectNoAxeViolations(laptop, "the administrator's page with transition rules");
});
