"""A small OpenID Connect provider for tests: authorization code flow with PKCE, RS256 ID tokens.

It runs on its own port in a thread, so the app's backend talks to it over real HTTP exactly as it
would to the council's provider: discovery-free endpoints /authorize, /token, /userinfo, /jwks.
The test says who signs in next (`provider.sign_in_as(claims)`); /authorize then answers at once
with a redirect carrying a one-time code, as a provider does after its own sign-in page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Provider:
    def __init__(self, client_id="cbo", client_secret="s3cret"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = _new_key()
        self.kid = "key-1"
        self.claims: dict = {}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[str] = []
        # Faults a test can switch on.
        self.sign_with = None  # another private key: a forged signature
        self.audience = None  # another audience
        self.token_status = 200
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.issuer = self.base
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- life cycle -----------------------------------------------------------------------
    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def settings(self) -> dict:
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.base + "/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": self.base + "/token",
            "OIDC_OP_USER_ENDPOINT": self.base + "/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": self.base + "/jwks",
        }

    def sign_in_as(self, **claims):
        self.claims = claims

    # -- protocol -------------------------------------------------------------------------
    def _authorize(self, query: dict) -> tuple[int, dict, bytes]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, b"bad request"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "claims": dict(self.claims),
            "nonce": query.get("nonce"),
            "redirect_uri": query["redirect_uri"],
            "challenge": query.get("code_challenge"),
        }
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return 302, {"Location": target}, b""

    def _token(self, form: dict) -> tuple[int, dict, bytes]:
        if self.token_status != 200:
            return self.token_status, {}, b'{"error": "server_error"}'
        grant = self.codes.pop(form.get("code", ""), None)  # one use only
        if (
            grant is None
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {}, b'{"error": "invalid_grant"}'
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return 400, {}, b'{"error": "invalid_grant"}'
        now = int(time.time())
        claims = grant["claims"]
        id_token = jwt.encode(
            {
                "iss": self.issuer,
                "aud": self.audience or self.client_id,
                "sub": claims.get("sub", claims.get("email", "")),
                "email": claims.get("email"),
                "nonce": grant["nonce"],
                "iat": now,
                "exp": now + 300,
            },
            self.sign_with or self.key,
            algorithm="RS256",
            headers={"kid": self.kid},
        )
        access = secrets.token_urlsafe(16)
        self.tokens[access] = claims
        body = {"access_token": access, "token_type": "Bearer", "id_token": id_token}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def _userinfo(self, authorization: str) -> tuple[int, dict, bytes]:
        claims = self.tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return 401, {}, b""
        return 200, {"Content-Type": "application/json"}, json.dumps(claims).encode()

    def _jwks(self) -> tuple[int, dict, bytes]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return 200, {"Content-Type": "application/json"}, json.dumps({"keys": [jwk]}).encode()

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, result):
                status, headers, body = result
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802 - http.server's name
                url = urlsplit(self.path)
                provider.requests.append(url.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    self._send(provider._authorize(query))
                elif url.path == "/userinfo":
                    self._send(provider._userinfo(self.headers.get("Authorization", "")))
                elif url.path == "/jwks":
                    self._send(provider._jwks())
                else:
                    self._send((404, {}, b""))

            def do_POST(self):  # noqa: N802
                url = urlsplit(self.path)
                provider.requests.append(url.path)
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if url.path == "/token":
                    self._send(provider._token(form))
                else:
                    self._send((404, {}, b""))

            def log_message(self, *args):
                pass

        return Handler


def other_key():
    return _new_key()
