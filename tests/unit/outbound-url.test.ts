import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkOutboundUrl, deliveryError, ipv6Groups, REFUSAL_REASONS, type OutboundRefusal } from "../../worker/platform/outbound-url";
import { SiteConfig } from "../../worker/features/site/site-config.schemas";

/**
 * Outbound URLs (webhook endpoints, code-minting webhooks): every spelling of a loopback,
 * private, link-local, metadata or reserved target is refused, with the dev exception on or off;
 * ordinary public https URLs pass. The WHATWG parser normalizes the odd IPv4 spellings, so the
 * raw spellings here check that the module relies on that and looks at the normalized host.
 */
const DEV = { allowLocalDev: true };
const PROD = { allowLocalDev: false };
const refusal = (url: string, policy = PROD): OutboundRefusal | "allowed" => {
  const v = checkOutboundUrl(url, policy);
  return v.ok ? "allowed" : v.refusal;
};

const refusedEverywhere: [string, OutboundRefusal][] = [
  // IPv4: loopback, private, CGNAT, link-local and metadata, this-network, broadcast, multicast, reserved, documentation
  ["https://127.0.0.1/hooks", "address"],
  ["http://127.0.0.1/hooks", "address"],
  ["https://127.0.0.1:8443/hooks", "address"],
  ["https://127.255.255.254/", "address"],
  ["https://10.0.0.1/", "address"],
  ["https://172.16.5.4/", "address"],
  ["https://172.31.255.255/", "address"],
  ["https://192.168.1.1/", "address"],
  ["https://100.64.0.1/", "address"],
  ["https://100.127.255.255/", "address"],
  ["https://169.254.169.254/latest/meta-data/", "address"],
  ["http://169.254.169.254/computeMetadata/v1/", "address"],
  ["https://0.0.0.0/", "address"],
  ["http://0/", "address"],
  ["https://255.255.255.255/", "address"],
  ["https://224.0.0.1/", "address"],
  ["https://239.255.255.250/", "address"],
  ["https://240.0.0.1/", "address"],
  ["https://192.0.0.8/", "address"],
  ["https://192.0.2.10/", "address"],
  ["https://198.18.0.1/", "address"],
  // Decimal, octal, hex, short and trailing-dot spellings of IPv4
  ["http://2130706433/", "address"],
  ["https://2130706433/", "address"],
  ["https://0177.0.0.1/", "address"],
  ["https://0x7f.1/", "address"],
  ["https://0x7f000001/", "address"],
  ["https://017700000001/", "address"],
  ["https://127.1/", "address"],
  ["https://10.1/", "address"],
  ["https://0xa9.0xfe.0xa9.0xfe/", "address"],
  ["https://2852039166/", "address"],
  ["https://127.0.0.1./", "address"],
  // Names that only mean something inside a network
  ["https://localhost/", "address"],
  ["https://LOCALHOST/", "address"],
  ["https://localhost./", "address"],
  ["https://api.localhost/", "address"],
  ["https://metadata.google.internal/computeMetadata/v1/", "address"],
  ["https://metadata.google.internal./", "address"],
  ["https://instance-data.ec2.internal/", "address"],
  ["https://metadata/", "address"],
  ["https://printer.local/", "address"],
  ["https://router.lan/", "address"],
  ["https://nas.home.arpa/", "address"],
  // IPv6: loopback, unspecified, ULA, link-local (with and without a zone id), multicast, IPv4 in disguise
  ["https://[::1]/", "address"],
  ["https://[0:0:0:0:0:0:0:1]/", "address"],
  ["https://[::]/", "address"],
  ["https://[fc00::1]/", "address"],
  ["https://[fd12:3456:789a::1]/", "address"],
  ["https://[fe80::1]/", "address"],
  ["https://[febf::1]/", "address"],
  ["https://[ff02::1]/", "address"],
  ["https://[::ffff:127.0.0.1]/", "address"],
  ["https://[::ffff:7f00:1]/", "address"],
  ["https://[::ffff:169.254.169.254]/", "address"],
  ["https://[::ffff:8.8.8.8]/", "address"],
  ["https://[::127.0.0.1]/", "address"],
  ["https://[::7f00:1]/", "address"],
  ["https://[64:ff9b::10.0.0.1]/", "address"],
  ["https://[64:ff9b::a9fe:a9fe]/", "address"],
  ["https://[2002:7f00:1::]/", "address"],
  ["https://[2002:c0a8:101::1]/", "address"],
  ["https://[2002:a9fe:a9fe::1]/", "address"],
  ["https://[2001:db8::1]/", "address"],
  ["https://[2001:0:4136:e378::1]/", "address"],
  ["https://[fe80::1%25eth0]/", "invalid"],
  ["https://[fe80::1%eth0]/", "invalid"],
  // Userinfo tricks and credentials
  ["http://example.com@127.0.0.1/", "userinfo"],
  ["https://example.com@127.0.0.1/", "userinfo"],
  ["https://hooks.example.com:443@169.254.169.254/", "userinfo"],
  ["https://user:secret@hooks.example.com/", "userinfo"],
  ["http://localhost:8080@evil.example/", "userinfo"],
  ["https://127.0.0.1#@hooks.example.com/", "address"],
  // Almost the dev exception, but not one of its two spellings (or not with a port)
  ["http://localhost/hooks", "address"],
  ["http://LOCALHOST:8080/hooks", "address"],
  ["http://localhost.:8080/hooks", "address"],
  ["http://127.1:8080/hooks", "address"],
  ["http://0x7f000001:8080/hooks", "address"],
  ["http://2130706433:8080/hooks", "address"],
  ["http://127.0.0.2:8080/hooks", "address"],
  ["http://0.0.0.0:8080/hooks", "address"],
  ["http://[::1]:8080/hooks", "address"],
  ["http://api.localhost:8080/hooks", "address"],
  ["https://localhost:8443/hooks", "address"],
  ["http://10.0.0.5:8080/hooks", "address"],
  // Plain http to a public host, other schemes, not URLs
  ["http://hooks.example.com/", "https"],
  ["http://8.8.8.8/", "https"],
  ["ftp://hooks.example.com/", "invalid"],
  ["file:///etc/passwd", "invalid"],
  ["javascript:alert(1)", "invalid"],
  ["gopher://127.0.0.1:6379/_INFO", "invalid"],
  ["not a url", "invalid"],
  ["https://", "invalid"],
];

const allowedEverywhere = [
  "https://hooks.example.com/revisit",
  "https://crm.example/hooks?token=abc#x",
  "https://hooks.example.com./revisit",
  "https://8.8.8.8/hooks",
  "https://1.1.1.1:8443/hooks",
  "https://[2606:4700:4700::1111]/hooks",
  "https://[2001:4860:4860::8888]:8443/hooks",
  "https://[64:ff9b::808:808]/hooks",
  "https://[2002:808:808::1]/hooks",
  "https://bücher.example/hooks",
  "https://例え.jp/webhook",
  "https://xn--bcher-kva.example/hooks",
  "https://local.example.com/hooks",
  "https://internal-tools.example.com/hooks",
];

const devOnly = ["http://localhost:8787/hooks", "http://127.0.0.1:9/hooks", "http://localhost:3000", "http://127.0.0.1:65535/mint?x=1"];

describe("checkOutboundUrl", () => {
  it.each(refusedEverywhere)("refuses %s (%s), with the dev exception on or off", (url, why) => {
    expect(refusal(url, PROD)).toBe(why);
    expect(refusal(url, DEV)).toBe(why);
  });

  it.each(allowedEverywhere)("allows %s", (url) => {
    expect(refusal(url, PROD)).toBe("allowed");
    expect(refusal(url, DEV)).toBe("allowed");
  });

  it.each(devOnly)("allows %s only with the dev exception", (url) => {
    expect(refusal(url, DEV)).toBe("allowed");
    expect(refusal(url, PROD)).toBe("address");
  });

  it("parses IPv6 the long way too (dotted tails, :: anywhere), and refuses malformed ones", () => {
    expect(ipv6Groups("::ffff:10.0.0.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a00, 1]);
    expect(ipv6Groups("1:2:3:4:5:6:7::")).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
    expect(ipv6Groups("1::8")).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
    for (const bad of ["1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "1:2:3:4:5:6:7", "::256.0.0.1"]) expect(ipv6Groups(bad)).toBeNull();
  });
});

/** Private, loopback, link-local, CGNAT and this-network ranges: [first octets, prefix bits]. */
const PRIVATE: [number, number][] = [
  [0x0a000000, 8],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
  [0x64400000, 10],
  [0x00000000, 8],
];
const privateIpv4 = fc.tuple(fc.constantFrom(...PRIVATE), fc.nat()).map(([[base, bits], r]) => (base + (r % 2 ** (32 - bits))) >>> 0);
const octets = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const hex16 = (n: number) => n.toString(16);
/** Every way a browser-style URL parser accepts to write one IPv4 address in a host. */
const renderings: ((n: number) => string)[] = [
  (n) => octets(n).join("."),
  (n) => String(n),
  (n) => `0x${n.toString(16)}`,
  (n) => `0${n.toString(8)}`,
  (n) =>
    octets(n)
      .map((o) => `0${o.toString(8)}`)
      .join("."),
  (n) =>
    octets(n)
      .map((o) => `0x${o.toString(16)}`)
      .join("."),
  (n) => `${octets(n)[0]}.${n & 0xffffff}`,
  (n) => `${octets(n)[0]}.${octets(n)[1]}.${n & 0xffff}`,
  (n) => `${octets(n).join(".")}.`,
  (n) => `[::ffff:${octets(n).join(".")}]`,
  (n) => `[::ffff:${hex16(n >>> 16)}:${hex16(n & 0xffff)}]`,
  (n) => `[0:0:0:0:0:ffff:${hex16(n >>> 16)}:${hex16(n & 0xffff)}]`,
  (n) => `[::${octets(n).join(".")}]`,
  (n) => `[64:ff9b::${octets(n).join(".")}]`,
  (n) => `[2002:${hex16(n >>> 16)}:${hex16(n & 0xffff)}::1]`,
];

describe("property: a private IPv4 is refused however it is written", () => {
  it("in decimal, octal, hex, short, dotted, trailing-dot, IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms", () => {
    fc.assert(
      fc.property(privateIpv4, fc.nat({ max: renderings.length - 1 }), fc.constantFrom("https", "http"), fc.boolean(), (n, k, scheme, dev) => {
        const url = `${scheme}://${(renderings[k] as (n: number) => string)(n)}/hooks`;
        const v = checkOutboundUrl(url, { allowLocalDev: dev });
        return !v.ok && (v.refusal === "address" || v.refusal === "invalid");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("delivery errors", () => {
  it("are a fixed vocabulary, never the runtime's text", () => {
    expect(deliveryError(new DOMException("The operation was aborted due to timeout", "TimeoutError"))).toBe("timeout");
    expect(deliveryError(new TypeError("Network connection lost: connect ECONNREFUSED 10.0.0.7:6379"))).toBe("connection failed");
    expect(deliveryError("weird")).toBe("connection failed");
    expect(Object.values(REFUSAL_REASONS).every((r) => r.startsWith("refused: ") && !/\d/.test(r))).toBe(true);
  });
});

describe("site config schema", () => {
  it("refuses a bad target on every outbound field with an issue naming that field", () => {
    const base = { name: "Shop" };
    const reward = { id: "r1", name: { en: "R" }, cost: 10, discount: { type: "fixed", value: 5 }, delivery: "webhook" };
    const offer = { id: "o1", kind: "win_back", title: { en: "Back" }, delivery: "webhook" };
    const cases: [Record<string, unknown>, string][] = [
      [{ webhooks: [{ url: "https://hooks.example.com/" }, { url: "http://[::ffff:7f00:1]/" }] }, "webhooks.1.url"],
      [{ loyalty: { rewards: [{ ...reward, webhookUrl: "https://169.254.169.254/" }] } }, "loyalty.rewards.0.webhookUrl"],
      [{ offers: [{ ...offer, webhookUrl: "https://0x7f.1/mint" }] }, "offers.0.webhookUrl"],
      [{ offers: [{ ...offer, webhookUrl: "http://mint.example.com/" }] }, "offers.0.webhookUrl"],
    ];
    for (const [patch, path] of cases) {
      const r = SiteConfig.safeParse({ ...base, ...patch });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.path.join("."))).toContain(path);
    }
    expect(SiteConfig.safeParse({ ...base, webhooks: [{ url: "https://hooks.example.com/" }], offers: [{ ...offer, webhookUrl: "https://mint.example.com/" }] }).success).toBe(true);
  });
});
