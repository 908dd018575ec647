import AxeBuilder from "@axe-core/playwright";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { da, expect, login, logout, test, typeCode, waitForHydration } from "./helpers";
import { code, nextUnusedStep } from "./totp";

// Putting a new person into service on the kindergarten's tablet (issue 15): the administrator
// imports a new unit leader with an e-mail address and invites her; the letter arrives at the
// real SMTP server scripts/e2e.sh started; she chooses a password by its link, sets up her
// second factor at her first sign-in (she can do nothing else before), and from then on signs
// in with password and code. Runs on the tablet only: the new person exists once per run.

const USERNAME = "nina.ny";
const ADDRESS = "nina.ny@solbakke.example";
const PASSWORD = "birkene står stille i sneen";

/** The `/password/<token>` link of the newest letter to `address`, waiting for it to arrive. */
async function linkInLetterTo(address: string): Promise<string> {
  const dir = process.env.TVAERS_E2E_MAIL_DIR;
  if (!dir) throw new Error("TVAERS_E2E_MAIL_DIR is not set: run the tests with scripts/e2e.sh");
  for (let tries = 0; tries < 100; tries++) {
    const letters = readdirSync(dir)
      .filter((name) => name.endsWith(".eml"))
      .map((name) => readFileSync(join(dir, name), "utf8"))
      .filter((text) => text.split("\n")[0].includes(address));
    const last = letters.at(-1);
    if (last) {
      const link = bodyOf(last).match(/https?:\/\/\S+\/password\/[A-Za-z0-9_-]+/);
      if (!link) throw new Error(`no link in the letter:\n${last}`);
      return link[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no letter to ${address} arrived`);
}

/** A letter's body as text, whatever transfer encoding the server chose. */
function bodyOf(letter: string): string {
  const text = letter.replace(/\r\n/g, "\n");
  const split = text.indexOf("\n\n");
  const head = text.slice(0, split).toLowerCase();
  const body = text.slice(split + 2);
  if (head.includes("content-transfer-encoding: base64")) {
    return Buffer.from(body.replace(/\s/g, ""), "base64").toString("utf8");
  }
  if (head.includes("content-transfer-encoding: quoted-printable")) {
    const joined = body.replace(/=\n/g, "");
    return Buffer.from(
      joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      "latin1",
    ).toString("utf8");
  }
  return body;
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test("a new leader is imported, invited by e-mail, sets a password and a second factor, and signs in with both", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The administrator imports her and sends the invitation.
  await login(page, "admin");
  await page.goto("/admin");
  await waitForHydration(page);
  await page.getByLabel("Hvad indlæses").selectOption({ label: "Medarbejdere" });
  await page.getByLabel("CSV-fil").setInputFiles({
    name: "medarbejdere.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      "brugernavn;navn;rolle;tilbud;område;startdato;slutdato;e-mail\n" +
        `${USERNAME};Nina Ny;leder;Skovbørnehaven Egern;;01-08-2026;;${ADDRESS}\n`,
    ),
  });
  await page.getByRole("button", { name: "Importér" }).click();
  await expect(page.getByText("Indlæste rækker")).toBeVisible();
  // The invitation form's own username field (the unlock form has one too).
  await page.locator("#invite-username").fill(USERNAME);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invitationen er sendt." })).toBeVisible();
  await logout(page);

  // She opens the link from the letter and chooses her password.
  const link = await linkInLetterTo(ADDRESS);
  await page.goto(new URL(link).pathname);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Vælg din adgangskode" })).toBeVisible();
  await page.getByLabel("Ny adgangskode", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Gentag adgangskoden", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Gem adgangskode" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Din adgangskode er gemt." })).toBeVisible();

  // First sign-in: a leader must set up a second factor before anything else.
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel(da.username, { exact: true }).fill(USERNAME);
  await page.getByLabel(da.password, { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: da.signIn, exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/second-factor");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Anden faktor" })).toBeVisible();
  await expect(page.getByRole("img", { name: "QR-kode til godkendelsesappen" })).toBeVisible();
  const secret = await page.locator("code.secret").getAttribute("data-secret");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectNoAxeViolations(page);
  await page.getByLabel("Koden, appen viser nu").fill(code(secret!, await nextUnusedStep(USERNAME)));
  await page.getByRole("button", { name: "Sæt op" }).click();
  const recovery = page.getByRole("list", { name: "Dine gendannelseskoder" });
  await expect(recovery.getByRole("listitem")).toHaveCount(10);
  await page.getByRole("link", { name: "Fortsæt" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await waitForHydration(page);
  await logout(page);

  // From now on: password, then the code; a wrong code says so and keeps the form.
  await page.getByLabel(da.username, { exact: true }).fill(USERNAME);
  await page.getByLabel(da.password, { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: da.signIn, exact: true }).click();
  const codeField = page.getByLabel(da.code, { exact: true });
  await expect(codeField).toBeFocused();
  await expectNoAxeViolations(page);
  await codeField.fill("000000" === code(secret!, Math.floor(Date.now() / 30_000)) ? "111111" : "000000");
  await page.getByRole("button", { name: da.signIn, exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Koden er forkert" })).toBeVisible();
  await typeCode(page, USERNAME, secret!);
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByTestId("signed-in-as")).toContainText("Nina Ny");
});
