import type { MtaId } from './fingerprints.ts';

/**
 * One step of a relocation guide. Text and code may contain {host}, {port} and
 * {hostport}, filled in with the address the MTA moves to.
 */
export interface GuideStep {
  text: string;
  /** Commands to run or lines to put in a file, one per entry. */
  code?: string[];
}

/** How to move one MTA off port 25 onto a loopback port, and back. */
export interface RelocationGuide {
  id: MtaId;
  name: string;
  /** The port suggested when the administrator gives none. */
  defaultPort: number;
  /** The configuration files the steps edit. */
  files: string[];
  steps: GuideStep[];
  undo: GuideStep[];
  notes: string[];
}

const verifyStep = (listenCheck: string): GuideStep => ({
  text: 'Check that it now listens on {hostport} and that Lyre recognises it there:',
  code: [listenCheck, 'lyre relocation verify {hostport}'],
});

const unixListenCheck = "ss -ltnp 'sport = :{port}'    # macOS: sudo lsof -nP -iTCP:{port} -sTCP:LISTEN";
const windowsListenCheck = 'Get-NetTCPConnection -LocalPort {port} -State Listen';

export const guides: RelocationGuide[] = [
  {
    id: 'postfix',
    name: 'Postfix',
    defaultPort: 2525,
    files: ['/etc/postfix/master.cf', '/etc/postfix/main.cf'],
    steps: [
      {
        text: 'As root, open /etc/postfix/master.cf and find the service that listens on port 25. Its line starts with "smtp inet":',
        code: ['smtp      inet  n       -       y       -       -       smtpd'],
      },
      {
        text: 'Put a # in front of that line and add a line below it that runs the same service on {hostport}. Keep the fifth column (chroot) as the original line has it: y on Debian and Ubuntu, n on most other systems. Indented "-o" lines under the original belong to it; copy them under the new line.',
        code: ['#smtp      inet  n       -       y       -       -       smtpd', '{host}:{port} inet n - y - - smtpd'],
      },
      {
        text: "Let Postfix accept Lyre's XFORWARD command, so that its logs and checks name the original client instead of 127.0.0.1:",
        code: ["postconf -e 'smtpd_authorized_xforward_hosts = 127.0.0.0/8'"],
      },
      {
        text: 'Check the configuration and apply it. The master process rereads master.cf on reload:',
        code: ['postfix check', 'postfix reload'],
      },
      verifyStep(unixListenCheck),
    ],
    undo: [
      {
        text: 'In /etc/postfix/master.cf, delete the {host}:{port} line and remove the # in front of the original "smtp inet" line.',
      },
      {
        text: 'Remove the XFORWARD permission if nothing else needs it, then check and reload:',
        code: ['postconf -X smtpd_authorized_xforward_hosts', 'postfix check', 'postfix reload'],
      },
    ],
    notes: [
      'If the port-25 line runs postscreen instead of smtpd, comment it out as well; the new line runs smtpd directly.',
      'On macOS the files are also in /etc/postfix; run the commands with sudo.',
    ],
  },
  {
    id: 'sendmail',
    name: 'sendmail',
    defaultPort: 2525,
    files: ['/etc/mail/sendmail.mc', '/etc/mail/sendmail.cf'],
    steps: [
      {
        text: 'As root, open /etc/mail/sendmail.mc and find the DAEMON_OPTIONS line of the MTA daemon (Name=MTA, or MTA-v4 and MTA-v6 on Debian). Leave the MSA line for port 587 alone:',
        code: ["DAEMON_OPTIONS(`Family=inet, Name=MTA-v4, Port=smtp, Addr=127.0.0.1')dnl"],
      },
      {
        text: 'Set its port and address to {port} and {host}, and turn an MTA-v6 line into a comment with dnl, because port 25 belongs to Lyre now:',
        code: [
          "DAEMON_OPTIONS(`Family=inet, Name=MTA-v4, Port={port}, Addr={host}')dnl",
          "dnl DAEMON_OPTIONS(`Family=inet6, Name=MTA-v6, Port=smtp, Addr=::1')dnl",
        ],
      },
      {
        text: 'Keep a copy of the current sendmail.cf, rebuild it from sendmail.mc and restart sendmail. On Debian and Red Hat, "make -C /etc/mail" rebuilds it as well:',
        code: [
          'cp /etc/mail/sendmail.cf /etc/mail/sendmail.cf.before-lyre',
          'm4 /etc/mail/sendmail.mc > /etc/mail/sendmail.cf',
          'systemctl restart sendmail',
        ],
      },
      verifyStep(unixListenCheck),
    ],
    undo: [
      {
        text: 'In /etc/mail/sendmail.mc, set the MTA line back to Port=smtp with its original Addr, and remove the dnl in front of the MTA-v6 line.',
      },
      {
        text: 'Rebuild sendmail.cf and restart sendmail:',
        code: ['m4 /etc/mail/sendmail.mc > /etc/mail/sendmail.cf', 'systemctl restart sendmail'],
      },
    ],
    notes: ['FreeBSD keeps the files as /etc/mail/HOSTNAME.mc; there "make install restart" in /etc/mail rebuilds and restarts.'],
  },
  {
    id: 'exim',
    name: 'Exim',
    defaultPort: 2525,
    files: ['/etc/exim4/update-exim4.conf.conf (Debian, Ubuntu)', 'the file that "exim -bP configure_file" prints (other systems)'],
    steps: [
      {
        text: "Debian and Ubuntu: open /etc/exim4/update-exim4.conf.conf and set the listening address. Exim's local_interfaces syntax puts the port after the address, separated by a dot:",
        code: ["dc_local_interfaces='{host}.{port}'"],
      },
      {
        text: 'Then regenerate the configuration and restart Exim:',
        code: ['update-exim4.conf', 'systemctl restart exim4'],
      },
      {
        text: 'Other systems: in the main section of the configuration file that "exim -bP configure_file" prints, set these two options, replacing any existing lines for them, and restart Exim:',
        code: ['daemon_smtp_ports = {port}', 'local_interfaces = {host}'],
      },
      verifyStep(unixListenCheck),
    ],
    undo: [
      {
        text: "Debian and Ubuntu: set dc_local_interfaces back to its earlier value ('127.0.0.1 ; ::1' is the default for a local-only server), then run update-exim4.conf and restart exim4.",
        code: ["dc_local_interfaces='127.0.0.1 ; ::1'", 'update-exim4.conf', 'systemctl restart exim4'],
      },
      { text: 'Other systems: remove the daemon_smtp_ports and local_interfaces lines (or restore their earlier values) and restart Exim.' },
    ],
    notes: ['Port 465 (tls_on_connect_ports) and 587, if Exim listens there, stay where they are.'],
  },
  {
    id: 'opensmtpd',
    name: 'OpenSMTPD',
    defaultPort: 2525,
    files: ['/etc/smtpd.conf (Linux)', '/etc/mail/smtpd.conf (OpenBSD)'],
    steps: [
      {
        text: 'As root, open smtpd.conf and find the "listen on" lines that use port 25; a line without "port" means port 25:',
        code: ['listen on localhost', 'listen on all'],
      },
      {
        text: 'Replace them with one line for {hostport}:',
        code: ['listen on {host} port {port}'],
      },
      {
        text: 'Check the configuration and restart the daemon:',
        code: ['smtpd -n', 'rcctl restart smtpd          # OpenBSD', 'systemctl restart opensmtpd   # Debian, Ubuntu'],
      },
      verifyStep(unixListenCheck),
    ],
    undo: [
      {
        text: 'Put the original "listen on" lines back in place of "listen on {host} port {port}", then check and restart:',
        code: ['smtpd -n', 'rcctl restart smtpd          # OpenBSD', 'systemctl restart opensmtpd   # Debian, Ubuntu'],
      },
    ],
    notes: ['Mail from Lyre arrives from 127.0.0.1, so "match from local" rules apply to it.'],
  },
  {
    id: 'exchange',
    name: 'Microsoft Exchange',
    defaultPort: 2526,
    files: ['receive connectors (Exchange Management Shell)'],
    steps: [
      {
        text: 'Open the Exchange Management Shell as an administrator and list the receive connectors with their bindings. On Exchange 2013 and later, the one on port 25 is "Default Frontend SERVER":',
        code: ['Get-ReceiveConnector | Format-Table Identity,Bindings -AutoSize'],
      },
      {
        text: 'Bind it to {hostport} instead, with your server\'s name in place of SERVER. Do not pick port 2525 on a Mailbox server: the Transport service\'s "Default SERVER" connector already listens there.',
        code: ['Set-ReceiveConnector "SERVER\\Default Frontend SERVER" -Bindings {host}:{port}'],
      },
      { text: 'Move every other connector that binds port 25 (a relay connector for printers, for example) the same way.' },
      {
        text: 'Restart the Front End Transport service (on Exchange 2007 and 2010, the MSExchangeTransport service):',
        code: ['Restart-Service MSExchangeFrontEndTransport'],
      },
      verifyStep(windowsListenCheck),
    ],
    undo: [
      {
        text: 'Bind the connector to port 25 on every address again and restart the service:',
        code: [
          'Set-ReceiveConnector "SERVER\\Default Frontend SERVER" -Bindings 0.0.0.0:25,[::]:25',
          'Restart-Service MSExchangeFrontEndTransport',
        ],
      },
    ],
    notes: [
      'Exchange does not take XFORWARD, so its connection filtering sees every forwarded message as coming from 127.0.0.1.',
    ],
  },
  {
    id: 'iis',
    name: 'Microsoft IIS SMTP',
    defaultPort: 2525,
    files: ['SMTP virtual server properties (IIS 6.0 Manager)'],
    steps: [
      {
        text: 'Open Internet Information Services (IIS) 6.0 Manager, expand the server, right-click the SMTP virtual server (usually "[SMTP Virtual Server #1]") and choose Properties.',
      },
      {
        text: 'On the General tab, set "IP address" to {host}. Click "Advanced...", select the entry, click "Edit..." and set "TCP port" to {port}. Close every dialog with OK.',
      },
      {
        text: 'Restart the SMTP service from an administrator prompt:',
        code: ['net stop smtpsvc', 'net start smtpsvc'],
      },
      verifyStep(windowsListenCheck),
    ],
    undo: [
      {
        text: 'In the same dialogs, set "IP address" back to "(All Unassigned)" and "TCP port" back to 25, then restart the service:',
        code: ['net stop smtpsvc', 'net start smtpsvc'],
      },
    ],
    notes: ['Mail for the virtual server\'s local domains is accepted from any client, so Lyre needs no relay permission there.'],
  },
  {
    id: 'hmailserver',
    name: 'hMailServer',
    defaultPort: 2525,
    files: ['Settings > Advanced > TCP/IP ports (hMailServer Administrator)'],
    steps: [
      { text: 'Open hMailServer Administrator and go to Settings > Advanced > TCP/IP ports.' },
      {
        text: 'Select the SMTP entry on port 25, click Edit, set "TCP/IP address" to {host} and "TCP/IP port" to {port}, and click Save.',
      },
      {
        text: 'Let hMailServer restart when it asks, or restart its service from an administrator prompt:',
        code: ['net stop hMailServer', 'net start hMailServer'],
      },
      {
        text: 'Under Settings > Advanced > IP Ranges, open "My computer" (127.0.0.1) and check that deliveries from external to local e-mail addresses are allowed, because forwarded mail arrives from 127.0.0.1.',
      },
      verifyStep(windowsListenCheck),
    ],
    undo: [
      {
        text: 'Edit the same entry back to address 0.0.0.0 and port 25, save, and restart the service:',
        code: ['net stop hMailServer', 'net start hMailServer'],
      },
    ],
    notes: [],
  },
  {
    id: 'qmail',
    name: 'qmail',
    defaultPort: 2525,
    files: ['/var/qmail/supervise/qmail-smtpd/run (daemontools)', '/etc/inetd.conf (inetd)'],
    steps: [
      {
        text: 'Find the tcpserver line that starts qmail-smtpd, usually in /var/qmail/supervise/qmail-smtpd/run or /service/qmail-smtpd/run. Its address and port come just before the qmail-smtpd path:',
        code: ['exec tcpserver ... 0 smtp /var/qmail/bin/qmail-smtpd'],
      },
      {
        text: 'Replace the address 0 and the port smtp with {host} and {port}, then restart the service:',
        code: ['exec tcpserver ... {host} {port} /var/qmail/bin/qmail-smtpd', 'svc -t /service/qmail-smtpd'],
      },
      {
        text: 'If inetd starts qmail-smtpd instead, replace the service name "smtp" at the start of its line in /etc/inetd.conf with {host}:{port} and send inetd a HUP signal.',
      },
      {
        text: 'Check that /var/qmail/control/rcpthosts lists every domain in relay.domains, because qmail-smtpd accepts only those from a client without RELAYCLIENT.',
      },
      verifyStep(unixListenCheck),
    ],
    undo: [
      {
        text: 'Put "0 smtp" back in the tcpserver line (or "smtp" in inetd.conf) and restart:',
        code: ['svc -t /service/qmail-smtpd'],
      },
    ],
    notes: [],
  },
  {
    id: 'haraka',
    name: 'Haraka',
    defaultPort: 2525,
    files: ['config/smtp.ini in the Haraka folder'],
    steps: [
      {
        text: "Open config/smtp.ini in Haraka's folder and set the listen key (comma-separated host:port pairs, [::0]:25 by default) to {hostport}:",
        code: ['listen={hostport}'],
      },
      { text: 'Restart Haraka, for example with "systemctl restart haraka".' },
      verifyStep(unixListenCheck),
    ],
    undo: [{ text: 'Set listen back to its earlier value ([::0]:25 by default) and restart Haraka.' }],
    notes: [],
  },
  {
    id: 'lyre',
    name: 'Lyre',
    defaultPort: 25,
    files: [],
    steps: [
      {
        text: 'This port already answers as Lyre, so no other mail server needs to move. If it is a second Lyre instance, stop that one instead.',
      },
    ],
    undo: [],
    notes: [],
  },
  {
    id: 'unknown',
    name: 'another mail server',
    defaultPort: 2525,
    files: [],
    steps: [
      {
        text: 'Find the program that listens on port 25:',
        code: [
          "ss -ltnp 'sport = :25'                                  # Linux",
          'sudo lsof -nP -iTCP:25 -sTCP:LISTEN                     # macOS',
          'Get-NetTCPConnection -LocalPort 25 -State Listen | ForEach-Object { Get-Process -Id $_.OwningProcess }   # Windows',
        ],
      },
      { text: 'In its documentation, look up how to change the address and port it listens on, and set them to {hostport}.' },
      { text: 'Restart it, then check the new address:', code: ['lyre relocation verify {hostport}'] },
    ],
    undo: [{ text: 'Set its address and port back to what they were and restart it.' }],
    notes: [],
  },
];

/** Steps on Lyre's side, after the MTA has moved. */
export const lyreSteps: GuideStep[] = [
  {
    text: 'Tell Lyre where the relocated server listens and which domains it receives mail for. Only recipients in these domains are forwarded; others are rejected with 550:',
    code: ['lyre config set relay.host {hostport}', 'lyre config set relay.domains example.org,example.net'],
  },
  { text: "Restart Lyre's SMTP server, so that it binds port 25 now that the port is free." },
];

/** Steps on Lyre's side before the MTA moves back to port 25. */
export const lyreUndoSteps: GuideStep[] = [
  {
    text: "Stop Lyre's SMTP server so that port 25 is free, and turn forwarding off:",
    code: ['lyre config set relay.host ""'],
  },
];
