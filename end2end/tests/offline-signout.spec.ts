import type { Page, TestInfo } from "@playwright/test";
import { da, escapeRegExp, expect, login, logout, roster, test, waitForHydration } from "./helpers";

// Signing out, switching user and the idle lock on a shared tablet whose Wi-Fi is gone
// (SECURITY S1, O2, O3): the login page shows at once, nothing of the previous person stays
// readable in the page or the browser's storage, the server session ends at the next contact,
// and the sealed outbox reaches the server exactly once when its owner signs in again.
//
// Runs on the tablet and the phone (the laptop project leaves this file out, playwright.config.ts). Both assess children of the Red room as `paedagog`, each a
// child the demo's second pedagogue has already assessed (so the leader's count of assessed
// children stays 10 of 17: three of the room's twenty moved to school), the tablet from the front of the list and the phone from the back.

const GROUP = "Røde stue";

type GridChild = { name: string; own: { position: string; note: string } | null; individual_count: number };

async function openRound(page: Page, username: string) {
  await roster(page, GROUP).getByTestId("open-round").click();
  await page.waitForURL(/\/groups\/[0-9a-f-]+\/round$/);
  await waitForHydration(page);
  // The round page loads the outbox key through the session and writes the user's (perhaps
  // empty) sealed outbox: from then on the device can keep what is assessed offline.
  await expect
    .poll(() => page.evaluate((key) => localStorage.getItem(key) !== null, `tvaers.outbox.v1.${username}`))
    .toBe(true);
}

function groupIdOf(page: Page): string {
  const match = /\/groups\/([0-9a-f-]+)\/round/.exec(page.url());
  if (!match) throw new Error(`not a round page: ${page.url()}`);
  return match[1];
}

/** The group's children in the open round, as the signed-in user's server answers them. */
async function grid(page: Page, groupId: string): Promise<GridChild[]> {
  return page.evaluate(async (group) => {
    const res = await fetch("/api/group_round", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ group }),
    });
    return (await res.json()).children;
  }, groupId);
}

/** A child someone else assessed and this user has not: the tablet from the front, the phone from the back. */
function pick(children: GridChild[], testInfo: TestInfo): GridChild {
  const free = children.filter((c) => c.individual_count > 0 && c.own === null);
  const child = testInfo.project.name === "phone" ? free[free.length - 1] : free[0];
  if (!child) throw new Error("no child left to assess");
  return child;
}

/** Everything a script in the page can still read: storage, the document, the hydration data. */
async function readable(page: Page) {
  return page.evaluate(() => {
    const dump = (s: Storage) =>
      Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k)]));
    const w = window as unknown as Record<string, unknown>;
    return {
      local: dump(localStorage),
      session: dump(sessionStorage),
      html: document.documentElement.outerHTML,
      hydration: JSON.stringify(["__RESOLVED_RESOURCES", "__SERIALIZED_ERRORS"].map((k) => w[k] ?? null)),
    };
  });
}

/** A server function answer for the page's cookie, or the status when it is not a 200. */
async function call(page: Page, endpoint: string): Promise<unknown> {
  return page.evaluate(async (endpoint) => {
    const res = await fetch(`/api/${endpoint}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    return res.ok ? res.json() : res.status;
  }, endpoint);
}

/** Assesses `child` green with `note` while offline: the outbox holds it, sealed on the device. */
async function assessOffline(page: Page, child: string, note: string) {
  const tile = page.getByTestId("assess-tile").filter({
    has: page.locator(".child-name", { hasText: new RegExp(`^${escapeRegExp(child)}$`) }),
  });
  await tile.first().click();
  const panel = page.getByTestId("assess-panel");
  await expect(panel.locator("h2")).toHaveText(child);
  await panel.locator('button[data-position="green"]').click();
  await panel.getByLabel("Kort begrundelse").fill(note);
  await panel.getByTestId("save-next").click();
  await expect(page.getByTestId("pending-count")).toHaveText("1");
  await expect(tile.first()).toHaveAttribute("data-status", "not-sent");
  // Kept on the device, sealed: the owner's outbox is there, with no name and no note in it.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem("tvaers.outbox.v1.paedagog")))
    .not.toBeNull();
}

/** After the sign-out: the login page, nobody named, nothing of the previous person readable. */
async function expectSignedOutLeavingNothing(page: Page, names: string[], note: string) {
  await page.waitForURL((url) => url.pathname === "/login");
  await expect(page.getByRole("heading", { level: 1, name: da.signIn })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  await expect(page.getByTestId("pending-banner")).toHaveCount(0);
  const left = await readable(page);
  const everything = JSON.stringify(left);
  const leaked = names.filter((n) => everything.includes(n));
  expect(leaked, "children's names left in the page or the browser's storage").toEqual([]);
  expect(everything).not.toContain(note);
  expect(everything).not.toContain("Pia Pædagog");
  // Only ciphertext, the recent usernames and the pending sign-out marker stay.
  expect(Object.keys(left.local).sort()).toEqual([
    "tvaers.outbox.v1.paedagog",
    "tvaers.recent_users",
    "tvaers.signout_pending",
  ]);
  expect(left.local["tvaers.outbox.v1.paedagog"]).toMatch(/^"[A-Za-z0-9+/=]+"$/);
  expect(left.session).toEqual({});
}

/** Back online, the session the tablet left ends at the first contact, with nobody acting. */
async function expectServerSessionEnded(page: Page) {
  await expect.poll(() => call(page, "whoami"), { timeout: 20_000 }).toBeNull();
  // The outbox key is handed out only through a live session: the sealed outbox stays shut.
  expect(await call(page, "outbox_key")).toBe(401);
  await expect.poll(() => page.evaluate(() => localStorage.getItem("tvaers.signout_pending"))).toBeNull();
}

/** Signs in on the login page the sign-out left, without loading it again. */
async function signInInPlace(page: Page, username: string, displayName: string) {
  await page.getByLabel(da.username, { exact: true }).fill(username);
  await page.getByLabel(da.password, { exact: true }).fill("demo-tvaers");
  await page.getByRole("button", { name: da.signIn, exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByTestId("signed-in-as")).toHaveText(displayName);
  await waitForHydration(page);
}

/** The owner signs in again: the outbox item reaches the server, once. */
async function expectSentOnceByOwner(page: Page, groupId: string, child: string, note: string, saves: string[]) {
  await signInInPlace(page, "paedagog", "Pia Pædagog");
  await openRound(page, "paedagog");
  // The sealed outbox is opened with the key of the new session and sent.
  await expect.poll(() => saves.length, { timeout: 30_000 }).toBe(1);
  await expect(page.getByTestId("pending-banner")).toHaveCount(0);
  const mine = (await grid(page, groupId)).find((c) => c.name === child);
  expect(mine?.own).toMatchObject({ position: "green", note });
  expect(saves, "answers to the outbox item").toHaveLength(1);
  // A reload finds nothing left to send.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("pending-banner")).toHaveCount(0);
  await page.waitForTimeout(1_000);
  expect(saves).toHaveLength(1);
}

/** Records every successful individual save the page sends. */
function countSaves(page: Page): string[] {
  const saves: string[] = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname === "/api/save_individual" && r.status() === 200) saves.push(r.url());
  });
  return saves;
}

test.describe("signing out on a shared tablet without network", () => {
  test("the switch of user offline shows the login page at once, leaves only ciphertext, and the next person sees only their own", async ({
    page,
    context,
  }, testInfo) => {
    const saves = countSaves(page);
    await login(page, "paedagog");
    await openRound(page, "paedagog");
    const groupId = groupIdOf(page);
    const children = await grid(page, groupId);
    const names = children.map((c) => c.name);
    const child = pick(children, testInfo).name;
    const note = `Offline før skift af bruger (${testInfo.project.name}).`;

    await context.setOffline(true);
    await assessOffline(page, child, note);

    // The Wi-Fi is still gone: the switch button works anyway.
    await page.getByRole("button", { name: da.switchUser }).click();
    await expectSignedOutLeavingNothing(page, names, note);
    expect(saves).toHaveLength(0);

    // The network returns: the old session ends on the server before anyone signs in.
    await context.setOffline(false);
    await expectServerSessionEnded(page);

    // The next person signs in on the same tablet and sees their own page only.
    await signInInPlace(page, "paedagog2", "Per Pædagog");
    await openRound(page, "paedagog2");
    await expect(page.getByTestId("assess-tile")).toHaveCount(17);
    await expect(page.getByTestId("pending-banner")).toHaveCount(0);
    await expect(page.locator('[data-testid="assess-tile"][data-status="not-sent"]')).toHaveCount(0);
    const theirs = (await grid(page, groupId)).find((c) => c.name === child);
    expect(theirs?.own?.note ?? "").not.toContain(note);
    expect(JSON.stringify(await readable(page))).not.toContain(note);
    await page.waitForTimeout(1_000);
    expect(saves, "nothing of the previous person is sent in the next one's session").toHaveLength(0);

    // The owner comes back: the sealed item is sent, once.
    await logout(page);
    await expectSentOnceByOwner(page, groupId, child, note, saves);
  });

  test("the idle lock offline does the same after ten minutes untouched", async ({ page, context }, testInfo) => {
    // The page's clock is Playwright's: ten minutes pass in an instant.
    await page.clock.install();
    const saves = countSaves(page);
    await login(page, "paedagog");
    await openRound(page, "paedagog");
    const groupId = groupIdOf(page);
    const children = await grid(page, groupId);
    const names = children.map((c) => c.name);
    const child = pick(children, testInfo).name;
    const note = `Offline før låsen (${testInfo.project.name}).`;

    await context.setOffline(true);
    await assessOffline(page, child, note);

    // Nine minutes untouched: still open.
    await page.clock.fastForward("09:00");
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toMatch(/\/round$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText("Pia Pædagog");

    // Past ten: locked, while still offline.
    await page.clock.fastForward("01:30");
    await expectSignedOutLeavingNothing(page, names, note);
    expect(saves).toHaveLength(0);

    await context.setOffline(false);
    await expectServerSessionEnded(page);
    await expectSentOnceByOwner(page, groupId, child, note, saves);
  });
});
