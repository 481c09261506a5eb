package io.egressfed.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code egressctl token}: an admin hands out a read-only token, it works, it is listed, revoked, refused. */
class EgressCtlTokenTest {

    private static final Pattern SECRET = Pattern.compile("efa_[a-z2-7]{32}");

    private CtlLab lab;

    @BeforeEach
    void startHub(@TempDir Path work) throws Exception {
        lab = new CtlLab(work);
    }

    @AfterEach
    void stopHub() {
        lab.close();
    }

    @Test
    void aTokenCreatedByTheCliReadsUntilItIsRevoked() {
        CtlLab.Run created = lab.ctl("token", "create", "dashboards", "--role", "viewer");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        Matcher secret = SECRET.matcher(created.out());
        assertThat(secret.find()).as(created.out()).isTrue();

        assertThat(lab.ctlAs(secret.group(), "get", "pools").exitCode()).isZero();
        CtlLab.Run listed = lab.ctl("token", "list");
        assertThat(listed.out()).contains("dashboards", "viewer").doesNotContain(secret.group());

        CtlLab.Run revoked = lab.ctl("token", "revoke", "dashboards");
        assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
        CtlLab.Run refused = lab.ctlAs(secret.group(), "get", "pools");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("401");
    }

    @Test
    void onlyAnAdminManagesTokensAndTheLastAdminTokenStays() {
        CtlLab.Run byOperator = lab.ctlAs(lab.operator.secret(), "token", "create", "sneaky", "--role", "admin");
        assertThat(byOperator.exitCode()).isEqualTo(1);
        assertThat(byOperator.err()).contains("403", "may not manage admin tokens");

        CtlLab.Run lastAdmin = lab.ctl("token", "revoke", "admin");
        assertThat(lastAdmin.exitCode()).isEqualTo(1);
        assertThat(lastAdmin.err()).contains("409", "last admin token");

        CtlLab.Run badRole = lab.ctl("token", "create", "x", "--role", "root");
        assertThat(badRole.exitCode()).isEqualTo(1);
        assertThat(badRole.err()).contains("role", "admin, operator, viewer");
        assertThat(lab.ctl("token", "list").out()).doesNotContain("sneaky").doesNotContain(" x ");
    }
}
