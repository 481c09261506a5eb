package io.egressfed.hub.store;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of {@link Store#commit(Txn)}.
 *
 * @param succeeded whether all compares held and the operations were applied
 * @param revision on success, the revision the writes were made at (the current revision if the
 *     transaction changed nothing); on failure, the store revision at which the compares were evaluated
 * @param failedCompares on failure, the compares that did not hold (each one evaluated at {@code revision});
 *     empty on success
 */
public record TxnResult(boolean succeeded, long revision, List<Compare> failedCompares) {

    /**
     * Copies the list.
     *
     * @throws NullPointerException when the list is null
     */
    public TxnResult {
        failedCompares = List.copyOf(Objects.requireNonNull(failedCompares, "failedCompares"));
    }
}
