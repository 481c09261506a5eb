package io.egressfed.hub.state;

import io.egressfed.hub.store.EtcdStore;
import io.egressfed.hub.store.Store;
import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.RealEtcd;
import java.util.List;

/** The validation table on a real etcd. */
@RealEtcd
class ResourceValidationEtcdTest extends ResourceValidationTable {

    private final EtcdLauncher etcd;

    ResourceValidationEtcdTest(EtcdLauncher etcd) {
        this.etcd = etcd;
    }

    @Override
    protected Store newStore() {
        return EtcdStore.connect(List.of(etcd.endpoint()));
    }
}
