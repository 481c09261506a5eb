/**
 * The Pekko cluster of hub replicas: its configuration ({@link io.egressfed.hub.cluster.PekkoConfig}),
 * membership ({@link io.egressfed.hub.cluster.HubCluster}), the cluster-wide live status of agents
 * (Pekko distributed data, {@link io.egressfed.hub.cluster.DistributedLiveStatusRegistry}) and the
 * coordinator running as a cluster singleton behind an etcd election
 * ({@link io.egressfed.hub.cluster.CoordinatorSingleton}).
 */
package io.egressfed.hub.cluster;
