import { realpath } from 'node:fs/promises';

import { detectMta, type DetectResult } from './detect.ts';
import { describeMta } from './identify.ts';

/** The reason a port could not be bound and the administrator's fix, for the GUI and the log. */
export interface BindAdvice {
  /** The error code: EACCES, EADDRINUSE, EADDRNOTAVAIL, ... */
  code: string;
  reason: string;
  fix: string;
  /** Commands the fix refers to, one per entry, ready to copy. */
  commands: string[];
}

export interface BindContext {
  /** The node (or Electron) binary, resolved through symlinks, which setcap must name. */
  execPath?: string;
  /** The detected listener on the port, for EADDRINUSE. */
  listener?: DetectResult | null;
  /** The address Lyre tried to bind; empty means every interface. */
  host?: string;
}

type BindError = Pick<NodeJS.ErrnoException, 'code' | 'message'>;

/**
 * Explain a failed bind of `port` on `platform` (process.platform values). Pure: the
 * caller supplies the binary path and the detected listener, see diagnoseBindFailure.
 */
export function bindFailureAdvice(
  error: BindError,
  port: number,
  fallbackPort: number,
  platform: NodeJS.Platform,
  context: BindContext = {},
): BindAdvice {
  const code = error.code ?? 'UNKNOWN';
  const running = `Lyre keeps receiving mail on port ${fallbackPort} meanwhile.`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return permissionAdvice(code, port, fallbackPort, platform, context.execPath ?? process.execPath, running);
    case 'EADDRINUSE':
      return inUseAdvice(port, platform, context.listener ?? null, running);
    case 'EADDRNOTAVAIL':
      return {
        code,
        reason: `The address ${context.host || '(all interfaces)'} is not one of this machine's, so port ${port} cannot be bound on it.`,
        fix: `Set smtp.host to an address of this machine, or leave it empty to listen on every interface. ${running}`,
        commands: ['lyre config set smtp.host ""'],
      };
    default:
      return {
        code,
        reason: `Binding port ${port} failed: ${error.message}`,
        fix: `Check the port and address settings (smtp.port, smtp.host). ${running}`,
        commands: [],
      };
  }
}

/**
 * Run bindFailureAdvice with the facts filled in: the real path of the running binary
 * and, for EADDRINUSE, the server detected on the port.
 */
export async function diagnoseBindFailure(
  error: BindError,
  port: number,
  fallbackPort: number,
  options: { platform?: NodeJS.Platform; host?: string } = {},
): Promise<BindAdvice> {
  const execPath = await realpath(process.execPath).catch(() => process.execPath);
  let listener: DetectResult | null = null;
  if (error.code === 'EADDRINUSE') {
    listener = await detectMta({ host: '127.0.0.1', port }, { greetingTimeoutMs: 3000 }).catch(() => null);
  }
  return bindFailureAdvice(error, port, fallbackPort, options.platform ?? process.platform, {
    execPath,
    listener,
    host: options.host ?? '',
  });
}

function permissionAdvice(
  code: string,
  port: number,
  fallbackPort: number,
  platform: NodeJS.Platform,
  execPath: string,
  running: string,
): BindAdvice {
  if (platform === 'linux') {
    // An AppImage runs from a read-only FUSE mount (/tmp/.mount_*), where file capabilities cannot be set.
    const appImage = execPath.includes('/.mount_');
    const redirect = [
      `sudo nft add table ip nat`,
      `sudo nft add chain ip nat prerouting '{ type nat hook prerouting priority dstnat; }'`,
      `sudo nft add rule ip nat prerouting tcp dport ${port} redirect to :${fallbackPort}`,
      `# or with iptables:`,
      `sudo iptables -t nat -A PREROUTING -p tcp --dport ${port} -j REDIRECT --to-ports ${fallbackPort}`,
    ];
    return {
      code,
      reason: `Linux lets only root, or a program with the CAP_NET_BIND_SERVICE capability, listen on ports below 1024 such as ${port}.`,
      fix: appImage
        ? `This copy runs as an AppImage, which cannot be given capabilities, so redirect port ${port} to ${fallbackPort} with the firewall. The redirect applies to mail from other machines. ${running}`
        : `Give the program the capability (it applies to every script this binary runs), then restart Lyre; or redirect port ${port} to ${fallbackPort} with the firewall instead. ${running}`,
      commands: appImage ? redirect : [`sudo setcap cap_net_bind_service=+ep ${execPath}`, ...redirect],
    };
  }
  if (platform === 'darwin') {
    return {
      code,
      reason: `On macOS 10.14 and later, a program without root privileges may listen on port ${port} only on all interfaces at once, not on one address.`,
      fix: `Leave smtp.host empty so Lyre listens on every interface, or redirect port ${port} to ${fallbackPort} with pf. ${running}`,
      commands: [
        'lyre config set smtp.host ""',
        `echo "rdr pass inet proto tcp from any to any port ${port} -> 127.0.0.1 port ${fallbackPort}" | sudo pfctl -ef -`,
      ],
    };
  }
  if (platform === 'win32') {
    return {
      code,
      reason: `Windows refused port ${port}: it is reserved for another program or excluded from use.`,
      fix: `Check whether the port is in an excluded range and which program holds it, then free the port. ${running}`,
      commands: [
        'netsh interface ipv4 show excludedportrange protocol=tcp',
        `Get-NetTCPConnection -LocalPort ${port} | ForEach-Object { Get-Process -Id $_.OwningProcess }`,
      ],
    };
  }
  return {
    code,
    reason: `This system does not let Lyre listen on port ${port} without privileges.`,
    fix: `Run Lyre with the privilege to bind ports below 1024, or redirect port ${port} to ${fallbackPort}. ${running}`,
    commands: [],
  };
}

/** The command that shows which program listens on a port, per platform. */
const listenerCommands: Partial<Record<NodeJS.Platform, (port: number) => string>> = {
  linux: (port) => `sudo ss -ltnp 'sport = :${port}'`,
  darwin: (port) => `sudo lsof -nP -iTCP:${port} -sTCP:LISTEN`,
  win32: (port) => `Get-NetTCPConnection -LocalPort ${port} -State Listen | ForEach-Object { Get-Process -Id $_.OwningProcess }`,
};

function inUseAdvice(port: number, platform: NodeJS.Platform, listener: DetectResult | null, running: string): BindAdvice {
  const code = 'EADDRINUSE';
  const find = (listenerCommands[platform] ?? listenerCommands.linux!)(port);
  const software = listener?.outcome === 'smtp' && listener.software ? listener.software : null;

  if (software?.id === 'lyre') {
    return {
      code,
      reason: `Port ${port} is already used by another copy of Lyre.`,
      fix: `Stop the other copy (find it with the command below), or give this one another smtp.port. ${running}`,
      commands: [find],
    };
  }
  if (software) {
    const name = describeMta(software);
    return {
      code,
      reason: `Port ${port} is already used by ${name}.`,
      fix: `Move it to another port on 127.0.0.1, for example 127.0.0.1:2525, following the relocation guide, and set relay.host to that address so Lyre forwards the mail it does not handle. ${running}`,
      commands: [`lyre relocation guide ${software.id}`, find],
    };
  }
  return {
    code,
    reason: `Port ${port} is already used by another program${listener ? ` (${listener.summary.replace(/\.$/, '')})` : ''}.`,
    fix: `Find the program with the command below and stop it or move it to another port. ${running}`,
    commands: [find],
  };
}
