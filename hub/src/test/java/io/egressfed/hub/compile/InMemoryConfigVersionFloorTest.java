package io.egressfed.hub.compile;

import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Store;

/** The config version floor contract on the in-memory store ({@code --dev} and the demo). */
class InMemoryConfigVersionFloorTest extends ConfigVersionFloorContractTest {

    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
