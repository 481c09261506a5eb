package io.egressfed.hub.store;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The etcd key layout (DESIGN.md "Storage") as functions, under a configurable root so that tests
 * (and several installations sharing one etcd) can be isolated by prefix.
 *
 * <pre>
 * ROOT pools/NAME  clusters/NAME  intents/NAME  alloc/IP  placement/INTENT
 *      configs/CLUSTER  config-floors/CLUSTER  tokens/ID  inventory/CLUSTER  admin-tokens/NAME
 *      audit/ID  audit-ip/IP/ID  audit-resource/KIND/NAME/ID
 *      guards/resources  guards/pool-allocations/POOL
 * </pre>
 *
 * <p>Audit records are keyed by a time-ordered id chosen by the writer (see
 * {@link #auditRecord(String)}), not by a global counter: a counter would be one hot key that every
 * writer of every replica contends on. The {@code audit-ip/} and {@code audit-resource/} keys are
 * secondary indexes written in the same transaction as the record. The {@code guards/} keys carry no
 * data: writers put them to bump their mod revision, and other writers compare that revision, so that
 * two transactions touching no common object still exclude each other (see
 * {@link #resourceGuard()} and {@link #poolAllocations(String)}).
 *
 * <p>A {@code config-floors/} key outlives its cluster's config: it holds the last config version
 * retired when the config was deleted, so that a cluster re-created under the same name continues
 * above every version its agent may have applied (an agent refuses any version at or below the one it
 * applied). No collection prefix is a prefix of another ({@code configs/} and {@code config-floors/}
 * part at the character after {@code config}), so a watch or listing of one never sees the other.
 *
 * <p>Names must be non-empty and contain no {@code '/'}, whitespace or control characters, so a key
 * never reaches into another collection. Addresses are canonicalized (RFC 5952 for IPv6: compressed,
 * lower case; IPv4-mapped IPv6 as IPv4) so one address always maps to one key. Audit sequence
 * numbers are zero-padded to 20 digits so key order is numeric order.
 */
public final class Keys {

    /** The production root. */
    public static final String DEFAULT_ROOT = "/egressfed/v1alpha1/";

    private static final int AUDIT_SEQ_DIGITS = 20;

    private final String root;

    /**
     * Creates the layout under {@code root}.
     *
     * @param root a prefix starting and ending with {@code '/'}, e.g. {@code /egressfed/v1alpha1/}
     * @throws IllegalArgumentException when the root is malformed
     */
    public Keys(String root) {
        Objects.requireNonNull(root, "root");
        if (root.length() < 2 || !root.startsWith("/") || !root.endsWith("/")) {
            throw new IllegalArgumentException("key root: must start and end with '/' and not be just '/', got '"
                    + root + "'");
        }
        this.root = root;
    }

    /**
     * The production layout under {@link #DEFAULT_ROOT}.
     *
     * @return the layout
     */
    public static Keys defaults() {
        return new Keys(DEFAULT_ROOT);
    }

    /**
     * The root every key starts with.
     *
     * @return the root
     */
    public String root() {
        return root;
    }

    /**
     * Prefix of all pools.
     *
     * @return the prefix
     */
    public String pools() {
        return root + "pools/";
    }

    /**
     * The pool's key.
     *
     * @param name the pool name
     * @return the pool's key
     */
    public String pool(String name) {
        return pools() + requireName(name, "pool name");
    }

    /**
     * Prefix of all member clusters.
     *
     * @return the prefix
     */
    public String clusters() {
        return root + "clusters/";
    }

    /**
     * The member cluster's key.
     *
     * @param name the cluster name
     * @return the member cluster's key
     */
    public String cluster(String name) {
        return clusters() + requireName(name, "cluster name");
    }

    /**
     * Prefix of all intents.
     *
     * @return the prefix
     */
    public String intents() {
        return root + "intents/";
    }

    /**
     * The intent's key.
     *
     * @param name the intent name
     * @return the intent's key
     */
    public String intent(String name) {
        return intents() + requireName(name, "intent name");
    }

    /**
     * Prefix of all allocations.
     *
     * @return the prefix
     */
    public String allocs() {
        return root + "alloc/";
    }

    /**
     * The allocation key of an address, in canonical form.
     *
     * @param ip an IPv4 or IPv6 literal (no host names, zones or prefix lengths)
     * @return the allocation's key
     * @throws IllegalArgumentException when {@code ip} is not an IP literal
     */
    public String alloc(String ip) {
        return allocs() + canonicalIp(ip);
    }

    /**
     * The allocation key of an address.
     *
     * @param ip the address (without a zone)
     * @return the allocation's key
     * @throws IllegalArgumentException when the address carries a zone (scope id)
     */
    public String alloc(InetAddress ip) {
        Objects.requireNonNull(ip, "ip");
        if (ip instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            throw new IllegalArgumentException("ip: '" + ip.getHostAddress() + "' has a zone; egress addresses have none");
        }
        return allocs() + InetAddresses.toAddrString(ip);
    }

    /**
     * Prefix of all placements.
     *
     * @return the prefix
     */
    public String placements() {
        return root + "placement/";
    }

    /**
     * The key of the intent's placement decision.
     *
     * @param intent the intent name
     * @return the key of the intent's placement decision
     */
    public String placement(String intent) {
        return placements() + requireName(intent, "placement intent name");
    }

    /**
     * Prefix of all signed cluster configs.
     *
     * @return the prefix
     */
    public String configs() {
        return root + "configs/";
    }

    /**
     * The key of the cluster's current signed config.
     *
     * @param cluster the cluster name
     * @return the key of the cluster's current signed config
     */
    public String config(String cluster) {
        return configs() + requireName(cluster, "config cluster name");
    }

    /**
     * Prefix of the config version floors.
     *
     * @return the prefix
     */
    public String configFloors() {
        return root + "config-floors/";
    }

    /**
     * The key of the cluster's config version floor: the last version of a deleted config of that
     * cluster name, which every later config of the name must exceed.
     *
     * @param cluster the cluster name
     * @return the key of the cluster's config version floor
     */
    public String configFloor(String cluster) {
        return configFloors() + requireName(cluster, "config floor cluster name");
    }

    /**
     * Prefix of all enrollment tokens.
     *
     * @return the prefix
     */
    public String tokens() {
        return root + "tokens/";
    }

    /**
     * The token's key.
     *
     * @param id the token id
     * @return the token's key
     */
    public String token(String id) {
        return tokens() + requireName(id, "token id");
    }

    /**
     * Prefix of all admin API tokens.
     *
     * @return the prefix
     */
    public String adminTokens() {
        return root + "admin-tokens/";
    }

    /**
     * The key of an admin API token (its name, role and hash; never the token itself).
     *
     * @param name the token's name
     * @return the token's key
     */
    public String adminToken(String name) {
        return adminTokens() + requireName(name, "admin token name");
    }

    /**
     * Prefix of the audit log.
     *
     * @return the prefix
     */
    public String audits() {
        return root + "audit/";
    }

    /**
     * The audit record's key under the original global-sequence layout, ordered numerically among its
     * siblings.
     *
     * @param seq the record's sequence number
     * @return the audit record's key, ordered numerically among its siblings
     * @throws IllegalArgumentException when {@code seq} is negative
     * @deprecated a global sequence needs a counter key that every writer contends on; the audit log
     *     keys records with {@link #auditRecord(String)} and fills {@code seq} from the create revision
     */
    @Deprecated
    public String audit(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("audit seq: must be >= 0, got " + seq);
        }
        String digits = Long.toString(seq);
        return audits() + "0".repeat(AUDIT_SEQ_DIGITS - digits.length()) + digits;
    }

    /**
     * The audit record's key. Ids are chosen by the writer so that key order is time order, e.g.
     * {@code 00001767225600000000-0000000000000001-3f9a0c12d4e5b6a7} (epoch microseconds zero-padded
     * to 20 digits, the writer's own counter, and the writer's random instance id that keeps
     * concurrent writers apart).
     *
     * @param id the record id (no {@code '/'}, whitespace or control characters)
     * @return the audit record's key
     */
    public String auditRecord(String id) {
        return audits() + requireName(id, "audit id");
    }

    /**
     * Prefix of the audit index by IP address.
     *
     * @return the prefix
     */
    public String auditByIp() {
        return root + "audit-ip/";
    }

    /**
     * Prefix of the audit index entries of one address (each a copy of a record naming it).
     *
     * @param ip an IPv4 or IPv6 literal, canonicalized like {@link #alloc(String)}
     * @return the prefix, ending in {@code '/'}
     * @throws IllegalArgumentException when {@code ip} is not an IP literal
     */
    public String auditByIp(String ip) {
        return auditByIp() + canonicalIp(ip) + "/";
    }

    /**
     * Prefix of the audit index by resource.
     *
     * @return the prefix
     */
    public String auditByResource() {
        return root + "audit-resource/";
    }

    /**
     * Prefix of the audit index entries of one resource (each a copy of a record about it).
     *
     * @param kind the resource kind, e.g. {@code EgressIntent}
     * @param name the resource name
     * @return the prefix, ending in {@code '/'}
     */
    public String auditByResource(String kind, String name) {
        return auditByResource() + requireName(kind, "audit kind") + "/" + requireName(name, "audit resource name") + "/";
    }

    /**
     * Prefix of all cluster inventories.
     *
     * @return the prefix
     */
    public String inventories() {
        return root + "inventory/";
    }

    /**
     * The key of the cluster's gateway inventory (which gateway node carries which addresses).
     *
     * @param cluster the cluster name
     * @return the key of the cluster's inventory
     */
    public String inventory(String cluster) {
        return inventories() + requireName(cluster, "inventory cluster name");
    }

    /**
     * Prefix of the leader election keys.
     *
     * @return the prefix
     */
    public String leaders() {
        return root + "leaders/";
    }

    /**
     * The key an election's leader holds (its create revision is the leader's fencing token).
     *
     * @param election the election name, e.g. {@code coordinator}
     * @return the key
     */
    public String leader(String election) {
        return leaders() + requireName(election, "election name");
    }

    /**
     * Prefix of the guard keys (data-less keys whose mod revision orders writers).
     *
     * @return the prefix
     */
    public String guards() {
        return root + "guards/";
    }

    /**
     * The guard every pool, cluster and intent write puts and compares: resource writes are rare, and
     * serializing them makes every rule that relates two objects (pool overlap, references,
     * preferences) exact across hub replicas.
     *
     * @return the guard key
     */
    public String resourceGuard() {
        return guards() + "resources";
    }

    /**
     * The guard of one pool's allocations: every allocation and release in the pool puts it, every
     * update or deletion of the pool compares it, so a pool can never shrink away an address
     * allocated after the shrink was validated.
     *
     * @param pool the pool name
     * @return the guard key
     */
    public String poolAllocations(String pool) {
        return guards() + "pool-allocations/" + requireName(pool, "pool name");
    }

    /**
     * The last segment of a key in a collection, e.g. the pool name of a pool key, the IP of an
     * allocation key.
     *
     * @param collection the collection prefix, e.g. {@link #pools()}
     * @param key a key in that collection
     * @return the part after the prefix
     * @throws IllegalArgumentException when the key is not directly inside the collection
     */
    public static String nameIn(String collection, String key) {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(key, "key");
        if (!key.startsWith(collection) || key.length() == collection.length()
                || key.indexOf('/', collection.length()) >= 0) {
            throw new IllegalArgumentException("key '" + key + "' is not an item of '" + collection + "'");
        }
        return key.substring(collection.length());
    }

    /**
     * Canonical text of an IP literal: IPv4 dotted quad, IPv6 per RFC 5952 (compressed, lower case),
     * IPv4-mapped IPv6 as IPv4.
     *
     * @param ip the literal
     * @return the canonical text
     * @throws IllegalArgumentException when {@code ip} is not an IP literal
     */
    public static String canonicalIp(String ip) {
        Objects.requireNonNull(ip, "ip");
        if (ip.indexOf('%') >= 0 || ip.indexOf('/') >= 0 || !InetAddresses.isInetAddress(ip)) {
            throw new IllegalArgumentException("ip: '" + ip + "' is not an IPv4 or IPv6 address literal");
        }
        return InetAddresses.toAddrString(InetAddresses.forString(ip));
    }

    private static String requireName(String name, String field) {
        Objects.requireNonNull(name, field);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(field + ": must not contain '/', whitespace or control characters, got '"
                        + name + "'");
            }
        }
        return name;
    }
}
