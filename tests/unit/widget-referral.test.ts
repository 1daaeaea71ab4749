import { describe, expect, it } from "vitest";
import { referralCode } from "../../widget/src/loader/config";

describe("referralCode (the ?rv_ref= landing parameter)", () => {
  it("reads a well-formed code, upper-cased", () => {
    expect(referralCode("?rv_ref=SARA2024")).toBe("SARA2024");
    expect(referralCode("?utm_source=x&rv_ref=ab12cd")).toBe("AB12CD");
    expect(referralCode("?rv_ref=%20ABCDEF%20")).toBe("ABCDEF");
  });

  it("ignores missing or malformed codes instead of sending a request that must fail", () => {
    expect(referralCode("")).toBeNull();
    expect(referralCode("?rv_ref=")).toBeNull();
    expect(referralCode("?rv_ref=ABC12")).toBeNull(); // too short
    expect(referralCode(`?rv_ref=${"A".repeat(21)}`)).toBeNull(); // too long
    expect(referralCode("?rv_ref=ABC-123")).toBeNull();
    expect(referralCode("?rv_ref=%3Cscript%3E")).toBeNull();
    expect(referralCode("?ref=ABCDEF")).toBeNull();
  });
});
