import { expectNoAxeViolations } from "./devices";
import { expect, login, test, waitForHydration } from "./helpers";

// The committee's measure 2 (issue 19 item 3) with the demo's imported school years: the
// administrator opens the grade-0 language report from the front page, reads the chart and the
// table beside it, and takes the table to Excel. Read-only: every project runs it.

test("the administrator reads the grade-0 language assessment over three school years", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "admin");
  await page.getByRole("link", { name: "Sprogvurdering i 0. klasse" }).click();
  await page.waitForURL(/\/reports\/language$/);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sprogvurdering i 0. klasse");
  await expect(page.locator("figure.report-chart svg[role=img]")).toBeVisible();
  const table = page.getByTestId("report-table");
  await expect(table).toBeVisible();
  await expect(table.locator("thead th").first()).toHaveText("Skoleår");
  // The demo's three school years, each for the school and the municipality at least.
  expect(await table.locator("tbody tr").count()).toBeGreaterThanOrEqual(3);
  await expectNoAxeViolations(page, "the grade-0 language report");

  // The file behind the link, fetched with the page's session (the click-to-download itself is
  // walked in reports.spec.ts).
  const link = page.getByRole("link", { name: /CSV/ });
  const answer = await page.request.get((await link.getAttribute("href"))!);
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const bytes = await answer.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").split("\r\n").filter((l) => l.length > 0);
  expect(lines[0].split(";")[0]).toBe("Skoleår");
  expect(lines.length - 1).toBe(await table.locator("tbody tr").count());
});
