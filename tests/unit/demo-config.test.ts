import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without types
import { demoConfig } from '../../scripts/lib/demo-shop.mjs';
import { SiteConfig } from '../../worker/features/site/site-config.schemas';

describe('demo shop configuration', () => {
  it('is a valid site config (npm start seeds it through the same schema)', () => {
    const parsed = SiteConfig.safeParse(demoConfig('http://localhost:8788'));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(parsed.data?.segments.map((s) => s.id)).toContain('lapsed-vip-dry-skin');
    expect(parsed.data?.loyalty.rewards.map((r) => r.id)).toEqual(['five-off', 'free-tea', 'ten-percent']);
  });
});
