"""Turns the kubeadm static pod manifest into the equivalent `docker run` arguments (one per line), with every
hostPath moved under a root directory (a kubeadm-like layout in a temp dir) and the ports replaced, so that
.ci/image-test.sh runs the image exactly as the kubelet would: same args, mounts, user and hardening.

usage: static-pod-to-docker-run.py MANIFEST ROOT PORT METRICS_PORT IMAGE
"""
import sys

import yaml

manifest, root, port, metrics_port, image = sys.argv[1:6]
with open(manifest) as f:
    pod = yaml.safe_load(f)
spec = pod["spec"]
(container,) = spec["containers"]
pod_security = spec.get("securityContext", {})
security = container.get("securityContext", {})
volumes = {v["name"]: v for v in spec.get("volumes", [])}

out = ["--name", "sa-issuer-image-test", "--detach"]
assert spec.get("hostNetwork") is True, "the static pod must use the host network"
out += ["--network", "host"]
out += ["--user", f'{pod_security["runAsUser"]}:{pod_security["runAsGroup"]}']
if security.get("readOnlyRootFilesystem"):
    out.append("--read-only")
for cap in security.get("capabilities", {}).get("drop", []):
    out += ["--cap-drop", cap]
if security.get("allowPrivilegeEscalation") is False:
    out += ["--security-opt", "no-new-privileges"]
limits = container.get("resources", {}).get("limits", {})
if "memory" in limits:
    out += ["--memory", limits["memory"].replace("Mi", "m").replace("Gi", "g")]
for mount in container.get("volumeMounts", []):
    volume = volumes[mount["name"]]
    if "hostPath" in volume:
        source = root + volume["hostPath"]["path"]
        option = ":ro" if mount.get("readOnly") else ""
        out += ["--volume", f'{source}:{mount["mountPath"]}{option}']
    elif "emptyDir" in volume:
        out += ["--tmpfs", f'{mount["mountPath"]}:rw,noexec,nosuid,size=16m']
    else:
        raise SystemExit(f"unsupported volume {volume}")
out.append(image)
for arg in container["args"]:
    if arg.startswith("--port="):
        arg = f"--port={port}"
    elif arg.startswith("--bind-address="):
        arg = "--bind-address=127.0.0.1"  # the test listens on loopback only; the pod's 0.0.0.0 is for the LB
    elif arg.startswith("--metrics-bind-address="):
        arg = f"--metrics-bind-address=127.0.0.1:{metrics_port}"
    out.append(arg)
print("\n".join(out))
