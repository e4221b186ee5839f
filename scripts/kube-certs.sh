#!/usr/bin/env bash
# Generates the PKI a throwaway loopback control plane needs, with openssl, into DIR:
#   ca.crt ca.key                    cluster CA (signs everything below; the apiserver trusts it for client certs)
#   apiserver.crt apiserver.key      kube-apiserver serving cert (127.0.0.1, localhost, kubernetes.default.svc...)
#   admin.crt admin.key              client cert  CN=dbsecrets-admin, O=system:masters
#   controller-manager.crt/.key      client cert  CN=system:kube-controller-manager, O=system:masters
#   sa.key sa.pub                    service-account token signing key pair
# All keys are RSA 2048 (PKCS#8), which every client (kubectl, fabric8 without BouncyCastle) can load.
# Usage: scripts/kube-certs.sh DIR
set -euo pipefail

dir="${1:?usage: kube-certs.sh DIR}"
mkdir -p "$dir"
cd "$dir"
command -v openssl >/dev/null || { echo "openssl is required (apt-get install openssl)" >&2; exit 1; }

days=30
key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; chmod 600 "$1"; }

# sign NAME SUBJECT EXTENSIONS
sign() {
  local name="$1" subj="$2" ext="$3"
  key "$name.key"
  openssl req -new -key "$name.key" -subj "$subj" -out "$name.csr" 2>/dev/null
  printf '%s\n' "$ext" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -days "$days" -sha256 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

key ca.key
openssl req -x509 -new -key ca.key -subj "/CN=dbsecrets-test-ca" -days "$days" -sha256 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.crt 2>/dev/null

sign apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"

client_ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
sign admin "/O=system:masters/CN=dbsecrets-admin" "$client_ext"
sign controller-manager "/O=system:masters/CN=system:kube-controller-manager" "$client_ext"

key sa.key
openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
rm -f ca.srl
