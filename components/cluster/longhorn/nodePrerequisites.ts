/**
 * What Longhorn needs on every node (seed 004, phase 2.2, and Longhorn's chart README): the
 * open-iscsi and nfs-common packages, the iscsi_tcp module, and iscsid enabled and running.
 * Idempotent: it installs only what is missing, so running it again changes nothing. `sudo -n`
 * fails at once instead of waiting for a password nobody will type.
 */
export const LONGHORN_NODE_PREREQUISITES = `#!/bin/sh
set -eu
missing=""
for package in open-iscsi nfs-common; do
  if ! dpkg-query -W -f='\${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
if [ -n "$missing" ]; then
  sudo -n apt-get update -qq
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi
# Longhorn's preflight checks that iscsi_tcp is loaded; load it now and at every boot.
if [ "$(cat /etc/modules-load.d/longhorn.conf 2>/dev/null)" != "iscsi_tcp" ]; then
  echo iscsi_tcp | sudo -n tee /etc/modules-load.d/longhorn.conf >/dev/null
fi
sudo -n modprobe iscsi_tcp
sudo -n systemctl enable --now iscsid
systemctl is-active --quiet iscsid
echo "Longhorn prerequisites ready on $(hostname)"
`;
