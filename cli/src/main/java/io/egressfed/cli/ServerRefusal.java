package io.egressfed.cli;

import io.egressfed.api.v1alpha1.ErrorBody;
import io.egressfed.api.v1alpha1.FieldViolation;

/** The hub refused a request (exit code 1); carries its error body. */
final class ServerRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient ErrorBody body;

    ServerRefusal(int status, ErrorBody body) {
        super(body.getMessage());
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    ErrorBody body() {
        return body;
    }

    /** E.g. {@code Error from server (NOT_FOUND, 404): EgressIntent "x" does not exist}, then one line per field. */
    String describe() {
        String code = body.getCode().isEmpty() ? "HTTP" : body.getCode();
        StringBuilder text = new StringBuilder("Error from server (").append(code).append(", ").append(status)
                .append("): ").append(body.getMessage());
        for (FieldViolation detail : body.getDetailsList()) {
            if (!body.getMessage().contains(detail.getReason())) {
                text.append(System.lineSeparator()).append("  ")
                        .append(detail.getField().isEmpty() ? "" : detail.getField() + ": ").append(detail.getReason());
            }
        }
        return text.toString();
    }
}
