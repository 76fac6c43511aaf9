// Opens an audit HTML report in Debian's headless Chromium and prints, as
// JSON, what a person would see and do: console errors, network requests,
// the counts on the page, the charts, the plans table before and after a
// sort, and the findings shown after clicking a plan.
//
//   node check_report.mjs REPORT.html [SCREENSHOT.png]
//
// Used by tests/python/test_audit_html.py; CHROMIUM overrides the browser.
import { chromium } from "playwright-core";
import path from "node:path";

const [report, screenshot] = process.argv.slice(2);
if (!report) {
  console.error("usage: node check_report.mjs REPORT.html [SCREENSHOT.png]");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"],
});
const out = { console_errors: [], page_errors: [], requests: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") out.console_errors.push(m.text()); });
  page.on("pageerror", (e) => out.page_errors.push(String(e)));
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) out.requests.push(r.url()); });
  await page.goto("file://" + path.resolve(report), { waitUntil: "load" });

  const kpi = async (id) => (await page.textContent(`#kpi-${id} .value`)).trim();
  out.kpi = {};
  for (const id of ["plans", "average", "errors", "warnings", "infos", "cross", "golive", "input-errors"]) {
    out.kpi[id] = await kpi(id);
  }
  out.histogram = await page.$$eval(".hist-bar", (bars) => bars.map((b) => Number(b.getAttribute("data-count"))));
  out.rule_bars = await page.$$eval(".rule-bar", (bars) => bars.length);
  out.heat_cells = await page.$$eval(".heat-cell", (cells) => cells.length);
  out.heat_rows = await page.$$eval(".heat-label", (labels) => labels.length);
  const rows = () => page.$$eval("#plans tbody tr", (trs) => trs.map((tr) => ({
    file: tr.getAttribute("data-file"),
    title: tr.querySelector("td .muted").textContent,
    score: Number(tr.querySelector(".score").textContent),
  })));
  out.rows = await rows();
  await page.click('#plans th[data-key="score"]');
  out.rows_after_sort = await rows();
  await page.fill("#filter", "draft");
  out.rows_filtered = await rows();
  await page.fill("#filter", "");
  // Drill down into the plan with the most findings.
  const target = out.rows_after_sort[out.rows_after_sort.length - 1].file;
  await page.click(`#plans tbody tr[data-file="${target}"]`);
  out.detail = {
    file: target,
    title: (await page.textContent("#detail h2 .file")).trim(),
    counts: (await page.textContent("#detail-counts")).trim(),
    findings: await page.$$eval("#detail tr.finding", (trs) => trs.map((tr) => tr.getAttribute("data-rule"))),
  };
  out.cross_findings = await page.$$eval("#cross tr.finding", (trs) => trs.length);
  if (screenshot) {
    await page.click('#plans th[data-key="score"]');  // worst first again
    await page.setViewportSize({ width: 1400, height: 1750 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: false });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
