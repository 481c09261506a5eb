package io.egressfed.hub.api;

import io.egressfed.api.v1alpha1.ErrorBody;
import io.egressfed.hub.auth.AdminTokens;
import io.egressfed.hub.auth.BearerTokens;
import io.egressfed.hub.auth.Caller;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Authenticates every {@code EgressAdmin} call by its {@code authorization: Bearer <token>} metadata,
 * makes the {@link Caller} available to the service through {@link #CALLER}, and counts every call's
 * outcome. A call without a known token is closed with UNAUTHENTICATED before the service sees it.
 */
final class AdminAuthInterceptor implements ServerInterceptor {

    /** The authenticated caller of the current call. */
    static final Context.Key<Caller> CALLER = Context.key("egressfed-admin-caller");
    /** The trailer carrying the {@link ErrorBody} of a failed call (details included). */
    static final Metadata.Key<ErrorBody> ERROR_BODY =
            Metadata.Key.of("egressfed-error-bin", ProtoUtils.metadataMarshaller(ErrorBody.getDefaultInstance()));

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final AdminTokens tokens;
    private final AdminMetrics metrics;
    private final Duration timeout;

    AdminAuthInterceptor(AdminTokens tokens, AdminMetrics metrics, Duration timeout) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                        ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                metrics.record("grpc", method, status.getCode().name());
                super.close(status, trailers);
            }
        };
        Caller caller;
        try {
            // Interceptors run on the server's application executor, where waiting for the store is allowed.
            caller = tokens.authenticate(BearerTokens.fromAuthorization(headers.get(AUTHORIZATION)).orElse(null))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return refuse(counted, ApiError.of(ErrorCode.UNAVAILABLE, "the hub is shutting down",
                    List.of()));
        } catch (ExecutionException | TimeoutException failed) {
            return refuse(counted, ApiError.of(failed));
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), counted, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, ApiError error) {
        call.close(status(error), trailers(error));
        return new ServerCall.Listener<>() {
        };
    }

    static Status status(ApiError error) {
        return Status.fromCode(error.code().grpcCode()).withDescription(error.body().getMessage());
    }

    static Metadata trailers(ApiError error) {
        Metadata trailers = new Metadata();
        trailers.put(ERROR_BODY, error.body());
        return trailers;
    }
}
