// Teaches `cloudflare:workers` (`env`, `exports`) the bindings and main module of this Worker, so
// tests and code get typed access. wrangler.toml is the source; worker/env.ts mirrors it by hand.
import type { Env as RevisitEnv } from "./env";

declare global {
  namespace Cloudflare {
    interface Env extends RevisitEnv {}
    interface GlobalProps {
      mainModule: typeof import("./index");
      durableNamespaces: "ProfileObject" | "SiteObject" | "WebhookOutbox";
    }
  }
}
