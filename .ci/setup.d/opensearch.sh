#!/usr/bin/env bash
# Prepares OpenSearch 2.19.4 with its security plugin for the OpenSearch interop test, from Maven Central:
# the integ-test distribution zip (no bundled JDK: it runs on the build's Java 17) and the security plugin zip,
# plugin installed and demo TLS/users set up once, under $SA_ISSUER_CACHE/opensearch-2.19.4. Each test run
# copies that install to a temporary directory, so this runs once per machine and re-runs return at once.
# OpenSearch refuses to run as root: when run as root this also creates the unprivileged user the test runs it as.
set -euo pipefail

OPENSEARCH_VERSION=2.19.4
SECURITY_VERSION=2.19.4.0
RUN_AS_USER=sa-issuer-opensearch
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

cache="${SA_ISSUER_CACHE:-$HOME/.cache/sa-issuer}"
install="$cache/opensearch-$OPENSEARCH_VERSION"
marker="$install/.sa-issuer-prepared"

if [ "$(id -u)" = 0 ] && ! id -u "$RUN_AS_USER" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_AS_USER"
fi

if [ -f "$marker" ]; then
  echo "OpenSearch $OPENSEARCH_VERSION already prepared in $install"
  exit 0
fi

downloads="$cache/downloads"
mkdir -p "$downloads"
for artifact in \
    "org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip" \
    "org.opensearch.plugin:opensearch-security:$SECURITY_VERSION:zip"; do
  mvn -B -ntp -q "$DEPENDENCY_PLUGIN:copy" -Dartifact="$artifact" -DoutputDirectory="$downloads"
done

export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
export OPENSEARCH_JAVA_HOME="$JAVA_HOME"

work="$(mktemp -d "$cache/opensearch-prepare.XXXXXX")"
trap 'rm -rf "$work"' EXIT
unzip -q "$downloads/opensearch-$OPENSEARCH_VERSION.zip" -d "$work"
home="$work/opensearch-$OPENSEARCH_VERSION"
"$home/bin/opensearch-plugin" install --batch "file://$downloads/opensearch-security-$SECURITY_VERSION.zip"

# The demo configuration gives the node TLS certificates and the internal admin user the test uses to create
# its index; the password only protects a throw-away node on loopback. -y: no questions, -i: initialise the
# security index from the files, -s: no securityadmin run (the node is not up yet).
chmod +x "$home/plugins/opensearch-security/tools/"*.sh
OPENSEARCH_INITIAL_ADMIN_PASSWORD='Sa-Issuer-1nterop!' \
  bash "$home/plugins/opensearch-security/tools/install_demo_configuration.sh" -y -i -s

echo "$OPENSEARCH_VERSION $SECURITY_VERSION" > "$home/.sa-issuer-prepared"
rm -rf "$install"
mv "$home" "$install"
echo "OpenSearch $OPENSEARCH_VERSION prepared in $install"
