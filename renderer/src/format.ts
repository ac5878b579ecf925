const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const number = new Intl.NumberFormat();

export function formatDate(ms: number | null | undefined): string {
  return ms ? dateOnly.format(new Date(ms)) : '—';
}

export function formatTime(ms: number | null | undefined): string {
  return ms ? dateTime.format(new Date(ms)) : '—';
}

export function formatNumber(n: number): string {
  return number.format(n);
}

/** "3 min ago", "2 h ago", or the date for older times. */
export function formatAgo(ms: number | null | undefined): string {
  if (!ms) return '—';
  const seconds = Math.round((Date.now() - ms) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return formatTime(ms);
}

export const levelNames: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
export const levelColors: Record<number, string> = { 10: 'gray', 20: 'gray', 30: 'blue', 40: 'yellow', 50: 'red', 60: 'red' };
