package io.egressfed.hub.api;

import java.util.Locale;

/** What applying an object did (or, in a dry run, would do). */
public enum ApplyAction {
    /** The object did not exist and was created. */
    CREATED,
    /** The object existed and its metadata or spec changed. */
    CONFIGURED,
    /** The object existed exactly as applied; nothing was written. */
    UNCHANGED;

    /**
     * The action as shown to users and sent over the wire, e.g. {@code configured}.
     *
     * @return the lower-case name
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
