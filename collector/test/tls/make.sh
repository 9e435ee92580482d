#!/bin/sh
# Test-only certificates for the otlphttp exporter's TLS tests (never use them elsewhere):
# a CA, a server certificate for 127.0.0.1 / localhost and a client certificate, both signed by it.
set -e
cd "$(dirname "$0")"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 36500 -subj "/CN=WatchLLM test CA" 2>/dev/null
for who in server client; do
  openssl req -newkey rsa:2048 -nodes -keyout "$who.key" -out "$who.csr" -subj "/CN=watchllm-test-$who" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$who.ext"
  openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$who.pem" -days 36500 -extfile "$who.ext" 2>/dev/null
  rm "$who.csr" "$who.ext"
done
rm -f ca.key ca.srl
