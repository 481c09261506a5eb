package io.egressfed.hub.validate;

import io.egressfed.hub.net.InvalidSelectorException;
import java.util.ArrayList;
import java.util.List;

/** Collects the errors of one object, so that all of them are reported at once. */
final class Errors {
    private final List<ValidationError> errors = new ArrayList<>();

    void add(String field, String reason) {
        errors.add(new ValidationError(field, reason));
    }

    /** Adds each selector problem under {@code field}, the path of the selector in the object. */
    void addSelectorProblems(String field, InvalidSelectorException invalid) {
        for (InvalidSelectorException.Problem problem : invalid.problems()) {
            add(problem.path().isEmpty() ? field : field + "." + problem.path(), problem.reason());
        }
    }

    int size() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<ValidationError> list() {
        return List.copyOf(errors);
    }
}
