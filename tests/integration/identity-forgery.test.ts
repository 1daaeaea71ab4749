import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, expiringHash, hmacHex, product, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * The reported attack, end to end: a shop prints the plain hash for an account whose id is
 * `cust-1001.4102444800`; its owner presents that hash as the expiring hash of `cust-1001` to read
 * Sara's profile and spend her points. Every visitor route that takes a customer must refuse it,
 * and her points must stay where they are.
 */
let site: TestSite;
const VICTIM = "cust-1001";
const EXP = 4102444800;
const program = {
  pointsPerUnit: 1,
  pendingDays: 0,
  rewards: [{ id: "five-off", name: { en: "$5 off" }, cost: 50, discount: { type: "fixed", value: 5 } }],
};

type ErrorBody = { error: { code: string; message: string } };
const balance = async () => ((await (await call(`/v1/customers/${VICTIM}`, { headers: server(site) })).json()) as { loyalty: { points: number } }).loyalty.points;

beforeAll(async () => {
  site = await createSite("forgery", { loyalty: program });
  expect((await call("/v1/catalog/products", { method: "PUT", headers: server(site), json: { products: [product("tea")] } })).status).toBe(200);
  expect((await call("/v1/loyalty/rewards/five-off/codes", { method: "PUT", headers: server(site), json: { codes: ["FIVE-1", "FIVE-2"] } })).status).toBe(200);
  const order = { id: "sara-1", customerId: VICTIM, items: [{ productId: "tea", quantity: 1, price: 200 }], total: 200, currency: "USD", createdAt: new Date().toISOString() };
  expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order })).status).toBe(201);
  expect(await balance()).toBeGreaterThanOrEqual(200);
});

describe("a plain hash of an id with a dot is not an expiring hash", () => {
  const forgedHeaders = async (visitor: string) =>
    visitorHeaders(site, visitor, { "X-Revisit-Customer": VICTIM, "X-Revisit-Customer-Expires": String(EXP), "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, `${VICTIM}.${EXP}`) });

  it("cannot read the victim's experience", async () => {
    const res = await call("/v1/experience", { headers: await forgedHeaders("forger-visitor-0001") });
    expect(res.status).toBe(401);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("invalid_customer_hash");
    expect(JSON.stringify(body)).not.toContain("FIVE-");
  });

  it("cannot identify as the victim", async () => {
    const hash = await hmacHex(site.identitySecret, `${VICTIM}.${EXP}`);
    const res = await call("/v1/identify", { method: "POST", headers: visitorHeaders(site, "forger-visitor-0002"), json: { customerId: VICTIM, hash, expires: EXP } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.message).toContain("legacy_expiring_form");
  });

  it("cannot spend the victim's points", async () => {
    const before = await balance();
    const res = await call("/v1/loyalty/rewards/five-off/redeem", { method: "POST", headers: await forgedHeaders("forger-visitor-0003") });
    expect(res.status).toBe(401);
    expect(await balance()).toBe(before);
  });

  it("the documented expiring form and the plain form still let the real customer in and redeem", async () => {
    const plain = visitorHeaders(site, "sara-visitor-00001", { "X-Revisit-Customer": VICTIM, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, VICTIM) });
    expect((await call("/v1/experience", { headers: plain })).status).toBe(200);
    const expiring = visitorHeaders(site, "sara-visitor-00002", {
      "X-Revisit-Customer": VICTIM,
      "X-Revisit-Customer-Expires": String(EXP),
      "X-Revisit-Customer-Hash": await expiringHash(site.identitySecret, VICTIM, EXP),
    });
    const before = await balance();
    const res = await call("/v1/loyalty/rewards/five-off/redeem", { method: "POST", headers: expiring });
    expect(res.status).toBe(201);
    expect(await balance()).toBe(before - 50);
  });

  it.each(["cust\n1001", "a b", "x:y", "", "../etc"])("a customer header that is no customer id (%j) is a 400, not a lookup", async (id) => {
    if (id.includes("\n")) return expect(() => new Headers({ "X-Revisit-Customer": id })).toThrow(); // fetch itself refuses line breaks in headers
    const res = await call("/v1/experience", { headers: visitorHeaders(site, "odd-visitor-000001", { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) }) });
    expect(res.status).toBe(id === "" ? 200 : 400);
  });
});
