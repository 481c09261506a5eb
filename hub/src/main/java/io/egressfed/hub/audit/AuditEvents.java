package io.egressfed.hub.audit;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;

/**
 * Builds the audit records of common events, ready for {@link AuditLog#append}. Allocation records are
 * about the intent holding the address ({@code kind = EgressIntent}), so that they show up both in the
 * intent's history and in the address's.
 */
public final class AuditEvents {

    /** The kind named by allocation and release records. */
    public static final String INTENT_KIND = "EgressIntent";

    private AuditEvents() {
    }

    /**
     * A create, update or delete of a resource.
     *
     * @param action {@link AuditAction#AUDIT_ACTION_CREATE}, {@code _UPDATE} or {@code _DELETE}
     * @param kind the resource kind, e.g. {@code EgressIPPool}
     * @param name the resource name
     * @param actor who made the change, e.g. {@code admin:ops-token}
     * @param beforeDigest {@link ObjectDigest} of the stored object before; empty on create
     * @param afterDigest {@link ObjectDigest} of the stored object after; empty on delete
     * @return the record
     */
    public static AuditRecord resourceChange(AuditAction action, String kind, String name, String actor,
                                             String beforeDigest, String afterDigest) {
        return AuditRecord.newBuilder()
                .setAction(action)
                .setKind(kind)
                .setName(name)
                .setActor(actor)
                .setBeforeDigest(beforeDigest)
                .setAfterDigest(afterDigest)
                .build();
    }

    /**
     * An address handed to an intent.
     *
     * @param allocation the new allocation
     * @param actor who decided it, e.g. {@code coordinator}
     * @return the record
     */
    public static AuditRecord allocate(Allocation allocation, String actor) {
        return addressRecord(AuditAction.AUDIT_ACTION_ALLOCATE, allocation, actor,
                "allocated " + allocation.getIp() + " from pool " + allocation.getPool() + where(allocation));
    }

    /**
     * An address taken back from an intent.
     *
     * @param allocation the allocation being removed
     * @param actor who decided it
     * @param reason why, e.g. {@code intent deleted}
     * @return the record
     */
    public static AuditRecord release(Allocation allocation, String actor, String reason) {
        return addressRecord(AuditAction.AUDIT_ACTION_RELEASE, allocation, actor,
                "released " + allocation.getIp() + " to pool " + allocation.getPool() + where(allocation) + ": " + reason);
    }

    private static AuditRecord addressRecord(AuditAction action, Allocation allocation, String actor, String message) {
        return AuditRecord.newBuilder()
                .setAction(action)
                .setKind(INTENT_KIND)
                .setName(allocation.getIntent())
                .setActor(actor)
                .setIp(allocation.getIp())
                .setPool(allocation.getPool())
                .setCluster(allocation.getCluster())
                .setMessage(message)
                .build();
    }

    private static String where(Allocation allocation) {
        return allocation.getCluster().isEmpty() ? "" : " in cluster " + allocation.getCluster();
    }
}
