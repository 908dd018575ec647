import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { childLinks, da, expect, login, test, waitForHydration } from "./helpers";

// The parents' pages on a 390×844 phone (issue 16 item 4; the phone project only): the language
// chosen is kept across pages and reloads; a switch of language changes every text at once,
// Arabic right to left; nothing scrolls sideways; a parent signs out with "Log ud"; the
// information for parents is one tap away; the home page tells what the team last shared; and
// axe finds nothing, in Danish or Arabic.

/** The texts of app/locales/{en,ar}.json these tests look for. */
const en = { access: "Who can see information about the child", myChildren: "My children", info: "About Tværs – for parents" };
const ar = { access: "من يمكنه رؤية المعلومات عن الطفل" };
const daInfo = { link: "Information til forældre: hvad er Tværs, og hvad registreres?", title: "Om Tværs – til forældre" };

/** Signs in as the demo parent and answers the address of her child's page. */
async function parentWithChild(page: Page): Promise<string> {
  await login(page, "forælder");
  const href = await childLinks(page).first().getAttribute("href");
  expect(href).toMatch(/^\/children\//);
  return href!;
}

/** Opens a page and waits until it is hydrated. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

async function chooseLanguage(page: Page, code: string): Promise<void> {
  // The picker's label is in the language of the moment: found by its place in the header.
  await page.locator("header label.language select").selectOption(code);
  await expect(page.locator("html")).toHaveAttribute("lang", code);
}

/** Everything the page says, as a reader sees it, with runs of white space made one. */
async function allText(page: Page): Promise<string> {
  return (await page.locator("body").innerText()).replace(/\s+/g, " ").trim();
}

/** Neither the page nor any part of it (a table in a scrolling wrapper) scrolls sideways. */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const sizes = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
    scrollingParts: [...document.querySelectorAll("body *")]
      .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} in ${el.clientWidth}`),
  }));
  expect(sizes.scrollWidth, `${what} is ${sizes.scrollWidth} px wide in a ${sizes.innerWidth} px window`).toBeLessThanOrEqual(
    sizes.innerWidth,
  );
  expect(sizes.scrollingParts, `parts of ${what} that scroll sideways`).toEqual([]);
}

test("the language chosen on a child's page is kept after a reload and on every other page", async ({ page, context }) => {
  const child = await parentWithChild(page);
  await open(page, child);
  await chooseLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 2, name: en.access })).toBeVisible();
  // The cookie is the site's, not the folder's, and outlives the browser's session.
  const cookie = (await context.cookies()).find((c) => c.name === "i18n_pref_locale");
  expect(cookie?.value).toBe("en");
  expect(cookie?.path).toBe("/");
  expect(cookie?.sameSite).toBe("Lax");
  expect(cookie!.expires * 1000).toBeGreaterThan(Date.now() + 360 * 24 * 3600 * 1000);

  await page.reload();
  await waitForHydration(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 2, name: en.access })).toBeVisible();
  await open(page, "/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 2, name: en.myChildren })).toBeVisible();
  await open(page, "/information");
  await expect(page.getByRole("heading", { level: 1, name: en.info })).toBeVisible();
});

test("switching to Arabic changes every text at once, right to left, as a fresh load shows it", async ({ page }) => {
  const child = await parentWithChild(page);
  for (const path of ["/", child, "/information"]) {
    await open(page, path);
    await chooseLanguage(page, "da");
    const danish = await allText(page);
    await chooseLanguage(page, "ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    // Let every closure that follows the language run before the page is read.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    const switched = await allText(page);
    const title = await page.title();
    expect(switched).not.toEqual(danish);
    // The same page rendered by the server in Arabic is the reference: any text computed once
    // would still be Danish here.
    await page.reload();
    await waitForHydration(page);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    expect(switched, `${path} after the switch, against a fresh load`).toEqual(await allText(page));
    expect(title).toEqual(await page.title());
  }
  await open(page, child);
  await expect(page.getByRole("heading", { level: 2, name: ar.access })).toBeVisible();
});

test("no parent page scrolls sideways on a 390 px phone, in Danish or in Arabic", async ({ page }) => {
  expect(page.viewportSize()?.width).toBe(390);
  const child = await parentWithChild(page);
  for (const code of ["da", "ar"]) {
    for (const path of ["/", child, "/information"]) {
      await open(page, path);
      if (path === "/") await chooseLanguage(page, code);
      await expect(page.locator("html")).toHaveAttribute("lang", code);
      if (path === child) {
        // The access table is there, its rows stacked, its header still naming the columns.
        const table = page.getByRole("table");
        await expect(table).toBeVisible();
        await expect(table.getByRole("row").nth(1)).toBeVisible();
      }
      await expectNoSidewaysScroll(page, `${path} in ${code}`);
    }
  }
});

test("a parent on her own phone signs out with \"Log ud\"", async ({ page }) => {
  await login(page, "forælder");
  await expect(page.getByRole("button", { name: da.switchUser })).toHaveCount(0);
  await page.getByRole("button", { name: da.signOut, exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/login");
  await expect(page.getByRole("heading", { level: 1, name: da.signIn })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
});

test("the information for parents is one tap from the home page and the child's page, and leads back", async ({ page }) => {
  const child = await parentWithChild(page);
  for (const from of ["/", child]) {
    await open(page, from);
    await page.getByRole("link", { name: daInfo.link }).click();
    await page.waitForURL((url) => url.pathname === "/information");
    await expect(page.getByRole("heading", { level: 1, name: daInfo.title })).toBeVisible();
  }
  // Signed in, the way on is home, not the login.
  await waitForHydration(page);
  await expect(page.getByRole("link", { name: da.signIn })).toHaveCount(0);
  await page.getByRole("link", { name: "Forside" }).click();
  await page.waitForURL((url) => url.pathname === "/");
});

test("the home page tells, for each child, when the team last shared something, and leads to it", async ({ page }) => {
  await login(page, "forælder");
  const section = page.getByRole("region", { name: da.myChildren });
  const cards = childLinks(section);
  await expect(cards).toHaveCount(1);
  const card = cards.first();
  await expect(card).toContainText("Seneste vurdering delt med dig:");
  const shown = (await card.locator("time").getAttribute("datetime"))!;
  await card.click();
  await page.waitForURL(/\/children\//);
  // The newest entry of the parents' timeline is the one the card told of.
  const newest = page.getByTestId("timeline").locator("li.timeline-entry time").first();
  await expect(newest).toHaveAttribute("datetime", shown);
});

test("the parent's pages have no WCAG 2 A or AA violations, in Danish or in Arabic", async ({ page }) => {
  const child = await parentWithChild(page);
  for (const code of ["da", "ar"]) {
    for (const path of ["/", child, "/information"]) {
      await open(page, path);
      if (path === "/") await chooseLanguage(page, code);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      const report = results.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ")),
      }));
      expect(report, `axe on ${path} in ${code}:\n${JSON.stringify(report, null, 2)}`).toEqual([]);
    }
  }
});
