package io.egressfed.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TxnTest {

    @Test
    void tooManyComparesNameTheFieldAndTheLimit() {
        List<Compare> compares = IntStream.range(0, 129).mapToObj(i -> Compare.absent("/k" + i)).toList();

        assertThatThrownBy(() -> new Txn(compares, List.of()).validate())
                .isInstanceOf(InvalidTxnException.class)
                .hasMessage("txn.compares: 129 compares exceed the limit of 128 per transaction (etcd --max-txn-ops)");
    }

    @Test
    void keyPutTwiceIsRejectedNamingBothOperations() {
        Txn txn = Txn.of(Op.put("/a", bytes("1")), Op.put("/b", bytes("2")), Op.put("/a", bytes("3")));

        assertThatThrownBy(txn::validate)
                .isInstanceOf(InvalidTxnException.class)
                .hasMessageContaining("txn.ops[2]: key '/a' is already written by txn.ops[0]");
    }

    @Test
    void deletingTheSameKeyTwiceIsAllowedAsInEtcd() {
        assertThatCode(() -> Txn.of(Op.delete("/a"), Op.deletePrefix("/"), Op.delete("/a")).validate())
                .doesNotThrowAnyException();
    }

    @Test
    void oversizedPayloadIsRejected() {
        Txn txn = Txn.of(Op.put("/a", new byte[800_000]), Op.put("/b", new byte[800_000]));

        assertThatThrownBy(txn::validate)
                .isInstanceOf(InvalidTxnException.class)
                .hasMessageContaining("exceed the limit of 1500000 per transaction (etcd --max-request-bytes)");
    }

    @Test
    void emptyKeysAndPrefixesAreRefusedAtConstruction() {
        assertThatThrownBy(() -> Op.put("", bytes("x"))).hasMessage("put key: must not be empty");
        assertThatThrownBy(() -> Op.deletePrefix("")).hasMessage("delete prefix: must not be empty");
        assertThatThrownBy(() -> Compare.absent("")).hasMessage("compare key: must not be empty");
    }

    @Test
    void comparesTreatAMissingKeyAsAllZero() {
        KeyValue present = new KeyValue("/a", bytes("v"), 5, 7, 2);

        assertThat(Compare.absent("/a").holds(Optional.empty())).isTrue();
        assertThat(Compare.absent("/a").holds(Optional.of(present))).isFalse();
        assertThat(Compare.present("/a").holds(Optional.of(present))).isTrue();
        assertThat(Compare.modRevision("/a", 7).holds(Optional.of(present))).isTrue();
        assertThat(Compare.createRevision("/a", 7).holds(Optional.of(present))).isFalse();
        assertThat(Compare.version("/a", 0).holds(Optional.empty())).isTrue();
        assertThat(new Compare("/a", Compare.Target.VERSION, Compare.Relation.LESS, 3).holds(Optional.of(present))).isTrue();
        assertThat(new Compare("/a", Compare.Target.MOD_REVISION, Compare.Relation.NOT_EQUAL, 7)
                .holds(Optional.of(present))).isFalse();
    }

    @Test
    void valuesAreCopiedAndNeverPrinted() {
        byte[] secret = bytes("s3cret-token");
        Op.Put put = Op.put("/tokens/t1", secret);
        KeyValue kv = new KeyValue("/tokens/t1", secret, 1, 1, 1);
        secret[0] = 'X';
        kv.value()[1] = 'Y';

        assertThat(new String(put.value(), StandardCharsets.UTF_8)).isEqualTo("s3cret-token");
        assertThat(kv.valueUtf8()).isEqualTo("s3cret-token");
        assertThat(put.toString()).doesNotContain("s3cret").contains("valueBytes=12");
        assertThat(kv.toString()).doesNotContain("s3cret").contains("valueBytes=12");
        assertThat(kv).isEqualTo(new KeyValue("/tokens/t1", bytes("s3cret-token"), 1, 1, 1));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
