package io.egressfed.hub.net;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a label selector does not parse; carries every problem found, each with the path of the
 * offending field relative to the selector (e.g. {@code matchExpressions[0].values}), so that callers
 * can prefix the path of the selector in their own object.
 */
public final class InvalidSelectorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * One problem of a selector.
     *
     * @param path   the field relative to the selector, "" for the string form as a whole
     * @param reason why it is refused
     */
    public record Problem(String path, String reason) {
        @Override
        public String toString() {
            return path.isEmpty() ? reason : path + ": " + reason;
        }
    }

    private final transient List<Problem> problems;

    /** Creates the exception from at least one problem. */
    public InvalidSelectorException(List<Problem> problems) {
        super("invalid label selector: " + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid selector needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Returns every problem found, in field order. */
    public List<Problem> problems() {
        return problems;
    }
}
