import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { expect, test, watch } from "./helpers";

// The devices a walk across roles opens in one test (a parent's phone, the room's tablet, a
// leader's laptop), and axe on the page each is looking at: for the specs that run in the
// tablet project only and open their own contexts.

export const TABLET = { viewport: { width: 768, height: 1024 }, hasTouch: true, locale: "da-DK" };
export const PHONE = {
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: true,
  deviceScaleFactor: 3,
  locale: "da-DK",
};
export const LAPTOP = { viewport: { width: 1366, height: 900 }, locale: "da-DK" };

/** A new browser context shaped like the device, against the project's server, watched. */
export async function device(browser: Browser, options: object): Promise<Page> {
  const context = await browser.newContext({ ...options, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await watch(page);
  return page;
}

export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const report = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(report, `axe violations on ${what}`).toEqual([]);
}
