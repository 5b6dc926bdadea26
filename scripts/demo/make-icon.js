#!/usr/bin/env node
// Draws media/icon.png (128×128 RGBA): an amber shield with a white check mark on a dark rounded square.
// No dependencies: shapes are rasterised with 8×8 supersampling and written as a PNG with node:zlib.
//   node scripts/demo/make-icon.js [OUT.png] [SIZE]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const out = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'media', 'icon.png'));
const SIZE = Number(process.argv[3] || 128);
const S = SIZE / 128; // the design is in a 128-unit box
const SS = 8; // samples per pixel per axis

// --- shapes (design units) ---------------------------------------------------------------------------------
const cubic = (p0, p1, p2, p3, n = 24) => {
  const pts = [];
  for (let i = 1; i <= n; i++) {
    const t = i / n,
      u = 1 - t;
    pts.push([
      u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
      u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1],
    ]);
  }
  return pts;
};
// Shield: top notch at (64,16), shoulders at y=27, straight sides to y=60, curving to a point at (64,116).
const shield = [[64, 16]];
shield.push(...cubic([64, 16], [78, 25], [91, 27], [102, 27]));
shield.push([102, 60]);
shield.push(...cubic([102, 60], [102, 88], [86, 104], [64, 116]));
shield.push(...cubic([64, 116], [42, 104], [26, 88], [26, 60]));
shield.push([26, 27]);
shield.push(...cubic([26, 27], [37, 27], [50, 25], [64, 16]));
// Inner rim of the shield (a slightly darker band along the edge): the same outline scaled about its centre.
const rim = shield.map(([x, y]) => [64 + (x - 64) * 0.86, 66 + (y - 66) * 0.86]);

const inPoly = (poly, x, y) => {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i],
      [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r),
    cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const segDist = (px, py, [ax, ay], [bx, by]) => {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
};
const check = [
  [45, 66],
  [58, 79],
  [84, 51],
];
const inCheck = (x, y) => segDist(x, y, check[0], check[1]) <= 6 || segDist(x, y, check[1], check[2]) <= 6;

// --- colours -------------------------------------------------------------------------------------------------
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
const BG_TOP = hex('#1f2d3d'),
  BG_BOTTOM = hex('#142030');
const RIM = hex('#d97706');
const FILL_TOP = hex('#ffb020'),
  FILL_BOTTOM = hex('#f08c00');
const WHITE = [255, 255, 255, 255];
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

/** Colour of one sample point (design units), or null outside the icon (transparent). */
function sample(x, y) {
  if (!inRoundRect(x, y, 0, 0, 128, 128, 26)) return null;
  if (inCheck(x, y) && inPoly(rim, x, y)) return WHITE;
  if (inPoly(rim, x, y)) return mix(FILL_TOP, FILL_BOTTOM, (y - 20) / 90);
  if (inPoly(shield, x, y)) return RIM;
  return mix(BG_TOP, BG_BOTTOM, y / 128);
}

// --- rasterise (premultiplied accumulation, then un-premultiply) ----------------------------------------------
const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = sample((px + (sx + 0.5) / SS) / S, (py + (sy + 0.5) / SS) / S);
        if (!c) continue;
        r += c[0];
        g += c[1];
        b += c[2];
        a += 1;
      }
    }
    const o = (py * SIZE + px) * 4;
    if (a > 0) {
      rgba[o] = Math.round(r / a);
      rgba[o + 1] = Math.round(g / a);
      rgba[o + 2] = Math.round(b / a);
      rgba[o + 3] = Math.round((255 * a) / (SS * SS));
    }
  }
}

// --- PNG -----------------------------------------------------------------------------------------------------
const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (buf) => {
  let c = -1;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4); // filter 0 per row
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`wrote ${path.relative(process.cwd(), out) || out} (${SIZE}×${SIZE}, ${png.length} bytes)`);
