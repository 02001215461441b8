/** What the GPU node needs before the device plugin can see its GPU. */
export interface GpuHostPrerequisites {
  /** The distribution's driver package, e.g. `nvidia-driver-570-server` on Ubuntu. */
  readonly driverPackage: string;
  /** Exact apt version of the NVIDIA Container Toolkit packages, e.g. `1.20.0-1`. */
  readonly containerToolkitVersion: string;
}

const KEYRING = "/usr/share/keyrings/nvidia-container-toolkit-keyring.gpg";

/**
 * Installs the driver (if no driver answers) and the pinned NVIDIA Container Toolkit from
 * NVIDIA's apt repository, then restarts k3s when its containerd lacks the nvidia runtime: k3s
 * detects nvidia-container-runtime only at start. Idempotent. Exits non-zero when a fresh driver
 * needs a reboot, so that the next `pulumi up` runs it again.
 */
export function gpuHostPrerequisitesScript(p: GpuHostPrerequisites): string {
  const v = p.containerToolkitVersion;
  const toolkit = [
    "nvidia-container-toolkit",
    "nvidia-container-toolkit-base",
    "libnvidia-container-tools",
    "libnvidia-container1",
  ]
    .map((pkg) => `${pkg}=${v}`)
    .join(" ");
  return `#!/bin/sh
set -eu
apt_install() {
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}
if ! command -v nvidia-smi >/dev/null 2>&1; then
  sudo -n apt-get update -qq
  apt_install ${p.driverPackage}
fi
if [ "$(dpkg-query -W -f='\${Version}' nvidia-container-toolkit 2>/dev/null || true)" != "${v}" ]; then
  if [ ! -f ${KEYRING} ]; then
    curl -fsSL https://nvidia.github.io/libnvidia-container/gpgkey | sudo -n gpg --dearmor -o ${KEYRING}
  fi
  curl -fsSL https://nvidia.github.io/libnvidia-container/stable/deb/nvidia-container-toolkit.list \\
    | sed 's#deb https://#deb [signed-by=${KEYRING}] https://#g' \\
    | sudo -n tee /etc/apt/sources.list.d/nvidia-container-toolkit.list >/dev/null
  sudo -n apt-get update -qq
  apt_install ${toolkit}
fi
# As root: the user may not read k3s' directory, and the glob must expand there.
if ! sudo -n sh -c 'grep -qs nvidia /var/lib/rancher/k3s/agent/etc/containerd/config*.toml'; then
  for unit in k3s k3s-agent; do
    if systemctl is-active --quiet "$unit"; then sudo -n systemctl restart "$unit"; fi
  done
fi
if ! nvidia-smi >/dev/null 2>&1; then
  echo "the NVIDIA driver is installed but not loaded: reboot $(hostname), then run pulumi up again" >&2
  exit 1
fi
echo "GPU prerequisites ready on $(hostname)"
`;
}
