#!/usr/bin/env bash
# Installs the Node relying party the conformance tests run (openid-client + jose, pinned by package-lock.json).
# Node 20.19+ and npm come with the machine; without them this step fails, and so would the test under CI=true.
set -euo pipefail
cd "$(dirname "$0")/../../conformance/src/test/node"
command -v node >/dev/null || { echo "conformance-node: node is not installed (need Node 20.19+)" >&2; exit 1; }
command -v npm >/dev/null || { echo "conformance-node: npm is not installed" >&2; exit 1; }
echo "conformance-node: node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund --cache "${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}/npm"
