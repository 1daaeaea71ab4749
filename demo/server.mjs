// Revisit demo storefront: a plain server-rendered web shop that embeds the Revisit widget the way
// a real shop would, on its own origin (default http://localhost:8788) while the API runs elsewhere
// (default http://localhost:8787). No dependencies beyond node:*.
//
//   node demo/server.mjs                 # PORT / REVISIT_API / REVISIT_PUBLISHABLE_KEY /
//                                        # REVISIT_IDENTITY_SECRET override the defaults
//
// Every page is an HTML string built with the `html` tagged template below, which escapes every
// interpolated value unless it is explicitly marked as already-safe markup with `raw()`.
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = new URL('./', import.meta.url);
const readJson = (name) => JSON.parse(readFileSync(new URL(name, here), 'utf8'));

export const catalog = readJson('catalog.json');
export const categories = readJson('categories.json');
export const customers = readJson('customers.json');

const productById = new Map(catalog.map((p) => [p.id, p]));
const categoryById = new Map(categories.map((c) => [c.id, c]));
const customerById = new Map(customers.map((c) => [c.id, c]));

/**
 * The catalog as the API's `PUT /v1/catalog/products` expects it: same fields, with `url` and
 * `image` made absolute on the storefront's origin.
 */
export function catalogForApi(storefrontOrigin = 'http://localhost:8788') {
  const origin = String(storefrontOrigin).replace(/\/+$/, '');
  return catalog.map((p) => ({ ...p, url: origin + p.url, image: origin + p.image }));
}

// ---------------------------------------------------------------------------------------------
// Escaping

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escape text for use in HTML element content and quoted attribute values. */
export const escapeHtml = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ESC[c]);

class Raw {
  constructor(value) {
    this.value = value;
  }
  toString() {
    return this.value;
  }
}
/** Mark a string as already-safe markup (only ever for output of `html` or constant markup). */
const raw = (value) => new Raw(String(value));

const fragment = (v) => {
  if (v instanceof Raw) return v.value;
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(fragment).join('');
  return escapeHtml(v);
};
/** Tagged template: every `${value}` is escaped; arrays are joined; `raw()`/`html` results pass. */
export function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += fragment(values[i]) + strings[i + 1];
  return new Raw(out);
}

// ---------------------------------------------------------------------------------------------
// Locale and strings

const LOCALES = ['en', 'ar', 'fa'];
const RTL = new Set(['ar', 'fa']);
const LOCALE_NAMES = { en: 'English', ar: 'العربية', fa: 'فارسی' };

const STRINGS = {
  en: {
    brand: 'Linden & Co.',
    tagline: 'Gifts, rituals and small comforts',
    nav: 'Main navigation',
    skip: 'Skip to content',
    home: 'Home',
    cart: 'Cart',
    login: 'Log in',
    logout: 'Log out',
    hi: 'Hi, {name}',
    hiNoName: 'Hi there',
    menu: 'Menu',
    language: 'Language',
    heroTitle: 'Small rituals, thoughtfully made',
    heroText: 'Skincare, candles, tea and everyday pieces for slow mornings and kind gifts.',
    heroCta: 'Shop skincare',
    shopByCategory: 'Shop by category',
    featured: 'Bestsellers',
    forYou: 'Picked for you',
    rewards: 'Your rewards',
    products: '{n} products',
    addToCart: 'Add to cart',
    saveForLater: 'Save for later',
    quantity: 'Quantity',
    added: 'Added to your cart.',
    inStock: 'In stock',
    outOfStock: 'Out of stock',
    membersOnly: 'Members only',
    youMayLike: 'You may also like',
    replenish: 'Lasts about {n} days',
    yourCart: 'Your cart',
    cartEmpty: 'Your cart is empty.',
    continueShopping: 'Continue shopping',
    remove: 'Remove',
    subtotal: 'Subtotal',
    checkout: 'Checkout',
    checkoutNote: 'Checkout is disabled in this demo.',
    cartRestored: 'Your saved cart was restored.',
    loginTitle: 'Log in',
    loginIntro: 'This demo has no passwords. Pick a customer, or sign in as any customer id.',
    loginAs: 'Continue as {name}',
    orCustom: 'Or use any customer',
    customerId: 'Customer id',
    firstName: 'First name',
    email: 'Email (optional)',
    signIn: 'Sign in',
    notFound: 'Page not found',
    notFoundText: 'We could not find that page.',
    backHome: 'Back to the shop',
    badRequest: 'Please check the form and try again.',
    footer: 'A demo storefront for Revisit, open-source storefront personalization.',
  },
  ar: {
    brand: 'Linden & Co.',
    tagline: 'هدايا وطقوس ولمسات راحة صغيرة',
    nav: 'التنقل الرئيسي',
    skip: 'انتقل إلى المحتوى',
    home: 'الرئيسية',
    cart: 'السلة',
    login: 'تسجيل الدخول',
    logout: 'تسجيل الخروج',
    hi: 'مرحبًا، {name}',
    hiNoName: 'أهلًا بك',
    menu: 'القائمة',
    language: 'اللغة',
    heroTitle: 'طقوس صغيرة، مصنوعة بعناية',
    heroText: 'منتجات للعناية بالبشرة وشموع وشاي وقطع يومية لصباحات هادئة وهدايا لطيفة.',
    heroCta: 'تسوّق العناية بالبشرة',
    shopByCategory: 'تسوّق حسب الفئة',
    featured: 'الأكثر مبيعًا',
    forYou: 'مختارات لك',
    rewards: 'مكافآتك',
    products: '{n} منتجات',
    addToCart: 'أضف إلى السلة',
    saveForLater: 'احفظ لوقت لاحق',
    quantity: 'الكمية',
    added: 'تمت الإضافة إلى سلتك.',
    inStock: 'متوفر',
    outOfStock: 'غير متوفر',
    membersOnly: 'للأعضاء فقط',
    youMayLike: 'قد يعجبك أيضًا',
    replenish: 'يكفي نحو {n} يومًا',
    yourCart: 'سلتك',
    cartEmpty: 'سلتك فارغة.',
    continueShopping: 'تابع التسوق',
    remove: 'إزالة',
    subtotal: 'المجموع الفرعي',
    checkout: 'الدفع',
    checkoutNote: 'الدفع معطّل في هذا العرض التجريبي.',
    cartRestored: 'تمت استعادة سلتك المحفوظة.',
    loginTitle: 'تسجيل الدخول',
    loginIntro: 'لا توجد كلمات مرور في هذا العرض. اختر عميلًا أو سجّل الدخول بأي معرّف عميل.',
    loginAs: 'المتابعة باسم {name}',
    orCustom: 'أو استخدم أي عميل',
    customerId: 'معرّف العميل',
    firstName: 'الاسم الأول',
    email: 'البريد الإلكتروني (اختياري)',
    signIn: 'دخول',
    notFound: 'الصفحة غير موجودة',
    notFoundText: 'لم نتمكن من العثور على هذه الصفحة.',
    backHome: 'العودة إلى المتجر',
    badRequest: 'يرجى التحقق من النموذج والمحاولة مرة أخرى.',
    footer: 'متجر تجريبي لـ Revisit، أداة مفتوحة المصدر لتخصيص المتاجر.',
  },
  fa: {
    brand: 'Linden & Co.',
    tagline: 'هدیه‌ها، آیین‌ها و آسایش‌های کوچک',
    nav: 'پیمایش اصلی',
    skip: 'رفتن به محتوا',
    home: 'خانه',
    cart: 'سبد خرید',
    login: 'ورود',
    logout: 'خروج',
    hi: 'سلام، {name}',
    hiNoName: 'سلام',
    menu: 'منو',
    language: 'زبان',
    heroTitle: 'آیین‌های کوچک، با دقت ساخته‌شده',
    heroText: 'مراقبت از پوست، شمع، چای و وسایل روزمره برای صبح‌های آرام و هدیه‌های دلنشین.',
    heroCta: 'خرید محصولات پوست',
    shopByCategory: 'خرید بر اساس دسته',
    featured: 'پرفروش‌ها',
    forYou: 'پیشنهاد برای شما',
    rewards: 'پاداش‌های شما',
    products: '{n} محصول',
    addToCart: 'افزودن به سبد',
    saveForLater: 'ذخیره برای بعد',
    quantity: 'تعداد',
    added: 'به سبد خرید شما اضافه شد.',
    inStock: 'موجود',
    outOfStock: 'ناموجود',
    membersOnly: 'ویژهٔ اعضا',
    youMayLike: 'شاید این‌ها را هم بپسندید',
    replenish: 'حدود {n} روز کافی است',
    yourCart: 'سبد خرید شما',
    cartEmpty: 'سبد خرید شما خالی است.',
    continueShopping: 'ادامهٔ خرید',
    remove: 'حذف',
    subtotal: 'جمع جزء',
    checkout: 'پرداخت',
    checkoutNote: 'پرداخت در این نسخهٔ نمایشی غیرفعال است.',
    cartRestored: 'سبد ذخیره‌شدهٔ شما بازیابی شد.',
    loginTitle: 'ورود',
    loginIntro: 'این نسخهٔ نمایشی رمز عبور ندارد. یک مشتری را انتخاب کنید یا با هر شناسهٔ مشتری وارد شوید.',
    loginAs: 'ادامه به‌عنوان {name}',
    orCustom: 'یا هر مشتری دیگری',
    customerId: 'شناسهٔ مشتری',
    firstName: 'نام',
    email: 'ایمیل (اختیاری)',
    signIn: 'ورود',
    notFound: 'صفحه پیدا نشد',
    notFoundText: 'این صفحه را پیدا نکردیم.',
    backHome: 'بازگشت به فروشگاه',
    badRequest: 'لطفاً فرم را بررسی کنید و دوباره تلاش کنید.',
    footer: 'فروشگاه نمایشی Revisit، ابزار متن‌باز شخصی‌سازی فروشگاه.',
  },
};

/** Product tags as shoppers read them (the catalog's tags are ids for recommendations; English shows the id). */
const TAG_NAMES = {
  ar: {
    'dry-skin': 'بشرة جافة',
    'oily-skin': 'بشرة دهنية',
    'sensitive-skin': 'بشرة حساسة',
    'normal-skin': 'بشرة عادية',
    floral: 'زهري',
    woody: 'خشبي',
    citrus: 'حمضي',
    gift: 'هدية',
    vegan: 'نباتي',
    bestseller: 'الأكثر مبيعًا',
  },
  fa: {
    'dry-skin': 'پوست خشک',
    'oily-skin': 'پوست چرب',
    'sensitive-skin': 'پوست حساس',
    'normal-skin': 'پوست معمولی',
    floral: 'گلی',
    woody: 'چوبی',
    citrus: 'مرکباتی',
    gift: 'هدیه',
    vegan: 'وگان',
    bestseller: 'پرفروش',
  },
};
const tagName = (tag, locale) => TAG_NAMES[locale]?.[tag] ?? tag;

const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : ''));

// ---------------------------------------------------------------------------------------------
// Request helpers

function parseCookies(header) {
  const out = {};
  for (const part of String(header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (!k || k in out) continue;
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}

const CUSTOMER_COOKIE = 'demo_customer';
const LOCALE_COOKIE = 'demo_locale';
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}$/;
const EMAIL_RE = /^[^\s@<>"']{1,64}@[^\s@<>"']{1,190}$/;

/** Cookie value: URL-encoded JSON {id, firstName, email}. Not signed: this demo has no passwords. */
function readCustomer(cookies) {
  const v = cookies[CUSTOMER_COOKIE];
  if (!v) return null;
  try {
    const c = JSON.parse(v);
    if (!c || typeof c.id !== 'string' || !ID_RE.test(c.id)) return null;
    return {
      id: c.id,
      firstName: typeof c.firstName === 'string' ? c.firstName.slice(0, 60) : '',
      email: typeof c.email === 'string' && EMAIL_RE.test(c.email) ? c.email : '',
    };
  } catch {
    return null;
  }
}

function cookie(name, value, { maxAge, httpOnly = true } = {}) {
  let c = `${name}=${encodeURIComponent(value)}; Path=/; SameSite=Lax`;
  if (maxAge !== undefined) c += `; Max-Age=${maxAge}`;
  if (httpOnly) c += '; HttpOnly';
  return c;
}

/** Only same-site relative paths may be redirect targets ("/x", never "//host" or "/\host"). */
function safeReturn(value) {
  const v = String(value ?? '');
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\') || /[\r\n\t]/.test(v)) return '/';
  if (v.startsWith('/login') || v.startsWith('/logout')) return '/';
  return v.slice(0, 512);
}

async function readForm(req, limit = 8 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The expiring identity form (README "Logged-in shoppers"): hex(HMAC-SHA256(secret, "revisit-expiring-v2\n" + exp + "\n" + id)). */
export function identityHash(identitySecret, customerId, exp) {
  return createHmac('sha256', identitySecret).update(`revisit-expiring-v2\n${exp}\n${customerId}`).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Rendering

function formatPrice(amount, currency, locale) {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

const categoryName = (cat, locale) => cat.name[locale] ?? cat.name.en;
/** A product's name in the page's language (catalog titles are `{ en, ar?, fa? }`), English when it has none. */
export const productTitle = (p, locale) => (typeof p.title === 'string' ? p.title : (p.title[locale] ?? p.title.en));
/** The catalog with every title in `locale`, for the cart page's script (demo/public/app.js reads `title` as text). */
export const catalogIn = (locale) => catalog.map((p) => ({ ...p, title: productTitle(p, locale) }));

function productCard(p, ctx) {
  const { t, locale } = ctx;
  return html`<li class="card">
  <a class="card-link" href="${p.url}" data-testid="product-card" data-product-id="${p.id}">
    <img class="card-image" src="${p.image}" alt="" width="400" height="400" loading="lazy">
    <span class="card-title" dir="auto">${productTitle(p, locale)}</span>
    <span class="card-meta">
      <bdi class="price">${formatPrice(p.price, p.currency, locale)}</bdi>
      ${p.membersOnly ? html`<span class="badge badge-members">${t.membersOnly}</span>` : ''}
      ${p.inStock ? '' : html`<span class="badge badge-out">${t.outOfStock}</span>`}
    </span>
  </a>
</li>`;
}

const productGrid = (list, ctx) => html`<ul class="grid" role="list">${list.map((p) => productCard(p, ctx))}</ul>`;

function layout(ctx, { title, body, meta = '', status = 200 }) {
  const { t, locale, customer, opts, path } = ctx;
  const dir = RTL.has(locale) ? 'rtl' : 'ltr';
  const render = ctx.serverRender ? raw(' data-render="server"') : '';
  let widgetTag;
  if (customer) {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const hash = identityHash(opts.identitySecret, customer.id, exp);
    widgetTag = html`<script src="${opts.apiOrigin}/widget.js" data-site="${opts.publishableKey}" data-customer="${customer.id}" data-customer-hash="${hash}" data-customer-expires="${exp}"${customer.firstName ? html` data-customer-first-name="${customer.firstName}"` : ''}${customer.email ? html` data-customer-email="${customer.email}"` : ''}${render} async></script>`;
  } else {
    widgetTag = html`<script src="${opts.apiOrigin}/widget.js" data-site="${opts.publishableKey}"${render} async></script>`;
  }
  const pathOnly = path;
  const page = html`<!doctype html>
<html lang="${locale}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title ? `${title} · ${t.brand}` : t.brand}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/style.css">
<link rel="expect" href="#main" blocking="render">
${meta}
<script src="/app.js" defer></script>
${widgetTag}
</head>
<body>
<a class="skip-link" href="#main">${t.skip}</a>
<header class="site-header">
  <div class="header-inner">
    <a class="brand" href="/"><span class="brand-name" dir="ltr">${t.brand}</span><span class="brand-tagline">${t.tagline}</span></a>
    <div class="site-menu" id="site-menu" data-testid="site-menu">
      <nav class="main-nav" aria-label="${t.nav}">
        <ul role="list">
          ${categories.map((c) => html`<li><a href="/category/${c.id}"${ctx.activeCategory === c.id ? raw(' aria-current="page"') : ''}>${categoryName(c, locale)}</a></li>`)}
        </ul>
      </nav>
      <div class="header-tools">
        <details class="locale-menu">
          <summary data-testid="locale-menu"><span class="visually-hidden">${t.language}: </span><span lang="${locale}">${LOCALE_NAMES[locale]}</span></summary>
          <ul class="locales" role="list" aria-label="${t.language}">
            ${LOCALES.map((l) => html`<li><a href="${pathOnly}?locale=${l}" lang="${l}" hreflang="${l}" data-testid="locale-${l}"${l === locale ? raw(' aria-current="true"') : ''}>${LOCALE_NAMES[l]}</a></li>`)}
          </ul>
        </details>
        <span class="account">
          ${
            customer
              ? html`<span class="hello" data-testid="hello">${customer.firstName ? fill(t.hi, { name: customer.firstName }) : t.hiNoName}</span> <a href="/logout" data-testid="logout">${t.logout}</a>`
              : html`<a href="/login?return=${encodeURIComponent(pathOnly)}" data-testid="login">${t.login}</a>`
          }
        </span>
      </div>
    </div>
    <a class="cart-link" href="/cart">${t.cart} <span class="cart-count" data-testid="cart-count" aria-live="polite">0</span></a>
    <button class="menu-toggle" type="button" aria-expanded="false" aria-controls="site-menu" data-testid="menu-toggle"><span class="menu-icon" aria-hidden="true"></span>${t.menu}</button>
  </div>
</header>
<main id="main" class="main">
${body}
</main>
<footer class="site-footer"><p>${t.footer}</p></footer>
</body>
</html>
`;
  return { status, body: page.value };
}

function homePage(ctx) {
  const { t, locale } = ctx;
  const featured = catalog.filter((p) => p.tags.includes('bestseller') && p.inStock && !p.membersOnly).slice(0, 8);
  return layout(ctx, {
    title: '',
    body: html`
<div class="slot slot-greeting" data-revisit="greeting"></div>
<section class="hero">
  <div class="hero-text">
    <h1>${t.heroTitle}</h1>
    <p>${t.heroText}</p>
    <a class="button" href="/category/skincare">${t.heroCta}</a>
    <div class="slot slot-content" data-revisit="content:hero"></div>
  </div>
  <img class="hero-image" src="/images/p-candle-trio.svg" alt="" width="400" height="400">
</section>
<section class="section" aria-labelledby="h-cats">
  <h2 id="h-cats">${t.shopByCategory}</h2>
  <ul class="category-list" role="list">
    ${categories.map((c) => html`<li><a class="category-chip category-${c.id}" href="/category/${c.id}">${categoryName(c, locale)}</a></li>`)}
  </ul>
</section>
<section class="section" aria-label="${t.forYou}">
  <div class="slot slot-recommendations" data-revisit="recommendations"></div>
</section>
<section class="section">
  <div class="slot slot-saved" data-revisit="saved"></div>
</section>
<section class="section" aria-labelledby="h-featured">
  <h2 id="h-featured">${t.featured}</h2>
  ${productGrid(featured, ctx)}
</section>
<section class="section slots-pair" aria-label="${t.rewards}">
  <div class="slot slot-loyalty" data-revisit="loyalty"></div>
  <div class="slot slot-survey" data-revisit="survey"></div>
  <div class="slot slot-offers" data-revisit="offers"></div>
</section>`,
  });
}

function categoryPage(ctx, cat) {
  const { t, locale } = ctx;
  const list = catalog.filter((p) => p.categories.includes(cat.id));
  ctx.activeCategory = cat.id;
  return layout(ctx, {
    title: categoryName(cat, locale),
    meta: html`<meta name="revisit:category" content="${cat.id}">`,
    body: html`
<section class="section">
  <h1>${categoryName(cat, locale)}</h1>
  <p class="muted">${fill(t.products, { n: new Intl.NumberFormat(locale).format(list.length) })}</p>
  ${productGrid(list, ctx)}
</section>`,
  });
}

function productPage(ctx, p) {
  const { t, locale } = ctx;
  const cat = categoryById.get(p.categories[0]);
  const title = productTitle(p, locale);
  return layout(ctx, {
    title,
    meta: html`<meta name="revisit:product" content="${p.id}">`,
    body: html`
<nav class="breadcrumbs" aria-label="breadcrumbs"><a href="/">${t.home}</a> <span aria-hidden="true">/</span> ${cat ? html`<a href="/category/${cat.id}">${categoryName(cat, locale)}</a>` : ''}</nav>
<article class="product" data-product-id="${p.id}">
  <img class="product-image" src="${p.image}" alt="${title}" width="400" height="400">
  <div class="product-info">
    <h1 dir="auto">${title}</h1>
    <p class="product-price price"><bdi>${formatPrice(p.price, p.currency, locale)}</bdi></p>
    <p class="product-badges">
      <span class="badge ${p.inStock ? 'badge-in' : 'badge-out'}">${p.inStock ? t.inStock : t.outOfStock}</span>
      ${p.membersOnly ? html`<span class="badge badge-members">${t.membersOnly}</span>` : ''}
    </p>
    ${p.replenishDays ? html`<p class="muted">${fill(t.replenish, { n: new Intl.NumberFormat(locale).format(p.replenishDays) })}</p>` : ''}
    <ul class="tags" role="list">${p.tags.map((tag) => html`<li class="tag">${tagName(tag, locale)}</li>`)}</ul>
    <form class="add-form" action="/cart" method="get" data-product-id="${p.id}" data-price="${p.price}">
      <label class="qty-label">${t.quantity}
        <input class="qty" type="number" name="quantity" value="1" min="1" max="99" inputmode="numeric" data-testid="quantity">
      </label>
      <button class="button" type="submit" data-testid="add-to-cart" data-product-id="${p.id}"${p.inStock ? '' : raw(' disabled')}>${t.addToCart}</button>
    </form>
    <p class="add-status" role="status" data-testid="add-status" data-message="${t.added}"></p>
    <button class="button button-save" type="button" aria-pressed="false" data-testid="save-product" data-product-id="${p.id}">${t.saveForLater}</button>
  </div>
</article>
<section class="section" aria-label="${t.youMayLike}">
  <div class="slot slot-recommendations" data-revisit="recommendations"></div>
</section>
<section class="section">
  <div class="slot slot-saved" data-revisit="saved"></div>
</section>`,
  });
}

function cartPage(ctx) {
  const { t, locale } = ctx;
  return layout(ctx, {
    title: t.yourCart,
    body: html`
<section class="section cart" id="cart" data-locale="${locale}" data-currency="USD"
  data-t-remove="${t.remove}" data-t-quantity="${t.quantity}" data-t-restored="${t.cartRestored}" data-t-out="${t.outOfStock}">
  <h1>${t.yourCart}</h1>
  <p class="cart-status" role="status" data-testid="cart-status"></p>
  <ul class="cart-lines" role="list" data-testid="cart-lines"></ul>
  <div class="cart-empty" data-testid="cart-empty"><p>${t.cartEmpty}</p><a class="button" href="/">${t.continueShopping}</a></div>
  <div class="cart-summary" hidden>
    <p class="subtotal">${t.subtotal}: <bdi><strong data-testid="cart-subtotal"></strong></bdi></p>
    <button class="button" type="button" disabled>${t.checkout}</button>
    <p class="muted">${t.checkoutNote}</p>
  </div>
</section>
<section class="section">
  <div class="slot slot-saved-cart" data-revisit="saved-cart"></div>
</section>`,
  });
}

function loginPage(ctx, returnTo, { error = false, status = 200 } = {}) {
  const { t } = ctx;
  return layout(ctx, {
    title: t.loginTitle,
    status,
    body: html`
<section class="section login">
  <h1>${t.loginTitle}</h1>
  <p>${t.loginIntro}</p>
  ${error ? html`<p class="error" role="alert">${t.badRequest}</p>` : ''}
  <div class="login-choices">
    ${customers.map(
      (c) => html`<form method="post" action="/login">
      <input type="hidden" name="customerId" value="${c.id}">
      <input type="hidden" name="return" value="${returnTo}">
      <button class="button button-wide" type="submit" data-testid="login-as-${c.id}">${fill(t.loginAs, { name: c.firstName })} <span class="muted">(${c.id})</span></button>
    </form>`,
    )}
  </div>
  <h2>${t.orCustom}</h2>
  <form class="login-form" method="post" action="/login">
    <input type="hidden" name="return" value="${returnTo}">
    <label>${t.customerId} <input name="customerId" required maxlength="64" pattern="[A-Za-z0-9][A-Za-z0-9_.:@\\-]*" autocomplete="username" dir="ltr" data-testid="login-id"></label>
    <label>${t.firstName} <input name="firstName" maxlength="60" autocomplete="given-name" data-testid="login-first-name"></label>
    <label>${t.email} <input name="email" type="email" maxlength="200" autocomplete="email" dir="ltr" data-testid="login-email"></label>
    <button class="button" type="submit" data-testid="login-submit">${t.signIn}</button>
  </form>
</section>`,
  });
}

function notFoundPage(ctx) {
  const { t } = ctx;
  return layout(ctx, {
    title: t.notFound,
    status: 404,
    body: html`
<section class="section not-found">
  <h1>${t.notFound}</h1>
  <p>${t.notFoundText}</p>
  <a class="button" href="/">${t.backHome}</a>
</section>`,
  });
}

// ---------------------------------------------------------------------------------------------
// Server

const STATIC = {
  '/app.js': ['public/app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['public/style.css', 'text/css; charset=utf-8'],
  '/favicon.svg': ['public/favicon.svg', 'image/svg+xml'],
};

function securityHeaders(opts) {
  const api = opts.apiOrigin;
  // The shop's own origin too (`opts.self`, known once listening): behind edge mode the page is
  // served from another address, and the widget's later answers name the shop's images by this one.
  const self = opts.self ? ` ${opts.self}` : '';
  return {
    'Content-Security-Policy': `default-src 'self'; script-src 'self' ${api}; connect-src 'self' ${api}; img-src 'self'${self} ${api} data:; style-src 'self'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}

function createHandler(opts) {
  return async function handle(req, res) {
    const send = (status, headers, body) => {
      res.writeHead(status, { ...securityHeaders(opts), ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const redirect = (location, setCookies = []) => send(303, { Location: location, 'Set-Cookie': setCookies, 'Cache-Control': 'no-store' }, '');

    let url;
    try {
      url = new URL(req.url ?? '/', 'http://storefront.invalid');
    } catch {
      return send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad request');
    }
    const path = url.pathname;
    const method = req.method ?? 'GET';

    // Static files
    if (STATIC[path] || path.startsWith('/images/')) {
      if (method !== 'GET' && method !== 'HEAD') return send(405, { Allow: 'GET, HEAD' }, '');
      let file;
      let type;
      let cache = 'no-cache';
      if (STATIC[path]) {
        [file, type] = STATIC[path];
      } else {
        const m = /^\/images\/([a-z0-9-]{1,80})\.svg$/.exec(path);
        if (!m || !productById.has(m[1])) return send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found');
        file = `images/${m[1]}.svg`;
        type = 'image/svg+xml';
        cache = 'public, max-age=86400';
      }
      try {
        const body = await readFile(new URL(file, here));
        return send(200, { 'Content-Type': type, 'Cache-Control': cache, 'Content-Length': body.length }, body);
      } catch {
        return send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found');
      }
    }
    // Page context: locale (query > cookie > en) and the logged-in customer
    const cookies = parseCookies(req.headers.cookie);
    const setCookies = [];
    let locale = LOCALES.includes(cookies[LOCALE_COOKIE]) ? cookies[LOCALE_COOKIE] : 'en';
    const qLocale = url.searchParams.get('locale');
    if (qLocale !== null && LOCALES.includes(qLocale)) {
      locale = qLocale;
      setCookies.push(cookie(LOCALE_COOKIE, qLocale, { maxAge: 60 * 60 * 24 * 365, httpOnly: false }));
    }
    // `?render=server`: the widget's server-rendered script path (`data-render="server"`), side by side with the default.
    const ctx = { locale, t: STRINGS[locale], customer: readCustomer(cookies), opts, path, serverRender: url.searchParams.get('render') === 'server' };

    // The catalog the cart page's script reads: titles in the shopper's language (query > cookie > en).
    if (path === '/catalog.json') {
      return send(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache', Vary: 'Cookie' }, JSON.stringify(catalogIn(locale)));
    }
    // A page for nobody in particular (no customer, no language cookie, no cookie set now) may be
    // kept by a shared cache such as edge mode's for a minute; browsers still ask every time.
    const shared = !ctx.customer && !setCookies.length && !(LOCALE_COOKIE in cookies);
    const page = (result) =>
      send(
        result.status,
        { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': shared && result.status === 200 ? 'public, max-age=0, s-maxage=60' : 'no-store', 'Set-Cookie': setCookies },
        result.body,
      );

    if (path === '/login' && method === 'POST') {
      let form;
      try {
        form = await readForm(req);
      } catch (e) {
        return send(e.status ?? 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad request');
      }
      const returnTo = safeReturn(form.get('return'));
      const id = (form.get('customerId') ?? '').trim();
      if (!ID_RE.test(id)) return page(loginPage(ctx, returnTo, { error: true, status: 400 }));
      const known = customerById.get(id);
      const firstName = ((form.get('firstName') ?? '').trim() || known?.firstName || '').slice(0, 60);
      const emailIn = (form.get('email') ?? '').trim();
      const email = EMAIL_RE.test(emailIn) ? emailIn : (known?.email ?? '');
      const value = JSON.stringify({ id, firstName, email });
      return redirect(returnTo, [...setCookies, cookie(CUSTOMER_COOKIE, value, { maxAge: 60 * 60 * 24 * 30 })]);
    }
    if (path === '/logout' && (method === 'GET' || method === 'POST')) {
      return redirect('/', [...setCookies, cookie(CUSTOMER_COOKIE, '', { maxAge: 0 })]);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      return send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method not allowed');
    }

    if (path === '/') return page(homePage(ctx));
    if (path === '/cart') return page(cartPage(ctx));
    if (path === '/login') return page(loginPage(ctx, safeReturn(url.searchParams.get('return'))));
    let m;
    if ((m = /^\/category\/([^/]+)$/.exec(path))) {
      const cat = categoryById.get(safeDecode(m[1]));
      return page(cat ? categoryPage(ctx, cat) : notFoundPage(ctx));
    }
    if ((m = /^\/products\/([^/]+)$/.exec(path))) {
      const p = productById.get(safeDecode(m[1]));
      return page(p ? productPage(ctx, p) : notFoundPage(ctx));
    }
    return page(notFoundPage(ctx));
  };
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Start the demo storefront. `port: 0` picks a free port; the returned `url` has the real one.
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export function startStorefront({ port = 8788, host, apiOrigin = 'http://localhost:8787', publishableKey = 'pk_test_demo', identitySecret = 'demo-identity-secret' } = {}) {
  const opts = { apiOrigin: String(apiOrigin).replace(/\/+$/, ''), publishableKey, identitySecret };
  const handler = createHandler(opts);
  const server = createServer((req, res) => {
    handler(req, res).catch((err) => {
      console.error('[storefront]', err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = server.address().port;
      opts.self = `http://localhost:${actual}`;
      resolve({
        url: `http://localhost:${actual}`,
        port: actual,
        close: () =>
          new Promise((res) => {
            server.close(() => res());
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sf = await startStorefront({
    port: process.env.PORT ? Number(process.env.PORT) : 8788,
    apiOrigin: process.env.REVISIT_API || 'http://localhost:8787',
    publishableKey: process.env.REVISIT_PUBLISHABLE_KEY || 'pk_test_demo',
    identitySecret: process.env.REVISIT_IDENTITY_SECRET || 'demo-identity-secret',
  });
  console.log(`Demo storefront: ${sf.url}  (Revisit API: ${process.env.REVISIT_API || 'http://localhost:8787'})`);
  const stop = () => sf.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export const storefrontDir = fileURLToPath(here);
