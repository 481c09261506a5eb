package io.egressfed.agent.link;

/** Where the agent's hub link stands. */
public enum LinkState {
    /** Not started yet. */
    NEW,
    /** Exchanging the bootstrap token for a certificate. */
    ENROLLING,
    /** A Connect stream is opening; the hub has not answered yet. */
    CONNECTING,
    /** The hub answered on the current stream. */
    CONNECTED,
    /** The last stream or enrollment attempt failed; the next one is scheduled. */
    WAITING_TO_RETRY,
    /** The link cannot go on without an operator (no credentials and no usable token). */
    FAILED,
    /** Stopped. */
    STOPPED
}
