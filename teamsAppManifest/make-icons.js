// Draws the two Teams icons (committed as color.png and outline.png) from shapes, so they
// can be redrawn in another colour without an image editor: node teamsAppManifest/make-icons.js
// Teams wants color.png 192x192 (full-bleed colour) and outline.png 32x32 (white on transparent).
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

const ACCENT = [0x1e, 0x6f, 0xd9]; // keep equal to accentColor in manifest.json

/** Signed distance to a rounded rectangle centred at (cx, cy): negative inside. */
function roundedRect(x, y, cx, cy, halfW, halfH, r) {
  const qx = Math.abs(x - cx) - halfW + r;
  const qy = Math.abs(y - cy) - halfH + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Signed distance to a triangle (a, b, c), negative inside. */
function triangle(x, y, [a, b, c]) {
  const edge = (p, q) => {
    const ex = q[0] - p[0];
    const ey = q[1] - p[1];
    const wx = x - p[0];
    const wy = y - p[1];
    const t = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
    const dx = wx - ex * t;
    const dy = wy - ey * t;
    return { d: Math.hypot(dx, dy), s: ex * wy - ey * wx };
  };
  const es = [edge(a, b), edge(b, c), edge(c, a)];
  const inside = es.every((e) => e.s >= 0) || es.every((e) => e.s <= 0);
  const d = Math.min(...es.map((e) => e.d));
  return inside ? -d : d;
}

/** A speech bubble in a unit square (0..1): body plus a tail at the lower left. */
function bubble(u, v) {
  const body = roundedRect(u, v, 0.5, 0.44, 0.36, 0.27, 0.12);
  const tail = triangle(u, v, [
    [0.26, 0.6],
    [0.44, 0.68],
    [0.2, 0.86],
  ]);
  return Math.min(body, tail);
}

const dots = (u, v) => Math.min(...[0.33, 0.5, 0.67].map((cx) => Math.hypot(u - cx, v - 0.44) - 0.055));

/** Renders with 4x4 supersampling; shade(u, v) returns [r, g, b, a] in 0..255 for a point of the unit square. */
function render(size, shade) {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [r, g, b, a] = shade((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size);
          acc[0] += r * a;
          acc[1] += g * a;
          acc[2] += b * a;
          acc[3] += a;
        }
      }
      const i = (y * size + x) * 4;
      const alpha = acc[3] / (n * n);
      png.data[i] = alpha ? Math.round(acc[0] / acc[3]) : 0;
      png.data[i + 1] = alpha ? Math.round(acc[1] / acc[3]) : 0;
      png.data[i + 2] = alpha ? Math.round(acc[2] / acc[3]) : 0;
      png.data[i + 3] = Math.round(alpha);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

const WHITE = [255, 255, 255, 255];
const CLEAR = [255, 255, 255, 0];

const color = render(192, (u, v) => {
  if (dots(u, v) < 0) return [...ACCENT, 255];
  return bubble(u, v) < 0 ? WHITE : [...ACCENT, 255];
});

// One pixel of a 32 px icon is 1/32 of the unit square: a 2 px stroke and 1.5 px dots.
const stroke = 2 / 32;
const outline = render(32, (u, v) => {
  const d = bubble(u, v);
  if (d <= 0 && d > -stroke) return WHITE;
  return dots(u, v) < 0.01 ? WHITE : CLEAR;
});

fs.writeFileSync(path.join(__dirname, 'color.png'), color);
fs.writeFileSync(path.join(__dirname, 'outline.png'), outline);
console.log('wrote color.png (192x192) and outline.png (32x32)');
