import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Cookie } from "@playwright/test";
import type { ReviewQueuePage } from "../lib/retrain/review-page";
import { signIn, taggedFixtureRecords } from "./helpers/admin";

/**
 * The admin loop on the real app and database: sign in, approve contributed samples, retrain in
 * the background (a few steps of a fine-tune, for speed), watch the live progress to the end, see
 * the new version's metrics, promote it, and check that the Write page loads it. Also: admin APIs
 * refuse anonymous calls, a longer queue is reviewed with the keyboard alone (paging, no reloads),
 * the shipped v1's numbers are in the versions table, and a retrain whose job is killed leaves
 * the active model untouched.
 */
const FIXTURES = path.join(__dirname, "..", "lib", "ink", "fixtures", "unipen-fixtures.jsonl");

test.describe.configure({ mode: "serial" });

function fixtureWords(n: number) {
  return fs
    .readFileSync(FIXTURES, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { text: string; strokes: number[][][] })
    .filter((r) => !r.text.includes(" ") && /^[A-Za-z]+$/.test(r.text))
    .slice(0, n)
    .map((r) => ({ text: r.text, ink: { version: 1, strokes: r.strokes.map((s) => ({ points: s.map(([x, y]) => ({ x, y })) })) } }));
}

/** Same-origin admin calls from the signed-in page context (the CSRF check wants an Origin). */
function adminPost(request: APIRequestContext, baseURL: string, url: string, data: unknown) {
  return request.post(url, { data, headers: { origin: baseURL } });
}

test("anonymous requests to admin APIs get 401 and admin pages redirect to sign-in", async ({ browser }) => {
  const anonymous = await browser.newContext();
  for (const url of ["/api/admin/stats", "/api/admin/review", "/api/admin/runs", "/api/admin/versions", "/api/admin/runs/x/events"]) {
    expect((await anonymous.request.get(url)).status(), url).toBe(401);
  }
  expect((await anonymous.request.post("/api/admin/runs", { data: {}, headers: { origin: "http://localhost" } })).status()).toBe(401);
  const page = await anonymous.newPage();
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin/);
  await anonymous.close();
});

test("approve samples, retrain, watch progress, promote, and the Write page loads the new version", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const tag = `e2e-admin-${randomUUID().slice(0, 8)}`;
  // 1. Seed contributions through the public API (one writer each keeps clear of the rate limit).
  for (const [i, w] of fixtureWords(8).entries()) {
    const res = await page.request.post("/api/samples", { data: { id: randomUUID(), ink: w.ink, text: w.text, writerId: `${tag}-${i}`, source: "prompted", consent: true } });
    expect(res.status(), await res.text()).toBe(201);
  }

  // 2. Sign in and approve them in the review queue: one with the keyboard, the rest in bulk.
  await signIn(page, "/admin/review");
  await page.getByLabel("Writer").fill(tag);
  const list = page.getByTestId("review-list");
  await expect(list.locator("li")).toHaveCount(8);
  await expect(list.locator("li").first()).toContainText("model:");
  await page.getByRole("heading", { name: "Review samples" }).click();
  await page.keyboard.press("a");
  await expect(page.getByTestId("review-notice")).toHaveText("1 sample approved");
  await expect(list.locator("li")).toHaveCount(7);
  await page.getByRole("button", { name: "Select all loaded" }).click();
  await page.getByRole("button", { name: "Approve selected" }).click();
  await expect(page.getByTestId("review-notice")).toHaveText("7 samples approved");
  await expect(list.locator("li")).toHaveCount(0);

  // 3. Start a small retrain: a few fine-tuning steps with a tiny learning rate, fixture base data.
  await page.goto("/admin");
  await expect(page.getByTestId("stats-summary")).toContainText("samples from");
  const before = (await (await page.request.get("/api/models/active")).json()) as { version: string };
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Start retraining" }) });
  await form.locator('select[name="mode"]').selectOption("finetune");
  await form.locator('input[name="epochs"]').fill("20");
  await form.locator('input[name="maxSteps"]').fill("4");
  await form.locator('select[name="baseData"]').selectOption("fixtures");
  await form.locator('input[name="evalEvery"]').fill("2");
  await form.locator('input[name="lr"]').fill("0.000001");
  await page.getByRole("button", { name: "Start retraining" }).click();

  // 4. Live progress (server-sent events) until the run succeeds.
  const progress = page.getByTestId("run-progress");
  await expect(progress).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 200_000 });
  await expect(page.getByTestId("run-step")).toHaveText("4");
  // The bar is full, and the live curves read their latest points.
  await expect(progress.getByTestId("run-progress-bar")).toHaveAttribute("aria-valuenow", "100");
  await expect(progress.getByRole("figure").filter({ hasText: "Training loss" }).getByTestId("chart-readout")).toHaveText(/^latest: step 4 · loss \d+\.\d{3} · held-out loss \d+\.\d{3}$/);
  await expect(progress.getByRole("figure").filter({ hasText: "Validation" }).getByTestId("chart-readout")).toHaveText(/^latest: step \d+ · CER \d+(\.\d)?% · line WER \d+(\.\d)?%/);
  const version = (await page.getByTestId("run-version").locator("strong").textContent())!;
  expect(version).toMatch(/^ft-\d{8}-\d{4}-/);

  // 5. The new version is listed with its metrics.
  const row = page.locator(`tr[data-version="${version}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("version-cer")).toHaveText(/^\d+(\.\d)?%$/);

  // 6. Promote it; the active endpoint and the Write page switch to it. Then roll back, so the
  //    other e2e tests (which expect the shipped model) see it again.
  try {
    await row.getByRole("button", { name: `Promote ${version}` }).click();
    await expect(page.getByTestId("active-version")).toHaveText(version);
    const active = (await (await page.request.get("/api/models/active")).json()) as { version: string; url: string };
    expect(active).toMatchObject({ version, url: `/api/models/files/${version}` });
    const weights = await page.request.get(`${active.url}/weights.bin`);
    expect(weights.status()).toBe(200);
    expect(weights.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await page.request.get(`/api/models/files/${version}/secrets.txt`)).status()).toBe(404);
    await page.goto("/");
    await expect(page.locator('[role="status"][data-version]')).toHaveAttribute("data-version", version, { timeout: 60_000 });
  } finally {
    expect((await adminPost(page.request, baseURL!, "/api/admin/versions/active", { version: null })).status()).toBe(200);
  }
  expect(((await (await page.request.get("/api/models/active")).json()) as { version: string }).version).toBe(before.version);
});

/** The keyboard-review test's session, reused by the next test: sign-ins are rate-limited (10 per 15 minutes). */
let reviewerSession: Cookie[] = [];

test("reviews a 30-sample queue with the keyboard: paging, relabelling, no reloads", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const tag = `e2e-keys-${randomUUID().slice(0, 8)}`;
  await signIn(page, "/admin/review");
  // 30 samples (more than one page of 24), imported as pending under this test's writer.
  const records = taggedFixtureRecords(tag, 30);
  const imported = await page.request.post("/api/admin/import?format=jsonl&status=pending", { data: records.join("\n") + "\n", headers: { origin: baseURL!, "content-type": "application/x-ndjson" } });
  expect(imported.status(), await imported.text()).toBe(200);
  expect(((await imported.json()) as { stored: number }).stored).toBe(30);

  await page.getByLabel("Writer").fill(tag);
  const list = page.getByTestId("review-list");
  const items = list.locator("li");
  await expect(page.getByTestId("review-count")).toContainText("30 samples (24 loaded)");
  await expect(items).toHaveCount(24);
  // From here on, every decision must update the list in place: no request for the first page again.
  const firstPageRequests: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname === "/api/admin/review" && !url.searchParams.has("after") && url.searchParams.get("take") === "24") firstPageRequests.push(r.url());
  });

  const current = list.locator('li[aria-current="true"]');
  const currentId = () => current.getAttribute("data-sample-id");
  await page.getByRole("heading", { name: "Review samples" }).click();
  for (let i = 0; i < 3; i++) await page.keyboard.press("j");
  await page.keyboard.press("k");
  await expect(current).toHaveAttribute("data-index", "2");
  const approvedId = await currentId();
  await page.keyboard.press("a");
  await expect(page.getByTestId("review-notice")).toHaveText("1 sample approved");
  await expect(items).toHaveCount(23);
  await expect(current).toHaveAttribute("data-index", "2"); // now on the next sample
  const rejectedId = await currentId();
  expect(rejectedId).not.toBe(approvedId);
  await page.keyboard.press("r");
  await expect(page.getByTestId("review-notice")).toHaveText("1 sample rejected");
  // Select two with x and approve them with Shift+A.
  const selectedIds = [await currentId()];
  await page.keyboard.press("x");
  await page.keyboard.press("ArrowDown");
  selectedIds.push(await currentId());
  await page.keyboard.press("x");
  await expect(page.getByTestId("review-count")).toContainText("2 selected");
  await page.keyboard.press("Shift+A");
  await expect(page.getByTestId("review-notice")).toHaveText("2 samples approved");
  await expect(items).toHaveCount(20);
  // Relabel the current one: e, type, Enter.
  const relabelledId = await currentId();
  await page.keyboard.press("e");
  const input = page.getByLabel("new label");
  await expect(input).toBeFocused();
  await input.fill("relabelled");
  await input.press("Enter");
  await expect(page.getByTestId("review-notice")).toHaveText("1 sample relabelled");
  await expect(list.locator(`li[data-sample-id="${relabelledId}"]`).getByTestId("sample-label")).toHaveText("relabelled");
  // Walking to the end loads the rest by cursor: 30 − 4 decided = 26.
  for (let i = 0; i < 25; i++) await page.keyboard.press("j");
  await expect(items).toHaveCount(26);
  await expect(page.getByTestId("review-count")).toContainText("26 samples (26 loaded)");
  await expect(page.getByRole("button", { name: /^Load \d+ more$/ })).toHaveCount(0);
  expect(firstPageRequests).toEqual([]);

  // The server agrees.
  const listed = async (status: string) => ((await (await page.request.get(`/api/admin/review?writer=${encodeURIComponent(tag)}&status=${status}`)).json()) as ReviewQueuePage).items;
  expect((await listed("approved")).map((i) => i.id).sort()).toEqual([approvedId, ...selectedIds].sort());
  expect((await listed("rejected")).map((i) => i.id)).toEqual([rejectedId]);
  expect((await listed("pending")).find((i) => i.id === relabelledId)?.label).toBe("relabelled");
  reviewerSession = await page.context().cookies();
});

test("the versions table shows v1's model-card metrics", async ({ page }) => {
  await page.context().addCookies(reviewerSession);
  await page.goto("/admin");
  const v1 = page.locator('tr[data-version="v1"]');
  await expect(v1).toContainText("model card: words");
  await expect(v1.getByTestId("version-cer")).toHaveText(/^\d+(\.\d)?%$/);
  const cells = await v1.locator("td").allTextContents();
  expect(cells.filter((c) => /^\d+(\.\d)?%$/.test(c.trim())).length, cells.join(" | ")).toBeGreaterThanOrEqual(3); // CER, word accuracy, line WER
  // The comparison chart reads v1's CER out, with the set it is on.
  const chart = page.getByRole("figure").filter({ hasText: "CER by version" });
  const readout = chart.locator("[aria-live]");
  await chart.getByRole("img").focus();
  for (let i = 0; i < 20 && !(await readout.textContent())?.startsWith("v1:"); i++) await page.keyboard.press("ArrowDown");
  await expect(readout).toHaveText(/^v1: \d+(\.\d)?% \(model card: words/);
});

test("a retrain killed mid-run fails and leaves the active model untouched", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page);
  const activeBefore = await (await page.request.get("/api/models/active")).json();
  const versionsBefore = ((await (await page.request.get("/api/admin/versions")).json()) as { versions: { version: string }[] }).versions.map((v) => v.version);
  const created = await adminPost(page.request, baseURL!, "/api/admin/runs", { mode: "scratch", model: { layers: 1, units: 8 }, epochs: 100, maxSteps: 100000, baseData: "fixtures", evalEvery: 100000, workers: 1 });
  expect(created.status()).toBe(201);
  const { run } = (await created.json()) as { run: { id: string } };

  // Wait for the job to be training, then kill its process the hard way.
  let pid: number | null = null;
  await expect
    .poll(
      async () => {
        const r = ((await (await page.request.get(`/api/admin/runs/${run.id}`)).json()) as { run: { status: string; progress: { step: number; pid: number | null } } }).run;
        if (r.progress.step >= 2) pid = r.progress.pid;
        return pid !== null;
      },
      { timeout: 90_000, intervals: [250] },
    )
    .toBe(true);
  process.kill(pid!, "SIGKILL");

  await expect
    .poll(async () => ((await (await page.request.get(`/api/admin/runs/${run.id}`)).json()) as { run: { status: string } }).run.status, { timeout: 30_000 })
    .toBe("failed");
  const after = ((await (await page.request.get(`/api/admin/runs/${run.id}`)).json()) as { run: { error: string } }).run;
  expect(after.error).toContain("active model was not changed");
  expect(await (await page.request.get("/api/models/active")).json()).toEqual(activeBefore);
  const versionsAfter = ((await (await page.request.get("/api/admin/versions")).json()) as { versions: { version: string }[] }).versions.map((v) => v.version);
  expect(versionsAfter).toEqual(versionsBefore);
});
