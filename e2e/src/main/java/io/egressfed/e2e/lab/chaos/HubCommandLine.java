package io.egressfed.e2e.lab.chaos;

import java.util.List;

/**
 * Builds the arguments of one hub replica's process: the one piece to change when the hub's flags
 * change (see {@link HubMainCommandLine}).
 */
public interface HubCommandLine {

    /**
     * The arguments after {@code io.egressfed.hub.HubMain}.
     *
     * @param replica the replica to start
     * @return the arguments
     */
    List<String> arguments(HubReplica replica);

    /**
     * How many replicas this command line can run together.
     *
     * @param requested how many the user asked for
     * @return {@code requested} when replicas can form a cluster, else 1
     */
    int replicas(int requested);

    /**
     * One line saying what is used, e.g. which flags, and why fewer replicas than requested run.
     *
     * @param requested how many replicas the user asked for
     * @return the description
     */
    String describe(int requested);
}
