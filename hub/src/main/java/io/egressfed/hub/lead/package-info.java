/**
 * Leader election with fencing: one candidate at a time holds an election key in the store, and every
 * write it makes carries a compare on that key's create revision, so a deposed leader cannot commit.
 * {@link io.egressfed.hub.lead.EtcdElection} backs the key with an etcd lease (production);
 * {@link io.egressfed.hub.lead.InMemoryElection} serves the single-process in-memory store.
 */
package io.egressfed.hub.lead;
