import { expectNoAxeViolations } from "./devices";
import { expect, login, test, waitForHydration } from "./helpers";
import { readFile } from "node:fs/promises";

// Rounds over time (issue 19): an area leader opens the report from her front page, reads the
// chart, switches to the table (the focus follows), changes to a line per year, and downloads
// the CSV file, which opens as Danish Excel would read it. Read-only: every project runs it.

test("an area leader follows the rounds over the years and takes the figures to Excel", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "omraadeleder");
  await page.getByRole("link", { name: "Runder over tid" }).click();
  await page.waitForURL(/\/reports\/rounds$/);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Runder over tid");
  const chart = page.getByTestId("report-chart");
  await expect(chart).toBeVisible();
  // Twenty rounds: sixteen kept as counts, three in full, and today's.
  await expect(chart.locator("g")).toHaveCount(20);
  await expect(page.getByTestId("report-table")).toBeHidden();
  await expectNoAxeViolations(page, "the rounds report's chart");

  const switchButton = page.getByTestId("report-switch");
  const box = await switchButton.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await switchButton.click();
  const table = page.getByTestId("report-table");
  await expect(table).toBeVisible();
  await expect(page.locator("#report-table-title")).toBeFocused();
  await expect(table.locator("tbody tr")).toHaveCount(20);
  await expect(table.locator("thead th").first()).toHaveText("Runde");
  await expectNoAxeViolations(page, "the rounds report's table");

  // A line per year.
  await page.getByLabel("Én linje pr.").selectOption("year");
  await page.getByRole("button", { name: "Vis", exact: true }).click();
  await page.waitForURL(/by=year/);
  await waitForHydration(page);
  await page.getByTestId("report-switch").click();
  const years = page.getByTestId("report-table");
  await expect(years.locator("thead th").first()).toHaveText("År");
  const rows = await years.locator("tbody tr").count();
  expect(rows).toBeGreaterThanOrEqual(10);
  const firstRow = await years.locator("tbody tr").first().locator("th, td").allInnerTexts();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-csv").click()]);
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").split("\r\n").filter((l) => l.length > 0);
  const cells = lines.map((l) => l.split(";"));
  expect(cells[0][0]).toBe("År");
  expect(cells[0][1]).toBe("Børn");
  expect(cells.length - 1).toBe(rows);
  // The file's first year is the page's first row: the year and its children, cell for cell.
  expect(cells[1].length).toBe(firstRow.length);
  expect(cells[1].slice(0, 2)).toEqual(firstRow.slice(0, 2).map((t) => t.trim()));
});

test("the overview's wide table scrolls by keyboard and has no axe violation", async ({ page }) => {
  await login(page, "omraadeleder");
  await page.goto("/overview");
  await waitForHydration(page);
  await expect(page.getByTestId("overview")).toBeVisible();
  await expectNoAxeViolations(page, "the counts overview");
});
