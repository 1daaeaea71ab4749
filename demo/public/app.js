// Demo storefront browser script (no build step). Keeps the cart in localStorage under
// "demo:cart" as [{ productId, quantity }] and tells Revisit about every change. Never throws into
// the page, and works whether or not the Revisit widget has loaded (calls are queued on
// window.revisitQ until it has).
(() => {
  var CART_KEY = 'demo:cart';
  var MAX_QTY = 99;
  var ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,79}$/;

  function clampQty(n) {
    n = Math.floor(Number(n));
    if (!Number.isFinite(n) || n < 1) return 0;
    return Math.min(n, MAX_QTY);
  }

  function readCart() {
    try {
      var data = JSON.parse(localStorage.getItem(CART_KEY) || '[]');
      if (!Array.isArray(data)) return [];
      var seen = {};
      var out = [];
      for (var i = 0; i < data.length; i++) {
        var line = data[i];
        if (!line || typeof line.productId !== 'string' || !ID_RE.test(line.productId)) continue;
        var q = clampQty(line.quantity);
        if (!q || seen[line.productId]) continue;
        seen[line.productId] = true;
        out.push({ productId: line.productId, quantity: q });
      }
      return out;
    } catch (_e) {
      return [];
    }
  }

  function writeCart(cart) {
    try {
      localStorage.setItem(CART_KEY, JSON.stringify(cart));
    } catch (_e) {
      /* storage full or disabled: the cart lives for this page only */
    }
  }

  // Calls window.revisit[method](...args), or queues ['method', ...args] on window.revisitQ.
  function revisit(method) {
    var args = Array.prototype.slice.call(arguments, 1);
    try {
      var api = window.revisit;
      if (api && typeof api[method] === 'function') {
        api[method].apply(api, args);
      } else {
        window.revisitQ = window.revisitQ || [];
        window.revisitQ.push([method].concat(args));
      }
    } catch (_e) {
      /* the widget must never break the shop */
    }
  }

  // Product data (prices, titles, images) from the storefront's own catalog.
  var catalogPromise = null;
  function loadCatalog() {
    if (!catalogPromise) {
      catalogPromise = fetch('/catalog.json', { credentials: 'same-origin' })
        .then((r) => (r.ok ? r.json() : []))
        .then((list) => {
          var byId = {};
          for (var i = 0; i < list.length; i++) byId[list[i].id] = list[i];
          return byId;
        })
        .catch(() => ({}));
    }
    return catalogPromise;
  }

  // Save, update the badge, re-render the cart page, and send the full snapshot to Revisit.
  function setCart(cart) {
    writeCart(cart);
    updateBadge(cart);
    renderCartPage();
    return loadCatalog().then((byId) => {
      var items = cart.map((line) => {
        var p = byId[line.productId];
        return { productId: line.productId, quantity: line.quantity, price: p ? p.price : 0 };
      });
      revisit('cart', items);
    });
  }

  function updateBadge(cart) {
    var count = 0;
    for (var i = 0; i < cart.length; i++) count += cart[i].quantity;
    var badges = document.querySelectorAll('[data-testid="cart-count"]');
    for (var j = 0; j < badges.length; j++) {
      badges[j].textContent = formatNumber(count);
      badges[j].setAttribute('data-count', String(count));
    }
  }

  function pageLocale() {
    return document.documentElement.getAttribute('lang') || 'en';
  }

  function formatNumber(n) {
    try {
      return new Intl.NumberFormat(pageLocale()).format(n);
    } catch (_e) {
      return String(n);
    }
  }

  function formatPrice(amount, currency) {
    try {
      return new Intl.NumberFormat(pageLocale(), { style: 'currency', currency: currency || 'USD' }).format(amount);
    } catch (_e) {
      return `${amount.toFixed(2)} ${currency || 'USD'}`;
    }
  }

  // ---- product page: save for later through window.revisit.save / unsave (the button shows
  // the shopper's saved list from the experience, so it is right on every device)
  function initSaveButton() {
    var btn = document.querySelector('[data-testid="save-product"]');
    if (!btn) return;
    var id = btn.getAttribute('data-product-id');
    revisit('on', 'experience', (e) => {
      var items = (e && e.saved && e.saved.items) || [];
      btn.setAttribute('aria-pressed', String(items.some((i) => i.productId === id)));
    });
    btn.addEventListener('click', () => {
      var on = btn.getAttribute('aria-pressed') !== 'true';
      btn.setAttribute('aria-pressed', String(on));
      revisit(on ? 'save' : 'unsave', id);
    });
  }

  // ---- product page: add to cart
  function initAddToCart() {
    var forms = document.querySelectorAll('form.add-form');
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener('submit', onAdd);
    }
  }

  function onAdd(ev) {
    ev.preventDefault();
    var form = ev.currentTarget;
    var productId = form.getAttribute('data-product-id');
    var input = form.querySelector('input[name="quantity"]');
    var quantity = clampQty(input ? input.value : 1) || 1;
    if (!productId) return;
    var cart = readCart();
    var found = false;
    for (var i = 0; i < cart.length; i++) {
      if (cart[i].productId === productId) {
        cart[i].quantity = Math.min(cart[i].quantity + quantity, MAX_QTY);
        found = true;
      }
    }
    if (!found) cart.push({ productId: productId, quantity: quantity });
    revisit('track', 'add_to_cart', { productId: productId, quantity: quantity });
    setCart(cart);
    var status = document.querySelector('[data-testid="add-status"]');
    if (status) status.textContent = status.getAttribute('data-message') || '';
  }

  // ---- cart page
  function cartRoot() {
    return document.getElementById('cart');
  }

  function renderCartPage() {
    var root = cartRoot();
    if (!root) return;
    var cart = readCart();
    loadCatalog().then((byId) => {
      var list = root.querySelector('[data-testid="cart-lines"]');
      var empty = root.querySelector('[data-testid="cart-empty"]');
      var summary = root.querySelector('.cart-summary');
      var subtotalEl = root.querySelector('[data-testid="cart-subtotal"]');
      var tRemove = root.getAttribute('data-t-remove') || 'Remove';
      var tQty = root.getAttribute('data-t-quantity') || 'Quantity';
      var tOut = root.getAttribute('data-t-out') || 'Out of stock';
      var currency = root.getAttribute('data-currency') || 'USD';
      while (list.firstChild) list.removeChild(list.firstChild);
      var subtotal = 0;
      for (var i = 0; i < cart.length; i++) {
        var line = cart[i];
        var p = byId[line.productId];
        if (!p) continue;
        subtotal += p.price * line.quantity;
        list.appendChild(cartLine(p, line.quantity, tRemove, tQty, tOut, currency));
      }
      var hasLines = list.children.length > 0;
      empty.hidden = hasLines;
      summary.hidden = !hasLines;
      subtotalEl.textContent = formatPrice(Math.round(subtotal * 100) / 100, currency);
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) if (Object.hasOwn(attrs, k)) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function cartLine(p, quantity, tRemove, tQty, tOut, currency) {
    var li = el('li', { class: 'cart-line', 'data-testid': 'cart-line', 'data-product-id': p.id });
    var img = el('img', { class: 'cart-image', src: p.image, alt: '', width: '72', height: '72' });
    var info = el('div', { class: 'cart-info' });
    var link = el('a', { href: p.url, dir: 'auto' }, p.title);
    info.appendChild(link);
    info.appendChild(el('bdi', { class: 'price' }, formatPrice(p.price, p.currency || currency)));
    if (!p.inStock) info.appendChild(el('span', { class: 'badge badge-out' }, tOut));
    var label = el('label', { class: 'qty-label' }, `${tQty} `);
    var input = el('input', {
      class: 'qty',
      type: 'number',
      min: '1',
      max: String(MAX_QTY),
      value: String(quantity),
      inputmode: 'numeric',
      'data-testid': 'cart-qty',
      'data-product-id': p.id,
    });
    input.addEventListener('change', () => {
      changeQuantity(p.id, clampQty(input.value));
    });
    label.appendChild(input);
    var remove = el('button', { class: 'link-button', type: 'button', 'data-testid': 'cart-remove', 'data-product-id': p.id }, tRemove);
    remove.addEventListener('click', () => {
      changeQuantity(p.id, 0);
    });
    var total = el('bdi', { class: 'line-total price' }, formatPrice(Math.round(p.price * quantity * 100) / 100, p.currency || currency));
    li.appendChild(img);
    li.appendChild(info);
    li.appendChild(label);
    li.appendChild(total);
    li.appendChild(remove);
    return li;
  }

  function changeQuantity(productId, quantity) {
    var cart = readCart();
    var next = [];
    for (var i = 0; i < cart.length; i++) {
      if (cart[i].productId !== productId) next.push(cart[i]);
      else if (quantity > 0) next.push({ productId: productId, quantity: quantity });
    }
    if (quantity === 0) revisit('track', 'remove_from_cart', { productId: productId });
    setCart(next);
  }

  // /cart?restore=<id>:<qty>,<id>:<qty> replaces the local cart with those items, then strips it.
  function handleRestore() {
    var root = cartRoot();
    if (!root) return false;
    var params;
    try {
      params = new URLSearchParams(location.search);
    } catch (_e) {
      return false;
    }
    var spec = params.get('restore');
    if (spec === null) return false;
    var items = [];
    var seen = {};
    var parts = spec.split(',');
    for (var i = 0; i < parts.length && items.length < 100; i++) {
      var bits = parts[i].split(':');
      var id = (bits[0] || '').trim();
      var q = bits.length > 1 ? clampQty(bits[1]) : 1;
      if (!ID_RE.test(id) || !q || seen[id]) continue;
      seen[id] = true;
      items.push({ productId: id, quantity: q });
    }
    params.delete('restore');
    var rest = params.toString();
    try {
      history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
    } catch (_e) {
      /* ignore */
    }
    loadCatalog().then((byId) => {
      var known = items.filter((it) => !!byId[it.productId]);
      setCart(known);
      var status = root.querySelector('[data-testid="cart-status"]');
      if (status) status.textContent = root.getAttribute('data-t-restored') || '';
    });
    return true;
  }

  // ---- header: the menu button (narrow screens) and the language drop-down
  function initHeader() {
    var toggle = document.querySelector('.menu-toggle');
    var menu = document.getElementById('site-menu');
    var languages = document.querySelector('.locale-menu');
    function setOpen(open) {
      if (!toggle || !menu) return;
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      menu.classList.toggle('open', open);
    }
    if (toggle && menu) {
      toggle.addEventListener('click', () => {
        setOpen(toggle.getAttribute('aria-expanded') !== 'true');
      });
    }
    document.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Escape') return;
      if (languages?.open) {
        languages.open = false;
        languages.querySelector('summary').focus();
      } else if (toggle && toggle.getAttribute('aria-expanded') === 'true') {
        setOpen(false);
        toggle.focus();
      }
    });
    document.addEventListener('click', (ev) => {
      if (languages?.open && !languages.contains(ev.target)) languages.open = false;
    });
  }

  function init() {
    try {
      initHeader();
      updateBadge(readCart());
      initAddToCart();
      initSaveButton();
      if (!handleRestore()) renderCartPage();
      // keep tabs in sync
      window.addEventListener('storage', (ev) => {
        if (ev.key === CART_KEY) {
          updateBadge(readCart());
          renderCartPage();
        }
      });
    } catch (e) {
      if (window.console) console.warn('[demo storefront]', e);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
