# nhi.yaml: found in order, checked against the schema with FILE:LINE:COLUMN;
# the YAML reader bounds aliases and nesting.
. "$TOP/tests/lib.sh"

t 'no configuration anywhere is an empty one'
run nhi-test-tool config
expect_out <<'EOF'
- {}
EOF
expect_err </dev/null
expect_status 0

t './nhi.yaml is found and read'
cat >nhi.yaml <<'EOF'
windows:
  ci: 30d
  default: 90d
quarantine: 14d
sensitive:
  - arn:aws:s3:::customer-*
EOF
run nhi-test-tool config
expect_out <<'EOF'
nhi.yaml {"windows":{"ci":"30d","default":"90d"},"quarantine":"14d","sensitive":["arn:aws:s3:::customer-*"]}
EOF
expect_status 0

t '--config wins over $NHI_CONFIG, which wins over ./nhi.yaml'
echo 'quarantine: 1d' >nhi.yaml
echo 'quarantine: 2d' >env.yaml
echo 'quarantine: 3d' >opt.yaml
NHI_CONFIG=env.yaml run nhi-test-tool --config opt.yaml config
expect_out <<'EOF'
opt.yaml {"quarantine":"3d"}
EOF
NHI_CONFIG=env.yaml run nhi-test-tool config
expect_out <<'EOF'
env.yaml {"quarantine":"2d"}
EOF

t '$XDG_CONFIG_HOME/nhi/config.yaml is found when there is no ./nhi.yaml'
mkdir -p xdg/nhi
echo 'min_idle: 30d' >xdg/nhi/config.yaml
XDG_CONFIG_HOME=$T/xdg run nhi-test-tool config
expect_out <<EOF
$T/xdg/nhi/config.yaml {"min_idle":"30d"}
EOF
expect_status 0

t 'an unknown key is an error with its line and column'
cat >bad.yaml <<'EOF'
windows:
  ci: 30d
quarantine: 14d
quarantaine: 14d
EOF
run nhi-test-tool --config bad.yaml config
expect_out </dev/null
expect_err <<'EOF'
nhi-test-tool: bad.yaml:4:14: unknown key 'quarantaine'
EOF
expect_status 4

t 'a wrong type is an error with its line and column'
cat >bad.yaml <<'EOF'
windows:
  ci: soon
EOF
run nhi-test-tool --config bad.yaml config
expect_err <<'EOF'
nhi-test-tool: bad.yaml:2:7: 'ci' must be a duration (90d, 12h, 30m)
EOF
expect_status 4

t 'a YAML syntax error names its position'
printf 'windows:\n  ci: [30d\n' >bad.yaml
run nhi-test-tool --config bad.yaml config
expect_err <<'EOF'
nhi-test-tool: bad.yaml:3:1: did not find expected ',' or ']' while parsing a flow sequence
EOF
expect_status 4

t 'a missing --config file is a system error'
run nhi-test-tool --config nosuch.yaml config
expect_err <<'EOF'
nhi-test-tool: nosuch.yaml: No such file or directory
EOF
expect_status 4

t 'an alias bomb is refused, not expanded'
cat >bomb.yaml <<'EOF'
a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
EOF
run nhi-test-tool yaml bomb.yaml
expect_out </dev/null
expect_err <<'EOF'
nhi-test-tool: bomb.yaml:6: column 29: more than 1000000 nodes (alias expansion?)
EOF
expect_status 3

t 'YAML scalars: keys stay strings, plain scalars are typed, quoted ones are strings'
cat >doc.yaml <<'EOF'
on: push
yes: no
n: 012
i: -5
f: 1.5
g: 0.1
q: "true"
t: True
e:
base: &base {x: 1}
m:
  <<: *base
  y: 2
---
second
EOF
run nhi-test-tool yaml doc.yaml
expect_out <<'EOF'
[{"on":"push","yes":"no","n":"012","i":-5,"f":1.5,"g":0.1,"q":"true","t":true,"e":null,"base":{"x":1},"m":{"x":1,"y":2}},"second"]
EOF
expect_status 0

t 'YAML line numbers are kept per node when asked'
printf 'a:\n  b:\n    - c\n' >doc.yaml
LINES=1 run nhi-test-tool yaml doc.yaml
expect_out <<'EOF'
[{"a":{"b":["c"]}}]
{"/0":[1,1],"/0/a":[2,3],"/0/a/b":[3,5],"/0/a/b/0":[3,7]}
EOF
expect_status 0

t 'deep YAML nesting is refused'
awk 'BEGIN { for (i = 0; i < 300; i++) printf "["; for (i = 0; i < 300; i++) printf "]"; print "" }' >deep.yaml
run nhi-test-tool yaml deep.yaml
expect_err <<'EOF'
nhi-test-tool: deep.yaml:1: column 258: nesting deeper than 256
EOF
expect_status 3

done_testing
