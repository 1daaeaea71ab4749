/** The accent when neither the site nor the host page gives one (a module of its own: the paint chunk needs it without the styles). */
export const ACCENT = "#2450b2";
