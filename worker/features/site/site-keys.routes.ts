import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../platform/schemas";

/** The longest grace period a shop may give its old keys: a week, time to redeploy a storefront and a backend. */
export const MAX_GRACE_HOURS = 168;

const NewKeys = z
  .object({
    siteId: z.string(),
    publishableKey: z.string().openapi({ description: "Shown once: put it in the widget's `data-site` attribute" }),
    secretKey: z.string().openapi({ description: "Shown once (only its hash is kept): put it in your backend and sign in to the console with it" }),
    graceHours: z.number().int(),
    oldKeysExpireAt: z.string().openapi({ description: "When the keys that were working before this call stop working" }),
  })
  .openapi("RotatedKeys");

/** POST /v1/site/keys/rotate: the shop replaces its own keys (a leak, a departing developer) without the operator. */
export const rotateOwnKeysRoute = createRoute({
  method: "post",
  path: "/v1/site/keys/rotate",
  operationId: "rotateSiteKeys",
  tags: ["Server"],
  summary: "Issue new API keys for this site",
  description: [
    "Owner only: the secret key, or a console session with role `owner` (editors and viewers: 403).",
    "Answers a new publishable key and a new secret key once; only their hashes are kept, so they cannot be shown again.",
    `Every key working now (publishable and secret) keeps working for \`graceHours\` (0 to ${MAX_GRACE_HOURS}, default 24), then stops: put the new keys in the widget tag and your backend within that time. 0 ends them at once (a leaked key; an edge location that looked a key up in the last seconds may accept it until its cached copy ages out, within a minute).`,
    "Console sessions signed in with a secret key end when the old keys do (at once with 0), so a leaked key leaves no session behind; sign in again with the new key. Staff sessions (invites) and the operator's are not tied to the key and stay.",
  ].join(" "),
  security: [{ secretKey: [] }],
  request: {
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z.object({
            graceHours: z.number().int().min(0).max(MAX_GRACE_HOURS).default(24).openapi({ description: "How long the current keys keep working (hours)" }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: "New keys (shown once)", content: { "application/json": { schema: NewKeys } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
