import { expect, login, test, waitForHydration } from "./helpers";

// A parent on the phone reads everything registered about the child: each position with its
// context, note, date, who assessed, and when it will be deleted (SECURITY P1).

test("a parent sees the child's positions over time, each in its context, with the deletion date", async ({ page }) => {
  await login(page, "forælder");
  await page.locator('a[href^="/children/"]').first().click();
  await page.waitForURL(/\/children\//);
  await waitForHydration(page);
  const timeline = page.getByTestId("timeline");
  await expect(timeline.locator("li.timeline-entry").first()).toBeVisible();
  expect(await timeline.locator("li.timeline-entry").count()).toBeGreaterThanOrEqual(6);
  // The demo child had one concern, followed up with the parents.
  const concern = timeline.locator("li.timeline-entry").filter({ hasText: "Gul" }).first();
  await expect(concern).toContainText("i sammenhængen");
  await expect(concern).toContainText("Slettes");
  await expect(page.getByText("Informér forældrene og invitér til fokusmøde").first()).toBeVisible();
  // A parent cannot assess: no form for it.
  await expect(page.getByTestId("save-adhoc")).toHaveCount(0);
  // Never a label on the child: the word is always a position "in the context".
  await expect(page.getByText(/rødt barn|gult barn/i)).toHaveCount(0);
});
