import { expect, test, waitForHydration } from "./helpers";
import { code, nextUnusedStep } from "./totp";

// A municipality put into service from nothing, as docs/OPERATIONS.md describes it: scripts/e2e.sh
// runs `tvaers setup` on an empty database (no demo) and starts a second server on it; the first
// administrator opens the printed link on her laptop, chooses a password, sets up her second
// factor at her first sign-in, and imports the municipality's first units. Laptop only: the
// link works once.

const FRESH_URL = process.env.TVAERS_E2E_FRESH_URL;
const SETUP_LINK = process.env.TVAERS_E2E_SETUP_LINK;
const PASSWORD = "fjorden ligger blank i morgenlyset";

test.use({ baseURL: FRESH_URL });

test("a new municipality is put into service from an empty database by its first administrator", async ({
  page,
}) => {
  expect(FRESH_URL, "run the tests with scripts/e2e.sh").toBeTruthy();
  expect(SETUP_LINK, "scripts/e2e.sh passes the link `tvaers setup` printed").toBeTruthy();
  test.setTimeout(120_000);

  // Nobody can sign in before the link is used: there is no password and no demo.
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Brugernavn", { exact: true }).fill("anne.admin");
  await page.getByLabel("Adgangskode", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Log ind", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Forkert brugernavn eller adgangskode." })).toBeVisible();

  // The printed link: choose the password.
  await page.goto(new URL(SETUP_LINK!).pathname);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Vælg din adgangskode" })).toBeVisible();
  await page.getByLabel("Ny adgangskode", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Gentag adgangskoden", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Gem adgangskode" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Din adgangskode er gemt." })).toBeVisible();

  // First sign-in: the second factor before anything else.
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Brugernavn", { exact: true }).fill("anne.admin");
  await page.getByLabel("Adgangskode", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Log ind", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/second-factor");
  await waitForHydration(page);
  const secret = await page.locator("code.secret").getAttribute("data-secret");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Koden, appen viser nu").fill(code(secret!, await nextUnusedStep("fresh:anne.admin")));
  await page.getByRole("button", { name: "Sæt op" }).click();
  await expect(page.getByRole("list", { name: "Dine gendannelseskoder" }).getByRole("listitem")).toHaveCount(10);
  await page.getByRole("link", { name: "Fortsæt" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await waitForHydration(page);
  const organisation = page.getByRole("region", { name: /^Organisation/ });
  await expect(organisation.getByRole("heading", { level: 2, name: "Organisation: Nordby Kommune" })).toBeVisible();
  await expect(organisation.locator("dl.facts dt:text-is('Tilbud') + dd")).toHaveText("0");

  // The first import: an area and its units.
  await organisation.getByRole("link", { name: "Importér data" }).click();
  await page.waitForURL((url) => url.pathname === "/admin");
  await waitForHydration(page);
  await page.getByLabel("Hvad indlæses").selectOption({ label: "Tilbud" });
  await page.getByLabel("CSV-fil").setInputFiles({
    name: "tilbud.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("område;tilbud;type\nOmråde Syd;Børnehuset Solsikken;børnehave\nOmråde Syd;Sydskolen;skole\n"),
  });
  await page.getByRole("button", { name: "Importér" }).click();
  await expect(page.getByText("Indlæste rækker")).toBeVisible();
  await page.goto("/");
  await waitForHydration(page);
  // The organisation's facts: one area, two units, and before that no units at all.
  const facts = page.getByRole("region", { name: /^Organisation/ }).locator("dl.facts");
  await expect(facts.locator("dt:text-is('Områder') + dd")).toHaveText("1");
  await expect(facts.locator("dt:text-is('Tilbud') + dd")).toHaveText("2");
});
