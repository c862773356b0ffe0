#!/usr/bin/env bash
# Prints one of the policy templates beside this script with the bucket and the prefix filled in, for
# `sa-issuer publish --to s3://BUCKET[/PREFIX]`:
#   deploy/object-storage/fill-policy.sh public-read-policy.json BUCKET [PREFIX]   # the bucket policy
#   deploy/object-storage/fill-policy.sh publisher-policy.json BUCKET [PREFIX]     # the publisher's IAM policy
# An empty prefix means the bucket's root (the documents at /.well-known/... and /openid/v1/jwks).
# Both policies also name the RFC 8414 object that `publish --oauth-metadata` writes at the bucket's root
# (.well-known/oauth-authorization-server/PREFIX): one more object name, harmless when the flag is not used.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 public-read-policy.json|publisher-policy.json BUCKET [PREFIX]" >&2
  exit 2
fi
template="$(dirname "$0")/$(basename "$1")"
bucket=$2
prefix=${3:-}
while [[ $prefix == */ ]]; do prefix=${prefix%/}; done
# The rules sa-issuer applies to --to (StoreLocation): a bucket name, and a prefix of plain URL path segments;
# and no * in the prefix, which an IAM resource ARN would read as a wildcard.
if ! [[ $bucket =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]]; then
  echo "$0: \"$bucket\" is not a valid bucket name (3-63 lowercase letters, digits, dots and hyphens)" >&2
  exit 2
fi
if [ -n "$prefix" ]; then
  IFS=/ read -r -a segments <<<"$prefix"
  for segment in "${segments[@]}"; do
    if [[ -z $segment || $segment == . || $segment == .. || ! $segment =~ ^[A-Za-z0-9._~!\$\&\'()+,\;=:@-]+$ ]]; then
      echo "$0: prefix \"$prefix\": plain URL path segments only (no empty, . or .. segment, nothing to escape, no *)" >&2
      exit 2
    fi
  done
fi
[ -f "$template" ] || { echo "$0: no template $template" >&2; exit 2; }

text=$(<"$template")
objects=${prefix:+$prefix/}
# Quoted replacements: bash 5.2 would otherwise read & in them as the matched text.
text=${text//'${/PREFIX}'/"${prefix:+/$prefix}"}
text=${text//'${PREFIX}/'/"$objects"}
text=${text//'${BUCKET}'/"$bucket"}
printf '%s\n' "$text"
