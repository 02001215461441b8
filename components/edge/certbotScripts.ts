/**
 * The shell the certbot containers run (certbot/certbot, an Alpine image with busybox sh and
 * the openssl CLI). Flags are certbot 5.6.0's (certbot/src/certbot/_internal/cli/__init__.py
 * and plugins/webroot.py at tag v5.6.0); see docs/contracts/certbot.md.
 */
export interface CertbotScriptOptions {
  /** The certificate's lineage name and first name; nginx reads `live/<certName>/`. */
  readonly certName: string;
  /** Every name the certificate covers, `certName` first. */
  readonly domains: readonly string[];
  /** certbot's config directory inside the container. Default `/etc/letsencrypt`. */
  readonly configDir?: string;
  /** The webroot certbot writes challenges into, which nginx serves. */
  readonly webroot: string;
  /** Let's Encrypt's staging directory instead of production (test certificates). */
  readonly staging: boolean;
  /** The ACME account's contact; none: registered without an e-mail. */
  readonly email?: string;
}

/** POSIX single quotes. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Marks a certificate this program made up so nginx could start; certbot replaces it. */
export const SELF_SIGNED_MARKER = ".self-signed";

/**
 * Runs once before nginx starts: when no certificate is at `live/<certName>/`, a self-signed
 * one valid for a day takes its place so nginx can start and serve the HTTP-01 challenge.
 * A certificate already there (certbot's or the host's own) is left as it is.
 */
export function renderBootstrapScript(o: CertbotScriptOptions): string {
  const dir = o.configDir ?? "/etc/letsencrypt";
  const live = `${dir}/live/${o.certName}`;
  return `set -eu
live=${shellQuote(live)}
mkdir -p ${shellQuote(o.webroot)}
if [ -e "$live/fullchain.pem" ]; then
  echo "certificate present in $live: used as it is"
  exit 0
fi
mkdir -p "$live"
openssl req -x509 -nodes -newkey rsa:2048 -days 1 -subj ${shellQuote(`/CN=${o.certName}`)} \\
  -keyout "$live/privkey.pem" -out "$live/fullchain.pem"
touch "$live/${SELF_SIGNED_MARKER}"
echo "self-signed stand-in written to $live until certbot replaces it"
`;
}

/**
 * One pass of the renewal loop. With the self-signed stand-in present, the first certificate
 * is requested (the stand-in moved aside, and put back when certbot fails, so nginx always
 * finds a certificate); otherwise `certbot renew` renews what is due. Whenever a certificate
 * is written, the deploy hook sends SIGHUP to PID 1 of the shared PID namespace, which is
 * nginx's master process: nginx reloads and serves the new certificate.
 */
export function renderCycleScript(o: CertbotScriptOptions): string {
  const dir = o.configDir ?? "/etc/letsencrypt";
  const live = `${dir}/live/${o.certName}`;
  const account = o.email
    ? `--email ${shellQuote(o.email)} --no-eff-email`
    : "--register-unsafely-without-email";
  const common = [
    "--non-interactive",
    `--config-dir ${shellQuote(dir)}`,
    ...(o.staging ? ["--staging"] : []),
    `--deploy-hook 'kill -HUP 1'`,
  ].join(" ");
  const domains = o.domains.map((d) => `-d ${shellQuote(d)}`).join(" ");
  const certonly = `certbot certonly ${common} --agree-tos ${account} --webroot -w ${shellQuote(o.webroot)} --cert-name ${shellQuote(o.certName)} ${domains}`;
  // A lineage from the other issuer (staging switched off or on) is re-issued at once;
  // certbot renew would keep asking the issuer saved in its renewal file.
  const otherIssuer = o.staging
    ? `! grep -q acme-staging-v02 "$conf"`
    : `grep -q acme-staging-v02 "$conf"`;
  return `set -eu
live=${shellQuote(live)}
conf=${shellQuote(`${dir}/renewal/${o.certName}.conf`)}
if [ -e "$live/${SELF_SIGNED_MARKER}" ]; then
  mv "$live" "$live.self-signed"
  if ${certonly}; then
    rm -rf "$live.self-signed"
  else
    rm -rf "$live"
    mv "$live.self-signed" "$live"
    echo "certbot could not obtain the certificate; the self-signed stand-in stays" >&2
    exit 1
  fi
elif [ -f "$conf" ] && ${otherIssuer}; then
  ${certonly} --force-renewal
else
  certbot renew ${common}
fi
`;
}

/** The long-running container's command: a pass now, then every `intervalSeconds`. */
export function renderLoopScript(cycle: string, intervalSeconds: number): string {
  return `trap 'exit 0' TERM INT
while :; do
  sh -c ${shellQuote(cycle)} || echo "certbot pass failed; next try in ${intervalSeconds}s" >&2
  sleep ${intervalSeconds} &
  wait $!
done
`;
}
