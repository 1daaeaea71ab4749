import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";

const api = inject("apiUrl");
const root = fileURLToPath(new URL("../../", import.meta.url));
const visitor = { "X-Revisit-Key": "pk_test_demo", "X-Revisit-Visitor": "import0e2e0visitor000001", "Content-Type": "application/json" };

/** Runs the real CLI as a child process (stdout is not a TTY here, so progress comes as plain lines). */
function runImport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["scripts/import.mjs", ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run import", () => {
  it("imports the CSV fixture into the demo site and reports the bad rows", async () => {
    const r = await runImport(["tests/fixtures/import/catalog.csv", "--site", "demo", "--url", api]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/writing to site "demo"/);
    expect(r.stdout).toMatch(/^importing: 4\/4 \(100%\)$/m);
    expect(r.stdout).toMatch(/^sent: +4 in 1 request$/m);
    expect(r.stdout).toMatch(/^accepted: +4 /m);
    expect(r.stdout).toMatch(/^rejected: +5$/m);
    for (const line of ["row 7: url", "row 8: id", "row 9: price", "row 11: id duplicate id", "row 12: inStock"]) expect(r.stdout).toContain(line);

    // The products are in the catalog: a cart holding them comes back as a saved cart with their titles.
    const cart = await fetch(`${api}/v1/events`, {
      method: "POST",
      headers: visitor,
      body: JSON.stringify({
        events: [
          { id: "import-e2e-cart-1", type: "cart", items: ["imp-rose-soap", "imp-matcha-tin", "imp-oat-scarf", "imp-cedar-mug", "imp-bad-price"].map((productId) => ({ productId, quantity: 1 })) },
        ],
      }),
    });
    expect(cart.status).toBe(202);
    await expect
      .poll(
        async () => {
          const x = (await (await fetch(`${api}/v1/experience?locale=en`, { headers: visitor })).json()) as { savedCart: { items: { productId: string; title: string; price: number }[] } | null };
          return x.savedCart?.items.map((i) => `${i.productId}|${i.title}|${i.price}`).sort() ?? [];
        },
        { timeout: 15_000 },
      )
      .toEqual(["imp-cedar-mug|Cedar mug|14.25", 'imp-matcha-tin|Matcha tin "ceremonial"|29', "imp-oat-scarf|Oat scarf\r\nwith two lines|55", "imp-rose-soap|Rose soap, hand-made|9.5"]);

    // Again: the same rows are now "unchanged" (the API writes nothing for them).
    const again = await runImport(["tests/fixtures/import/catalog.csv", "--site", "demo", "--url", api]);
    expect(again.stdout).toMatch(/^accepted: +4 \(0 new or changed, 4 unchanged\)/m);
  });

  it("exits non-zero when nothing can be imported, and refuses a wrong key before sending", async () => {
    const none = await runImport(["tests/fixtures/import/shopify-products.json", "--site", "demo", "--url", api]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--shop/);
    const bad = await runImport(["tests/fixtures/import/catalog.csv", "--site", "demo", "--url", api, "--key", "sk_test_wrong"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused the key/);
    const other = await runImport(["tests/fixtures/import/catalog.csv", "--site", "shop-2", "--url", api]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--key is required/);
  });
});
