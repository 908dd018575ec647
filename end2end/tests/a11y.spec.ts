import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { childLinks, expect, login, roster, test, waitForHydration } from "./helpers";

// WCAG 2 A/AA on the pages a pedagogue uses on the room's tablet, and touch targets big enough
// for a hurried finger. Runs in the tablet and phone projects (see playwright.config.ts).

/** The smallest touch target allowed, in CSS pixels (WCAG 2.5.5; Apple and Android guidance). */
const MIN_TARGET = 44;

async function expectNoAxeViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const report = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
  expect(report, `axe violations on ${what}:\n${JSON.stringify(report, null, 2)}`).toEqual([]);
}

test.describe("accessibility", () => {
  test("the login page has no WCAG 2 A or AA violations", async ({ page }) => {
    await page.goto("/login");
    await waitForHydration(page);
    await expectNoAxeViolations(page, "/login");
  });

  test("the pedagogue's home page has no WCAG 2 A or AA violations", async ({ page }) => {
    await login(page, "paedagog");
    await expect(childLinks(roster(page, "Grønne stue"))).toHaveCount(24);
    await expectNoAxeViolations(page, "the pedagogue's home page");
  });

  test("a child's page has no WCAG 2 A or AA violations", async ({ page }) => {
    await login(page, "paedagog");
    await childLinks(roster(page, "Grønne stue")).first().click();
    await page.waitForURL(/\/children\//);
    await expect(page.getByRole("table")).toBeVisible();
    await waitForHydration(page);
    await expectNoAxeViolations(page, "a child's page");
  });

  test("the leader's people page has no WCAG 2 A or AA violations", async ({ page }) => {
    await login(page, "leder");
    await page.goto("/admin/people");
    await waitForHydration(page);
    const paedagog = page.locator('li.person[data-username="paedagog"]');
    await expect(paedagog.getByRole("button", { name: "Nulstil anden faktor" })).toBeVisible();
    // A guardianship of a child of the leader's unit can be ended from a date.
    await expect(page.locator('li.person[data-username="forælder"]').getByRole("button", { name: "Afslut" }).first()).toBeVisible();
    await expectNoAxeViolations(page, "the people page");
  });

  test("every button and link on the pedagogue's home page is at least 44 by 44 pixels", async ({ page }) => {
    await login(page, "paedagog");
    await expect(childLinks(roster(page, "Grønne stue"))).toHaveCount(24);
    const targets = page.getByRole("button").or(page.getByRole("link"));
    const count = await targets.count();
    expect(count).toBeGreaterThan(24);
    const small: string[] = [];
    for (let i = 0; i < count; i++) {
      const target = targets.nth(i);
      // A skip link shows only when it has focus; measure every target as it is when used.
      await target.focus();
      const box = await target.boundingBox();
      const label = (await target.innerText()).replace(/\s+/g, " ").trim() || (await target.getAttribute("href")) || `#${i}`;
      if (!box) {
        small.push(`${label}: not rendered`);
      } else if (box.width < MIN_TARGET || box.height < MIN_TARGET) {
        small.push(`${label}: ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
      }
    }
    expect(small, `targets smaller than ${MIN_TARGET}×${MIN_TARGET} CSS px:\n${small.join("\n")}`).toEqual([]);
  });
});
