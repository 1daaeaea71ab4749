import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("production bundle", () => {
  it("`wrangler deploy --dry-run` builds the Worker cleanly", () => {
    const out = mkdtempSync(join(tmpdir(), "revisit-deploy-"));
    try {
      const log = execFileSync(process.execPath, ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--outdir", out], {
        encoding: "utf8",
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(log).toContain("--dry-run: exiting now.");
      expect(log).toMatch(/env\.PROFILE \(ProfileObject\)/);
      expect(log).toMatch(/env\.SITE \(SiteObject\)/);
      const bundle = join(out, "index.js");
      expect(existsSync(bundle)).toBe(true);
      const code = readFileSync(bundle, "utf8");
      expect(code).toMatch(/ProfileObject = class|class ProfileObject/);
      expect(code).toMatch(/SiteObject = class|class SiteObject/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
