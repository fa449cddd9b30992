# nhi-collect okta-users, okta-groups, people-csv: the workforce as person
# and team records: status, manager, aliases, teams and their members.
. "$TOP/tests/lib.sh"
W=$FIX/workforce

t 'okta-users: the Users API examples, list and single user'
cp "$W/oas-users--ListUsers.json" "$W/oas-users-id--GetUserExample.json" .
run nhi-collect okta-users oas-users--ListUsers.json oas-users-id--GetUserExample.json
expect_out <<'EOF'
{"kind":"person","id":"person:alice.smith@example.com","email":"alice.smith@example.com","name":"Alice Smith","login":"alice.smith@example.com","status":"active","okta_id":"00u118oQYT4TBTemp0g4","source":{"collector":"okta-users","file":"oas-users--ListUsers.json","pointer":"/0"}}
{"kind":"person","id":"person:isaac.brock@example.com","email":"isaac.brock@example.com","name":"Isaac Brock","login":"isaac.brock@example.com","aliases":["isaac@example.org"],"status":"active","title":"Director","department":"Engineering","okta_id":"00ub0oNGTSWTBKOLGLNR","source":{"collector":"okta-users","file":"oas-users-id--GetUserExample.json","pointer":"/0"}}
EOF
expect_err </dev/null
expect_status 0

t 'okta-users: departed, suspended, managers by id, address or name; bad users named'
cp "$W/users.json" .
run nhi-collect okta-users users.json
expect_out <<'EOF'
{"kind":"person","id":"person:raj@acme.example","email":"Raj@Acme.example","name":"Raj Patel","login":"raj","aliases":["raj"],"status":"active","title":"VP Platform","department":"Platform","okta_id":"00u1","source":{"collector":"okta-users","file":"users.json","pointer":"/0"}}
{"kind":"person","id":"person:jane@acme.example","email":"jane@acme.example","name":"Jane Roe","login":"jane@acme.example","aliases":["jane.roe@gmail.example"],"status":"departed","left":"2026-10-31T17:00:00Z","manager":"person:raj@acme.example","department":"Platform","okta_id":"00u2","source":{"collector":"okta-users","file":"users.json","pointer":"/1"}}
{"kind":"person","id":"person:sam@acme.example","email":"sam@acme.example","name":"Sam Li","login":"sam@acme.example","status":"suspended","manager_name":"Someone Else","okta_id":"00u3","source":{"collector":"okta-users","file":"users.json","pointer":"/2"}}
{"kind":"person","id":"person:kim@acme.example","email":"kim@acme.example","login":"kim@acme.example","status":"active","manager":"person:raj@acme.example","okta_id":"00u4","source":{"collector":"okta-users","file":"users.json","pointer":"/3"}}
EOF
expect_err <<'EOF'
nhi-collect: users.json: /4: Okta user 00u5 has no profile.email
nhi-collect: users.json: /5: not a user object
EOF
expect_status 3

t 'okta-groups: groups with the members of one'
cp "$W/oas-groups--ListGroupsExample.json" "$W/oas-groups-groupId-users--ListMemberUserResponse.json" .
run nhi-collect okta-groups oas-groups--ListGroupsExample.json 00g1emaKYZTWRYYRRTSK=oas-groups-groupId-users--ListMemberUserResponse.json
expect_out <<'EOF'
{"kind":"team","id":"team:west-coast-users","name":"West Coast users","members":["person:alice.smith@example.com"],"description":"All users West of The Rockies","okta_id":"00g1emaKYZTWRYYRRTSK","source":{"collector":"okta-groups","file":"oas-groups--ListGroupsExample.json","pointer":"/0"}}
{"kind":"team","id":"team:engineering-users","name":"Engineering users","description":"All users in the engineering department","okta_id":"00garwpuyxHaWOkdV0g4","source":{"collector":"okta-groups","file":"oas-groups--ListGroupsExample.json","pointer":"/1"}}
EOF
expect_err </dev/null
expect_status 0

t 'people-csv: header names, quotes, CRLF, a BOM; managers by name; bad rows by line'
cp "$W/people.csv" .
run nhi-collect people-csv people.csv
expect_out <<'EOF'
{"kind":"person","id":"person:jane@acme.example","email":"jane@acme.example","name":"Roe, Jane","status":"departed","left":"2026-10-31T00:00:00Z","team":"team:platform","title":"SRE \"lead\"","manager":"person:raj@acme.example","source":{"collector":"people-csv","file":"people.csv","line":2}}
{"kind":"person","id":"person:raj@acme.example","email":"raj@acme.example","name":"Raj Patel","status":"active","team":"team:platform","title":"VP","source":{"collector":"people-csv","file":"people.csv","line":3}}
{"kind":"person","id":"person:sam@acme.example","email":"sam@acme.example","name":"Sam\nLi","status":"suspended","team":"team:data-eng","manager":"person:raj@acme.example","source":{"collector":"people-csv","file":"people.csv","line":4}}
{"kind":"person","id":"person:kim@acme.example","email":"kim@acme.example","name":"Kim","status":"active","manager_name":"nobody","source":{"collector":"people-csv","file":"people.csv","line":6}}
{"kind":"person","id":"person:mo@acme.example","email":"mo@acme.example","name":"Mo","status":"departed","left":"2026-01-15T00:00:00Z","source":{"collector":"people-csv","file":"people.csv","line":10}}
{"kind":"team","id":"team:platform","name":"Platform","members":["person:jane@acme.example","person:raj@acme.example"],"source":{"collector":"people-csv","file":"people.csv","line":2}}
{"kind":"team","id":"team:data-eng","name":"Data Eng","members":["person:sam@acme.example"],"source":{"collector":"people-csv","file":"people.csv","line":4}}
EOF
expect_err <<'EOF'
nhi-collect: people.csv:8: no email address in column 1
nhi-collect: people.csv:9: unknown status 'frozen' (active, suspended, departed)
nhi-collect: people.csv:11: text after a closing quote
nhi-collect: people.csv:6: manager 'nobody' is no one in the input; kept as manager_name
EOF
expect_status 3

t 'people-csv: no email column, an empty file'
printf 'name,status\nx,active\n' >noemail.csv
: >empty.csv
run nhi-collect people-csv noemail.csv empty.csv
expect_out </dev/null
expect_err <<'EOF'
nhi-collect: noemail.csv:1: no email column in the header row
nhi-collect: empty.csv: empty file, no header row
EOF
expect_status 3

t 'people-csv: a field that is not UTF-8 rejects its row only'
printf 'email,name\nx@acme.example,\377bad\nok@acme.example,Ok\n' >latin1.csv
run nhi-collect people-csv latin1.csv
expect_out <<'EOF'
{"kind":"person","id":"person:ok@acme.example","email":"ok@acme.example","name":"Ok","status":"active","source":{"collector":"people-csv","file":"latin1.csv","line":3}}
EOF
expect_err <<'EOF'
nhi-collect: latin1.csv:2: invalid UTF-8
EOF
expect_status 3

t 'okta-users: pages saved one after another, and one user a line'
printf '[{"id":"a","status":"ACTIVE","profile":{"email":"a@acme.example"}}]\n[{"id":"b","status":"STAGED","profile":{"email":"b@acme.example","managerId":"c"}}]\n' >pages.json
printf '{"id":"c","status":"DEPROVISIONED","profile":{"email":"c@acme.example"}}\n{"id":"d",\n' >lines.json
run nhi-collect okta-users pages.json lines.json
expect_out <<'EOF'
{"kind":"person","id":"person:a@acme.example","email":"a@acme.example","status":"active","okta_id":"a","source":{"collector":"okta-users","file":"pages.json","pointer":"/0"}}
{"kind":"person","id":"person:b@acme.example","email":"b@acme.example","status":"active","manager":"person:c@acme.example","okta_id":"b","source":{"collector":"okta-users","file":"pages.json","pointer":"/1"}}
{"kind":"person","id":"person:c@acme.example","email":"c@acme.example","status":"departed","okta_id":"c","source":{"collector":"okta-users","file":"lines.json","pointer":"/0"}}
EOF
expect_err <<'EOF'
nhi-collect: lines.json:3: invalid JSON: string or '}' expected near end of file at column 0
EOF
expect_status 3

done_testing
