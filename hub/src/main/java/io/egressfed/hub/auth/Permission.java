package io.egressfed.hub.auth;

/** What an admin API call needs to be allowed to do. */
public enum Permission {
    /** Read any resource, status, whois and the audit log. */
    READ,
    /** Create, update and delete pools. */
    WRITE_POOLS,
    /** Create, update and delete member clusters. */
    WRITE_CLUSTERS,
    /** Create, update and delete intents. */
    WRITE_INTENTS,
    /** Move an ActivePassive intent to another cluster by hand. */
    FAILOVER,
    /** Create enrollment tokens (and the member cluster they enroll). */
    ENROLL,
    /** Create, list and revoke admin API tokens. */
    MANAGE_TOKENS
}
