import { describe, expect, it } from 'vitest';
import type { Locale } from '../../contract/experience';
// @ts-expect-error: plain ESM script without types
import { demoConfig } from '../../scripts/lib/demo-shop.mjs';
import { emptyProfile } from '../../worker/features/customers/profile';
import { buildExperience, type ExperienceConfig } from '../../worker/features/experience/experience';
import { SiteConfig } from '../../worker/features/site/site-config.schemas';
import { addMessages, greetingText } from '../../widget/src/ui/i18n';
import ar from '../../widget/src/ui/locales/ar';
import fa from '../../widget/src/ui/locales/fa';

addMessages('ar', ar);
addMessages('fa', fa);

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 4);
const config = SiteConfig.parse(demoConfig('http://localhost:8788')) as unknown as ExperienceConfig;

/** The experience the Worker composes for a customer the shop vouched for with an id but no first name. */
function experienceFor(id: string, locale: Locale, over: { visits?: number; orders?: number; lastOrderAt?: number | null; previousVisitAt?: number } = {}) {
  const profile = emptyProfile('customer', 'demo', id, NOW - 500 * DAY);
  Object.assign(profile, { visits: over.visits ?? 3, orders: over.orders ?? 0, lastOrderAt: over.lastOrderAt ?? null, previousVisitAt: over.previousVisitAt ?? NOW - 2 * DAY });
  return buildExperience({
    profile,
    identified: true,
    loyalty: null,
    config,
    catalog: [],
    recommendations: [],
    placement: 'home',
    locale,
    productId: null,
    now: NOW,
    offers: [],
    arms: [],
  });
}

describe("greeting a customer the shop knows no first name for (issue 15: 'Hi, cust-2001')", () => {
  it("the Worker sends no name, never the customer id, whatever the greeting's tone", () => {
    for (const over of [{}, { orders: 2, lastOrderAt: NOW - DAY }, { orders: 2, lastOrderAt: NOW - 400 * DAY, previousVisitAt: NOW - 300 * DAY }]) {
      const x = experienceFor('cust-2001', 'en', over);
      expect(x.greeting.firstName).toBeNull();
      expect(x.visitor.firstName).toBeNull();
      expect(JSON.stringify(x.greeting)).not.toContain('cust-2001');
    }
    expect(experienceFor('cust-2001', 'en', { orders: 2, lastOrderAt: NOW - 400 * DAY, previousVisitAt: NOW - 300 * DAY }).greeting.kind).toBe('lapsed');
  });

  it("the widget's sentence has no name and no empty slot for one, in en, ar and fa", () => {
    for (const locale of ['en', 'ar', 'fa'] as const) {
      for (const over of [{}, { orders: 2, lastOrderAt: NOW - DAY }, { orders: 2, lastOrderAt: NOW - 400 * DAY, previousVisitAt: NOW - 300 * DAY }]) {
        const text = greetingText(locale, experienceFor('cust-2001', locale, over).greeting);
        expect(text).not.toContain('cust-2001');
        expect(text).not.toMatch(/[,،]\s*[.!؟]|\{name\}|\s[,،]|\s{2}/);
      }
    }
  });
});
