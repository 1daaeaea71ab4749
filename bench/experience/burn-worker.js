// The CPU benchmark's method check (bench/experience/run.mjs): a Worker that burns a known amount
// of CPU per request (`?n=` iterations of integer arithmetic, calibrated in Node by the same loop),
// so the per-request CPU the harness reads from /proc can be compared with a known answer.
// Bench-only: it is never part of the Revisit Worker.
export function burn(n) {
  let x = 1;
  for (let i = 0; i < n; i++) x = (x * 1103515245 + 12345 + i) % 2147483647;
  return x;
}

export default {
  fetch(request) {
    const n = Number(new URL(request.url).searchParams.get('n') ?? 0);
    return new Response(String(burn(n)));
  },
};
