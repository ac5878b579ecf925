// The About window's page: a self-contained HTML document loaded as a data: URL,
// with its own Content-Security-Policy, since it needs no script at all.

export interface AboutInfo {
  version: string;
  electron: string;
  chrome: string;
  node: string;
  dataDir: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function aboutHtml(info: AboutInfo, iconDataUrl: string): string {
  const rows: [string, string][] = [
    ['Version', info.version],
    ['Electron', info.electron],
    ['Chromium', info.chrome],
    ['Node.js', info.node],
    ['Data folder', info.dataDir],
  ];
  const table = rows
    .map(([name, value]) => `<tr><th>${name}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>About Lyre</title>
<style>
  :root { color-scheme: light dark; font: 13px system-ui, sans-serif; }
  body { margin: 24px; text-align: center; }
  img { width: 96px; height: 96px; }
  h1 { font-size: 20px; margin: 8px 0 4px; }
  p { margin: 0 0 16px; opacity: 0.8; }
  table { margin: 0 auto; border-collapse: collapse; text-align: left; }
  th { padding: 2px 12px 2px 0; font-weight: 600; white-space: nowrap; }
  td { padding: 2px 0; word-break: break-all; }
</style></head>
<body>
  <img src="${iconDataUrl}" alt="">
  <h1>Lyre</h1>
  <p>A mailing-list server that owns the whole mail path.</p>
  <table>${table}</table>
</body></html>`;
}
