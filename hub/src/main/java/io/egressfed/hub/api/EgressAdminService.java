package io.egressfed.hub.api;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.AdminTokenList;
import io.egressfed.api.v1alpha1.AuditQuery;
import io.egressfed.api.v1alpha1.AuditRecordList;
import io.egressfed.api.v1alpha1.CreateAdminTokenRequest;
import io.egressfed.api.v1alpha1.CreateAdminTokenResponse;
import io.egressfed.api.v1alpha1.DeleteRequest;
import io.egressfed.api.v1alpha1.DeleteResponse;
import io.egressfed.api.v1alpha1.EgressAdminGrpc;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIPPoolList;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentList;
import io.egressfed.api.v1alpha1.EnrollmentTokenRequest;
import io.egressfed.api.v1alpha1.EnrollmentTokenResponse;
import io.egressfed.api.v1alpha1.FailoverRequest;
import io.egressfed.api.v1alpha1.GetRequest;
import io.egressfed.api.v1alpha1.GetStatusRequest;
import io.egressfed.api.v1alpha1.HubStatus;
import io.egressfed.api.v1alpha1.ListRequest;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.MemberClusterList;
import io.egressfed.api.v1alpha1.WhoisRequest;
import io.egressfed.api.v1alpha1.WhoisResponse;
import io.egressfed.hub.auth.AdminTokens;
import io.egressfed.hub.auth.Caller;
import io.egressfed.hub.state.ResourceKind;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The {@code EgressAdmin} gRPC service: every method calls {@link AdminOperations}, exactly as the REST
 * routes do. Errors carry the gRPC code of their {@link ErrorCode} and, in the trailer
 * {@code egressfed-error-bin}, the same {@code ErrorBody} REST answers with.
 */
public final class EgressAdminService extends EgressAdminGrpc.EgressAdminImplBase {

    private final AdminOperations operations;
    private final TokenOperations tokenOperations;

    private EgressAdminService(AdminOperations operations, TokenOperations tokenOperations) {
        this.operations = Objects.requireNonNull(operations, "operations");
        this.tokenOperations = Objects.requireNonNull(tokenOperations, "tokenOperations");
    }

    /**
     * The service with bearer-token authentication and request counting in front, ready for
     * {@code ServerBuilder.addService}.
     *
     * @param operations the admin API core
     * @param tokens authenticates bearer tokens
     * @param metrics where calls are counted
     * @param authTimeout how long token checks may wait for the store
     * @return the intercepted service definition
     */
    public static ServerServiceDefinition definition(AdminOperations operations, AdminTokens tokens,
                                                     AdminMetrics metrics, Duration authTimeout) {
        return ServerInterceptors.intercept(new EgressAdminService(operations, new TokenOperations(tokens)),
                new AdminAuthInterceptor(tokens, metrics, authTimeout));
    }

    @Override
    public void createPool(EgressIPPool request, StreamObserver<EgressIPPool> response) {
        answer(response, caller -> operations.create(caller, ResourceKind.POOL, request));
    }

    @Override
    public void updatePool(EgressIPPool request, StreamObserver<EgressIPPool> response) {
        answer(response, caller -> operations.update(caller, ResourceKind.POOL, request));
    }

    @Override
    public void getPool(GetRequest request, StreamObserver<EgressIPPool> response) {
        answer(response, caller -> operations.get(caller, ResourceKind.POOL, request.getName()));
    }

    @Override
    public void listPools(ListRequest request, StreamObserver<EgressIPPoolList> response) {
        answer(response, caller -> operations.list(caller, ResourceKind.POOL, request.getLabelSelector())
                .thenApply(items -> EgressIPPoolList.newBuilder().addAllItems(items).build()));
    }

    @Override
    public void deletePool(DeleteRequest request, StreamObserver<DeleteResponse> response) {
        answer(response, caller -> deleted(operations.delete(caller, ResourceKind.POOL, request.getName(),
                request.getResourceVersion()), request));
    }

    @Override
    public void createCluster(MemberCluster request, StreamObserver<MemberCluster> response) {
        answer(response, caller -> operations.create(caller, ResourceKind.CLUSTER, request));
    }

    @Override
    public void updateCluster(MemberCluster request, StreamObserver<MemberCluster> response) {
        answer(response, caller -> operations.update(caller, ResourceKind.CLUSTER, request));
    }

    @Override
    public void getCluster(GetRequest request, StreamObserver<MemberCluster> response) {
        answer(response, caller -> operations.get(caller, ResourceKind.CLUSTER, request.getName()));
    }

    @Override
    public void listClusters(ListRequest request, StreamObserver<MemberClusterList> response) {
        answer(response, caller -> operations.list(caller, ResourceKind.CLUSTER, request.getLabelSelector())
                .thenApply(items -> MemberClusterList.newBuilder().addAllItems(items).build()));
    }

    @Override
    public void deleteCluster(DeleteRequest request, StreamObserver<DeleteResponse> response) {
        answer(response, caller -> deleted(operations.delete(caller, ResourceKind.CLUSTER, request.getName(),
                request.getResourceVersion()), request));
    }

    @Override
    public void createIntent(EgressIntent request, StreamObserver<EgressIntent> response) {
        answer(response, caller -> operations.create(caller, ResourceKind.INTENT, request));
    }

    @Override
    public void updateIntent(EgressIntent request, StreamObserver<EgressIntent> response) {
        answer(response, caller -> operations.update(caller, ResourceKind.INTENT, request));
    }

    @Override
    public void getIntent(GetRequest request, StreamObserver<EgressIntent> response) {
        answer(response, caller -> operations.get(caller, ResourceKind.INTENT, request.getName()));
    }

    @Override
    public void listIntents(ListRequest request, StreamObserver<EgressIntentList> response) {
        answer(response, caller -> operations.list(caller, ResourceKind.INTENT, request.getLabelSelector())
                .thenApply(items -> EgressIntentList.newBuilder().addAllItems(items).build()));
    }

    @Override
    public void deleteIntent(DeleteRequest request, StreamObserver<DeleteResponse> response) {
        answer(response, caller -> deleted(operations.delete(caller, ResourceKind.INTENT, request.getName(),
                request.getResourceVersion()), request));
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<HubStatus> response) {
        answer(response, operations::status);
    }

    @Override
    public void whois(WhoisRequest request, StreamObserver<WhoisResponse> response) {
        answer(response, caller -> operations.whois(caller, request));
    }

    @Override
    public void listAudit(AuditQuery request, StreamObserver<AuditRecordList> response) {
        answer(response, caller -> operations.listAudit(caller, request));
    }

    @Override
    public void failover(FailoverRequest request, StreamObserver<EgressIntent> response) {
        answer(response, caller -> operations.failover(caller, request));
    }

    @Override
    public void createEnrollmentToken(EnrollmentTokenRequest request,
                                      StreamObserver<EnrollmentTokenResponse> response) {
        answer(response, caller -> operations.createEnrollmentToken(caller, request));
    }

    @Override
    public void createAdminToken(CreateAdminTokenRequest request, StreamObserver<CreateAdminTokenResponse> response) {
        answer(response, caller -> tokenOperations.create(caller, request));
    }

    @Override
    public void listAdminTokens(ListRequest request, StreamObserver<AdminTokenList> response) {
        answer(response, tokenOperations::list);
    }

    @Override
    public void revokeAdminToken(DeleteRequest request, StreamObserver<DeleteResponse> response) {
        answer(response, caller -> tokenOperations.revoke(caller, request.getName()));
    }

    private static CompletableFuture<DeleteResponse> deleted(CompletableFuture<? extends Message> deletion,
                                                             DeleteRequest request) {
        return deletion.thenApply(gone -> DeleteResponse.newBuilder().setName(request.getName()).build());
    }

    private static <R> void answer(StreamObserver<R> response, Function<Caller, CompletableFuture<R>> call) {
        Caller caller = AdminAuthInterceptor.CALLER.get();
        call.apply(caller).whenComplete((result, failure) -> {
            if (failure != null) {
                ApiError error = ApiError.of(failure);
                response.onError(AdminAuthInterceptor.status(error)
                        .asRuntimeException(AdminAuthInterceptor.trailers(error)));
            } else {
                response.onNext(result);
                response.onCompleted();
            }
        });
    }
}
