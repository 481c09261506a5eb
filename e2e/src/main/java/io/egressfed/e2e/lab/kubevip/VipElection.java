package io.egressfed.e2e.lab.kubevip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Optional;

/**
 * The simulated kube-vip's per-service election: sticky (a holder that is still a candidate keeps the
 * VIP, as kube-vip's lease holder does) and otherwise deterministic, by rendezvous hashing of the
 * service key with each candidate, so that services spread over nodes and a failure only moves the
 * services of the failed node.
 */
public final class VipElection {

    private VipElection() {
    }

    /**
     * The node that holds the service's VIP.
     *
     * @param serviceKey    {@code namespace/name}
     * @param currentHolder the node holding it now, or null
     * @param candidates    the nodes that may hold it (Ready, running kube-vip, with a local endpoint where
     *                      required)
     * @return the holder, or empty when there is no candidate
     */
    public static Optional<String> elect(String serviceKey, String currentHolder, Collection<String> candidates) {
        if (currentHolder != null && candidates.contains(currentHolder)) {
            return Optional.of(currentHolder);
        }
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String candidate : candidates) {
            long score = score(serviceKey, candidate);
            if (best == null || score > bestScore || (score == bestScore && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private static long score(String serviceKey, String node) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((serviceKey + "\u0000" + node).getBytes(StandardCharsets.UTF_8));
            long score = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                score = (score << 8) | (digest[i] & 0xff);
            }
            return score;
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", impossible);
        }
    }
}
