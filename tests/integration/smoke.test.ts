import { describe, expect, it } from "vitest";
import { call, createSite, visitorHeaders } from "./helpers";

describe("smoke", () => {
  it("serves an experience for a new visitor", async () => {
    const site = await createSite("smoke");
    const res = await call("/v1/experience", { headers: visitorHeaders(site, "v".repeat(32)) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { greeting: { kind: string }; visitor: { visits: number } };
    expect(body.greeting.kind).toBe("first_visit");
    expect(body.visitor.visits).toBe(1);
  });
});
