package io.egressfed.e2e.lab.demo;

/**
 * A config (or one assignment of it) an agent refused to apply.
 *
 * @param cluster the cluster
 * @param intent  the refused assignment's intent, "" when the whole config was refused
 * @param version the refused config version
 * @param reason  the agent's reason
 */
public record Refusal(String cluster, String intent, long version, String reason) {
}
