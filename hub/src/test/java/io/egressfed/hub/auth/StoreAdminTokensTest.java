package io.egressfed.hub.auth;

import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.hub.state.AlreadyExistsException;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreAdminTokensTest {

    private final Keys keys = Keys.defaults();
    private final InMemoryStore store = new InMemoryStore();
    private final AdminTokens tokens = new StoreAdminTokens(store, keys, new SecureRandom(), Clock.systemUTC());

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aTokenAuthenticatesAsItsNameAndRoleAndOnlyItsHashIsStored() {
        IssuedAdminToken issued = await(tokens.create("ci", Role.OPERATOR));

        assertThat(issued.secret()).matches("efa_[a-z2-7]{32}");
        assertThat(issued.toString()).doesNotContain(issued.secret());
        assertThat(await(tokens.authenticate(issued.secret()))).isEqualTo(new Caller("ci", Role.OPERATOR));
        assertThat(await(store.list(keys.root())).items())
                .allSatisfy(kv -> assertThat(kv.valueUtf8()).doesNotContain(issued.secret().substring(4)));
        assertThat(await(tokens.list())).singleElement()
                .satisfies(token -> assertThat(token.getSecretSha256()).hasSize(64).isNotEqualTo(issued.secret()));
    }

    @Test
    void missingWrongAndRevokedTokensAreUnauthenticated() {
        IssuedAdminToken issued = await(tokens.create("ci", Role.VIEWER));

        assertThatThrownBy(() -> await(tokens.authenticate(null))).isInstanceOf(UnauthenticatedException.class);
        assertThatThrownBy(() -> await(tokens.authenticate(issued.secret() + "x")))
                .isInstanceOf(UnauthenticatedException.class).hasMessageNotContaining(issued.secret());
        assertThat(await(tokens.revoke("ci"))).isTrue();
        assertThatThrownBy(() -> await(tokens.authenticate(issued.secret()))).isInstanceOf(UnauthenticatedException.class);
        assertThat(await(tokens.revoke("ci"))).isFalse();
    }

    @Test
    void theInitialAdminTokenIsCreatedOnlyOnAHubWithoutTokens() {
        IssuedAdminToken first = await(tokens.ensureInitialAdmin()).orElseThrow();

        assertThat(first.name()).isEqualTo(AdminTokens.INITIAL_ADMIN);
        assertThat(first.role()).isEqualTo(Role.ADMIN);
        assertThat(await(tokens.ensureInitialAdmin())).isEmpty();
        await(tokens.revoke(AdminTokens.INITIAL_ADMIN));
        await(tokens.create("kept", Role.ADMIN));
        assertThat(await(tokens.ensureInitialAdmin())).isEmpty();
    }

    @Test
    void namesAreUniqueDnsLabels() {
        await(tokens.create("ci", Role.VIEWER));

        assertThatThrownBy(() -> await(tokens.create("ci", Role.ADMIN))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> await(tokens.create("Not_A_Label", Role.ADMIN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name: ");
    }

    @Test
    void rolesAllowWhatTheIssueSays() {
        assertThat(Permission.values()).allMatch(Role.ADMIN::permits);
        assertThat(Permission.values()).filteredOn(Role.OPERATOR::permits)
                .containsExactlyInAnyOrder(Permission.READ, Permission.WRITE_INTENTS, Permission.FAILOVER);
        assertThat(Permission.values()).filteredOn(Role.VIEWER::permits).containsExactly(Permission.READ);
        assertThat(Role.parse("viewer")).isEqualTo(Role.VIEWER);
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("allowed: admin, operator, viewer");
    }

    @Test
    void theDevTokenFileIsReadableByItsOwnerOnly(@TempDir Path dataDir) throws Exception {
        IssuedAdminToken issued = await(tokens.ensureInitialAdmin()).orElseThrow();

        Path file = AdminTokenFiles.writeDevToken(dataDir, issued);

        assertThat(Files.readString(file)).isEqualTo(issued.secret() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(BearerTokens.fromAuthorization("Bearer " + issued.secret())).hasValue(issued.secret());
        assertThat(BearerTokens.fromAuthorization("Basic abc")).isEmpty();
    }

    @Test
    void aPresetInitialTokenIsStoredOnlyOnAHubWithoutTokensAndThenAuthenticatesAsAdmin() {
        String preset = "efa_" + "abcdefghijklmnopqrstuvwxyz234567";

        assertThat(await(tokens.ensureInitialAdmin(preset))).isTrue();
        assertThat(await(tokens.authenticate(preset))).isEqualTo(new Caller(AdminTokens.INITIAL_ADMIN, Role.ADMIN));
        assertThat(await(store.list(keys.root())).items())
                .allSatisfy(kv -> assertThat(kv.valueUtf8()).doesNotContain(preset.substring(4)));

        String another = "efa_" + "22222222222222222222222222222222";
        assertThat(await(tokens.ensureInitialAdmin(another))).isFalse();
        assertThatThrownBy(() -> await(tokens.authenticate(another))).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void aPresetTokenOfTheWrongShapeIsRefusedWithoutEchoingItAndStoresNothing() {
        assertThatThrownBy(() -> await(tokens.ensureInitialAdmin("hunter2-secret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret: must be \"efa_\" followed by 32 characters of a-z and 2-7")
                .hasMessageNotContaining("hunter2");
        assertThat(await(tokens.list())).isEmpty();
    }

    @Test
    void theInitialTokenFileIsReadTrimmedAndCheckedNamingTheFile(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("token"), "efa_abcdefghijklmnopqrstuvwxyz234567\n");
        Path bad = Files.writeString(dir.resolve("bad"), "efa_TOO-SHORT");

        assertThat(AdminTokenFiles.readInitialToken(good)).isEqualTo("efa_abcdefghijklmnopqrstuvwxyz234567");
        assertThatThrownBy(() -> AdminTokenFiles.readInitialToken(bad))
                .hasMessageStartingWith(bad + ": not an admin token: must be")
                .hasMessageNotContaining("TOO-SHORT");
        assertThatThrownBy(() -> AdminTokenFiles.readInitialToken(dir.resolve("absent")))
                .hasMessage(dir.resolve("absent") + ": cannot read: no such file");
    }
}
