package io.egressfed.e2e.bench;

/**
 * The unavoidable work of one propagation, measured on the same machine in the same run: one etcd
 * transaction, one loopback gRPC round trip to the hub, and one Ed25519 sign plus verify of a config.
 *
 * @param etcdTxn one single-put etcd transaction, client to etcd and back
 * @param grpcRoundTrip one unary call to the hub's spoke-link server over loopback TLS
 * @param signVerify signing a config envelope and verifying it against a pinned key
 */
public record Floor(Latencies etcdTxn, Latencies grpcRoundTrip, Latencies signVerify) {

    /** The floor: the sum of the three medians, in milliseconds. */
    public double millis() {
        return etcdTxn.p50Millis() + grpcRoundTrip.p50Millis() + signVerify.p50Millis();
    }
}
