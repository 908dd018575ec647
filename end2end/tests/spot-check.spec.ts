import { LAPTOP, device, expectNoAxeViolations } from "./devices";
import { expect, login, test, waitForHydration } from "./helpers";

// The leader's weekly spot check of lookups (issue 18 item 4; SECURITY L3) on a laptop: the
// demo's sample of last week for Skovbørnehaven Egern. The leader confirms one lookup, is told a
// flag needs a reason, flags one with a reason; the administrator finds the flag, confirms the
// leader's own lookup and sets the sample size. Laptop project only: it changes the demo data.

const REASON = "Barnet går ikke i hendes stue";

test("a leader confirms and flags sampled lookups, and the flag reaches the administrator", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await login(page, "leder");
  await page.getByRole("link", { name: "Stikprøvekontrol af opslag" }).click();
  await page.waitForURL(/\/spot-check$/);
  await waitForHydration(page);
  const unit = page.getByTestId("spot-check-unit");
  await expect(unit.getByRole("heading", { level: 2 })).toHaveText("Skovbørnehaven Egern");
  const items = unit.getByTestId("spot-check-item");
  await expect(items).toHaveCount(5);
  // Colour is never used; the state is a word with a sign.
  await expect(items.first()).toContainText("Arbejdsbetinget");
  const open = unit.locator('[data-testid="spot-check-item"]:has([data-testid="flag"])');
  await expect(open).toHaveCount(4);
  await expectNoAxeViolations(page, "the leader's spot check");

  // Confirmed: the form gives way to a short confirmation.
  const first = open.first();
  const firstText = (await first.locator("strong").innerText()).trim();
  await first.getByTestId("work-related").click();
  const confirmed = items.filter({ hasText: firstText });
  await expect(confirmed.getByRole("status")).toContainText("Din afgørelse er gemt");
  await expect(open).toHaveCount(3);

  // A flag without a reason is refused with a message, and nothing is saved.
  const second = open.first();
  await second.getByTestId("flag").click();
  await expect(second.getByRole("alert")).toBeVisible();
  await expect(open).toHaveCount(3);
  await second.getByLabel("Begrundelse").fill(REASON);
  await second.getByTestId("flag").click();
  await expect(open).toHaveCount(2);

  // After a reload the decisions are there, with who made them.
  await page.reload();
  await waitForHydration(page);
  await expect(items.filter({ hasText: "Markeret" })).toContainText(REASON);
  await expect(items.filter({ hasText: "Markeret" })).toContainText("Kontrolleret af Lone Leder");

  // The administrator, on their own laptop, finds the flag and checks the leader's lookup.
  const admin = await device(browser, LAPTOP);
  await login(admin, "admin");
  await admin.getByRole("link", { name: "Stikprøvekontrol af opslag" }).click();
  await admin.waitForURL(/\/spot-check$/);
  await waitForHydration(admin);
  const flagged = admin.getByTestId("spot-check-flagged");
  await expect(flagged).toContainText(REASON);
  await expect(flagged).toContainText("Kontrolleret af Lone Leder");
  // The leader's own lookup is the administrator's to check; the administrator reaches no
  // child, so the child is not named.
  const leaders = admin.getByTestId("spot-check-leaders");
  await expect(leaders).toContainText("Lone Leder");
  await expect(leaders).toContainText("Et barn, du ikke har adgang til");
  await expectNoAxeViolations(admin, "the administrator's spot check");
  await leaders.getByTestId("work-related").click();
  await expect(leaders.getByRole("status")).toContainText("Din afgørelse er gemt");

  // The sample size: out of range is refused with a message, a number in range is saved.
  const size = admin.getByLabel("Opslag pr. enhed og uge (0–50)");
  await size.fill("99");
  await admin.getByTestId("save-sample-size").click();
  await expect(admin.getByRole("alert")).toBeVisible();
  await size.fill("3");
  await admin.getByTestId("save-sample-size").click();
  await expect(admin.getByText("✓ Gemt.", { exact: true })).toBeVisible();
  await admin.reload();
  await waitForHydration(admin);
  await expect(admin.getByLabel("Opslag pr. enhed og uge (0–50)")).toHaveValue("3");
});
