package io.egressfed.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class EtcdExtensionTest {

    @Test
    void missingEtcdSkipsWithInstallInstructionsOutsideCi() {
        assertThatThrownBy(() -> EtcdExtension.onMissingBinary(Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install etcd-server");
    }

    @Test
    void missingEtcdFailsOnCi() {
        assertThatThrownBy(() -> EtcdExtension.onMissingBinary(Map.of("CI", "true")))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("apt-get install etcd-server");
    }
}
