import {
  childNames,
  collectProblems,
  da,
  expect,
  login,
  logout,
  test,
  waitForHydration,
} from "./helpers";

// The server-rendered page comes alive in the browser (Leptos hydration), and the quick switch
// of user on a shared tablet leaves nothing about children behind (SECURITY S1, S3, O2).

test.describe("hydration", () => {
  test("the login page switches language in place, without a page reload", async ({ page }) => {
    const problems = collectProblems(page);
    await page.goto("/login");
    await waitForHydration(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "da");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(da.signIn);

    // A marker on this window survives only if the page is not loaded again.
    await page.evaluate(() => {
      (window as unknown as { __sameDocument?: string }).__sameDocument = "still here";
    });

    await page.getByLabel(da.language).selectOption({ label: "English" });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(page.getByLabel("Username", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();

    await page.getByLabel("Language").selectOption({ label: "العربية" });
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");

    const marker = await page.evaluate(
      () => (window as unknown as { __sameDocument?: string }).__sameDocument,
    );
    expect(marker, "the language change reloaded the page").toBe("still here");
    // A hydration mismatch or a panic in the wasm shows up here.
    const crashes = problems.filter((p) => /panicked|unreachable|RuntimeError|hydrat/i.test(p));
    expect(crashes, problems.join("\n")).toEqual([]);
  });

  test("the chosen language is kept for the next page the server renders", async ({ page }) => {
    await page.goto("/login");
    await waitForHydration(page);
    await page.getByLabel(da.language).selectOption({ label: "English" });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  });
});

test.describe("switching user on a shared tablet", () => {
  test("the header's switch button signs out and offers the last username with one tap", async ({ page }) => {
    await login(page, "paedagog");
    await logout(page);

    const recent = page.getByRole("heading", { level: 2, name: da.recent });
    await expect(recent).toBeVisible();
    const offered = page.getByRole("button", { name: "paedagog", exact: true });
    await expect(offered).toBeVisible();
    await expect(page.getByLabel(da.username, { exact: true })).toHaveValue("");

    await offered.click();
    await expect(page.getByLabel(da.username, { exact: true })).toHaveValue("paedagog");
    await expect(page.getByLabel(da.password, { exact: true })).toBeFocused();
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);

    // Signing in from there works with just the password.
    await page.getByLabel(da.password, { exact: true }).fill("demo-tvaers");
    await page.getByRole("button", { name: da.signIn, exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Pia Pædagog");
  });

  test("after signing out, the browser keeps only the recent usernames and no child's name", async ({
    page,
    request,
  }) => {
    await login(page, "paedagog");
    const names = await childNames(page);
    expect(names.length).toBeGreaterThanOrEqual(24);
    // The session cookie is HttpOnly: scripts on the page never see it, even when signed in.
    const signedInCookies = await page.evaluate(() => document.cookie);
    expect(signedInCookies).not.toMatch(/tvaers_session/);
    const sessionCookie = (await page.context().cookies()).find((c) => c.name.endsWith("tvaers_session"));
    expect(sessionCookie, "a session cookie is set at login").toBeDefined();
    expect(sessionCookie!.httpOnly).toBe(true);
    // Sent from outside the browser, the cookie signs the pedagogue in (checked again below).
    const whoami = () =>
      request.post("/api/whoami", {
        headers: {
          cookie: `${sessionCookie!.name}=${sessionCookie!.value}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        data: "",
      });
    expect(await (await whoami()).json()).toMatchObject({ username: "paedagog" });

    await logout(page);

    const stored = await page.evaluate(() => {
      const dump = (s: Storage) =>
        Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k)]));
      return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie };
    });
    expect(Object.keys(stored.local)).toEqual(["tvaers.recent_users"]);
    expect(JSON.parse(stored.local["tvaers.recent_users"]!)).toEqual(["paedagog"]);
    expect(stored.session).toEqual({});
    expect(stored.cookie).not.toMatch(/tvaers_session/);

    const everything = JSON.stringify(stored);
    const leaked = names.filter(
      (name) => everything.includes(name) || name.split(" ").some((part) => everything.includes(part)),
    );
    expect(leaked, `child names left in the browser: ${everything}`).toEqual([]);

    // The session ended on the server too (SECURITY S4): the old cookie no longer signs anyone in.
    const replay = await whoami();
    expect(replay.status()).toBe(200);
    expect(await replay.json()).toBeNull();
  });
});
