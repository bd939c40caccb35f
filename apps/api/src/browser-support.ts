/** What the browser tests share: Debian's Chromium where installed, axe-core's findings, a form sent. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, when the machine has it (`.ci/run` installs it where it can); else the tests say skipped. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** Debian's Chromium started headless for a test (its sandbox needs privileges a CI container lacks). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe-core finds on the page against WCAG 2.1 A and AA: each rule with the elements it found. */
export async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(
    'axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })',
  )) as { violations: { id: string; nodes: { target: string[] }[] }[] };
  return result.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** Sends the form posted to `action` with its submit button, and waits for the page it answers. */
export async function submitForm(page: Page, action: string): Promise<void> {
  await Promise.all([
    page.waitForLoadState(),
    page.click(`form[method="post"][action="${action}"] button[type=submit]`),
  ]);
}
