import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure, request } from "../api";
import { SiteConfig } from "../../../worker/features/site/site-config.schemas";

/**
 * Editing the shop's configuration from a page: every editor (loyalty, surveys, content, offers,
 * settings, webhooks, segments) changes one part of the one document `GET/PUT /v1/site/config`
 * holds. The draft is checked with the API's own zod schema before it is sent, the save carries
 * `If-Match` so a change made meanwhile (another tab, a script) is not overwritten, and a save
 * that fails keeps the draft exactly as typed: nothing the merchant entered is lost.
 */

/** The configuration as the API returns it (defaults filled in). */
export type Config = SiteConfig;
export { SiteConfig };

/** One problem with the draft, at its path ("loyalty.tiers.0.name"), as zod or the API reported it. */
export interface DraftIssue {
  path: string;
  code: string;
  message: string;
  /** zod's bound for too_small / too_big (a minimum length, a maximum number) and what it bounds ("string", "number", "array"). */
  limit?: number | bigint;
  origin?: string;
}

/** Where a configuration editor stands. */
export type ConfigState =
  | { phase: "loading" }
  | { phase: "failed"; error: unknown }
  | { phase: "ready"; saved: Config; draft: Config; issues: DraftIssue[]; saving: boolean; saveError: unknown; savedAt: number | null };

const asPath = (p: readonly PropertyKey[]) => p.map(String).join(".");

/** Checks a whole draft with the API's schema; [] when it would be accepted (the server still has the last word). */
export function checkConfig(draft: unknown): DraftIssue[] {
  const r = SiteConfig.safeParse(draft);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const extra = i as { minimum?: number | bigint; maximum?: number | bigint; origin?: string };
    return { path: asPath(i.path), code: i.code, message: i.message, limit: extra.minimum ?? extra.maximum, origin: extra.origin };
  });
}

/** The issues at or under `prefix` ("loyalty.tiers.1"), keyed by full path, first message per field. */
export function issuesUnder(issues: DraftIssue[], prefix: string): Record<string, DraftIssue> {
  const out: Record<string, DraftIssue> = {};
  for (const i of issues) if ((i.path === prefix || i.path.startsWith(`${prefix}.`) || prefix === "") && !out[i.path]) out[i.path] = i;
  return out;
}

let version: string | null = null;

/**
 * Loads the configuration and holds a draft of it. `change` applies an edit to the draft (and
 * re-checks it); `save` sends the draft when it passes the schema. On success the draft becomes
 * the saved config; on failure (network, 412, 400, 403) the draft stays and `saveError` says why,
 * with a 400's field issues merged into `issues` so each shows at its field.
 */
export function useSiteConfig() {
  const [state, setState] = useState<ConfigState>({ phase: "loading" });
  const [attempt, setAttempt] = useState(0);
  const live = useRef(true);
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    live.current = true;
    setState({ phase: "loading" });
    loadConfig()
      .then((saved) => live.current && setState({ phase: "ready", saved, draft: saved, issues: [], saving: false, saveError: null, savedAt: null }))
      .catch((error) => live.current && setState({ phase: "failed", error }));
    return () => {
      live.current = false;
    };
  }, [attempt]);

  const change = useCallback((edit: (draft: Config) => Config) => {
    setState((s) => {
      if (s.phase !== "ready") return s;
      const draft = edit(s.draft);
      return { ...s, draft, issues: s.issues.length ? checkConfig(draft) : [], saveError: null };
    });
  }, []);

  /** Saves the draft; resolves true when stored. Invalid drafts are not sent (their issues show). */
  const save = useCallback(async (): Promise<boolean> => {
    const s = stateRef.current;
    if (s.phase !== "ready" || s.saving) return false;
    const issues = checkConfig(s.draft);
    if (issues.length) {
      setState({ ...s, issues });
      return false;
    }
    setState({ ...s, saving: true, saveError: null, issues: [] });
    try {
      const saved = await putConfig(s.draft);
      if (live.current) setState((now) => (now.phase === "ready" ? { ...now, saved, draft: saved, saving: false, savedAt: Date.now() } : now));
      return true;
    } catch (saveError) {
      const server = saveError instanceof ApiFailure ? saveError.issues.map((i) => ({ path: i.path.join("."), code: i.code ?? "custom", message: i.message })) : [];
      if (live.current) setState((now) => (now.phase === "ready" ? { ...now, saving: false, saveError, issues: server } : now));
      return false;
    }
  }, []);

  /** Puts the draft back to the saved configuration. */
  const discard = useCallback(() => setState((s) => (s.phase === "ready" ? { ...s, draft: s.saved, issues: [], saveError: null } : s)), []);

  const dirty = state.phase === "ready" && JSON.stringify(state.draft) !== JSON.stringify(state.saved);
  return { state, change, save, discard, dirty, retry: () => setAttempt((n) => n + 1) };
}

/** `GET /v1/site/config`, remembering its ETag for the next save. */
export function loadConfig(): Promise<Config> {
  return request<Config>("GET", "/v1/site/config", undefined, { onResponse: keepVersion });
}

/** `PUT /v1/site/config` with `If-Match`; keeps the new ETag. A 412 means someone saved meanwhile. */
export function putConfig(config: Config): Promise<Config> {
  return request<Config>("PUT", "/v1/site/config", config, { headers: version ? { "If-Match": version } : {}, onResponse: keepVersion });
}

const keepVersion = (res: Response) => {
  version = res.headers.get("ETag") ?? version;
};
