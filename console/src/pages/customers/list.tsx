import { useEffect, useState } from "preact/hooks";
import { errorMessage } from "../../errors";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { hrefOf, linkClick } from "../../router";
import { type CustomerPage, type CustomerRow, listCustomers, type ShopBasics, shopBasics, takeFlash, tierName } from "./api";
import { messages } from "./messages";

/**
 * Where the list was (search and page), so coming back from a customer with the browser's Back
 * lands on the same page of the same search rather than the first page of everyone.
 */
let remembered: { query: string; cursors: (string | null)[] } = { query: "", cursors: [null] };

/**
 * The shop's customers: a search by id or email prefix (Enter submits), a table of a page at a
 * time with Next / Previous by cursor (the cursors of the pages before are kept for Previous),
 * each row linking to the customer's page. A shop with nobody yet is told how customers arrive.
 */
export function CustomerList() {
  const page = usePageMessages(messages);
  const { t, f, locale } = useI18n();
  const [typed, setTyped] = useState(remembered.query);
  const [query, setQuery] = useState(remembered.query);
  // cursors[i] opens page i + 1; the last one is the page shown.
  const [cursors, setCursors] = useState<(string | null)[]>(remembered.cursors);
  const [data, setData] = useState<CustomerPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [shop, setShop] = useState<ShopBasics | null>(null);
  const [flash] = useState(takeFlash);

  useEffect(() => {
    shopBasics()
      .then(setShop)
      .catch(() => setShop(null));
  }, []);

  useEffect(() => {
    let live = true;
    remembered = { query, cursors };
    setError(null);
    setData(null);
    listCustomers(query, cursors[cursors.length - 1] ?? null)
      .then((d) => live && setData(d))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [query, cursors, attempt]);

  const search = (e: Event) => {
    e.preventDefault();
    setQuery(typed.trim());
    setCursors([null]);
  };
  const money = (n: number) => f.money(n, shop?.currency ?? "USD");

  return (
    <section class="page customers" aria-labelledby="customers-title">
      <h1 id="customers-title" tabIndex={-1}>
        {page.title}
      </h1>
      <p class="muted">{page.intro}</p>
      <p class="notice-line" role="status">
        {flash}
      </p>
      <form class="customer-search" onSubmit={search}>
        <div class="field">
          <label for="customer-query">{page.search.label}</label>
          <p id="customer-query-hint" class="hint">
            {page.search.hint}
          </p>
          <div class="search-row">
            <input
              id="customer-query"
              type="search"
              dir="auto"
              autoComplete="off"
              spellcheck={false}
              maxLength={200}
              aria-describedby="customer-query-hint"
              value={typed}
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
            <button type="submit" class="button primary">
              {page.search.submit}
            </button>
            {query && (
              <button
                type="button"
                class="button secondary"
                onClick={() => {
                  setTyped("");
                  setQuery("");
                  setCursors([null]);
                }}
              >
                {page.search.clear}
              </button>
            )}
          </div>
        </div>
      </form>
      {error ? (
        <div class="card" role="alert">
          <p class="form-error">{errorMessage(t, error)}</p>
          <button type="button" class="button secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t.forms.retry}
          </button>
        </div>
      ) : data === null ? (
        <p class="muted" role="status">
          {t.loading}
        </p>
      ) : data.customers.length === 0 && cursors.length === 1 ? (
        query ? (
          <p class="card no-match" role="status">
            {page.noMatch(query)}
          </p>
        ) : (
          <section class="card empty" aria-labelledby="customers-empty-title">
            <h2 id="customers-empty-title">{page.empty.title}</h2>
            <p>{page.empty.intro}</p>
            <ul>
              <li>
                {page.empty.identify} <code dir="ltr">Revisit.identify(…)</code>
              </li>
              <li>
                {page.empty.orders} <code dir="ltr">POST /v1/orders</code>
              </li>
              <li>
                {page.empty.traits} <code dir="ltr">PATCH /v1/customers/{"{id}"}</code>
              </li>
            </ul>
          </section>
        )
      ) : (
        <>
          <p class="muted small" role="status">
            {query ? page.resultsFor(query, f.number(cursors.length)) : page.pageN(f.number(cursors.length))}
          </p>
          <div class="table-wrap">
            <table class="data customer-table stack" aria-labelledby="customers-title">
              <thead>
                <tr>
                  <th scope="col">{page.columns.customer}</th>
                  <th scope="col">{page.columns.stage}</th>
                  <th scope="col" class="num">
                    {page.columns.orders}
                  </th>
                  <th scope="col" class="num">
                    {page.columns.spend}
                  </th>
                  <th scope="col" class="num">
                    {page.columns.points}
                  </th>
                  <th scope="col">{page.columns.tier}</th>
                  <th scope="col">{page.columns.lastSeen}</th>
                </tr>
              </thead>
              <tbody>
                {data.customers.map((c) => (
                  <Row key={c.customerId} c={c} money={money} tier={c.tier ? tierName(shop, c.tier, locale) : page.none} />
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label={page.pager}>
            <button type="button" class="button secondary" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {page.previous}
            </button>
            <button type="button" class="button secondary" disabled={!data.nextCursor} onClick={() => data.nextCursor && setCursors((c) => [...c, data.nextCursor])}>
              {page.next}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

/** One customer in the table: name (a link to their page) with email and id under it, then the figures. */
function Row(props: { c: CustomerRow; money: (n: number) => string; tier: string }) {
  const page = usePageMessages(messages);
  const { f } = useI18n();
  const c = props.c;
  return (
    <tr data-customer={c.customerId}>
      <td class="who-cell">
        <a href={hrefOf("/customers", c.customerId)} onClick={linkClick("/customers", c.customerId)}>
          <bdi>{c.firstName || c.email || c.customerId}</bdi>
        </a>
        {c.email && c.firstName && (
          <span class="sub">
            <bdi dir="ltr">{c.email}</bdi>
          </span>
        )}
        <span class="sub id">
          <bdi dir="ltr">{c.customerId}</bdi>
        </span>
      </td>
      <td data-label={page.columns.stage}>{page.stages[c.stage] ?? c.stage}</td>
      <td class="num" data-label={page.columns.orders}>
        {f.number(c.orders)}
      </td>
      <td class="num" data-label={page.columns.spend}>
        {props.money(c.spend)}
      </td>
      <td class="num" data-label={page.columns.points}>
        {f.number(c.points)}
      </td>
      <td data-label={page.columns.tier}>{props.tier}</td>
      <td data-label={page.columns.lastSeen}>{c.lastSeen ? <time dateTime={c.lastSeen}>{f.day(c.lastSeen)}</time> : page.never}</td>
    </tr>
  );
}
