package io.egressfed.cli;

import java.util.Locale;

/** The {@code -o} formats. */
enum OutputFormat {
    /** The default table. */
    TABLE,
    /** The table with more columns. */
    WIDE,
    /** Manifests as YAML (multi-document for lists). */
    YAML,
    /** Manifests as JSON ({@code kind: List} for lists). */
    JSON;

    /** Parses {@code -o}: {@code wide}, {@code yaml} or {@code json}; null means the table. */
    static OutputFormat parse(String typed, boolean tableAllowed) {
        if (typed == null) {
            return TABLE;
        }
        for (OutputFormat format : values()) {
            if (format != TABLE && format.name().toLowerCase(Locale.ROOT).equals(typed)
                    && (tableAllowed || format != WIDE)) {
                return format;
            }
        }
        throw new UsageFailure("-o: unknown format \"" + typed + "\"; allowed: "
                + (tableAllowed ? "wide, yaml, json" : "yaml, json"));
    }
}
