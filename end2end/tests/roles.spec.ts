import { childLinks, childNames, da, expect, login, logout, roster, test } from "./helpers";
import type { Page } from "@playwright/test";

// What each demo login (server/src/demo.rs) sees on the home page, and that nobody sees a child
// of a unit they do not belong to (SECURITY A1, A4).

function region(page: Page, name: string) {
  return page.getByRole("region", { name, exact: true });
}

/** The greeting "Hej, <name>" on top of the home page. */
async function expectGreeting(page: Page, displayName: string) {
  await expect(page.getByRole("heading", { level: 1, name: `Hej, ${displayName}` })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveText(displayName);
}

test.describe("the home page of each demo role", () => {
  test("a pedagogue sees her groups, with all 24 children of Grønne stue", async ({ page }) => {
    await login(page, "paedagog");
    await expectGreeting(page, "Pia Pædagog");
    const groups = region(page, da.myGroups);
    await expect(groups.getByRole("heading", { level: 2, name: da.myGroups })).toBeVisible();
    await expect(childLinks(roster(page, "Grønne stue"))).toHaveCount(24);
    await expect(roster(page, "Grønne stue")).toContainText("24 børn");
    await expect(childLinks(roster(page, "Røde stue"))).toHaveCount(17);
    await expect(page.getByText(da.nothing)).toHaveCount(0);
    await expect(region(page, da.myUnits)).toHaveCount(0);
  });

  test("a nursery pedagogue sees the two nursery groups only", async ({ page }) => {
    await login(page, "vuggepaedagog");
    await expectGreeting(page, "Villads Vuggestue");
    await expect(region(page, da.myGroups)).toBeVisible();
    await expect(childLinks(roster(page, "Mariehønen"))).toHaveCount(11);
    await expect(childLinks(roster(page, "Sommerfuglene"))).toHaveCount(12);
    await expect(page.getByRole("article")).toHaveCount(2);
  });

  test("a teacher sees the classes 0.A and 1.A", async ({ page }) => {
    await login(page, "laerer");
    await expectGreeting(page, "Lise Lærer");
    await expect(region(page, da.myGroups)).toBeVisible();
    await expect(childLinks(roster(page, "0.A"))).toHaveCount(25);
    await expect(childLinks(roster(page, "1.A"))).toHaveCount(21);
    await expect(page.getByRole("article")).toHaveCount(2);
    await expect(page.getByRole("heading", { name: /Grønne stue/ })).toHaveCount(0);
  });

  test("a childminder sees her own four children", async ({ page }) => {
    await login(page, "dagplejer");
    await expectGreeting(page, "Birte Dagplejer");
    await expect(region(page, da.myGroups)).toBeVisible();
    await expect(childLinks(roster(page, "Dagplejer Birte"))).toHaveCount(4);
    await expect(page.getByRole("article")).toHaveCount(1);
  });

  test("a health visitor sees her district", async ({ page }) => {
    await login(page, "sundhedsplejerske");
    await expectGreeting(page, "Sanne Sundhed");
    await expect(region(page, da.myGroups)).toBeVisible();
    await expect(childLinks(roster(page, "Distrikt Nord"))).toHaveCount(15);
    await expect(page.getByRole("article")).toHaveCount(1);
  });

  test("a unit leader sees her unit and can open its groups", async ({ page }) => {
    await login(page, "leder");
    await expectGreeting(page, "Lone Leder");
    const units = region(page, da.myUnits);
    await expect(units.getByRole("heading", { level: 2, name: da.myUnits })).toBeVisible();
    await expect(units.getByRole("listitem")).toHaveCount(1);
    const unit = units.getByRole("link", { name: /Skovbørnehaven Egern/ });
    await expect(unit).toBeVisible();
    await expect(unit).toContainText("2 grupper, 41 børn");
    await unit.click();
    await page.waitForURL(/\/units\//);
    await expect(page.getByRole("heading", { level: 1, name: da.unitTitle })).toBeVisible();
    await expect(childLinks(roster(page, "Grønne stue"))).toHaveCount(24);
    await expect(childLinks(roster(page, "Røde stue"))).toHaveCount(17);
  });

  test("an area leader sees the three units of Område Nord", async ({ page }) => {
    await login(page, "omraadeleder");
    await expectGreeting(page, "Ole Områdeleder");
    const units = region(page, da.myUnits);
    await expect(units.getByRole("listitem")).toHaveCount(3);
    for (const name of ["Dagplejen Nord", "Skovbørnehaven Egern", "Vuggestuen Mælkebøtten"]) {
      await expect(units.getByRole("link", { name: new RegExp(name) })).toBeVisible();
    }
    await expect(units.getByRole("link", { name: /Bakkeskolen/ })).toHaveCount(0);
  });

  test("an administrator sees the organisation and reaches the import page", async ({ page }) => {
    await login(page, "admin");
    await expectGreeting(page, "Adam Administrator");
    const organisation = page.getByRole("region", { name: /^Organisation/ });
    await expect(
      organisation.getByRole("heading", { level: 2, name: "Organisation: Solbakke Kommune" }),
    ).toBeVisible();
    // An administrator runs the organisation but sees no child.
    await expect(childLinks(page)).toHaveCount(0);
    await organisation.getByRole("link", { name: da.openImport }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
    await expect(page.getByRole("heading", { level: 1, name: da.importTitle })).toBeVisible();
    await expect(page.getByLabel("Hvad indlæses")).toBeVisible();
    await expect(page.getByLabel("CSV-fil")).toBeVisible();
    // A file over the limit is refused in the browser, before anything is uploaded.
    const submit = page.getByRole("button", { name: "Importér" });
    const tooLarge = page.getByRole("alert").filter({ hasText: "Filen er for stor" });
    await page.getByLabel("CSV-fil").setInputFiles({
      name: "enheder.csv",
      mimeType: "text/csv",
      buffer: Buffer.alloc(6 * 1024 * 1024, "a"),
    });
    await expect(tooLarge).toBeVisible();
    await expect(submit).toBeDisabled();
    await page.getByLabel("CSV-fil").setInputFiles({
      name: "enheder.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("område;tilbud;type\n"),
    });
    await expect(tooLarge).toHaveCount(0);
    await expect(submit).toBeEnabled();

    // Narrower access per kind of unit, kept across a reload. Health visiting: the demo's one
    // health visitor works in its one district, so no other test sees a difference.
    const access = page.getByRole("form", { name: "Hvem ser hvilke børn" });
    const healthVisiting = access.getByRole("checkbox", { name: "Sundhedspleje" });
    await expect(healthVisiting).not.toBeChecked();
    await healthVisiting.check();
    await access.getByRole("button", { name: "Gem adgang" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Gemt" })).toBeVisible();
    await page.reload();
    await expect(healthVisiting).toBeChecked();
    await healthVisiting.uncheck();
    await access.getByRole("button", { name: "Gem adgang" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Gemt" })).toBeVisible();
  });

  test("a parent with custody sees her one child and who can see the child's data", async ({ page }) => {
    await login(page, "forælder");
    await expectGreeting(page, "Frida Forælder");
    const children = region(page, da.myChildren);
    await expect(children.getByRole("heading", { level: 2, name: da.myChildren })).toBeVisible();
    await expect(childLinks(children)).toHaveCount(1);
    const [name] = await childNames(children);
    await childLinks(children).click();
    await page.waitForURL(/\/children\//);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: da.access })).toBeVisible();
    const table = page.getByRole("table");
    await expect(table).toBeVisible();
    for (const column of ["Hvem", "Hvor", "Antal personer", "Hvorfor"]) {
      await expect(table.getByRole("columnheader", { name: column, exact: true })).toBeVisible();
    }
    await expect(table.getByRole("row", { name: /Forældre og værger/ })).toBeVisible();
    // The parent view leaves out what is for staff only (SECURITY A5).
    await expect(page.getByText(da.externalId)).toHaveCount(0);
  });

  test("a parent without custody still sees the child and who can see the child's data", async ({ page }) => {
    await login(page, "forælder2");
    await expectGreeting(page, "Finn Forælder");
    const children = region(page, da.myChildren);
    await expect(childLinks(children)).toHaveCount(1);
    await childLinks(children).click();
    await page.waitForURL(/\/children\//);
    await expect(page.getByRole("heading", { level: 2, name: da.access })).toBeVisible();
    await expect(page.getByRole("table")).toBeVisible();
  });

  test("a specialist's home lists the case she is invited to, and it opens", async ({ page }) => {
    // The specialist is invited to the case of the child both demo parents have.
    await login(page, "forælder");
    const [name] = await childNames(region(page, da.myChildren));
    await logout(page);

    await login(page, "specialist");
    await expectGreeting(page, "Signe Specialist");
    await expect(page.getByText(da.nothing)).toHaveCount(0);
    const cases = region(page, da.myCases);
    await expect(cases.getByRole("heading", { level: 2, name: da.myCases })).toBeVisible();
    await expect(childLinks(cases)).toHaveCount(1);
    expect(await childNames(cases)).toEqual([name]);
    // No other child is listed anywhere on her home page.
    await expect(childLinks(page)).toHaveCount(1);

    await childLinks(cases).click();
    await page.waitForURL(/\/children\//);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: da.access })).toBeVisible();
    await expect(page.getByRole("table").getByRole("row", { name: /Specialist/ })).toBeVisible();
    await expect(page.getByRole("alert")).toHaveCount(0);
  });
});

test.describe("staff of another unit", () => {
  test("a teacher opening a kindergarten child's address sees 'not found' and not the child", async ({ page }) => {
    await login(page, "paedagog");
    const room = roster(page, "Grønne stue");
    const tile = childLinks(room).first();
    const href = await tile.getAttribute("href");
    const name = (await tile.locator(".child-name").innerText()).trim();
    expect(href).toMatch(/^\/children\//);
    expect(name.length).toBeGreaterThan(0);
    // The pedagogue herself can open it.
    await tile.click();
    await page.waitForURL((url) => url.pathname === href);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await logout(page);

    await login(page, "laerer");
    await page.goto(href!);
    await expect(page.getByRole("alert")).toContainText(da.notFound);
    await expect(page.getByText(name)).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 2, name: da.about })).toHaveCount(0);
    await expect(page.getByRole("table")).toHaveCount(0);
  });

  test("a teacher opening a kindergarten's unit address sees 'not found' and no children", async ({ page }) => {
    await login(page, "leder");
    const unit = region(page, da.myUnits).getByRole("link", { name: /Skovbørnehaven Egern/ });
    const href = await unit.getAttribute("href");
    expect(href).toMatch(/^\/units\//);
    await logout(page);

    await login(page, "laerer");
    await page.goto(href!);
    await expect(page.getByRole("alert")).toContainText(da.notFound);
    await expect(childLinks(page)).toHaveCount(0);
    await expect(page.getByRole("heading", { name: /Grønne stue/ })).toHaveCount(0);
  });
});
