// Generates demo/images/<id>.svg for every product in demo/catalog.json.
// Run: node demo/make-images.mjs  (the output is committed; rerun after editing the catalog)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
const catalog = JSON.parse(readFileSync(new URL('catalog.json', dir), 'utf8'));
const out = new URL('images/', dir);
mkdirSync(out, { recursive: true });

// background, accent, shape per category
const looks = {
  skincare: ['#f6e3e1', '#d98c8c', '<rect x="150" y="150" width="100" height="110" rx="18"/><rect x="140" y="128" width="120" height="30" rx="8"/>'],
  candles: ['#f4ead9', '#c99a5b', '<rect x="155" y="150" width="90" height="115" rx="10"/><path d="M200 96c14 18 14 32 0 42c-14-10-14-24 0-42z"/>'],
  tea: ['#e4efdf', '#7fa26d', '<path d="M135 150h110v60a55 55 0 0 1-110 0z"/><path d="M245 165h14a22 22 0 0 1 0 44h-14v-12h14a10 10 0 0 0 0-20h-14z"/>'],
  kitchen: ['#e2eaf2', '#6f8fb0', '<path d="M120 175h160a80 80 0 0 1-160 0z"/><rect x="190" y="120" width="20" height="50" rx="6"/>'],
  stationery: ['#ece4f3', '#9a7bb8', '<rect x="140" y="115" width="120" height="160" rx="8"/><path d="M160 150h80M160 175h80M160 200h55" stroke="#fff" stroke-width="8"/>'],
  home: ['#efe8df', '#a58a6f', '<path d="M180 110h40v30c30 20 40 50 30 90c-5 25-20 40-50 40s-45-15-50-40c-10-40 0-70 30-90z"/>'],
};

const initials = (title) =>
  title
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join('');

for (const p of catalog) {
  const [bg, accent, shape] = looks[p.categories[0]] ?? looks.home;
  const title = typeof p.title === 'string' ? p.title : p.title.en; // the images carry the English name and initials
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${title.replace(/&/g, '&amp;')}">` +
    `<rect width="400" height="400" fill="${bg}"/><g fill="${accent}">${shape}</g>` +
    `<text x="200" y="340" text-anchor="middle" font-family="Georgia,serif" font-size="40" fill="${accent}">${initials(title)}</text></svg>\n`;
  writeFileSync(new URL(`${p.id}.svg`, out), svg);
}
console.log(`wrote ${catalog.length} images`);
