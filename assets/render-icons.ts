// Draws Lyre's icons as SVG and renders them to the PNG, ICO and ICNS files that
// electron-builder and the tray use. Run after changing a drawing:
//   node --import tsx assets/render-icons.ts
// The outputs are committed, so packaging needs neither this script nor resvg.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const ASSETS = dirname(fileURLToPath(import.meta.url));

/** The lyre on a 100 x 100 grid: two horned arms, a yoke, a sound box and strings. */
function lyre(color: string, frameWidth: number, stringWidth: number, strings: number[]): string {
  const stroke = `fill="none" stroke="${color}" stroke-linecap="round" stroke-linejoin="round"`;
  const stringLines = strings.map((x) => `<path d="M${x} 30 V78" ${stroke} stroke-width="${stringWidth}"/>`);
  return [
    `<path d="M38 80 C18 72 13 50 22 36 C27 27 25 18 16 12" ${stroke} stroke-width="${frameWidth}"/>`,
    `<path d="M62 80 C82 72 87 50 78 36 C73 27 75 18 84 12" ${stroke} stroke-width="${frameWidth}"/>`,
    `<path d="M21 30 H79" ${stroke} stroke-width="${frameWidth}"/>`,
    `<rect x="28" y="74" width="44" height="14" rx="7" fill="${color}"/>`,
    ...stringLines,
  ].join('');
}

function appIcon(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3b4fd8"/><stop offset="1" stop-color="#1e2a78"/>
    </linearGradient>
    <linearGradient id="gold" gradientUnits="userSpaceOnUse" x1="0" y1="10" x2="0" y2="90">
      <stop offset="0" stop-color="#ffe08a"/><stop offset="1" stop-color="#f0a92e"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="92" height="92" rx="21" fill="url(#bg)"/>
  <g transform="translate(14 13) scale(0.72)">${lyre('url(#gold)', 7, 2.6, [40, 50, 60])}</g>
</svg>`;
}

type TrayState = 'running' | 'stopped' | 'error';
type TrayTheme = 'light' | 'dark' | 'template';

/** Glyph colour per theme: `light` and `dark` name the taskbar or panel colour behind the icon. */
const GLYPH: Record<TrayTheme, string> = { light: '#1f2430', dark: '#f4f5f7', template: '#000000' };

/** The badge's exclamation mark, drawn in `color` or used as a cut-out mask. */
function exclamation(color: string): string {
  return `<rect x="74" y="64" width="8" height="18" rx="3" fill="${color}"/><circle cx="78" cy="89" r="4" fill="${color}"/>`;
}

/**
 * A tray glyph with a badge in the lower right: a green dot for running, a ring for
 * stopped, a red dot with an exclamation mark for error. macOS template images carry
 * only alpha, so there the badges are black and the mark is cut out of the dot.
 */
function trayIcon(state: TrayState, theme: TrayTheme): string {
  const glyph = GLYPH[theme];
  const template = theme === 'template';
  const badges: Record<TrayState, string> = {
    running: `<circle cx="78" cy="78" r="18" fill="${template ? glyph : '#22c55e'}"/>`,
    stopped: `<circle cx="78" cy="78" r="14" fill="none" stroke="${glyph}" stroke-width="8"/>`,
    error: template
      ? `<circle cx="78" cy="78" r="20" fill="${glyph}" mask="url(#mark)"/>`
      : `<circle cx="78" cy="78" r="20" fill="#ef4444"/>${exclamation('white')}`,
  };
  const opacity = state === 'stopped' ? 0.55 : 1;

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <defs>
    <mask id="room"><rect width="100" height="100" fill="white"/><circle cx="78" cy="78" r="26" fill="black"/></mask>
    <mask id="mark"><rect width="100" height="100" fill="white"/>${exclamation('black')}</mask>
  </defs>
  <g opacity="${opacity}" mask="url(#room)">
    <g transform="translate(-6 -2) scale(0.98)">${lyre(glyph, 11, 6, [40, 60])}</g>
  </g>
  ${badges[state]}
</svg>`;
}

function renderPng(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

function write(path: string, data: Buffer | string): void {
  mkdirSync(dirname(join(ASSETS, path)), { recursive: true });
  writeFileSync(join(ASSETS, path), data);
}

function renderAppIcons(): void {
  const svg = appIcon();
  write('src/icon.svg', svg);
  const master = renderPng(svg, 1024);
  write('icon.png', master);
  write('icon-512.png', renderPng(svg, 512));
  for (const size of [16, 32, 48, 64, 128, 256, 512])
    write(`icons/${size}x${size}.png`, renderPng(svg, size));

  const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true);
  const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
  if (!ico || !icns)
    throw new Error('png2icons returned no data for assets/icon.png; check that it is a 1024 px PNG.');
  write('icon.ico', ico);
  write('icon.icns', icns);
}

/** Tray files as main/tray-icons.ts loads them; Electron picks the @2x file on high-density screens. */
function renderTrayIcons(): void {
  for (const state of ['running', 'stopped', 'error'] as const) {
    for (const theme of ['light', 'dark', 'template'] as const) {
      const svg = trayIcon(state, theme);
      const name = theme === 'template' ? `tray/${state}Template` : `tray/${state}-${theme}`;
      write(`src/${name}.svg`, svg);
      write(`${name}.png`, renderPng(svg, 16));
      write(`${name}@2x.png`, renderPng(svg, 32));
    }
  }
}

renderAppIcons();
renderTrayIcons();
