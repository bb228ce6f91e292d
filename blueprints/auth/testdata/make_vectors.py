# regstack:omit

"""Produce the cross-language test vectors in this directory.

Run from the repository root with the Debian packages python3-argon2 and
python3-jwt installed (use the system interpreter, not a virtualenv):

    /usr/bin/python3 blueprints/auth/testdata/make_vectors.py

It writes argon2_vectors.json and jwt_vectors.json next to itself. The JWT
file is deterministic; the Argon2 file is not, because two of its hashes use
random salts exactly as argon2-cffi's PasswordHasher makes them.

The upstream library pins argon2-cffi 25.1.0, whose PasswordHasher defaults
are the RFC 9106 low-memory profile (m=65536, t=3, p=4, 32-byte hash, 16-byte
salt). Debian 12 ships argon2-cffi 21.1.0, whose defaults are older
(m=102400, t=2, p=8, 16-byte hash), so this script passes the upstream
defaults explicitly and adds one hash made with the installed library's own
defaults as a "foreign parameters" vector.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import sys

import argon2
import argon2.low_level
import jwt

HERE = os.path.dirname(os.path.abspath(__file__))

# Upstream (argon2-cffi 25.1.0) PasswordHasher defaults.
UPSTREAM = dict(time_cost=3, memory_cost=65536, parallelism=4, hash_len=32, salt_len=16)

REFERENCE_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$MDEyMzQ1Njc4OWFiY2RlZg"
    "$Dm7U5gJFpg1h82nRBGfPb9a7swJU908yzBquL1Zs7rY"
)

SECRET = "test-secret-please-change-0123456789abcdef"
PURPOSES = ["session", "password_reset", "email_change", "phone_setup", "login_mfa"]
REFERENCE_KEYS = {
    "session": "c5eef95c5b444f2ae814ce0fcca89e1f7247eac2c4a12fd86c169ed2f82ece9b",
    "password_reset": "4fe8a45b2d6564eea65be8afd7bea30788d5448de9b816eae7ff4e998b08e006",
    "email_change": "20a32309859100606b4edc2460c652567bcdbae00b6fe505a5075f34f8abc0de",
    "phone_setup": "7ba1683dac98a82dc518fd30f48912123616ae6855274934a620c5f1666492f3",
    "login_mfa": "a185922320b88a5fb2d6012938061d65dee15005b59db0202070ffa13e01c6cc",
}
REFERENCE_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZiIsImp0aSI6IkFBQUFBQUFBQUFBQUFBQUFBQUFBQUEiLCJpYXQiOjE3MzU2ODk2MDAuMCwiZXhwIjoxNzM1Njk2ODAwLCJwdXJwb3NlIjoic2Vzc2lvbiJ9."
    "pOGiCXMi0pme8Im0jv30eXd6ulkfplQcSEEWcUG_8ps"
)
USER_ID = "0123456789abcdef0123456789abcdef"
UTC = datetime.timezone.utc


def argon2_vectors():
    salt = b"0123456789abcdef"
    raw = argon2.low_level.hash_secret(
        b"hunter2hunter2",
        salt,
        time_cost=UPSTREAM["time_cost"],
        memory_cost=UPSTREAM["memory_cost"],
        parallelism=UPSTREAM["parallelism"],
        hash_len=UPSTREAM["hash_len"],
        type=argon2.low_level.Type.ID,
    ).decode("ascii")
    if raw != REFERENCE_HASH:
        sys.exit("reference Argon2 vector mismatch: " + raw)
    upstream = argon2.PasswordHasher(**UPSTREAM)
    local = argon2.PasswordHasher()
    vectors = [
        {
            "name": "reference",
            "password": "hunter2hunter2",
            "salt": salt.decode("ascii"),
            "encoded": raw,
        },
        {
            "name": "upstream defaults, ascii",
            "password": "correct horse battery staple",
            "encoded": upstream.hash("correct horse battery staple"),
        },
        {
            "name": "upstream defaults, non-ascii",
            "password": "pässwörd-日本語-🔑",
            "encoded": upstream.hash("pässwörd-日本語-🔑"),
        },
        {
            "name": "argon2-cffi %s defaults" % argon2.__version__,
            "password": "another password",
            "encoded": local.hash("another password"),
        },
    ]
    for v in vectors:
        if not upstream.verify(v["encoded"], v["password"]):
            sys.exit("self-check failed for " + v["name"])
    return {
        "comment": "Made by make_vectors.py with argon2-cffi %s. 'salt' is given only where it is fixed." % argon2.__version__,
        "vectors": vectors,
    }


def derive(purpose):
    return hmac.new(SECRET.encode(), purpose.encode(), hashlib.sha256).digest()


def jti(n):
    """A deterministic jti: 16 bytes, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(bytes([n]) * 16).rstrip(b"=").decode("ascii")


def rfc3339(dt):
    return dt.isoformat().replace("+00:00", "Z")


def jwt_vectors():
    keys = {p: derive(p).hex() for p in PURPOSES}
    if keys != REFERENCE_KEYS:
        sys.exit("derived keys differ from the reference")

    now = datetime.datetime(2025, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)
    tokens = []

    def add(name, purpose, claims, algorithm="HS256", audience=None,
            decode_at=None, want_error=None, exact=True, decode_audience="same",
            decode_algorithm=None, key_purpose=None):
        """Mint claims with PyJWT and record how the Go codec must decode them.

        purpose, audience and algorithm describe the decoder; key_purpose and
        decode_algorithm, when given, make the minting side differ from it.
        """
        tok = jwt.encode(claims, derive(key_purpose or purpose), algorithm=algorithm)
        if decode_audience == "same":
            decode_audience = audience
        v = {
            "name": name,
            "algorithm": decode_algorithm or algorithm,
            "audience": decode_audience or "",
            "purpose": purpose,
            "decode_at": rfc3339(decode_at or now),
            "token": tok,
            "payload": json.dumps(claims, separators=(",", ":")),
            "exact": exact,
        }
        if want_error:
            v["want_error"] = want_error
        else:
            iat = datetime.datetime.fromtimestamp(float(claims["iat"]), tz=UTC)
            exp = datetime.datetime.fromtimestamp(int(claims["exp"]), tz=UTC)
            v["want"] = {
                "sub": claims["sub"],
                "jti": claims["jti"],
                "iat": rfc3339(iat),
                "exp": rfc3339(exp),
                "purpose": claims["purpose"],
                "new_email": claims.get("new_email", ""),
                "phone": claims.get("phone", ""),
            }
        tokens.append(v)
        return tok

    def claims(purpose, at, ttl, n, *, int_iat=False, aud=None, **extra):
        c = {
            "sub": USER_ID,
            "jti": jti(n),
            "iat": int(at.timestamp()) if int_iat else at.timestamp(),
            "exp": int((at + datetime.timedelta(seconds=ttl)).timestamp()),
            "purpose": purpose,
        }
        c.update(extra)
        if aud is not None:
            c["aud"] = aud
        return c

    epoch = datetime.datetime(2025, 1, 1, tzinfo=UTC)
    ref = add("reference token (behaviour reference 7.1)", "session",
              claims("session", epoch, 7200, 0))
    if ref != REFERENCE_TOKEN:
        sys.exit("PyJWT does not reproduce the reference token: " + ref)

    add("session, float iat with microseconds", "session", claims("session", now, 7200, 1))
    edge = datetime.datetime(2025, 6, 30, 23, 59, 59, 999999, tzinfo=UTC)
    add("session, iat .999999", "session", claims("session", edge, 7200, 2), decode_at=edge)
    tiny = datetime.datetime(2025, 6, 30, 12, 0, 0, 1, tzinfo=UTC)
    add("session, iat .000001", "session", claims("session", tiny, 7200, 3), decode_at=tiny)
    add("password_reset", "password_reset", claims("password_reset", now, 1800, 4))
    add("email_change, integer iat", "email_change",
        claims("email_change", now, 3600, 5, int_iat=True, new_email="new.address@example.com"))
    add("email_change, non-ascii new_email", "email_change",
        claims("email_change", now, 3600, 6, int_iat=True, new_email="jos\u00e9@example.com"),
        exact=False)
    add("phone_setup", "phone_setup", claims("phone_setup", now, 600, 7, phone="+14155552671"))
    add("login_mfa", "login_mfa", claims("login_mfa", now, 600, 8))
    aud_claims = claims("session", now, 7200, 9, aud="my-app")
    add("session with aud", "session", aud_claims, audience="my-app")
    # PyJWT 2.12.1, which the reference pins, says "Audience doesn't match"
    # here (Debian's 2.6.0 said "Invalid audience").
    add("session with aud, decoder expects another", "session", aud_claims,
        audience="my-app", decode_audience="other-app", want_error="Audience doesn't match")
    add("session with aud, decoder has none", "session", aud_claims,
        audience="my-app", decode_audience=None, want_error="Invalid audience")
    add("session without aud, decoder expects one", "session", claims("session", now, 7200, 10),
        decode_audience="my-app", want_error='Token is missing the "aud" claim')
    add("session HS384", "session", claims("session", now, 7200, 11), algorithm="HS384")
    add("session HS512", "session", claims("session", now, 7200, 12), algorithm="HS512")
    exp_claims = claims("session", now, 7200, 13)
    add("session, one microsecond before exp", "session", exp_claims,
        decode_at=datetime.datetime.fromtimestamp(exp_claims["exp"], tz=UTC) - datetime.timedelta(microseconds=1))
    add("session, expired at exactly exp", "session", exp_claims,
        decode_at=datetime.datetime.fromtimestamp(exp_claims["exp"], tz=UTC),
        want_error="Signature has expired")
    add("session token decoded as password_reset", "password_reset", claims("session", now, 7200, 14),
        key_purpose="session", want_error="Signature verification failed", exact=False)
    add("signed with the password_reset key, purpose claim session", "password_reset",
        claims("session", now, 7200, 15), key_purpose="password_reset",
        want_error="token purpose mismatch", exact=False)
    missing = claims("session", now, 7200, 16)
    del missing["jti"]
    add("session without jti", "session", missing, want_error='Token is missing the "jti" claim', exact=False)
    no_email = claims("email_change", now, 3600, 17, int_iat=True)
    add("email_change without new_email", "email_change", no_email,
        want_error='Token is missing the "new_email" claim', exact=False)
    no_phone = claims("phone_setup", now, 600, 18)
    add("phone_setup without phone", "phone_setup", no_phone,
        want_error='Token is missing the "phone" claim', exact=False)
    add("HS384 token, decoder configured for HS256", "session", claims("session", now, 7200, 19),
        algorithm="HS384", decode_algorithm="HS256",
        want_error="The specified alg value is not allowed", exact=False)

    return {
        "comment": "Made by make_vectors.py with PyJWT %s. 'exact': a Go codec given the same clock, "
                   "jti and configuration must mint the identical string." % jwt.__version__,
        "secret": SECRET,
        "derived_keys": keys,
        "tokens": tokens,
    }


def write(name, data):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    write("jwt_vectors.json", jwt_vectors())
    write("argon2_vectors.json", argon2_vectors())
