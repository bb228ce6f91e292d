# Regenerates email_validator_vectors.json: every address string in email-validator
# 2.3.0 tests/test_syntax.py plus our own cases, run through pydantic EmailStr
# (pydantic 2.13, email-validator 2.3.0 source on sys.path, idna 3.13).
# Each row is [input, normalized, reason]; reason is "" when accepted.
import sys, ast, json
sys.path.insert(0,'/tmp/ev23')
from pydantic import TypeAdapter, EmailStr, ValidationError
ta = TypeAdapter(EmailStr)
src = open('/tmp/ev23/tests/test_syntax.py').read()
inputs = []
for node in ast.walk(ast.parse(src)):
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and '@' in node.value and len(node.value) < 400:
        inputs.append(node.value)
extra = ['user@xn--bcher-kva.de','"a"@x.com','a@[1.2.3.4]','a@[1.2.3.256]','a@[1.2.3]','a@[01.2.3.4]','a@[IPv6:::1]','a@[foo]','a@[x:y]','a.@x.com','a b@x.com','a\t@x.com','a@b@c.com','a@-x.com','a'*65+'@x.com','a@x.com.','a@'+'b'*64+'.com',
 'a'*64+'@'+('b'*60+'.')*3+'com', 'x'*250+'@'+'y'*50+'.com', 'Alice@Example.COM','Postmaster@x.com','a@😀.com','a@xn--zz.com','a@ＥＸＡＭＰＬＥ.com','a@ab--c.com','"a"b@x.com','Bob <bob@x.com>','<<a@x.com>>',' a@x.com ','a@x','a@x.123','a@x.test','a@x.localhost','noat','@x.com','a@','a..b@x.com','.a@x.com','a@x..com','a@x-.com','a@x.-y.com','a@.x.com','é@x.com','e\u0301@x.com','\u0301a@x.com','a@\u00e9.com','a\u200b@x.com','a@x\u200b.com','a＠x.com','a﹫x.com']
out = []
seen = set()
for s in inputs + extra:
    if s in seen: continue
    seen.add(s)
    try:
        v = ta.validate_python(s); out.append((s, v, ''))
    except ValidationError as e:
        err = e.errors()[0]
        assert err['type']=='value_error', err
        out.append((s, '', err['ctx']['reason']))
with open('email_validator_vectors.json', 'w') as f:
    json.dump(out, f, ensure_ascii=False, indent=0)
    f.write('\n')
print(len(out))
