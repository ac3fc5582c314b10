#!/usr/bin/env node
/**
 * Makes the app's icons from build/icon.svg (build/README.md): build/icon.png (1024 px), build/icons/NxN.png
 * (Linux), build/icon.ico (Windows) and build/icon.icns (macOS). Run `node scripts/make-icons.mjs` after
 * changing the SVG, and commit what it writes.
 *
 * Each size is drawn from the SVG by headless Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH), so small sizes
 * are rendered, not shrunk. The .ico and .icns are written here from those PNGs: both formats may hold PNG data
 * as it is (Windows Vista and later; macOS 10.7 and later), so no image tool is needed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Windows shows up to 256 px from an .ico. */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** macOS's PNG-holding icon types, by the pixel size each holds (Apple's icns types, as iconutil writes them). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];
/** Linux's hicolor theme sizes (electron-builder installs build/icons/NxN.png as they are). */
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

const svg = readFileSync(join(BUILD, 'icon.svg'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'lab-icons-'));
try {
  const pngs = new Map(SIZES.map((size) => [size, render(size)]));
  writeFileSync(join(BUILD, 'icon.png'), pngs.get(1024));
  mkdirSync(join(BUILD, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) writeFileSync(join(BUILD, 'icons', `${size}x${size}.png`), pngs.get(size));
  writeFileSync(join(BUILD, 'icon.ico'), ico(ICO_SIZES.map((size) => [size, pngs.get(size)])));
  writeFileSync(join(BUILD, 'icon.icns'), icns(ICNS_TYPES.map(([type, size]) => [type, pngs.get(size)])));
  console.log(`icons written to ${BUILD}: icon.png, icons/*.png, icon.ico, icon.icns`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** One size, drawn by Chromium on a transparent page exactly that big. */
function render(size) {
  const page = join(scratch, `icon-${size}.html`);
  const out = join(scratch, `icon-${size}.png`);
  writeFileSync(page, `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  execFileSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1', `--user-data-dir=${join(scratch, 'profile')}`, '--default-background-color=00000000', `--window-size=${size},${size}`, `--screenshot=${out}`, `file://${page}`],
    { stdio: 'ignore' },
  );
  const png = readFileSync(out);
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  if (width !== size || height !== size) throw new Error(`Chromium drew ${width}x${height} for ${size}x${size}`);
  return png;
}

/** An .ico of PNG images: a 6-byte header, a 16-byte entry per image, then the images. */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(([size, png]) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map(([, png]) => png)]);
}

/** An .icns: 'icns' and the file's length, then per image its type, its length with this 8-byte head, its PNG. */
function icns(images) {
  const chunks = images.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}
