/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** A fresh browser context and page that records console errors and uncaught exceptions. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`${page.url()}: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
  return { page, errors };
}

/** What the focused element is called, as a screen reader would announce it (label, aria-label, text). */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const labelled = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      ((el as HTMLInputElement).labels?.[0]?.textContent || null) ??
      el.textContent ??
      '';
    return name.replace(/\s+/g, ' ').trim();
  });
}

/** Presses Tab until the focused control's name matches (the control is reachable by keyboard). */
export async function tabTo(page: Page, name: RegExp, maxPresses = 40): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const focused = await focusedName(page);
    if (name.test(focused)) return;
    seen.push(focused);
  }
  throw new Error(`Tab never reached ${name}; focus went through: ${JSON.stringify(seen)}`);
}

/**
 * Every visible form control and button on the page has an accessible name: inputs, selects and
 * text areas through a <label> or aria-label(ledby), buttons and links through their text or
 * aria-label. Returns the ones that have none (empty when the page is fine).
 */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || (el as HTMLElement).getClientRects().length > 0;
    const named = (el: Element) => {
      const aria = el.getAttribute('aria-label')?.trim();
      const by = el.getAttribute('aria-labelledby');
      if (aria || (by && document.getElementById(by)?.textContent?.trim())) return true;
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
        return Array.from(el.labels ?? []).some((l) => l.textContent?.trim());
      }
      return Boolean(el.textContent?.trim());
    };
    return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]'))
      .filter((el) => visible(el) && !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

/** Saves a full-page screenshot as `<dir>/<name>.png` (docs/screenshots when refreshing the README's). */
export async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
