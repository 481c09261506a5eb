package io.egressfed.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/** Prints messages that are not manifests (whois, audit, enrollment) in the protobuf JSON mapping. */
final class Json {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer();

    private Json() {
    }

    static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException unprintable) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), unprintable);
        }
    }
}
