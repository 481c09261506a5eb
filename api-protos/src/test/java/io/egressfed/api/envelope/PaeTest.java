package io.egressfed.api.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PaeTest {

  @Test
  void encodesTheDsseSpecificationExample() {
    byte[] encoded =
        Pae.encode("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.US_ASCII));

    assertThat(new String(encoded, StandardCharsets.US_ASCII))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  }

  @Test
  void countsLengthsInUtf8BytesAndKeepsBinaryBodiesVerbatim() {
    byte[] body = {0x00, 0x20, (byte) 0xff, 0x0a};

    byte[] encoded = Pae.encode("typ\u00e9", body);

    byte[] expected = {
      'D', 'S', 'S', 'E', 'v', '1', ' ', '5', ' ', 't', 'y', 'p', (byte) 0xc3, (byte) 0xa9, ' ',
      '4', ' ', 0x00, 0x20, (byte) 0xff, 0x0a
    };
    assertThat(encoded).containsExactly(expected);
  }

  @Test
  void encodesAnEmptyBodyWithLengthZero() {
    assertThat(new String(Pae.encode("t", new byte[0]), StandardCharsets.US_ASCII))
        .isEqualTo("DSSEv1 1 t 0 ");
  }

  @Test
  void lengthPrefixesKeepTypeAndBodyFromBeingShiftedIntoEachOther() {
    byte[] one = Pae.encode("a b", "c".getBytes(StandardCharsets.US_ASCII));
    byte[] other = Pae.encode("a", "b c".getBytes(StandardCharsets.US_ASCII));

    assertThat(one).isNotEqualTo(other);
  }
}
