"""The compose demo's client: uses the service-account tokens the kube-apiserver stand-in wrote (as a pod reads
its projected tokens) against RabbitMQ (the token is the AMQP password) and OpenSearch (Authorization: Bearer).

Checks, each printed as one line; the exit code is the number of checks that went the wrong way:
  - the current tokens are accepted: RabbitMQ publishes and consumes, OpenSearch names the service account
    and answers a search of the index `orders` (created first by the internal admin, setup only);
  - the tokens under forged/ (signed by a key sa-issuer never publishes) are refused by both;
  - after a rotation, the tokens under previous/ (signed by the retained old key) are still accepted.
Token values are never printed.
"""
import base64
import json
import os
import ssl
import sys
import urllib.error
import urllib.request

import pika

TOKENS = os.environ.get("TOKEN_DIR", "/var/run/secrets/tokens")
RABBITMQ_HOST = os.environ.get("RABBITMQ_HOST", "rabbitmq")
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "https://opensearch:9200")
ADMIN_PASSWORD = os.environ["OPENSEARCH_ADMIN_PASSWORD"]
# OpenSearch serves HTTPS with the security plugin's demo certificates (self-signed, made by its
# install_demo_configuration.sh); the demo does not verify them. sa-issuer's own TLS is verified by both
# relying parties with the demo CA.
INSECURE_TLS = ssl._create_unverified_context()

failures = 0


def check(ok, message):
    global failures
    print(("ok   " if ok else "FAIL ") + message, flush=True)
    if not ok:
        failures += 1


def read(path):
    with open(path, encoding="ascii") as f:
        return f.read().strip()


def kid(token):
    header = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]


def rabbitmq(token):
    """Connects with the token as password; returns (True, detail) after a publish and a get, or (False, why)."""
    params = pika.ConnectionParameters(
        host=RABBITMQ_HOST, credentials=pika.PlainCredentials("demo-client", token),
        connection_attempts=1, socket_timeout=10, blocked_connection_timeout=10)
    try:
        connection = pika.BlockingConnection(params)
    except pika.exceptions.ProbableAuthenticationError as e:
        return False, "ACCESS_REFUSED (%s)" % type(e).__name__
    except pika.exceptions.AMQPConnectionError as e:
        return False, "connection refused (%r)" % (e,)
    try:
        channel = connection.channel()
        channel.queue_declare(queue="demo", durable=False)
        channel.basic_publish(exchange="", routing_key="demo", body=b"hello from a service account")
        method, _, body = None, None, None
        for _ in range(50):
            method, _, body = channel.basic_get(queue="demo", auto_ack=True)
            if method:
                break
            connection.sleep(0.1)
        return method is not None, "published and consumed %r" % (body,)
    finally:
        connection.close()


def opensearch(path, token=None, method="GET", body=None):
    """Returns (status, parsed JSON body)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    else:
        basic = base64.b64encode(("admin:" + ADMIN_PASSWORD).encode()).decode()
        headers["Authorization"] = "Basic " + basic
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(OPENSEARCH_URL + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, context=INSECURE_TLS, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def accepted(label, directory):
    rabbit_token = read(os.path.join(directory, "rabbitmq-token"))
    ok, detail = rabbitmq(rabbit_token)
    check(ok, "rabbitmq   accepts the %s token (kid %s): %s" % (label, kid(rabbit_token), detail))
    search_token = read(os.path.join(directory, "opensearch-token"))
    status, info = opensearch("/_plugins/_security/authinfo", search_token)
    user = (info or {}).get("user_name")
    check(status == 200 and user == "system:serviceaccount:demo:client",
          "opensearch accepts the %s token (kid %s): authinfo %d, user %s" % (label, kid(search_token), status, user))
    status, result = opensearch("/orders/_search?q=status:shipped", search_token)
    hits = (result or {}).get("hits", {}).get("total", {}).get("value")
    check(status == 200 and hits == 1, "opensearch answers a search of orders with the %s token: %d, %s hit(s)" % (label, status, hits))


def refused(label, directory):
    ok, detail = rabbitmq(read(os.path.join(directory, "rabbitmq-token")))
    check(not ok, "rabbitmq   refuses the %s token: %s" % (label, detail))
    status, _ = opensearch("/orders/_search", read(os.path.join(directory, "opensearch-token")))
    check(status == 401, "opensearch refuses the %s token: %d" % (label, status))


def main():
    status, _ = opensearch("/orders/_doc/1?refresh=true", method="PUT",
                           body={"order": 1, "status": "shipped", "item": "tokens, signed"})
    check(status in (200, 201), "opensearch admin indexed a document in orders: %d" % status)
    accepted("current", TOKENS)
    refused("forged", os.path.join(TOKENS, "forged"))
    if os.path.isdir(os.path.join(TOKENS, "previous")):
        accepted("previous (pre-rotation)", os.path.join(TOKENS, "previous"))
    status, _ = opensearch("/orders/_doc/2", read(os.path.join(TOKENS, "opensearch-token")), "PUT", {"order": 2})
    check(status == 403, "opensearch refuses a write by the read-only service account: %d" % status)
    print("client: %s" % ("all checks passed" if failures == 0 else "%d check(s) failed" % failures), flush=True)
    return failures


if __name__ == "__main__":
    sys.exit(main())
