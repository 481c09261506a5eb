package io.egressfed.hub.compile;

import io.egressfed.hub.store.EtcdStore;
import io.egressfed.hub.store.Store;
import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.RealEtcd;
import java.util.List;

/** The config version floor contract on a real etcd (one server for the class; each test has its own root). */
@RealEtcd
class EtcdConfigVersionFloorTest extends ConfigVersionFloorContractTest {

    private final EtcdLauncher etcd;

    EtcdConfigVersionFloorTest(EtcdLauncher etcd) {
        this.etcd = etcd;
    }

    @Override
    protected Store newStore() {
        return EtcdStore.connect(List.of(etcd.endpoint()));
    }
}
