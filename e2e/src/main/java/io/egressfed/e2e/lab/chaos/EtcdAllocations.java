package io.egressfed.e2e.lab.chaos;

import com.google.protobuf.InvalidProtocolBufferException;
import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.hub.store.Keys;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reads the {@code alloc/} keys straight from etcd (not through a hub), as the checker's ground truth. */
final class EtcdAllocations implements AutoCloseable {

    private final Client client;
    private final Keys keys = Keys.defaults();

    EtcdAllocations(String endpoint) {
        this.client = Client.builder().endpoints(endpoint).build();
    }

    /** One linearizable range read of every allocation. */
    CompletableFuture<AllocationSnapshot> read() {
        ByteSequence prefix = ByteSequence.from(keys.allocs(), StandardCharsets.UTF_8);
        return client.getKVClient().get(prefix, GetOption.builder().isPrefix(true).build()).thenApply(response -> {
            long at = System.nanoTime();
            List<AllocationRecord> records = new ArrayList<>();
            for (KeyValue kv : response.getKvs()) {
                String ip = Keys.nameIn(keys.allocs(), kv.getKey().toString(StandardCharsets.UTF_8));
                try {
                    Allocation allocation = Allocation.parseFrom(kv.getValue().getBytes());
                    records.add(new AllocationRecord(ip, allocation.getPool(), allocation.getIntent(),
                            allocation.getCluster()));
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("alloc/" + ip + " holds no Allocation: " + e.getMessage(), e);
                }
            }
            return new AllocationSnapshot(at, records);
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
