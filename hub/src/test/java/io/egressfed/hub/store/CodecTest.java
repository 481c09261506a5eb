package io.egressfed.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.Allocation;
import org.junit.jupiter.api.Test;

class CodecTest {

    private final Codec<Allocation> codec = Codec.of(Allocation.getDefaultInstance());

    @Test
    void roundTripsAMessageWithItsMetadata() {
        Allocation allocation = Allocation.newBuilder().setIp("192.0.2.1").setPool("corp").setIntent("payments").build();
        Op.Put put = codec.put("/alloc/192.0.2.1", allocation);

        TypedKeyValue<Allocation> decoded = codec.decode(new KeyValue(put.key(), put.value(), 3, 4, 2));

        assertThat(decoded.value()).isEqualTo(allocation);
        assertThat(decoded.modRevision()).isEqualTo(4);
        assertThat(decoded.toString()).contains("egressfed.v1alpha1.Allocation").doesNotContain("payments");
    }

    @Test
    void corruptBytesNameTheKeyAndTheType() {
        assertThatThrownBy(() -> codec.decode("/alloc/192.0.2.1", new byte[] {(byte) 0xff, 0x01}))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageStartingWith("value of /alloc/192.0.2.1 is not a valid egressfed.v1alpha1.Allocation");
    }
}
