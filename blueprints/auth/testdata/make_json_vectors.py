# regstack:omit

"""Produce json_vectors.json: how Python's json module reads request bodies.

Run from the repository root with the Python version the reference pins
(3.11, see upstream .python-version):

    python3 blueprints/auth/testdata/make_json_vectors.py

Each vector is a body (base64) and what json.loads(body) does with those
bytes, as the reference's framework calls it: "ok", a JSONDecodeError with
its msg and pos, or "encoding" for a UnicodeDecodeError (which the
framework answers with 400). Bodies with NaN/Infinity, encoded lone
surrogates or very deep nesting are left out: the Go port refuses those on
purpose (docs/compatibility.md) and its own tests cover them. The random
part uses a fixed seed, so the file is deterministic.
"""

import base64
import json
import os
import random
import sys

SEEDS = [
    '{"email": "alice@example.com", "password": "correct horse"}',
    '{"is_active": true, "is_superuser": false, "full_name": null}',
    '{"full_name": "Zoë Ñandú 日本語 😀", "x": [1, -2.5e3, {"y": "\\u00e9\\ud83d\\ude00"}]}',
    '[1, 2.0, -0, 1e5, 1E+2, 0.5e-1, "a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"]',
    '{"a": {"b": [[], {}, [null, true, false]]}}',
    '"just a string"',
    '12345',
    'null',
]

HAND = [
    '', ' ', '   ', '\n\t\r ', '{', '}', '[', ']', '{"a"', '{"a":', '{"a": }', '{"a" 1}',
    '{"a": 1,}', '{"a": 1 "b": 2}', '[1,]', '[1 2]', '[,1]', '{,}', "{'email': 'x'}",
    '{"email": "a@b.co"} xyz', '{} xyz', '{}}', '[]]', '{"a": tru}', '{"a": nul}',
    '{"a": fals}', 'tru', 'nul', 'fals', '-', '-a', '--1', '01', '1.', '1.e5', '.5', '1e',
    '1e+', '1e-', '1E5x', '+1', '0x10', '"abc', '"abc\\', '"a\\x"', '"\\u12"', '"\\u12G4"',
    '"\\u123"', '"\\u1234', '"\\ud800\\u12G4"', '"\\ud800\\x"', '"\\ud800\\"', '"\\ud800\\u',
    '"\\ud800"', '"\\udc00"', '"tab\there"', '"nl\nhere"', '"nul\x00"', '"del\x7f"',
    '{"é": 1 x}', '{"😀😀": 1 x}', '["日本", 2 3]', '\ufeff{}', '{"a":1}\ufeff',
    '{"a": "b"}\x00', '\u00a0{}', '{\u00a0"a": 1}', '{"a":\u20281}', '[1,\n2,\n3\n', '{"a": [1, 2}',
    '{"a": 1]', '{"a" : "b" , "c" : [ ] , }', '{"a":"b"}{"c":"d"}', '{"a": -}', '{"a": 1.5.5}',
    '{"a": "\\/"}', '{"a": "\\\'"}', '{"a"\n:\n1\n}', '["a"\t,\t"b"]', '[[[[[]]]]', '{"a":{"b":{}}',
]

CHARS = list('{}[]":,\\ \t\n.-+eE0123456789abfnrtuxyz') + ['\x00', '\x1f', 'é', '日', '😀', "'"]


def outcome(body):
    try:
        json.loads(body)
    except json.JSONDecodeError as e:
        return {"kind": "json_invalid", "msg": e.msg, "pos": e.pos}
    except UnicodeDecodeError:
        return {"kind": "encoding"}
    return {"kind": "ok"}


def wanted(body):
    enc = json.detect_encoding(body)
    try:
        body.decode(enc, 'surrogatepass')
    except UnicodeDecodeError:
        return True  # not text at all: wanted
    try:
        text = body.decode(enc)
    except UnicodeDecodeError:
        return False  # text only with lone surrogates
    return not any(word in text for word in ("NaN", "Infinity"))


def mutate(rng, s):
    s = list(s)
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        i = rng.randint(0, len(s))
        if op < 0.4 and s:
            del s[min(i, len(s) - 1)]
        elif op < 0.8:
            s.insert(i, rng.choice(CHARS))
        elif s:
            s[min(i, len(s) - 1)] = rng.choice(CHARS)
    return ''.join(s)


def main():
    rng = random.Random(12)
    bodies = [h.encode('utf-8') for h in HAND + SEEDS]
    for seed in SEEDS:
        for _ in range(60):
            bodies.append(mutate(rng, seed).encode('utf-8'))
        for _ in range(6):
            s = mutate(rng, seed)
            # truncations
            bodies.append(s[: rng.randint(0, len(s))].encode('utf-8'))
    for seed in SEEDS[:3] + ['{"a": 1 x}', '{"é": tru}']:
        for enc in ('utf-16', 'utf-16-le', 'utf-16-be', 'utf-32', 'utf-32-le', 'utf-32-be', 'utf-8-sig'):
            bodies.append(seed.encode(enc))
    bad = [b'\xff', b'\xc3', b'\xc3\x28', b'\xe2\x82', b'\xf0\x9f\x98', b'\x80', b'\xfe', b'\xc0\xaf']
    for b in bad:
        bodies.append(b'{"full_name": "' + b + b'"}')
        bodies.append(b + b'{}')
        bodies.append(b'{"a": 1}' + b)
    bodies += [b'{\x00', b'\x00{', b'{}\x00', b'{"a":1}\x00\x00', b'\xff\xfe{\x00', b'\xfe\xff\x00{\x00}']
    seen, out = set(), []
    for b in bodies:
        if b in seen or not wanted(b):
            continue
        seen.add(b)
        out.append({"body": base64.b64encode(b).decode(), "want": outcome(b)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'json_vectors.json')
    with open(path, 'w') as f:
        # One vector a line keeps the file (and the golden files that carry
        # it) short and its diffs readable.
        f.write('{"python": %s, "vectors": [\n' % json.dumps(sys.version.split()[0]))
        f.write(',\n'.join(json.dumps(v, ensure_ascii=True) for v in out))
        f.write('\n]}\n')


main()
