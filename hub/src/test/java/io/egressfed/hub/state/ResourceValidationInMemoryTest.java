package io.egressfed.hub.state;

import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Store;

/** The validation table on the in-memory store. */
class ResourceValidationInMemoryTest extends ResourceValidationTable {

    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
