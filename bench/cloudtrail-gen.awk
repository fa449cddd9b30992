# cloudtrail-gen.awk: N deterministic CloudTrail events (Park-Miller
# generator, so every awk gives the same bytes).  -v n=EVENTS
# -v mode=ndjson (one event a line) or mode=records (files of -v per=N
# events as {"Records":[...]} written under -v dir=DIR, one day each).
function rnd(k) { seed = (seed * 16807) % 2147483647; return seed % k }
function two(x) { return (x < 10 ? "0" : "") x }
function event(i,    r, who, src, name, t, d, ident, rp) {
	r = rnd(1000)
	who = rnd(40)
	d = 1 + int(i / per) % 28
	t = sprintf("2026-03-%sT%s:%s:%sZ", two(d), two(rnd(24)), two(rnd(60)), two(rnd(60)))
	if (r < 500) { src = "s3.amazonaws.com"; name = (r < 400 ? "GetObject" : "PutObject")
		rp = sprintf("{\"bucketName\":\"data-%d\",\"key\":\"p/%d/obj-%d.json\",\"Host\":\"data-%d.s3.eu-west-1.amazonaws.com\"}", who % 7, rnd(4), rnd(25), who % 7) }
	else if (r < 700) { src = "sts.amazonaws.com"; name = "AssumeRole"
		rp = sprintf("{\"roleArn\":\"arn:aws:iam::111122223333:role/target-%d\",\"roleSessionName\":\"s-%d\",\"durationSeconds\":3600}", rnd(12), i) }
	else if (r < 850) { src = "lambda.amazonaws.com"; name = "Invoke"
		rp = sprintf("{\"functionName\":\"fn-%d\",\"invocationType\":\"Event\"}", rnd(20)) }
	else if (r < 950) { src = "ec2.amazonaws.com"; name = "DescribeInstances"; rp = "{\"maxResults\":100,\"filterSet\":{}}" }
	else { src = "dynamodb.amazonaws.com"; name = "GetItem"; rp = sprintf("{\"tableName\":\"t-%d\",\"key\":{\"id\":{\"S\":\"%d\"}}}", rnd(9), i) }
	ident = sprintf("{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE%05d:sess-%d\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/app-%d/sess-%d\",\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLE%09d\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE%05d\",\"arn\":\"arn:aws:iam::111122223333:role/app-%d\",\"accountId\":\"111122223333\",\"userName\":\"app-%d\"},\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"%s\",\"mfaAuthenticated\":\"false\"}}}", who, i, who, i, i, who, who, who, t)
	return sprintf("{\"eventVersion\":\"1.09\",\"userIdentity\":%s,\"eventTime\":\"%s\",\"eventSource\":\"%s\",\"eventName\":\"%s\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"10.0.%d.%d\",\"userAgent\":\"aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22 md/GOOS#linux api/%s\",\"requestParameters\":%s,\"responseElements\":null,\"requestID\":\"REQ%012d\",\"eventID\":\"%08d-0000-4000-8000-000000000000\",\"readOnly\":true,\"resources\":[{\"accountId\":\"111122223333\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::111122223333:role/app-%d\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":%s,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"%s\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"%s\"}}", ident, t, src, name, rnd(256), rnd(256), src, rp, i, i, who, (r < 500 ? "false" : "true"), (r < 500 ? "Data" : "Management"), src)
}
BEGIN {
	seed = 42
	if (!per)
		per = 5000
	if (mode == "records") {
		for (i = 0; i < n; i++) {
			if (i % per == 0) {
				if (i)
					{ printf "]}\n" > file; close(file) }
				d = 1 + int(i / per) % 28
				sub_dir = sprintf("%s/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/%s", dir, two(d))
				system("mkdir -p " sub_dir)
				file = sprintf("%s/111122223333_CloudTrail_eu-west-1_202603%sT0000Z_%06d.json", sub_dir, two(d), i / per)
				printf "{\"Records\":[" > file
				sep = ""
			}
			printf "%s%s", sep, event(i) > file
			sep = ","
		}
		if (n)
			{ printf "]}\n" > file; close(file) }
	} else {
		for (i = 0; i < n; i++)
			print event(i)
	}
}
