package io.egressfed.api.manifest;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON with Gson's strict reader (no comments, single quotes, unquoted names or trailing
 * garbage) into maps, lists, strings, booleans and numbers (integers as Integer/Long like a YAML
 * reader gives them, BigInteger beyond long), so it can be compared with a YAML reader's view of the same data.
 */
final class StrictJson {

  private StrictJson() {
  }

  static Object parse(String json) throws IOException {
    JsonReader reader = new JsonReader(new StringReader(json));
    reader.setLenient(false);
    Object value = read(reader);
    if (reader.peek() != JsonToken.END_DOCUMENT) {
      throw new IOException("trailing content after the JSON value");
    }
    return value;
  }

  private static Object read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          if (object.put(name, read(reader)) != null) {
            throw new IOException("duplicate name " + name);
          }
        }
        reader.endObject();
        return object;
      }
      case BEGIN_ARRAY -> {
        List<Object> array = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          array.add(read(reader));
        }
        reader.endArray();
        return array;
      }
      case STRING -> {
        return reader.nextString();
      }
      case NUMBER -> {
        String number = reader.nextString();
        if (!number.matches("-?[0-9]+")) {
          return Double.parseDouble(number);
        }
        BigInteger integer = new BigInteger(number);
        if (integer.bitLength() < 32) {
          return integer.intValue();
        }
        return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
      }
      case BOOLEAN -> {
        return reader.nextBoolean();
      }
      case NULL -> {
        reader.nextNull();
        return null;
      }
      default -> throw new IOException("unexpected " + reader.peek());
    }
  }
}
