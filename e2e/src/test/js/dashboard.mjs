// Opens the analytics dashboard in Debian's chromium (playwright-core, headless) and waits until it
// shows, to the wei, each model's expected pay-per-use revenue, and a total that is the sum of its
// rows (the shared stack's other stories may have revenue too); then takes a screenshot. Usage: node dashboard.mjs <url> <expected.json> <screenshot.png>
// expected.json: {"<model id>": "<wei>", ...}. Exit 0 when shown, 1 with the page's text if not.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [url, expectedFile, screenshot] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
const total = Object.values(expected).reduce((sum, wei) => sum + BigInt(wei), 0n).toString();

const browser = await chromium.launch({
  executablePath: process.env.SOA_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let failed = null;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('requestfailed', r => { if (!r.url().includes('/v1/analytics')) errors.push('failed: ' + r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  try {
    for (const [model, wei] of Object.entries(expected)) {
      await page.waitForFunction(
        ([m, w]) => document.querySelector(`#models tr[data-model="${m}"] td.revenue`)?.textContent === w,
        [model, wei], { timeout: 90_000, polling: 500 });
    }
    // the total is every model's revenue on this stack (other stories' models too): the sum of
    // the table's rows, to the wei, and at least the expected models' sum
    await page.waitForFunction(
      t => {
        const rows = [...document.querySelectorAll('#models tr[data-model] td.revenue')];
        const sum = rows.reduce((s, td) => s + BigInt(td.textContent || '0'), 0n);
        return sum >= BigInt(t)
          && document.getElementById('revenue-total-wei')?.textContent === sum.toString() + ' wei';
      },
      total, { timeout: 30_000, polling: 500 });
    // the chart library loaded from the app itself and drew something
    const drawn = await page.evaluate(() => typeof Chart === 'function'
      && Chart.getChart('revenue-chart').data.datasets.length > 0);
    if (!drawn) failed = 'the revenue chart has no data';
  } catch (e) {
    failed = e.message + '\n' + (await page.locator('body').innerText());
  }
  if (errors.length) failed = (failed ? failed + '\n' : '') + 'page errors: ' + errors.join('; ');
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await browser.close();
}
if (failed) {
  console.error(failed);
  process.exit(1);
}
console.log('the dashboard shows ' + JSON.stringify(expected) + ', total ' + total + ' wei');
