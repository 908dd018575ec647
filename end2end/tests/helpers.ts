import { test as base, expect, type Locator, type Page } from "@playwright/test";
import { code, nextUnusedStep } from "./totp";

/** The one password of every demo login (server/src/demo.rs). */
export const DEMO_PASSWORD = "demo-tvaers";

/** The demo's leaders' and administrator's second-factor key (server/src/demo.rs). */
export const DEMO_TOTP_SECRET = "TVAERSDEMOTVAERSDEMOTVAERSDEMO23";

/** The demo logins that type a code after the password: leaders and the administrator. */
const DEMO_CODE_USERS = new Set(["leder", "omraadeleder", "admin"]);

/** Danish is the default language; these are the texts of app/locales/da.json the tests use. */
export const da = {
  username: "Brugernavn",
  password: "Adgangskode",
  signIn: "Log ind",
  code: "Kode fra godkendelsesappen (eller en gendannelseskode)",
  language: "Sprog",
  switchUser: "Skift bruger / log ud",
  /** Someone who is only a parent, on their own phone, signs out instead. */
  signOut: "Log ud",
  recent: "Brugt for nylig på denne enhed",
  myGroups: "Mine grupper",
  myUnits: "Mine tilbud",
  myChildren: "Mine børn",
  myCases: "Sager, jeg er inviteret til",
  nothing: "Du har ingen aktive tilknytninger i dag. Kontakt din leder, hvis det er forkert.",
  access: "Hvem kan se oplysninger om barnet",
  about: "Om barnet",
  externalId: "Kommunens id",
  notFound: "Siden eller oplysningerne findes ikke, eller du har ikke adgang til dem.",
  unitTitle: "Grupper og børn",
  openImport: "Importér data",
  importTitle: "Import af organisation",
};

/**
 * Marks the moment the app's wasm module is instantiated. Leptos' hydration script calls
 * `hydrate()` in the promise chain right after that, so once the mark is set and the page has
 * had one more task, the page is hydrated. Installed before any script of the page runs.
 */
const markWasmReady = () => {
  const w = window as unknown as { __tvaersWasmReady?: boolean };
  const mark = <T>(p: Promise<T>) =>
    p.then((r) => {
      w.__tvaersWasmReady = true;
      return r;
    });
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) {
    WebAssembly.instantiateStreaming = function (...args: Parameters<typeof streaming>) {
      return mark(streaming.apply(WebAssembly, args));
    } as typeof streaming;
  }
  const plain = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args: unknown[]) {
    return mark((plain as (...a: unknown[]) => Promise<unknown>).apply(WebAssembly, args));
  } as typeof plain;
};

/** What went wrong on each page so far, to explain a page that never hydrates. */
const pageTrouble = new WeakMap<Page, string[]>();

/**
 * Makes a page watch for the app's wasm to start and note what goes wrong: every page of the
 * `test` fixture, and pages a test opens in contexts of its own (a phone beside a tablet).
 */
export async function watch(page: Page): Promise<void> {
  const trouble: string[] = [];
  pageTrouble.set(page, trouble);
  page.on("response", (r) => {
    if (r.status() >= 400) trouble.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on("requestfailed", (r) => trouble.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") trouble.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => trouble.push(`page error: ${e.message}`));
  await page.addInitScript(markWasmReady);
}

/** Playwright's `test`, with every page watching for the app's wasm to start. */
export const test = base.extend({
  page: async ({ page }, use) => {
    await watch(page);
    await use(page);
  },
});

export { expect };

/**
 * Waits until the page that was just loaded is hydrated: the network has settled, the wasm
 * module is instantiated, and the hydration that follows it in the same promise chain has run.
 * The hydration spec proves, through a real state change, that this is enough.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  try {
    await page.waitForFunction(
      () => (window as unknown as { __tvaersWasmReady?: boolean }).__tvaersWasmReady === true,
      undefined,
      { timeout: 20_000 },
    );
  } catch (error) {
    const trouble = pageTrouble.get(page) ?? [];
    throw new Error(
      `${page.url()} did not hydrate: the app's wasm was never instantiated.\n` +
        `What the page reported:\n  ${trouble.join("\n  ") || "(nothing)"}\n${error}`,
    );
  }
  // One more task: the promise chain that calls hydrate() and the resources it resumes are
  // microtasks, all done by then.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** Signs in through the login form, in Danish, and waits for the hydrated home page. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel(da.username, { exact: true }).fill(username);
  await page.getByLabel(da.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: da.signIn, exact: true }).click();
  if (DEMO_CODE_USERS.has(username)) {
    await typeCode(page, username, DEMO_TOTP_SECRET);
  }
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await waitForHydration(page);
}

/**
 * Answers the login form's request for a second factor's code with a code from `secret` that
 * this person has not used yet (a code works once: the helper waits for the next one when
 * another test just used this one), and submits the form again.
 */
export async function typeCode(page: Page, username: string, secret: string): Promise<void> {
  const field = page.getByLabel(da.code, { exact: true });
  await expect(field).toBeFocused();
  // Waiting for the next code may take up to one step (30 s) of the test's own time.
  base.info().setTimeout(base.info().timeout + 35_000);
  const step = await nextUnusedStep(username);
  await field.fill(code(secret, step));
  await page.getByRole("button", { name: da.signIn, exact: true }).click();
}

/**
 * Uses the header's quick switch of user (for a parent: "Log ud"), and waits for the hydrated
 * login page.
 */
export async function logout(page: Page): Promise<void> {
  const either = new RegExp(`^(${escapeRegExp(da.switchUser)}|${escapeRegExp(da.signOut)})$`);
  await page.getByRole("button", { name: either }).click();
  await page.waitForURL((url) => url.pathname === "/login");
  await expect(page.getByRole("heading", { level: 1, name: da.signIn })).toBeVisible();
  await waitForHydration(page);
}

/** The links to children's pages inside `scope` (a roster, a section or the whole page). */
export function childLinks(scope: Page | Locator): Locator {
  return scope.locator('a[href^="/children/"]');
}

/** The names shown on the child tiles inside `scope`. */
export async function childNames(scope: Page | Locator): Promise<string[]> {
  const names = await childLinks(scope).locator(".child-name").allInnerTexts();
  return [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))];
}

/** The roster card of one group on a home or unit page, found by its heading. */
export function roster(page: Page, groupName: string): Locator {
  return page.getByRole("article").filter({
    has: page.getByRole("heading", { level: 3, name: new RegExp(`^${escapeRegExp(groupName)}\\b`) }),
  });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Collects what the browser reports as going wrong on a page: console errors and uncaught
 * exceptions (a hydration panic shows up as one of these).
 */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  return problems;
}
