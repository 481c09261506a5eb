package io.egressfed.agent;

import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.ConfigApplier;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's {@code --no-kubernetes} mode: logs each verified config and changes nothing. For trying
 * the hub link on a workstation, where no cluster exists. Holds no state, so a restarted agent resumes
 * from its persisted version without asking for the current config again.
 */
final class LoggingConfigApplier implements ConfigApplier {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingConfigApplier.class);

    @Override
    public CompletableFuture<ApplyOutcome> apply(ClusterConfig config) {
        LOG.info("config v{} for cluster {} verified ({} assignment(s)); no Kubernetes backend, nothing written",
                config.getVersion(), config.getCluster(), config.getAssignmentsCount());
        for (ConfigAssignment assignment : config.getAssignmentsList()) {
            LOG.info("  {} {} via {} to {}", assignment.getIntent(), assignment.getRole(), assignment.getEgressIp(),
                    assignment.getDestinationCidrsList());
        }
        return CompletableFuture.completedFuture(ApplyOutcome.applied(config.getVersion()));
    }
}
