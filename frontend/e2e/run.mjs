// End-to-end test of the SPA in a real browser (Debian's chromium driven by playwright-core)
// against a running stack. Started by e2e's SpaBrowserIT, which sets:
//   OCRPIPE_BASE        the API's base URL (it serves the app at /)
//   OCRPIPE_LINK        a one-time sign-in link of the test user
//   OCRPIPE_FILES       a directory with scan.pdf (3 pages), note.png, slow.pdf, flaky.png
//   OCRPIPE_OUT         where screenshots go
//   OCRPIPE_SCREENSHOT  (optional) where the README's job-page screenshot goes
//   CHROMIUM            (optional) the browser, default /usr/bin/chromium
// Prints one line per step ("ok <step>" / "FAIL <step>: why") and exits 1 on any failure.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const base = need('OCRPIPE_BASE').replace(/\/$/, '');
const link = need('OCRPIPE_LINK');
const files = need('OCRPIPE_FILES');
const out = need('OCRPIPE_OUT');
const screenshot = process.env.OCRPIPE_SCREENSHOT;
const STEP_TIMEOUT = 90_000;

function need(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`FAIL setup: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

const failures = [];
const consoleErrors = [];
let allowedConsole = [];

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures.push(name);
    console.log(`FAIL ${name}: ${error?.message ?? error}`);
  }
}

function watch(page, label) {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (allowedConsole.some((pattern) => pattern.test(text))) return;
    consoleErrors.push(`${label}: ${text} (${message.location()?.url ?? ''})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${label}: uncaught ${error.message}`));
}

/** axe-core on the page as it is now: no serious or critical violation. */
async function accessible(page, what) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.filter((v) => !bad.includes(v));
  if (minor.length > 0) console.log(`  axe ${what}: minor ${JSON.stringify(minor)}`);
  expect(bad.length === 0, `axe on ${what}: ${JSON.stringify(bad)}`);
  console.log(`  axe ${what}: no serious or critical violation`);
}

async function statusOf(page) {
  return (await page.locator('section[aria-labelledby="job-title"] .badge').first().textContent())?.trim();
}

async function awaitStatus(page, wanted, timeout = STEP_TIMEOUT) {
  const set = new Set([wanted].flat());
  await page.waitForFunction(
    (states) => states.includes(document.querySelector('section[aria-labelledby="job-title"] .badge')?.textContent?.trim()),
    [...set],
    { timeout, polling: 200 },
  );
  return statusOf(page);
}

/** Uploads files through the picker and answers the job ids, in file order. */
async function uploadFiles(page, names) {
  const before = await page.locator('ul[aria-label="Uploads"] li').count();
  await page.locator('input[type=file]').setInputFiles(names.map((n) => join(files, n)));
  await page.waitForFunction(
    ({ n }) => document.querySelectorAll('ul[aria-label="Uploads"] li a[href^="/jobs/"]').length >= n,
    { n: before + names.length },
    { timeout: 30_000 },
  );
  const ids = {};
  for (const name of names) {
    const item = page.locator('ul[aria-label="Uploads"] li', { hasText: name }).first();
    const href = await item.locator('a[href^="/jobs/"]').getAttribute('href');
    ids[name] = href.replace('/jobs/', '');
  }
  return ids;
}

async function openJob(page, id) {
  await page.goto(`${base}/jobs/${id}`);
  await page.locator('#job-title').waitFor({ timeout: 30_000 });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
context.setDefaultTimeout(30_000);
const page = await context.newPage();
watch(page, 'desktop');
const ids = {};

try {
  await step('sign in with the one-time link', async () => {
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(page.url()).pathname === '/', `landed on ${page.url()}`);
    await page.getByRole('heading', { name: 'Upload' }).waitFor();
    await accessible(page, 'jobs page');
  });

  await step('upload a 3-page scanned PDF and a PNG in one batch', async () => {
    Object.assign(ids, await uploadFiles(page, ['scan.pdf', 'note.png']));
    const list = page.locator('ul[aria-label="Jobs list"]');
    await list.getByRole('link', { name: 'scan.pdf' }).waitFor();
    await list.getByRole('link', { name: 'note.png' }).waitFor();
    await page.locator('a.pill', { hasText: 'Batch' }).first().waitFor();
    await accessible(page, 'jobs page with uploads');
  });

  await step('watch the pages of the PDF arrive, page X of Y', async () => {
    await openJob(page, ids['scan.pdf']);
    const seen = new Set();
    const counters = new Set();
    await page.waitForFunction(() => document.querySelectorAll('ol[aria-label="Pages"] button').length === 3, null, { timeout: STEP_TIMEOUT });
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
      const labels = await page.locator('ol[aria-label="Pages"] button').evaluateAll((b) => b.map((x) => x.getAttribute('aria-label')));
      labels.forEach((l) => seen.add(l.replace(/^Page \d+: /, '')));
      const counter = await page.locator('section[aria-labelledby="job-title"] > p').first().textContent();
      const match = /page (\d+) of (\d+)/.exec(counter ?? '');
      if (match) counters.add(match[0]);
      const status = await statusOf(page);
      if (status === 'SUCCEEDED') break;
      expect(!['FAILED', 'PARTIAL', 'CANCELLED'].includes(status), `job ended ${status}`);
      expect(Date.now() < deadline, `still ${status} after ${STEP_TIMEOUT} ms; saw ${[...counters]}`);
      await page.waitForTimeout(150);
    }
    await page.getByText('page 3 of 3').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('ol[aria-label="Pages"] button')]
      .every((b) => / done$/.test(b.getAttribute('aria-label'))), null, { timeout: 15_000 }).catch(() => {});
    const final = await page.locator('ol[aria-label="Pages"] button').evaluateAll((b) => b.map((x) => x.getAttribute('aria-label')));
    console.log(`  page states seen: ${[...seen].join(', ')}; counters seen: ${[...counters].join(', ')}; final: ${final.join(', ')}`);
    expect(final.every((l) => / (succeeded|done)$/.test(l)), `final grid ${final}`);
  });

  await step('read each page\'s text beside its pdf.js page image', async () => {
    const words = { 1: 'ALPHA', 2: 'BRAVO', 3: 'CHARLIE' };
    for (const n of [1, 2, 3]) {
      await page.getByRole('button', { name: new RegExp(`^Page ${n}:`) }).click();
      await page.getByRole('heading', { name: `Page ${n}`, exact: true }).waitFor();
      await page.waitForFunction((w) => document.querySelector('[data-testid=page-text]')?.textContent?.includes(w), words[n], { timeout: 15_000 });
      const canvas = page.locator('canvas.pdf-canvas');
      await canvas.waitFor();
      await page.waitForFunction(() => {
        const c = document.querySelector('canvas.pdf-canvas');
        if (!c || c.width === 0) return false;
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < data.length; i += 4 * 97) if (data[i] < 128 && data[i + 3] > 0) return true; // a dark pixel: text drawn
        return false;
      }, null, { timeout: 15_000 });
      const boxes = [await canvas.boundingBox(), await page.locator('[data-testid=page-text]').boundingBox()];
      expect(boxes[0].x + boxes[0].width <= boxes[1].x + 1, `text not beside the image: ${JSON.stringify(boxes)}`);
    }
    await page.getByRole('button', { name: /^Page 1:/ }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=page-text]')?.textContent?.includes('ALPHA'));
    await page.waitForTimeout(300); // the canvas of page 1 is drawn again
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: false });
    await page.screenshot({ path: join(out, 'job-pdf.png'), fullPage: true });
    await accessible(page, 'job page (PDF)');
  });

  await step('the PNG job shows its image and text', async () => {
    await openJob(page, ids['note.png']);
    await awaitStatus(page, 'SUCCEEDED');
    await page.waitForFunction(() => document.querySelector('[data-testid=page-text]')?.textContent?.includes('NOTE'), null, { timeout: 15_000 });
    await page.waitForFunction(() => {
      const img = document.querySelector('figure.original img');
      return img && img.complete && img.naturalWidth > 0;
    });
    await accessible(page, 'job page (PNG)');
  });

  await step('the batch view adds both jobs up', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'batch' }).first().click();
    await page.locator('#batch-title').waitFor();
    await page.getByText('2 files · page 4 of 4').waitFor({ timeout: STEP_TIMEOUT });
    await accessible(page, 'batch view');
  });

  await step('cancel a running job', async () => {
    await page.goto(`${base}/`);
    Object.assign(ids, await uploadFiles(page, ['slow.pdf']));
    await openJob(page, ids['slow.pdf']);
    await awaitStatus(page, 'RUNNING');
    await page.getByRole('button', { name: 'Cancel' }).click();
    const status = await awaitStatus(page, ['CANCELLING', 'CANCELLED']);
    console.log(`  after Cancel: ${status}`);
    await awaitStatus(page, 'CANCELLED');
    expect(await page.getByRole('button', { name: 'Cancel' }).count() === 0, 'Cancel still offered');
  });

  await step('retry a failed page', async () => {
    await page.goto(`${base}/`);
    Object.assign(ids, await uploadFiles(page, ['flaky.png']));
    await openJob(page, ids['flaky.png']);
    await awaitStatus(page, 'FAILED');
    await page.getByRole('button', { name: /^Page 1: failed/ }).waitFor();
    await page.locator('.page-view [role=alert]').waitFor();
    await accessible(page, 'job page (failed)');
    await page.getByRole('button', { name: 'Retry failed pages' }).click();
    await awaitStatus(page, 'SUCCEEDED');
    await page.waitForFunction(() => document.querySelector('[data-testid=page-text]')?.textContent?.includes('FLAKY'), null, { timeout: 15_000 });
  });

  await step('delete a job after confirming', async () => {
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this job?' });
    await dialog.waitFor();
    await accessible(page, 'delete dialog');
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('dialog', { name: 'Delete this job?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL(`${base}/`);
    await page.locator('ul[aria-label="Jobs list"]').getByRole('link', { name: 'scan.pdf' }).waitFor();
    expect(await page.locator('ul[aria-label="Jobs list"]').getByRole('link', { name: 'flaky.png' }).count() === 0, 'deleted job still listed');
    allowedConsole = [/status of 404/]; // this very read, which chromium logs
    const status = await page.evaluate(async (id) => (await fetch(`/api/v1/jobs/${id}`)).status, ids['flaky.png']);
    allowedConsole = [];
    expect(status === 404, `the deleted job answers ${status}`);
  });

  await step('create and revoke an API token', async () => {
    allowedConsole = [];
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByLabel('Name').fill('browser-e2e');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())?.trim();
    expect(token && token.length > 20, `token shown: ${token}`);
    await page.getByRole('row', { name: /browser-e2e/ }).waitFor();
    const works = await page.evaluate(async (t) => (await fetch('/api/v1/jobs?limit=1', { headers: { Authorization: `Bearer ${t}` }, credentials: 'omit' })).status, token);
    expect(works === 200, `the new token answers ${works}`);
    await accessible(page, 'tokens page');
    await page.getByRole('button', { name: 'Revoke browser-e2e' }).click();
    await page.getByRole('row', { name: /browser-e2e/ }).waitFor({ state: 'detached' });
    allowedConsole = [/status of 401/];
    const after = await page.evaluate(async (t) => (await fetch('/api/v1/jobs?limit=1', { headers: { Authorization: `Bearer ${t}` }, credentials: 'omit' })).status, token);
    allowedConsole = [];
    expect(after === 401, `the revoked token answers ${after}`);
  });

  await step('admin views: audit trail and operations', async () => {
    const adminLink = process.env.OCRPIPE_ADMIN_LINK;
    expect(await page.getByRole('link', { name: 'Audit trail' }).count() === 0, 'a user sees the admin links');
    if (!adminLink) {
      console.log('  no OCRPIPE_ADMIN_LINK: admin views not checked');
      return;
    }
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = await adminContext.newPage();
    watch(admin, 'admin');
    await admin.goto(adminLink);
    await admin.getByRole('link', { name: 'Audit trail' }).click();
    await admin.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await admin.locator('table tbody tr').first().waitFor();
    const rows = await admin.locator('table tbody tr').count();
    await admin.getByLabel('Action').selectOption('LOGIN');
    await admin.getByRole('button', { name: 'Apply' }).click();
    await admin.waitForFunction(() => {
      const cells = [...document.querySelectorAll('table tbody tr td:nth-child(2)')].map((c) => c.textContent);
      return cells.length > 0 && cells.every((c) => c === 'LOGIN');
    }, null, { timeout: 15_000 });
    console.log(`  audit rows: ${rows}, LOGIN filter applied`);
    await accessible(admin, 'audit trail');
    await admin.setViewportSize({ width: 360, height: 740 });
    const width = await admin.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 360, `the audit trail is ${width} px wide at 360 px`);
    await accessible(admin, 'audit trail at 360 px');
    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.getByRole('link', { name: 'Operations' }).click();
    await admin.getByRole('heading', { name: 'Operations' }).waitFor();
    await admin.getByText('Pages waiting').waitFor();
    const facts = await admin.locator('dl.ops').textContent();
    console.log(`  operations: ${facts?.replace(/\s+/g, ' ')}`);
    await accessible(admin, 'operations');
    await admin.screenshot({ path: join(out, 'ops.png'), fullPage: true });
    await adminContext.close();
  });

  await step('360 px wide: no horizontal scrolling, still accessible', async () => {
    const narrow = await context.newPage();
    watch(narrow, 'narrow');
    await narrow.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/', `/jobs/${ids['scan.pdf']}`, '/tokens']) {
      await narrow.goto(`${base}${path}`);
      await narrow.getByRole('button', { name: 'Sign out' }).waitFor();
      await narrow.waitForLoadState('networkidle').catch(() => {});
      if (path.startsWith('/jobs/')) await narrow.locator('[data-testid=page-text]').waitFor();
      const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
      expect(width <= 360, `${path} is ${width} px wide at 360 px`);
      await accessible(narrow, `${path} at 360 px`);
      await narrow.screenshot({ path: join(out, `narrow-${path === '/' ? 'home' : path.split('/')[1]}.png`), fullPage: true });
    }
    await narrow.close();
  });

  await step('dark mode follows the system', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/jobs/${ids['scan.pdf']}`);
    await page.locator('[data-testid=page-text]').waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g).map(Number);
    expect(r + g + b < 200, `dark background expected, got ${background}`);
    await accessible(page, 'job page (dark)');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await step('sign out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await accessible(page, 'sign-in page');
    // the session is gone: a fresh load asks who I am (401, which chromium logs) and shows sign-in
    allowedConsole = [/status of 401/];
    await page.goto(`${base}/tokens`);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    expect(me === 401, `after sign-out /api/v1/me answers ${me}`);
    // the link was for one use only
    allowedConsole = [/status of 4\d\d/];
    const again = await page.goto(link);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    console.log(`  the used link again: ${again?.status()} ${new URL(page.url()).pathname}${new URL(page.url()).search}`);
    expect(!(await page.getByRole('button', { name: 'Sign out' }).count()), 'the used link signed in again');
    allowedConsole = [];
  });

  await step('no console errors', async () => {
    expect(consoleErrors.length === 0, consoleErrors.join(' | '));
  });
} finally {
  await browser.close();
}

console.log(failures.length === 0 ? 'ALL PASSED' : `FAILED: ${failures.join('; ')}`);
process.exit(failures.length === 0 ? 0 : 1);
