// @vitest-environment node
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, catalogForApi, categories, customers, startStorefront, type Storefront } from '../../demo/server.mjs';

const API = 'http://api.test:8787';
const SECRET = 'demo-identity-secret';
let sf: Storefront;

const get = (path: string, init: RequestInit = {}) => fetch(sf.url + path, { redirect: 'manual', ...init });

function login(fields: Record<string, string>) {
  return get('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** "name=value" part of the Set-Cookie header for `name`. */
function cookiePair(res: Response, name: string): string {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  expect(header, `Set-Cookie ${name}`).toBeDefined();
  return header!.split(';')[0]!;
}

const attr = (page: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(page)?.[1];

beforeAll(async () => {
  sf = await startStorefront({ port: 0, apiOrigin: API, publishableKey: 'pk_test_demo', identitySecret: SECRET });
});
afterAll(async () => {
  await sf?.close();
});

describe('demo catalog', () => {
  it('has enough well-formed products over the categories', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(36);
    const catIds = new Set(categories.map((c) => c.id));
    const keys = ['id', 'title', 'url', 'image', 'price', 'currency', 'categories', 'tags', 'inStock', 'membersOnly', 'replenishDays'];
    const ids = new Set<string>();
    for (const p of catalog) {
      expect(Object.keys(p).sort()).toEqual([...keys].sort());
      expect(p.id).toMatch(/^p-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(ids.has(p.id)).toBe(false);
      ids.add(p.id);
      expect(p.url).toBe(`/products/${p.id}`);
      expect(p.image).toBe(`/images/${p.id}.svg`);
      expect(Math.round(p.price * 100) / 100).toBe(p.price);
      expect(p.currency).toBe('USD');
      for (const c of p.categories) expect(catIds.has(c)).toBe(true);
      expect(existsSync(new URL(`../../demo${p.image}`, import.meta.url))).toBe(true);
      if (p.replenishDays !== null) expect(p.replenishDays).toBeGreaterThanOrEqual(30);
      if (['skincare', 'candles', 'tea'].includes(p.categories[0]!)) {
        expect(p.replenishDays).toBeGreaterThanOrEqual(30);
        expect(p.replenishDays).toBeLessThanOrEqual(90);
      }
    }
    const tags = new Set(catalog.flatMap((p) => p.tags));
    for (const t of ['dry-skin', 'oily-skin', 'sensitive-skin', 'normal-skin', 'floral', 'woody', 'citrus', 'gift', 'vegan', 'bestseller']) {
      expect(tags.has(t), t).toBe(true);
    }
    const members = catalog.filter((p) => p.membersOnly).length;
    expect(members).toBeGreaterThanOrEqual(1);
    expect(members).toBeLessThanOrEqual(2);
    expect(catalog.filter((p) => !p.inStock)).toHaveLength(1);
    for (const c of categories) expect(c.name.en && c.name.ar && c.name.fa).toBeTruthy();
    expect(customers.map((c) => c.id)).toContain('cust-1001');
  });

  it('maps to absolute URLs for the API seed', () => {
    const seeded = catalogForApi('http://localhost:8788/');
    expect(seeded[0]!.url).toBe(`http://localhost:8788/products/${catalog[0]!.id}`);
    expect(seeded[0]!.image).toBe(`http://localhost:8788/images/${catalog[0]!.id}.svg`);
  });
});

describe('demo storefront server', () => {
  it('listens on a real port when asked for port 0', () => {
    expect(sf.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(sf.port).toBeGreaterThan(0);
  });

  it('home lists products, placeholders and the anonymous widget tag under a strict CSP', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`script-src 'self' ${API}`);
    expect(csp).toContain(`connect-src 'self' ${API}`);
    expect(csp).toContain("style-src 'self'");
    const page = await res.text();
    expect(page).toContain('<html lang="en" dir="ltr">');
    expect(page.match(/data-testid="product-card"/g)?.length ?? 0).toBeGreaterThanOrEqual(8);
    expect(page).toContain('Rose Petal Day Cream');
    for (const slot of ['greeting', 'recommendations', 'loyalty', 'survey']) {
      expect(page).toContain(`<div class="slot slot-${slot}" data-revisit="${slot}"></div>`);
    }
    expect(page).toContain(`<script src="${API}/widget.js" data-site="pk_test_demo" async></script>`);
    expect(page).not.toContain('data-customer=');
    // strict-CSP friendly: no inline scripts, no inline styles
    for (const tag of page.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="/);
    expect(page).not.toMatch(/<style\b/);
    expect(page).not.toMatch(/\sstyle=/);
    for (const l of ['en', 'ar', 'fa']) expect(page).toContain(`data-testid="locale-${l}"`);
    expect(page).toContain('data-testid="cart-count"');
  });

  it('category pages set the category meta and have no placeholders', async () => {
    const res = await get('/category/tea');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<meta name="revisit:category" content="tea">');
    expect(page).not.toContain('data-revisit=');
    expect(page).toContain('Earl Grey Bergamot Tea');
    expect(page).not.toContain('Rose Petal Day Cream');
  });

  it('product pages have the product meta, add-to-cart and a recommendations slot; unknown ids are 404', async () => {
    const res = await get('/products/p-rose-cream');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<meta name="revisit:product" content="p-rose-cream">');
    expect(page).toContain('data-testid="add-to-cart"');
    expect(page).toContain('data-revisit="recommendations"');
    const oos = await (await get('/products/p-jasmine-candle')).text();
    expect(oos).toMatch(/data-testid="add-to-cart"[^>]*disabled/);

    const missing = await get('/products/p-does-not-exist');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('revisit:product');
    expect((await get('/category/nope')).status).toBe(404);
    expect((await get('/nowhere')).status).toBe(404);
  });

  it('cart page has the saved-cart slot', async () => {
    const page = await (await get('/cart?restore=p-matcha:2')).text();
    expect(page).toContain('data-revisit="saved-cart"');
    expect(page).toContain('data-testid="cart-lines"');
  });

  it('login sets an HttpOnly cookie and pages then print a verifiable expiring identity', async () => {
    const res = await login({ customerId: 'cust-1001', return: '/products/p-rose-cream' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/products/p-rose-cream');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('demo_customer='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Path=\//);
    const cookie = cookiePair(res, 'demo_customer');

    const before = Math.floor(Date.now() / 1000);
    const page = await (await get('/', { headers: { cookie } })).text();
    const tag = /<script src="[^"]*\/widget\.js"[^>]*>/.exec(page)![0];
    expect(attr(tag, 'data-site')).toBe('pk_test_demo');
    expect(attr(tag, 'data-customer')).toBe('cust-1001');
    expect(attr(tag, 'data-customer-first-name')).toBe('Sara');
    expect(attr(tag, 'data-customer-email')).toBe('sara@example.com');
    const exp = Number(attr(tag, 'data-customer-expires'));
    expect(exp).toBeGreaterThanOrEqual(before + 3600 - 5);
    expect(exp).toBeLessThanOrEqual(before + 3600 + 5);
    const expected = createHmac('sha256', SECRET).update(`revisit-expiring-v2\n${exp}\ncust-1001`).digest('hex');
    expect(attr(tag, 'data-customer-hash')).toBe(expected);
    expect(page).toContain('Hi, Sara');
    expect(page).toContain('data-testid="logout"');

    const out = await get('/logout', { headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().find((c) => c.startsWith('demo_customer='))).toMatch(/Max-Age=0/);
  });

  it('login page offers the demo customers', async () => {
    const page = await (await get('/login')).text();
    for (const c of customers) expect(page).toContain(`data-testid="login-as-${c.id}"`);
    // The lapsed VIP the seed makes (scripts/lib/demo-shop.mjs) is one of them, with her first name.
    expect(page).toContain('Continue as Maryam');
  });

  it('greets a customer without a first name without a name, never with the id', async () => {
    for (const [locale, hello] of [
      ['en', 'Hi there'],
      ['ar', 'أهلًا بك'],
      ['fa', 'سلام'],
    ]) {
      const res = await login({ customerId: 'cust-9009' });
      const page = await (await get(`/?locale=${locale}`, { headers: { cookie: cookiePair(res, 'demo_customer') } })).text();
      expect(/data-testid="hello">([^<]*)</.exec(page)?.[1]).toBe(hello);
      expect(page).not.toContain('data-customer-first-name');
    }
  });

  it('has a one-row header: the menu button controls the folded categories, language and account', async () => {
    const page = await (await get('/')).text();
    expect(page).toMatch(/<button class="menu-toggle" type="button" aria-expanded="false" aria-controls="site-menu"/);
    expect(page).toContain('id="site-menu"');
    expect(page).toContain('<details class="locale-menu">');
  });

  it('login with a custom id uses the given first name and refuses bad ids and foreign redirects', async () => {
    const res = await login({ customerId: 'cust-42', firstName: 'Nima', return: '//evil.example/x' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const page = await (await get('/', { headers: { cookie: cookiePair(res, 'demo_customer') } })).text();
    expect(page).toContain('data-customer="cust-42"');
    expect(page).toContain('data-customer-first-name="Nima"');
    expect(page).not.toContain('data-customer-email');

    const bad = await login({ customerId: '"><script>alert(1)</script>' });
    expect(bad.status).toBe(400);
    expect(bad.headers.getSetCookie().some((c) => c.startsWith('demo_customer='))).toBe(false);
  });

  it('?locale=ar renders right-to-left and remembers the choice', async () => {
    const res = await get('/?locale=ar');
    const page = await res.text();
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('تسوّق حسب الفئة');
    const cookie = cookiePair(res, 'demo_locale');
    expect(cookie).toBe('demo_locale=ar');
    expect(await (await get('/cart', { headers: { cookie } })).text()).toContain('dir="rtl"');
    expect(await (await get('/?locale=fa')).text()).toContain('<html lang="fa" dir="rtl">');
    expect(await (await get('/?locale=en', { headers: { cookie } })).text()).toContain('<html lang="en" dir="ltr">');
    const unknown = await get('/?locale=xx', { headers: { cookie } });
    expect(await unknown.text()).toContain('<html lang="ar" dir="rtl">');
  });

  it('escapes everything it interpolates', async () => {
    const evil = '"><script>alert(1)</script>';
    const q = encodeURIComponent(evil);
    for (const path of [`/?locale=${q}`, `/category/${q}`, `/products/${q}`, `/login?return=${q}`, `/login?return=%2F${q}`, `/cart?restore=${q}`]) {
      const page = await (await get(path)).text();
      expect(page, path).not.toContain('<script>alert(1)</script>');
      expect(page, path).not.toContain('"><script');
    }
    // the login page keeps a local return path, escaped, in its forms
    const back = await (await get(`/login?return=%2F${q}`)).text();
    expect(back).toContain('name="return" value="/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    // a first name with markup is printed escaped in the header and the widget tag
    const res = await login({ customerId: 'cust-7', firstName: '<img src=x onerror=alert(1)>"' });
    const page = await (await get('/', { headers: { cookie: cookiePair(res, 'demo_customer') } })).text();
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('data-customer-first-name="&lt;img src=x onerror=alert(1)&gt;&quot;"');
    expect(page).toContain('Hi, &lt;img src=x onerror=alert(1)&gt;&quot;');
    // a forged cookie with a bad id is ignored
    const forged = `demo_customer=${encodeURIComponent(JSON.stringify({ id: '"><x', firstName: 'x' }))}`;
    expect(await (await get('/', { headers: { cookie: forged } })).text()).not.toContain('data-customer=');
  });

  it('serves static assets with the right types and nothing outside them', async () => {
    const img = await get('/images/p-rose-cream.svg');
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/svg+xml');
    expect(img.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const svg = await img.text();
    expect(svg).toMatch(/^<svg [^>]*width="400" height="400" viewBox="0 0 400 400"/);
    const js = await get('/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('demo:cart');
    expect((await get('/style.css')).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await get('/images/..%2Fserver.mjs')).status).toBe(404);
    expect((await get('/images/../server.mjs')).status).toBe(404);
    expect((await get('/images/p-nope.svg')).status).toBe(404);
    expect((await get('/', { method: 'DELETE' })).status).toBe(405);
  });
});
