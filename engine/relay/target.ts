import { isIP } from 'node:net';

import { LyreError } from '../errors.ts';

/** A TCP endpoint: host name or IP address (IPv6 without brackets) and port. */
export interface HostPort {
  host: string;
  port: number;
}

/**
 * Parse "host:port", "[v6]:port" or a bare host (which gets `defaultPort`); an IPv6
 * address needs its brackets. Throws LyreError('invalid') naming the text when it is not one.
 */
export function parseHostPort(text: string, defaultPort?: number): HostPort {
  const trimmed = text.trim();
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+))(?::(\d{1,5}))?$/.exec(trimmed);
  const bracketed = match?.[1];
  const plain = match?.[2];
  const portText = match?.[3];
  const host = bracketed ?? plain;

  if (!match || !host || (bracketed && isIP(bracketed) !== 6)) {
    throw new LyreError('invalid', `Invalid address ${JSON.stringify(text)}: expected HOST:PORT such as 127.0.0.1:2525 or [::1]:2525.`);
  }
  if (portText === undefined && defaultPort === undefined) {
    throw new LyreError('invalid', `Missing port in ${JSON.stringify(text)}: expected HOST:PORT such as 127.0.0.1:2525.`);
  }
  const port = portText === undefined ? defaultPort! : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LyreError('invalid', `Invalid port in ${JSON.stringify(text)}: expected 1 to 65535.`);
  }
  return { host, port };
}

/** "127.0.0.1:2525" or "[::1]:2525". */
export function formatHostPort({ host, port }: HostPort): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** True for 127.0.0.0/8, ::1, IPv4-mapped loopback and the name "localhost". */
export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  if (isIP(lower) === 4) return lower.startsWith('127.');
  if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  return mapped !== undefined && mapped.startsWith('127.');
}
