/* ctscan.h: the fields of one CloudTrail event that identity, action and
 * resource need, picked straight out of its JSON text (the fast path of
 * nhi-collect cloudtrail --aggregate), or out of a parsed event (jansson,
 * the reference).  Both fill the same struct, so what follows cannot tell
 * which one ran.
 *
 * The scanner accepts only what it can vouch for: plain ASCII strings
 * (the escapes \" \\ \/ \b \f \n \r \t in values it skips), numbers that
 * cannot overflow, nesting up to NHI_CTSCAN_MAX_DEPTH, each field it takes
 * given once (one of another type counts as absent). Anything else, valid
 * JSON or not, makes it answer NHI_CTSCAN_FALLBACK: parse with jansson. */
#ifndef NHI_CTSCAN_H
#define NHI_CTSCAN_H

#include <jansson.h>
#include <stddef.h>

#define NHI_CTSCAN_MAX_DEPTH 64
#define NHI_CTSCAN_MAX_RESOURCES 32 /* resources[].ARN kept per event */

enum nhi_ct_field {
	NHI_CT_TIME,        /* eventTime */
	NHI_CT_SOURCE,      /* eventSource */
	NHI_CT_NAME,        /* eventName */
	NHI_CT_ERROR,       /* errorCode */
	NHI_CT_REGION,      /* awsRegion */
	NHI_CT_RECIPIENT,   /* recipientAccountId */
	NHI_CT_LOOKUP,      /* CloudTrailEvent (LookupEvents: the event as a string) */
	NHI_CT_UID_TYPE,    /* userIdentity.type */
	NHI_CT_UID_ARN,     /* userIdentity.arn */
	NHI_CT_UID_ACCOUNT, /* userIdentity.accountId */
	NHI_CT_UID_PRINCIPAL, /* userIdentity.principalId */
	NHI_CT_UID_USER,    /* userIdentity.userName */
	NHI_CT_UID_INVOKED_BY, /* userIdentity.invokedBy */
	NHI_CT_UID_IDP,     /* userIdentity.identityProvider */
	NHI_CT_ISSUER_ARN,  /* userIdentity.sessionContext.sessionIssuer.arn */
	NHI_CT_ISSUER_TYPE, /* ....sessionIssuer.type */
	NHI_CT_ISSUER_USER, /* ....sessionIssuer.userName */
	NHI_CT_WEBFED_IDP,  /* ....sessionContext.webIdFederationData.federatedProvider */
	NHI_CT_OBO_USER,    /* userIdentity.onBehalfOf.userId */
	NHI_CT_OBO_STORE,   /* userIdentity.onBehalfOf.identityStoreArn */
	NHI_CT_RP_BUCKET,   /* requestParameters.bucketName */
	NHI_CT_RP_KEY,      /* requestParameters.key */
	NHI_CT_RP_ROLE_ARN, /* requestParameters.roleArn */
	NHI_CT_RP_POLICY_ARN, /* requestParameters.policyArn */
	NHI_CT_RP_USER,     /* requestParameters.userName */
	NHI_CT_RP_ROLE,     /* requestParameters.roleName */
	NHI_CT_RP_GROUP,    /* requestParameters.groupName */
	NHI_CT_RP_FUNCTION, /* requestParameters.functionName */
	NHI_CT_RP_TOPIC_ARN, /* requestParameters.topicArn */
	NHI_CT_RP_SECRET,   /* requestParameters.secretId */
	NHI_CT_RP_TABLE,    /* requestParameters.tableName */
	NHI_CT_RP_KEY_ID,   /* requestParameters.keyId */
	NHI_CT_NFIELDS
};

struct nhi_ct_str {
	const char *p; /* NULL: absent (or null) */
	size_t n;
};

struct nhi_ct_event {
	struct nhi_ct_str f[NHI_CT_NFIELDS];
	struct nhi_ct_str res[NHI_CTSCAN_MAX_RESOURCES];
	size_t nres;
};

enum { NHI_CTSCAN_OK = 0, NHI_CTSCAN_FALLBACK = -1 };

/* nhi_ctscan_event: the event object that starts at p (after optional
 * white space); p[n] must be readable and '\0'. On NHI_CTSCAN_OK, ev
 * points into p and *end is the offset just past the object's '}'. */
int nhi_ctscan_event(const char *p, size_t n, struct nhi_ct_event *ev,
		     size_t *end);
/* nhi_ctscan_skip: the offset just past the JSON value at p + i (after
 * white space), with the scanner's rules; NHI_CTSCAN_FALLBACK when it
 * cannot vouch for it. p[n] must be '\0'. */
long nhi_ctscan_skip(const char *p, size_t n, size_t i);
/* nhi_ctscan_from_json: the same fields from a parsed event (strings are
 * borrowed from o). A field of the wrong type counts as absent. */
void nhi_ctscan_from_json(const json_t *o, struct nhi_ct_event *ev);

#endif
