package io.egressfed.hub.store;

import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.RealEtcd;
import java.util.List;

/** The store contract on a real etcd (one server for the class; each test has its own prefix). */
@RealEtcd
class EtcdStoreContractTest extends StoreContractTest {

    private final EtcdLauncher etcd;

    EtcdStoreContractTest(EtcdLauncher etcd) {
        this.etcd = etcd;
    }

    @Override
    protected Store newStore() {
        return EtcdStore.connect(List.of(etcd.endpoint()));
    }

    @Override
    protected void loseConnection(Store store) {
        etcd.restart();
    }
}
