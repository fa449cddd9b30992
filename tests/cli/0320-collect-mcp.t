# nhi-collect mcp: each configured MCP server is an identity and a
# workload with the credentials it carries; literal ones are sightings,
# ${VAR}, ${env:X} and ${input:x} references are not.
. "$TOP/tests/lib.sh"

t 'the real client configurations give the records in the golden file'
run_sh "cd '$FIX/mcp' && nhi-collect mcp --host laptop-jane *.json"
expect_out_file "$FIX/mcp/samples.out"
expect_err </dev/null
expect_status 0

t 'Claude Code projects, VS Code settings (JSONC), Zed, Continue; headers, docker, uvx, pins'
run_sh "cd '$FIX/mcp' && nhi-collect mcp --host laptop-jane own"
expect_out_file "$FIX/mcp/own.out"
expect_err </dev/null
expect_status 0
expect_no_secret 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 Sh0p-Pg-2291x lin_api_Rk29sLq7Vx4Nm8Pz3Wc6Ty1Hb5Jd0Gf2Ka9Ue4X

t 'the host is the user whose home holds the file'
mkdir -p home/jane/.cursor
printf '{"mcpServers":{"docs":{"url":"https://u:p4ss@mcp.example/sse?key=abc"}}}\n' >home/jane/.cursor/mcp.json
run nhi-collect mcp home/jane/.cursor/mcp.json
expect_out <<'EOF'
{"kind":"identity","id":"mcp:jane/docs","system":"mcp","type":"mcp_server","name":"docs","launch":{"kind":"remote","url":"https://mcp.example/sse"},"source":{"collector":"mcp","file":"home/jane/.cursor/mcp.json","pointer":"/mcpServers/docs"}}
{"kind":"workload","id":"mcp:jane/docs","system":"mcp","type":"mcp_server","name":"docs","path":"home/jane/.cursor/mcp.json","oidc":false,"uses":[],"source":{"collector":"mcp","file":"home/jane/.cursor/mcp.json","pointer":"/mcpServers/docs"}}
EOF
expect_err </dev/null
expect_status 0
expect_no_secret p4ss

t 'invalid JSON is rejected with its line; the next file is read'
printf '{\n  "mcpServers": {\n    "a": \n' >bad.json
printf '{"servers":{"b":{"command":"node","args":["b.js"]}}}\n' >good.json
run nhi-collect mcp --host h bad.json good.json
expect_out <<'EOF'
{"kind":"identity","id":"mcp:h/b","system":"mcp","type":"mcp_server","name":"b","launch":{"kind":"command","command":"node"},"source":{"collector":"mcp","file":"good.json","pointer":"/servers/b"}}
{"kind":"workload","id":"mcp:h/b","system":"mcp","type":"mcp_server","name":"b","path":"good.json","oidc":false,"uses":[],"source":{"collector":"mcp","file":"good.json","pointer":"/servers/b"}}
EOF
expect_err <<'EOF'
nhi-collect: bad.json:4: invalid JSON: unexpected token near end of file at column 0
EOF
expect_status 3

done_testing
