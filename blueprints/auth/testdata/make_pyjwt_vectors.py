# regstack:omit

"""Produce pyjwt_reasons.json: the reason PyJWT 2.12.1 (the version the
reference pins) gives for faulty tokens, as the reference calls it, plus
Python's lenient base64 and json.loads results for the pieces PyJWT decodes.

PyPI is not reachable here, so run it against PyJWT's own source tree at tag
2.12.1 (git archive of jpadilla/pyjwt) with any Python 3:

    PYTHONPATH=/path/to/pyjwt-2.12.1 python3 blueprints/auth/testdata/make_pyjwt_vectors.py

The output is deterministic.
"""

import base64
import hashlib
import hmac
import json
import os
import random

import jwt as pyjwt

assert pyjwt.__version__ == "2.12.1", pyjwt.__version__

SECRET = "test-secret-please-change-0123456789abcdef"
GOOD = {"sub": "u", "jti": "j", "iat": 1735689600.5, "exp": 4102444800, "purpose": "session"}


def key(purpose):
    return hmac.new(SECRET.encode(), purpose.encode(), hashlib.sha256).digest()


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def sign(header, payload, purpose="session"):
    """Sign raw header and payload text (str or bytes) with HS256."""
    h = header.encode() if isinstance(header, str) else header
    p = payload.encode() if isinstance(payload, str) else payload
    signing = b64(h) + "." + b64(p)
    sig = hmac.new(key(purpose), signing.encode(), hashlib.sha256).digest()
    return signing + "." + b64(sig)


def reason(token, audience, purpose="session"):
    """The reference's JWTCodec.decode up to the purpose check: the
    TokenError text, "" when accepted, or None for a server error."""
    try:
        claims = pyjwt.decode(
            token,
            key(purpose),
            algorithms=["HS256"],
            audience=audience,
            options={
                "require": ["sub", "exp", "iat", "jti", "purpose"],
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except pyjwt.PyJWTError as exc:
        return str(exc)
    except Exception:
        return None
    if claims.get("purpose") != purpose:
        return "token purpose mismatch"
    return ""


H = '{"alg":"HS256","typ":"JWT"}'
P = json.dumps(GOOD, separators=(",", ":"))


def with_claims(**kw):
    d = dict(GOOD)
    for k, v in kw.items():
        if v is ...:
            d.pop(k)
        else:
            d[k] = v
    return json.dumps(d, separators=(",", ":"))


good = sign(H, P)
parts = good.split(".")
tokens = [
    ("empty", ""),
    ("one segment", "abc"),
    ("two segments", parts[0] + "." + parts[1]),
    ("four segments", good + ".x"),
    ("dot in payload", parts[0] + "." + parts[1] + ".x." + parts[2]),
    ("header one char", "a." + parts[1] + "." + parts[2]),
    ("header garbage", "!!." + parts[1] + "." + parts[2]),
    ("header empty", "." + parts[1] + "." + parts[2]),
    ("header two chars", "ab." + parts[1] + "." + parts[2]),
    ("header base64 of text", b64(b"hello") + "." + parts[1] + "." + parts[2]),
    ("header bearer prefix", "Bearer " + good),
    ("header not utf-8", b64(b"\xff{}") + "." + parts[1] + "." + parts[2]),
    ("header truncated utf-8", b64(b'{"a":"\xe2\x82') + "." + parts[1] + "." + parts[2]),
    ("header single quotes", sign("{'alg':'HS256'}", P)),
    ("header unterminated", sign('{"alg":"HS256"', P)),
    ("header trailing comma", sign('{"alg":"HS256",}', P)),
    ("header missing colon", sign('{"alg" "HS256"}', P)),
    ("header missing comma", sign('{"alg":"HS256" "typ":"JWT"}', P)),
    ("header extra data", sign('{"alg":"HS256"} x', P)),
    ("header newline extra data", sign('{"alg":"HS256"}\n\n  x', P)),
    ("header control char", sign('{"alg":"HS\x01256"}', P)),
    ("header bad escape", sign('{"alg":"\\q"}', P)),
    ("header bad unicode escape", sign('{"alg":"\\u12"}', P)),
    ("header unterminated string", sign('{"alg', P)),
    ("header array", sign('["HS256"]', P)),
    ("header string", sign('"HS256"', P)),
    ("header number", sign("1", P)),
    ("header null", sign("null", P)),
    ("header bom", sign(b'\xef\xbb\xbf{"alg":"HS256"}', P)),
    ("header NaN", sign('{"alg":"HS256","x":NaN}', P)),
    ("header dup alg", sign('{"alg":"none","alg":"HS256"}', P)),
    ("header nested", sign('{"alg":"HS256","x":[1,{"y":[true,false,null,-0.5e3]}]}', P)),
    ("header escaped alg", sign('{"\\u0061lg":"HS\\u0032\\u00356"}', P)),
    ("no alg", sign('{"typ":"JWT"}', P)),
    ("alg empty", sign('{"alg":""}', P)),
    ("alg null", sign('{"alg":null}', P)),
    ("alg number", sign('{"alg":256}', P)),
    ("alg list", sign('{"alg":["HS256"]}', P)),
    ("alg lower case", sign('{"alg":"hs256"}', P)),
    ("alg none", b64(b'{"alg":"none"}') + "." + parts[1] + "."),
    ("alg HS512", sign('{"alg":"HS512"}', P)),
    ("kid number", sign('{"alg":"HS256","kid":1}', P)),
    ("kid string", sign('{"alg":"HS256","kid":"k"}', P)),
    ("kid before alg check", sign('{"alg":"none","kid":null}', P)),
    ("crit not list", sign('{"alg":"HS256","crit":"b64"}', P)),
    ("crit empty", sign('{"alg":"HS256","crit":[]}', P)),
    ("crit number", sign('{"alg":"HS256","crit":[1]}', P)),
    ("crit unsupported", sign('{"alg":"HS256","crit":["exp"]}', P)),
    ("crit b64 missing", sign('{"alg":"HS256","crit":["b64"]}', P)),
    ("crit b64 true", sign('{"alg":"HS256","crit":["b64"],"b64":true}', P)),
    ("b64 false", sign('{"alg":"HS256","b64":false}', P)),
    ("payload one char", parts[0] + ".a." + parts[2]),
    ("payload garbage", parts[0] + ".!!." + parts[2]),
    ("signature one char", parts[0] + "." + parts[1] + ".a"),
    ("signature garbage", parts[0] + "." + parts[1] + ".!!"),
    ("signature empty", parts[0] + "." + parts[1] + "."),
    ("signature tampered", parts[0] + "." + parts[1] + "." + ("A" if parts[2][0] != "A" else "B") + parts[2][1:]),
    ("signature padded", good + "=="),
    ("signature std alphabet", parts[0] + "." + parts[1] + "." + parts[2].replace("-", "+").replace("_", "/")),
    ("signature with junk", parts[0] + "." + parts[1] + "." + parts[2][:4] + "!*" + parts[2][4:]),
    ("payload tampered", parts[0] + "." + b64(P.replace('"u"', '"v"').encode()) + "." + parts[2]),
    ("payload not json", sign(H, '{"sub":')),
    ("payload empty", sign(H, "")),
    ("payload array", sign(H, "[1]")),
    ("payload string", sign(H, '"x"')),
    ("payload extra data", sign(H, P + "]")),
    ("payload not utf-8", sign(H, b"\xc3(")),
    ("payload single quotes", sign(H, "{'sub':'u'}")),
    ("sub int", sign(H, with_claims(sub=7))),
    ("sub list", sign(H, with_claims(sub=["u"]))),
    ("sub empty", sign(H, with_claims(sub=""))),
    ("jti int", sign(H, with_claims(jti=7))),
    ("purpose int", sign(H, with_claims(purpose=1))),
    ("purpose other", sign(H, with_claims(purpose="login_mfa"))),
    ("sub int and jti int", sign(H, with_claims(sub=1, jti=2))),
    ("aud string", sign(H, with_claims(aud="my-app"))),
    ("aud other", sign(H, with_claims(aud="other"))),
    ("aud empty string", sign(H, with_claims(aud=""))),
    ("aud empty list", sign(H, with_claims(aud=[]))),
    ("aud zero", sign(H, with_claims(aud=0))),
    ("aud false", sign(H, with_claims(aud=False))),
    ("aud number", sign(H, with_claims(aud=5))),
    ("aud object", sign(H, with_claims(aud={"a": 1}))),
    ("aud list ours", sign(H, with_claims(aud=["x", "my-app"]))),
    ("aud list others", sign(H, with_claims(aud=["a", "b"]))),
    ("aud list with number", sign(H, with_claims(aud=["my-app", 1]))),
    ("aud and sub int", sign(H, with_claims(aud="other", sub=1))),
    ("missing sub and aud other", sign(H, with_claims(sub=..., aud="other"))),
    ("iss present", sign(H, with_claims(iss=5))),
    ("nbf null", sign(H, with_claims(nbf=None))),
]
for claim in ["sub", "exp", "iat", "jti", "purpose"]:
    tokens.append(("without " + claim, sign(H, with_claims(**{claim: ...}))))
    tokens.append((claim + " null", sign(H, with_claims(**{claim: None}))))
tokens.append(("without everything", sign(H, "{}")))

cases = []
for name, token in tokens:
    for audience in (None, "my-app"):
        r = reason(token, audience)
        if r is None:
            continue
        cases.append({"name": name, "token": token, "audience": audience or "", "reason": r})

rng = random.Random(12)
b64_cases = []
for s in ["", "a", "ab", "abc", "abcd", "ab=", "ab==", "a=b", "ab=c", "abc=d", "==ab", "a!b", "a.b", "YQ", "YWI", "YW=I", "-_-_", "+/+/", "YQ==YQ"]:
    b64_cases.append(s)
for _ in range(400):
    n = rng.randrange(0, 12)
    b64_cases.append("".join(rng.choice("AQgw09-_+/=!.é") for _ in range(n)))
base64_vectors = []
for s in b64_cases:
    try:
        out = pyjwt.utils.base64url_decode(s).hex()
    except Exception:
        out = None
    base64_vectors.append({"in": s, "out": out})

json_inputs = [
    b"", b" ", b"\n\n  ?", b"x", b"{", b"}", b"[", b"[1,]", b"[1 2]", b"{\"a\":1,}", b"{,}", b"{\"a\" 1}",
    b"{\"a\":}", b"{\"a\":1 \"b\":2}", b"{\"a", b"\"abc\\", b"\"\\", b"{}\n x", b"[] []", b"01", b"1.", b"-", b"-x",
    b"1e", b"1e+", b"tru", b"nul", b"NaN", b"-Infinity", b"Infinity", b"[NaN,1]", b"\"\\ud800\\udc00\"", b"\"\\u00e9\"",
    b"\xff", b"\xe2\x82", b"\xe2\x28\xa1", b"\xf0\x90\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xef\xbb\xbf{}",
    b"{\"a\":\"\x01\"}", b"{\"a\":\"\\x\"}", b"{\"a\":\"\\u12\"}", b"{\"a\":\"\\u12zz\"}", "{\"é\":1,".encode(),
    "[\"é\" \"x\"]".encode(), b"\t[\r\n1\n,\n2\n]\n", b"[[[[]]]]", b"{\"a\":[1,{\"b\":null}],\"c\":true}x",
]
json_inputs += [b"\xed\xa0A", b"\xed\x9f\xbf", b"\xf4\x90\x80\x80", b"\xe0\x80\x80", b"\xf0\x80"]
# Random edits of a header-like document, to cover offsets and messages.
seed_doc = '{"alg": "HS256", "kid": ["a", 1.5e3, null, true], "x": {"y": "\\u00e9\\n"}}'
for _ in range(300):
    d = list(seed_doc)
    for _ in range(rng.randrange(1, 3)):
        i = rng.randrange(len(d) + 1)
        op = rng.randrange(3)
        if op == 0 and i < len(d):
            del d[i]
        elif op == 1:
            d.insert(i, rng.choice('{}[],:"\\ \n\tx1-.eE'))
        elif i < len(d):
            d[i] = rng.choice('{}[],:"\\ \n\tx1-.eE\x01')
    json_inputs.append("".join(d).encode())
json_vectors = []
for b in json_inputs:
    try:
        json.loads(b)
        msg = ""
    except ValueError as e:
        msg = str(e)
    json_vectors.append({"in": b.hex(), "error": msg})

out = {"tokens": cases, "base64": base64_vectors, "json": json_vectors}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyjwt_reasons.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote", path, len(cases), "token cases")
