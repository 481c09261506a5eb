/**
 * The hub's admin API: {@link io.egressfed.hub.api.AdminOperations} is its one implementation, served
 * as REST/JSON by {@link io.egressfed.hub.api.AdminHttpServer} (routes in {@code RestRoutes}) and as
 * gRPC by {@link io.egressfed.hub.api.EgressAdminService}, both behind bearer-token authentication
 * ({@link io.egressfed.hub.auth}).
 *
 * <h2>Wiring</h2>
 * <pre>{@code
 * AdminTokens tokens = new StoreAdminTokens(store, keys, new SecureRandom(), clock);
 * tokens.ensureInitialAdmin().join().ifPresent(t -> print once / AdminTokenFiles.writeDevToken(dataDir, t));
 * AdminOperations ops = new AdminOperations(resources, store, keys, audit, Validator.create(), liveStatus,
 *         enrollmentTokens, EnrollmentSettings.of("hub.example:7443", caSha256, List.of(keyId)),
 *         () -> HubStatus.newBuilder().setVersion(version).build(), clock);
 * AdminMetrics metrics = AdminMetrics.withPoolGauges(registry, resources, store, keys);
 * AdminHttpServer http = new AdminHttpServer(AdminHttpSettings.https(address, serverIdentity), ops, tokens, metrics);
 * http.start();                       // ... http.close();
 * grpcServerBuilder.addService(EgressAdminService.definition(ops, tokens, metrics, Duration.ofSeconds(10)));
 * }</pre>
 *
 * <h2>Errors</h2>
 * One shape over both protocols ({@link io.egressfed.hub.api.ApiError}): {@code {code, message,
 * details: [{field, reason}]}} where {@code code} is the gRPC code name; HTTP 400 invalid input,
 * 401 no or unknown token, 403 role too weak, 404 not found, 409 already exists or stale
 * {@code metadata.resourceVersion}, 501 not offered by this hub version, 503 retry later.
 */
package io.egressfed.hub.api;
