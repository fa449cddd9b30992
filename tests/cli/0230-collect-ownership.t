# nhi-collect codeowners and backstage: declared ownership as signals, with
# the teams and people the declarations name.
. "$TOP/tests/lib.sh"
W=$FIX/workforce

t 'codeowners: a real file, teams once each, rule order kept'
cp "$W/GitGuardian_ggshield.CODEOWNERS" CODEOWNERS
run nhi-collect codeowners --repo GitGuardian/ggshield CODEOWNERS
expect_out_file "$W/ggshield-codeowners.out"
expect_err </dev/null
expect_status 0

t 'codeowners: commented-out owners are not owners'
cp "$W/hashicorp_terraform.CODEOWNERS" CODEOWNERS
run nhi-collect codeowners --repo hashicorp/terraform CODEOWNERS
expect_out_file "$W/terraform-codeowners.out"
expect_err </dev/null
expect_status 0

t 'codeowners: emails, users, a pattern given twice, GitLab sections, bad owners'
cat >CODEOWNERS <<'EOF'
# default
*                 @acme/platform   # trailing comment
/infra/           jane@Acme.example @raj
/infra/           @acme/sre
docs/\#notes.md   @writer
[Terraform] @acme/iac
*.tf
^[Optional][2] @bob
/secrets/ acme/bad @
EOF
run nhi-collect codeowners --repo acme/infra CODEOWNERS
expect_out <<'EOF'
{"kind":"signal","subject":"repo:acme/infra:*","person":"team:acme/platform","role":"codeowner","evidence":"CODEOWNERS rule 1: * owned by @acme/platform","weight":0.5,"rule":1,"source":{"collector":"codeowners","file":"CODEOWNERS","line":2}}
{"kind":"signal","subject":"repo:acme/infra:/infra/","person":"team:acme/sre","role":"codeowner","evidence":"CODEOWNERS rule 3: /infra/ owned by @acme/sre","weight":0.5,"rule":3,"source":{"collector":"codeowners","file":"CODEOWNERS","line":4}}
{"kind":"signal","subject":"repo:acme/infra:docs/#notes.md","person":"@writer","role":"codeowner","evidence":"CODEOWNERS rule 4: docs/#notes.md owned by @writer","weight":0.5,"rule":4,"source":{"collector":"codeowners","file":"CODEOWNERS","line":5}}
{"kind":"signal","subject":"repo:acme/infra:*.tf","person":"team:acme/iac","role":"codeowner","evidence":"CODEOWNERS rule 5: *.tf owned by @acme/iac","weight":0.5,"rule":5,"source":{"collector":"codeowners","file":"CODEOWNERS","line":7}}
{"kind":"team","id":"team:acme/platform","name":"@acme/platform","source":{"collector":"codeowners","file":"CODEOWNERS","line":2}}
{"kind":"team","id":"team:acme/sre","name":"@acme/sre","source":{"collector":"codeowners","file":"CODEOWNERS","line":4}}
{"kind":"team","id":"team:acme/iac","name":"@acme/iac","source":{"collector":"codeowners","file":"CODEOWNERS","line":7}}
EOF
expect_err <<'EOF'
nhi-collect: CODEOWNERS:9: 'acme/bad' is not an owner (@user, @org/team or an email address)
nhi-collect: CODEOWNERS:9: '@' is not an owner (@user, @org/team or an email address)
EOF
expect_status 3

t 'codeowners: --repo is required and checked'
run nhi-collect codeowners CODEOWNERS
expect_out </dev/null
expect_status 2
run nhi-collect codeowners --repo acme CODEOWNERS
expect_status 2

t 'backstage: a Group with Users (memberOf), a Component owned by the group'
cp "$W/team-a-group.yaml" "$W/artist-lookup-component.yaml" .
run nhi-collect backstage team-a-group.yaml artist-lookup-component.yaml
expect_out_file "$W/backstage.out"
expect_err </dev/null
expect_status 0

t 'backstage: user owners, repo slugs, members, entities not understood'
cat >catalog-info.yaml <<'EOF'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    github.com/project-slug: acme/payments
spec:
  owner: user:default/jdoe
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: Payments Team}
spec:
  type: team
  members: [jdoe, ghost]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: jdoe}
spec:
  profile: {email: JDoe@acme.example, displayName: J Doe}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: noemail}
spec: {}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: db}
spec: {type: database}
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata: {name: here}
spec: {targets: [./a.yaml]}
---
just: text
EOF
run nhi-collect backstage catalog-info.yaml
expect_out <<'EOF'
{"kind":"signal","subject":"repo:acme/payments","person":"person:jdoe@acme.example","role":"accountable","evidence":"Backstage Component payments-api: spec.owner user:default/jdoe","weight":0.75,"source":{"collector":"backstage","file":"catalog-info.yaml","line":1}}
{"kind":"team","id":"team:payments-team","name":"Payments Team","members":["person:jdoe@acme.example","user:ghost"],"source":{"collector":"backstage","file":"catalog-info.yaml","line":10}}
{"kind":"person","id":"person:jdoe@acme.example","email":"JDoe@acme.example","name":"J Doe","login":"jdoe","status":"active","source":{"collector":"backstage","file":"catalog-info.yaml","line":17}}
EOF
expect_err <<'EOF'
nhi-collect: catalog-info.yaml:38: not a catalog entity (no kind or metadata.name)
nhi-collect: catalog-info.yaml:23: User noemail has no spec.profile.email
nhi-collect: catalog-info.yaml:28: Resource db has no spec.owner
nhi-collect: backstage: skipped 1 object of type 'Location' (not collected yet)
EOF
expect_status 3

done_testing
