package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;

/** The {@link Validator}: runs the rules of each kind and throws when any of them failed. */
final class ResourceValidator implements Validator {

    @Override
    public void validatePool(EgressIPPool candidate, World world) {
        Errors errors = new Errors();
        PoolRules.check(candidate, world, errors);
        if (errors.isEmpty()) {
            // Checked only on a valid shape: against a broken one every use would look stranded.
            PoolShape.of(candidate).ifPresent(shape -> PoolDependents.check(shape, world, errors));
        }
        throwIfAny(errors, "EgressIPPool", candidate.getMetadata().getName());
    }

    @Override
    public void validatePoolDeletion(String name, World world) {
        Errors errors = new Errors();
        PoolDependents.checkDeletion(name, world, errors);
        throwIfAny(errors, "EgressIPPool", name, true);
    }

    @Override
    public void validateCluster(MemberCluster candidate, World world) {
        Errors errors = new Errors();
        ClusterRules.check(candidate, world, errors);
        throwIfAny(errors, "MemberCluster", candidate.getMetadata().getName());
    }

    @Override
    public void validateClusterDeletion(String name, World world) {
        Errors errors = new Errors();
        ClusterRules.checkDeletion(name, world, errors);
        throwIfAny(errors, "MemberCluster", name, true);
    }

    @Override
    public void validateIntent(EgressIntent candidate, World world) {
        Errors errors = new Errors();
        IntentRules.check(candidate, world, errors);
        throwIfAny(errors, "EgressIntent", candidate.getMetadata().getName());
    }

    private static void throwIfAny(Errors errors, String kind, String name) {
        throwIfAny(errors, kind, name, false);
    }

    private static void throwIfAny(Errors errors, String kind, String name, boolean deletion) {
        if (errors.isEmpty()) {
            return;
        }
        throw deletion
                ? ValidationException.undeletable(kind, name, errors.list())
                : ValidationException.invalid(kind, name, errors.list());
    }
}
