import { expect, login, test, waitForHydration } from "./helpers";

// A parent on the phone reads what the team set about the child: each position with its
// context, note, date and when it will be deleted (SECURITY P1) — in the parents' view, never
// the staff's working material (A5).

test("a parent sees the child's positions over time, each in its context, with the deletion date", async ({ page }) => {
  await login(page, "forælder");
  await page.locator('a[href^="/children/"]').first().click();
  await page.waitForURL(/\/children\//);
  await waitForHydration(page);
  const timeline = page.getByTestId("timeline");
  await expect(timeline.locator("li.timeline-entry").first()).toBeVisible();
  // One joint position from each of the three past rounds.
  expect(await timeline.locator("li.timeline-entry").count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByText("Her er de positioner, som dit barns dagtilbud eller skole har givet")).toBeVisible();
  // The demo child had one concern, followed up with the parents.
  const concern = timeline.locator("li.timeline-entry").filter({ hasText: "Gul" }).first();
  await expect(concern).toContainText("i sammenhængen");
  await expect(concern).toContainText("Slettes");
  // The staff's instruction and their individual positions are not for parents.
  await expect(page.getByText("Informér forældrene og invitér til fokusmøde")).toHaveCount(0);
  await expect(page.getByText("Egen vurdering", { exact: true })).toHaveCount(0);
  // A parent cannot assess: no form for it.
  await expect(page.getByTestId("save-adhoc")).toHaveCount(0);
  // Never a label on the child: the word is always a position "in the context".
  await expect(page.getByText(/rødt barn|gult barn/i)).toHaveCount(0);
});

test("the other parent of a child under address protection sees no place or staff name anywhere", async ({ page }) => {
  // forælder3 has name and address protection; forælder4 must not learn where the child is.
  await login(page, "forælder4");
  const hidden = ["Egern", "Område Nord", "Grønne stue", "Pia Pædagog", "Per Pædagog", "Lone Leder"];
  const expectNothingHidden = async () => {
    const text = await page.locator("body").innerText();
    for (const word of hidden) expect(text, `"${word}" on ${page.url()}`).not.toContain(word);
  };
  await expectNothingHidden();
  await page.locator('a[href^="/children/"]').first().click();
  await page.waitForURL(/\/children\//);
  await waitForHydration(page);
  await expect(page.getByTestId("timeline").locator("li.timeline-entry").first()).toBeVisible();
  await expectNothingHidden();
  // Nor in what the page carries for hydration.
  const html = await page.content();
  for (const word of hidden) expect(html, `"${word}" in the page's data`).not.toContain(word);
});
