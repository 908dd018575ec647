import { chromium } from "@playwright/test";
import type { APIResponse, Page } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childNames, collectProblems, expect, login, logout, test, waitForHydration } from "./helpers";

// The installable app (manifest, icons, service worker) and the Content-Security-Policy of the
// release build (SECURITY S6). Runs in the laptop project only (see playwright.config.ts).

type ManifestIcon = { src: string; sizes?: string; type?: string; purpose?: string };
type Manifest = {
  name?: string;
  short_name?: string;
  start_url?: string;
  display?: string;
  icons?: ManifestIcon[];
};

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Waits (at most 20 s) for a service worker to be active for this page. */
async function serviceWorkerActive(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then((registration) => !!registration.active),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000)),
    ]),
  );
}

/** Records every Content-Security-Policy violation the page reports, from its first script on. */
async function watchCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations?: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__cspViolations!.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

function expectNonceCsp(response: APIResponse | { headers(): Record<string, string> }, what: string) {
  const csp = response.headers()["content-security-policy"];
  expect(csp, `${what} has a Content-Security-Policy`).toBeTruthy();
  const nonce = csp.match(/'nonce-([A-Za-z0-9_\-+/=]+)'/);
  expect(nonce, `${what}: the script-src carries a nonce: ${csp}`).not.toBeNull();
  expect(csp).toMatch(/script-src [^;]*'nonce-/);
  expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  return nonce![1];
}

/** No CSP violation was reported, by event or on the console, and the wasm did not crash. */
function expectNothingBlocked(violations: string[], problems: string[]) {
  expect(violations, "securitypolicyviolation events").toEqual([]);
  const blocked = problems.filter((p) => /content.security.policy|refused to/i.test(p));
  expect(blocked, problems.join("\n")).toEqual([]);
  const crashes = problems.filter((p) => /panicked|unreachable|RuntimeError/i.test(p));
  expect(crashes, problems.join("\n")).toEqual([]);
}

test.describe("the installable app", () => {
  test("the manifest names the app, starts it standalone and has a 192 and a 512 PNG icon that load", async ({ request }) => {
    const response = await request.get("/manifest.webmanifest");
    expect(response.status()).toBe(200);
    const manifest = (await response.json()) as Manifest;
    expect(manifest.name, "manifest name").toBeTruthy();
    expect(manifest.start_url, "manifest start_url").toBeTruthy();
    expect(manifest.display).toBe("standalone");
    expect(Array.isArray(manifest.icons), "manifest icons").toBe(true);

    const base = new URL(response.url());
    for (const size of [192, 512]) {
      const icon = manifest.icons!.find(
        (i) => (i.sizes ?? "").split(/\s+/).includes(`${size}x${size}`) && (i.type ?? "image/png") === "image/png",
      );
      expect(icon, `a ${size}×${size} PNG icon in ${JSON.stringify(manifest.icons)}`).toBeDefined();
      const url = new URL(icon!.src, base).toString();
      const image = await request.get(url);
      expect(image.status(), `GET ${url}`).toBe(200);
      expect(image.headers()["content-type"]).toContain("image/png");
      expect(pngSize(await image.body()), `${url} is a ${size}×${size} PNG`).toEqual({ width: size, height: size });
    }
  });

  test("every page links the manifest", async ({ page }) => {
    await page.goto("/login");
    await expect(page.locator('head link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  });

  test("a service worker registers in the release build", async ({ page }) => {
    await page.goto("/login");
    await waitForHydration(page);
    expect(await serviceWorkerActive(page), "navigator.serviceWorker.ready with an active worker").toBe(true);
    const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
    expect(new URL(scope).pathname).toBe("/");
  });

  test("Chromium finds nothing that keeps the app from being installed", async ({ baseURL }, testInfo) => {
    // A test context is an incognito profile, from which Chromium installs nothing; a user's
    // browser has a persistent profile, so the check runs in one.
    const profile = mkdtempSync(join(tmpdir(), "tvaers-install-"));
    const context = await chromium.launchPersistentContext(profile, {
      ...(testInfo.project.use.launchOptions ?? {}),
      headless: true,
      baseURL,
    });
    try {
      const page = await context.newPage();
      await page.goto("/login");
      await page.waitForLoadState("networkidle");
      expect(await serviceWorkerActive(page)).toBe(true);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      expect(installabilityErrors, JSON.stringify(installabilityErrors, null, 2)).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  test("the service worker's caches hold no child's name, signed in or after signing out", async ({ page }) => {
    await login(page, "paedagog");
    expect(await serviceWorkerActive(page)).toBe(true);
    // Load the home page and a child page again, now under the worker's control.
    await page.reload();
    await waitForHydration(page);
    const names = await childNames(page);
    expect(names.length).toBeGreaterThanOrEqual(24);
    await page.getByRole("link", { name: new RegExp(names[0]) }).first().click();
    await page.waitForURL(/\/children\//);
    await expect(page.getByRole("heading", { level: 1, name: names[0] })).toBeVisible();
    await page.goBack();
    await waitForHydration(page);

    const cachedText = () =>
      page.evaluate(async () => {
        const found: { url: string; text: string }[] = [];
        for (const key of await caches.keys()) {
          const cache = await caches.open(key);
          for (const request of await cache.keys()) {
            const response = await cache.match(request);
            const type = response?.headers.get("content-type") ?? "";
            if (response && !/wasm|image|font/.test(type)) {
              found.push({ url: request.url, text: await response.text() });
            }
          }
        }
        return found;
      });
    const leaks = (entries: { url: string; text: string }[]) =>
      entries.flatMap((e) => names.filter((n) => e.text.includes(n)).map((n) => `${e.url}: ${n}`));

    expect(leaks(await cachedText()), "child names in Cache Storage while signed in").toEqual([]);
    await logout(page);
    expect(leaks(await cachedText()), "child names in Cache Storage after signing out").toEqual([]);
  });
});

test.describe("the Content-Security-Policy", () => {
  test("the login page carries a nonce policy, its scripts carry the nonce, and nothing is blocked", async ({ page }) => {
    const problems = collectProblems(page);
    await watchCspViolations(page);
    const response = await page.goto("/login");
    expect(response).not.toBeNull();
    const nonce = expectNonceCsp(response!, "/login");
    await waitForHydration(page);
    // Every inline script with something in it runs only by the nonce (an empty one never runs).
    const inline = await page.evaluate(() =>
      Array.from(document.querySelectorAll("script"))
        .filter((s) => !s.src && s.textContent!.trim() !== "")
        .map((s) => ({ start: s.textContent!.trim().slice(0, 40), nonce: s.nonce })),
    );
    expect(inline.length, "the hydration script is inline").toBeGreaterThan(0);
    for (const s of inline) expect(s.nonce, `nonce of the inline script ${s.start}…`).toBe(nonce);
    expectNothingBlocked(await cspViolations(page), problems);
  });

  test("the signed-in home page gets a fresh nonce and breaks none of the policy", async ({ page }) => {
    const problems = collectProblems(page);
    await watchCspViolations(page);
    await login(page, "paedagog");
    const first = await page.goto("/");
    const nonce = expectNonceCsp(first!, "/");
    await waitForHydration(page);
    await expect(page.getByTestId("signed-in-as")).toBeVisible();
    expectNothingBlocked(await cspViolations(page), problems);

    const second = await page.goto("/");
    expect(expectNonceCsp(second!, "/ again"), "a new nonce on every response").not.toBe(nonce);
    expect(second!.headers()["cache-control"]).toContain("no-store");
    expect(second!.headers()["x-content-type-options"]).toBe("nosniff");
  });
});
