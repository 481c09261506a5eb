package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.PlacementMode;

/**
 * Fills fields that have a default, without touching the caller's message (protobuf messages are
 * immutable; a new one is returned). Defaults are applied before validation and stored, so that what
 * {@code get} returns is what the hub acts on.
 *
 * <ul>
 *   <li>{@code spec.placement.failback}: {@code Auto} for ActivePassive intents; PerCluster intents
 *       keep it unset, because failback means nothing there and the validator refuses it.
 *   <li>{@code spec.placement.mode} has no default: it decides how many addresses an intent consumes,
 *       so the user must choose it.
 *   <li>Pools and member clusters have no defaulted fields.
 * </ul>
 */
public final class Defaults {
    private Defaults() {
    }

    /** Returns the intent with its defaults filled in; the same instance when nothing is missing. */
    public static EgressIntent apply(EgressIntent intent) {
        boolean activePassive = intent.getSpec().getPlacement().getMode() == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE;
        if (activePassive && intent.getSpec().getPlacement().getFailback() == Failback.FAILBACK_UNSPECIFIED) {
            EgressIntent.Builder builder = intent.toBuilder();
            builder.getSpecBuilder().getPlacementBuilder().setFailback(Failback.FAILBACK_AUTO);
            return builder.build();
        }
        return intent;
    }
}
