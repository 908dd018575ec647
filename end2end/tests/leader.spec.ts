import { expect, login, test, waitForHydration } from "./helpers";

// The unit leader on a laptop follows the round and the follow-ups that cannot be forgotten.
// Laptop project only (playwright.config.ts): marking a follow-up done changes the demo data.

test("a leader sees the round's progress per group and marks an overdue follow-up done", async ({ page }) => {
  await login(page, "leder");
  await page.locator('a[href^="/units/"]').first().click();
  await page.waitForURL(/\/units\//);
  await waitForHydration(page);

  const dashboard = page.getByTestId("dashboard");
  await expect(dashboard).toBeVisible();
  const red = dashboard.getByTestId("group-progress").filter({ hasText: "Røde stue" });
  // The demo's second pedagogue has given ten individual assessments in the Red room.
  await expect(red).toContainText("Egne vurderinger: 10 af 17");
  await expect(red.getByTestId("joint-progress")).toContainText("0 af 17");

  const overdue = page.locator('[data-testid="follow-up"][data-overdue="true"]');
  const before = await overdue.count();
  expect(before).toBeGreaterThan(0);
  // Colour is never alone: the overdue mark is a word too.
  await expect(overdue.first()).toContainText("overskredet");

  // Another test may complete a follow-up of the same unit meanwhile (an invitation to a focus
  // meeting does, care.spec.ts): count the ones marked done here from what is shown now.
  const done = page.locator('[data-testid="follow-up"] p.success');
  const doneBefore = await done.count();
  const today = new Date().toISOString().slice(0, 10);
  await overdue.first().locator('input[type="date"]').fill(today);
  await overdue.first().getByTestId("mark-done").click();
  await expect(overdue).toHaveCount(before - 1);
  await expect.poll(() => done.count()).toBeGreaterThanOrEqual(doneBefore + 1);

  // A date in the future is refused with a clear message, and nothing changes.
  const next = page.locator('[data-testid="follow-up"][data-overdue="true"]').first();
  await next.locator('input[type="date"]').fill("2099-01-01");
  await next.getByTestId("mark-done").click();
  await expect(next.getByRole("alert")).toContainText("dato");
  await expect(overdue).toHaveCount(before - 1);
});

test("an area leader sees counts only, with small counts hidden", async ({ page }) => {
  await login(page, "omraadeleder");
  await page.getByRole("link", { name: "Overblik" }).click();
  await page.waitForURL(/\/overview$/);
  await waitForHydration(page);
  const table = page.getByTestId("overview");
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table).toContainText("<5");
  // No child is named anywhere on the page.
  await expect(page.locator('a[href^="/children/"]')).toHaveCount(0);
});
