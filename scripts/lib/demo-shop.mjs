// The demo shop's fixed credentials (the v1 contract, /openapi.json) and its configuration. Seeding goes through the
// public API (admin create, site config, catalog, orders), the same code paths a real shop uses.
import { catalogForApi, categories, customers } from '../../demo/server.mjs';

export const DEMO = {
  siteId: 'demo',
  publishableKey: 'pk_test_demo',
  secretKey: 'sk_test_demo',
  adminToken: 'admin_test_demo',
  identitySecret: 'demo-identity-secret',
  shopifySecret: 'demo-shopify-secret',
  webhookSecret: 'whsec_ZGVtby13ZWJob29rLXNlY3JldA==',
};

const text = (en, ar, fa) => ({ en, ar, fa });

/** The demo site's configuration: tiers, a skin and scent quiz, categories and cart restore link. */
export function demoConfig(shopOrigin, otherOrigins = []) {
  // `otherOrigins`: the same storefront at another address (edge mode's, `npm start`'s third port).
  const origins = [shopOrigin, ...otherOrigins].flatMap((o) => [o, o.replace('localhost', '127.0.0.1')]);
  return {
    name: 'Revisit Demo Shop',
    currency: 'USD',
    locale: 'en',
    allowedOrigins: [...new Set(origins)],
    cartUrlTemplate: `${shopOrigin}/cart?restore={items}`,
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    loyalty: {
      pointsPerUnit: 1,
      rounding: 'floor',
      actions: { first_order: 50, review: 25, birthday: 100, referral: 100, referral_friend: 50 },
      actionLimits: { review: { perDay: 1 } },
      tierBasis: 'points',
      tierWindow: 'rolling_12_months',
      tiers: [
        { id: 'bronze', name: text('Bronze', 'برونزي', 'برنزی'), threshold: 0 },
        { id: 'silver', name: text('Silver', 'فضي', 'نقره‌ای'), threshold: 200, multiplier: 1.25 },
        { id: 'gold', name: text('Gold', 'ذهبي', 'طلایی'), threshold: 500, multiplier: 1.5, freeShipping: true, earlyAccess: true },
      ],
      pendingDays: 14,
      expiryDays: 365,
      punchCards: [
        {
          id: 'tea-card',
          name: text('Tea card: buy 6, the 7th is free', 'بطاقة الشاي: اشترِ 6 والسابع مجاني', 'کارت چای: ۶ بخرید، هفتمی رایگان'),
          categories: ['tea'],
          required: 6,
          rewardId: 'free-tea',
        },
      ],
      rewards: [
        { id: 'five-off', name: text('$5 off your next order', 'خصم 5 دولارات على طلبك القادم', '۵ دلار تخفیف برای سفارش بعدی'), cost: 100, discount: { type: 'fixed', value: 5 } },
        { id: 'free-tea', name: text('A free tea of your choice', 'شاي مجاني من اختيارك', 'یک چای رایگان به انتخاب شما'), cost: 400, discount: { type: 'percent', value: 100 } },
        { id: 'ten-percent', name: text('10% off your next order', 'خصم 10٪ على طلبك القادم', '۱۰٪ تخفیف برای سفارش بعدی'), cost: 250, discount: { type: 'percent', value: 10 } },
      ],
    },
    surveys: [
      {
        id: 'skin-quiz',
        questions: [
          {
            id: 'skin-type',
            type: 'single',
            prompt: text('What is your skin type?', 'ما نوع بشرتك؟', 'نوع پوست شما چیست؟'),
            options: [
              { id: 'dry', label: text('Dry skin', 'بشرة جافة', 'پوست خشک'), tags: ['dry-skin'], traits: { skinType: 'dry' } },
              { id: 'oily', label: text('Oily skin', 'بشرة دهنية', 'پوست چرب'), tags: ['oily-skin'], traits: { skinType: 'oily' } },
              { id: 'sensitive', label: text('Sensitive skin', 'بشرة حساسة', 'پوست حساس'), tags: ['sensitive-skin'], traits: { skinType: 'sensitive' } },
              { id: 'normal', label: text('Normal skin', 'بشرة عادية', 'پوست معمولی'), tags: ['normal-skin'], traits: { skinType: 'normal' } },
            ],
          },
          {
            id: 'scent',
            type: 'multi',
            prompt: text('Which scents do you like?', 'ما الروائح التي تفضلها؟', 'چه رایحه‌هایی را دوست دارید؟'),
            options: [
              { id: 'floral', label: text('Floral', 'زهري', 'گلی'), tags: ['floral'] },
              { id: 'woody', label: text('Woody', 'خشبي', 'چوبی'), tags: ['woody'] },
              { id: 'citrus', label: text('Citrus', 'حمضي', 'مرکباتی'), tags: ['citrus'] },
            ],
          },
        ],
      },
      {
        // NPS for customers who have bought: from their second visit on, again at most every 90 days.
        id: 'nps',
        questions: [
          {
            id: 'recommend',
            type: 'nps',
            prompt: text('How likely are you to recommend us to a friend?', 'ما مدى احتمال أن توصي بنا لصديق؟', 'چقدر احتمال دارد ما را به یک دوست پیشنهاد کنید؟'),
          },
        ],
        display: { after: 'purchase', minVisits: 2, once: false, cooldownDays: 90 },
      },
    ],
    // Rule segments are data: a condition tree interpreted by the Worker, never code.
    segments: [
      {
        id: 'lapsed-vip-dry-skin',
        name: 'Lapsed VIPs who said they have dry skin',
        rule: {
          all: [
            { field: 'stage', op: 'in', value: ['at_risk', 'lapsed'] },
            { field: 'spend', op: 'gte', value: 200 },
            { answer: 'skin-quiz/skin-type', op: 'includes', value: 'dry' },
          ],
        },
      },
      { id: 'gold-members', name: 'Gold members', rule: { field: 'tier', op: 'eq', value: 'gold' } },
    ],
    // Offers: codes come from the pools seeded below (PUT /v1/offers/{id}/codes), one per shopper and occasion.
    offers: [
      {
        id: 'win-back',
        kind: 'win_back',
        title: text('15% off to welcome you back', 'خصم 15٪ بمناسبة عودتك', '۱۵٪ تخفیف به مناسبت بازگشت شما'),
        message: text('We have missed you. This code is yours for 30 days.', 'اشتقنا إليك. هذا الرمز لك لمدة 30 يومًا.', 'دلمان برایتان تنگ شده بود. این کد تا ۳۰ روز مال شماست.'),
        discount: { type: 'percent', value: 15 },
        validDays: 30,
        url: `${shopOrigin}/category/skincare`,
      },
      {
        id: 'birthday',
        kind: 'birthday',
        title: text('Happy birthday! $10 on us', 'عيد ميلاد سعيد! 10 دولارات هدية منا', 'تولدتان مبارک! ۱۰ دلار هدیهٔ ما'),
        discount: { type: 'fixed', value: 10 },
        windowDays: 7,
        validDays: 14,
      },
      {
        id: 'gold-early-access',
        kind: 'early_access',
        title: text('Gold early access: the new candles', 'وصول مبكر للذهبيين: الشموع الجديدة', 'دسترسی زودهنگام طلایی: شمع‌های تازه'),
        audience: { tiers: ['gold'] },
        url: `${shopOrigin}/category/candles`,
      },
    ],
    // Segment-targeted content for <div data-revisit="content:hero">: lapsed VIPs with dry skin get their own.
    content: {
      slots: [
        {
          id: 'hero',
          variants: [
            {
              segment: 'lapsed-vip-dry-skin',
              headline: text('Your skin missed you', 'بشرتك اشتاقت إليك', 'پوستتان دلتنگ شما بود'),
              message: text(
                'Our Rich Shea Night Balm is back for dry skin, with 15% off for you.',
                'بلسم الشيا الليلي عاد للبشرة الجافة، مع خصم 15٪ لك.',
                'بالم شبانهٔ شی برای پوست خشک برگشته، با ۱۵٪ تخفیف برای شما.',
              ),
              image: { url: `${shopOrigin}/images/p-shea-balm.svg`, alt: text('Rich Shea Night Balm', 'بلسم الشيا الليلي', 'بالم شبانهٔ شی') },
              link: { url: `${shopOrigin}/products/p-shea-balm`, label: text('See the balm', 'شاهد البلسم', 'دیدن بالم') },
              offer: 'win-back',
            },
            {
              segment: null,
              headline: text('Gentle skincare, good tea', 'عناية لطيفة بالبشرة وشاي طيب', 'مراقبت ملایم از پوست، چای خوب'),
              link: { url: `${shopOrigin}/category/skincare`, label: text('Shop skincare', 'تسوق العناية بالبشرة', 'خرید مراقبت پوست') },
            },
          ],
        },
      ],
    },
    widget: { launcher: true, position: 'bottom-end', theme: { '--revisit-accent': '#7a3e9d' } },
  };
}

/**
 * A seeded lapsed VIP who answered the skin quiz "dry": she is in `lapsed-vip-dry-skin` and sees its hero and a win-back code.
 * She is one of the storefront's one-click logins (demo/customers.json), so her first name is seeded and shown like everyone's.
 */
export const LAPSED_VIP = customers.find((c) => c.id === 'cust-2001');
if (!LAPSED_VIP?.firstName) throw new Error('demo/customers.json must list the lapsed VIP cust-2001 with a first name');

/** A few trusted orders so the demo customers have points, tiers and popular products to show. */
function demoOrders(now = Date.now()) {
  const day = 86_400_000;
  const at = (daysAgo) => new Date(now - daysAgo * day).toISOString();
  return [
    {
      id: 'demo-order-1001-a',
      customerId: 'cust-1001',
      email: 'sara@example.com',
      items: [
        { productId: 'p-rose-cream', quantity: 2, price: 34 },
        { productId: 'p-earl-grey', quantity: 3, price: 14 },
      ],
      total: 110,
      currency: 'USD',
      createdAt: at(40),
    },
    { id: 'demo-order-1001-b', customerId: 'cust-1001', email: 'sara@example.com', items: [{ productId: 'p-cedar-candle', quantity: 4, price: 28 }], total: 112, currency: 'USD', createdAt: at(12) },
    { id: 'demo-order-1002-a', customerId: 'cust-1002', email: 'omid@example.com', items: [{ productId: 'p-earl-grey', quantity: 2, price: 14 }], total: 28, currency: 'USD', createdAt: at(5) },
    // Maryam (cust-2001, a one-click login on the storefront) spent well, then stopped: a lapsed VIP (she says she has dry skin, see LAPSED_VIP).
    {
      id: 'demo-order-2001-a',
      customerId: LAPSED_VIP.id,
      email: LAPSED_VIP.email,
      items: [
        { productId: 'p-shea-balm', quantity: 4, price: 29 },
        { productId: 'p-rose-cream', quantity: 2, price: 34 },
      ],
      total: 184,
      currency: 'USD',
      createdAt: at(400),
    },
    { id: 'demo-order-2001-b', customerId: LAPSED_VIP.id, email: LAPSED_VIP.email, items: [{ productId: 'p-shea-balm', quantity: 3, price: 29 }], total: 87, currency: 'USD', createdAt: at(300) },
  ];
}

const codes = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);

async function api(base, path, { method = 'GET', token, body } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  return { status: res.status, json };
}

/** Creates (once) and configures the demo site; safe to run on every start. */
export async function seedDemo(apiBase, shopOrigin, otherOrigins = []) {
  const created = await api(apiBase, '/v1/admin/sites', {
    method: 'POST',
    token: DEMO.adminToken,
    body: {
      id: DEMO.siteId,
      name: 'Revisit Demo Shop',
      allowedOrigins: [shopOrigin],
      credentials: {
        publishableKey: DEMO.publishableKey,
        secretKey: DEMO.secretKey,
        identitySecret: DEMO.identitySecret,
        webhookSecret: DEMO.webhookSecret,
        shopifySecret: DEMO.shopifySecret,
      },
    },
  });
  if (created.status !== 201 && created.status !== 409) throw new Error(`creating the demo site failed: ${created.status} ${JSON.stringify(created.json)}`);
  const steps = [
    ['PUT', '/v1/site/config', demoConfig(shopOrigin, otherOrigins)],
    ['PUT', '/v1/catalog/products', { products: catalogForApi(shopOrigin) }],
    ...demoOrders().map((o) => ['POST', '/v1/orders', o]),
    ...customers.map((c) => ['PATCH', `/v1/customers/${c.id}`, { firstName: c.firstName, email: c.email }]),
    // Discount code pools for the rewards (a real shop uploads codes from its platform).
    ['PUT', '/v1/loyalty/rewards/five-off/codes', { codes: codes('DEMO5', 50) }],
    ['PUT', '/v1/loyalty/rewards/ten-percent/codes', { codes: codes('DEMO10', 20) }],
    ['PUT', '/v1/loyalty/rewards/free-tea/codes', { codes: codes('DEMOTEA', 20) }],
    // Her skin-quiz answer, as the shop's server records one (e.g. from a consultation): "dry".
    ['POST', `/v1/customers/${LAPSED_VIP.id}/surveys/skin-quiz/responses`, { questionId: 'skin-type', answers: ['dry'] }],
    ['PUT', '/v1/offers/win-back/codes', { codes: codes('BACK15', 50) }],
    ['PUT', '/v1/offers/birthday/codes', { codes: codes('BDAY10', 50) }],
  ];
  for (const [method, path, body] of steps) {
    const r = await api(apiBase, path, { method, token: DEMO.secretKey, body });
    if (r.status >= 300) throw new Error(`${method} ${path} failed: ${r.status} ${JSON.stringify(r.json)}`);
  }
  return { created: created.status === 201 };
}
