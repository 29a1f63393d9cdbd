package io.soa.indexer.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.soa.indexer.rpc.RawLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Bytes4;
import org.web3j.utils.Numeric;

/**
 * Decodes any log of the suite's contracts, driven by the contracts' own ABI files (the build's
 * output, on the classpath under {@code /solidity}), so a new event in Solidity needs no code here.
 * Events made only of elementary types (all of the suite's) are read straight from the hex words
 * ({@link Words}), several times faster than web3j's reflective decoder, which stays the path for
 * anything else; tests check every field against the raw log either way.
 */
public final class AbiDecoder {

  /** One event of one contract's ABI. */
  record Spec(
      String contract,
      String name,
      Event event,
      List<String> indexedNames,
      List<String> dataNames,
      List<String> indexedTypes,
      List<String> dataTypes,
      boolean fast) {}

  /** A decoded log: contract and event names and the arguments by ABI name. */
  public record Decoded(String contract, String event, Map<String, Object> args) {}

  private final Map<String, Spec> byAddressAndTopic = new HashMap<>();

  /** {@code contracts}: contract name (as in the ABI file name) to its address. */
  public AbiDecoder(Map<String, String> contracts) {
    ObjectMapper json = new ObjectMapper();
    contracts.forEach(
        (name, address) -> {
          try (InputStream in =
              AbiDecoder.class.getResourceAsStream("/solidity/" + name + ".abi")) {
            if (in == null) {
              throw new IllegalStateException("no ABI for " + name + " on the classpath");
            }
            for (JsonNode e : json.readTree(in)) {
              if (!"event".equals(e.get("type").asText())) {
                continue;
              }
              List<TypeReference<?>> params = new ArrayList<>();
              List<String> indexed = new ArrayList<>();
              List<String> data = new ArrayList<>();
              List<String> indexedTypes = new ArrayList<>();
              List<String> dataTypes = new ArrayList<>();
              boolean fast = true;
              for (JsonNode in2 : e.get("inputs")) {
                boolean isIndexed = in2.get("indexed").asBoolean();
                String type = in2.get("type").asText();
                params.add(TypeReference.makeTypeReference(type, isIndexed, false));
                (isIndexed ? indexed : data).add(in2.get("name").asText());
                (isIndexed ? indexedTypes : dataTypes).add(type);
                fast &= Words.supports(type) && !(isIndexed && type.equals("string"));
              }
              Event event = new Event(e.get("name").asText(), params);
              byAddressAndTopic.put(
                  address.toLowerCase(Locale.ROOT) + EventEncoder.encode(event),
                  new Spec(
                      name, event.getName(), event, indexed, data, indexedTypes, dataTypes, fast));
            }
          } catch (IOException | ClassNotFoundException ex) {
            throw new IllegalStateException("cannot read the ABI of " + name, ex);
          }
        });
  }

  /** The decoded log, or null for a log of an unknown contract or event. */
  public Decoded decode(RawLog log) {
    if (log.topics().isEmpty()) {
      return null;
    }
    Spec spec = byAddressAndTopic.get(log.address() + log.topics().get(0));
    if (spec == null) {
      return null;
    }
    Map<String, Object> args = new LinkedHashMap<>();
    if (spec.fast()) {
      for (int i = 0; i < spec.indexedNames().size(); i++) {
        String topic = log.topics().get(i + 1);
        args.put(
            spec.indexedNames().get(i), Words.decode(spec.indexedTypes().get(i), topic, 2, null));
      }
      String data = log.data();
      for (int i = 0; i < spec.dataNames().size(); i++) {
        args.put(
            spec.dataNames().get(i), Words.decode(spec.dataTypes().get(i), data, 2 + 64 * i, data));
      }
      return new Decoded(spec.contract(), spec.name(), args);
    }
    // web3j's Event API hands out raw Types; their values are normalized right away
    @SuppressWarnings("rawtypes")
    List<TypeReference<Type>> idx = spec.event().getIndexedParameters();
    for (int i = 0; i < idx.size(); i++) {
      args.put(
          spec.indexedNames().get(i),
          normalize(FunctionReturnDecoder.decodeIndexedValue(log.topics().get(i + 1), idx.get(i))));
    }
    @SuppressWarnings("rawtypes")
    List<Type> values =
        FunctionReturnDecoder.decode(log.data(), spec.event().getNonIndexedParameters());
    for (int i = 0; i < values.size(); i++) {
      args.put(spec.dataNames().get(i), normalize(values.get(i)));
    }
    return new Decoded(spec.contract(), spec.name(), args);
  }

  /** JSON-friendly values: integers as decimal strings, bytes and addresses as lower-case hex. */
  static Object normalize(Type<?> t) {
    if (t instanceof org.web3j.abi.datatypes.Array<?> array) {
      List<Object> items = new ArrayList<>();
      for (Type<?> item : array.getValue()) {
        items.add(normalize(item));
      }
      return items;
    }
    if (t instanceof Address a) {
      return a.getValue().toLowerCase(Locale.ROOT);
    }
    if (t instanceof Bool b) {
      return b.getValue();
    }
    if (t instanceof Utf8String s) {
      return s.getValue();
    }
    if (t instanceof Bytes32 || t instanceof Bytes4 || t.getValue() instanceof byte[]) {
      return Numeric.toHexString((byte[]) t.getValue());
    }
    if (t.getValue() instanceof java.math.BigInteger n) {
      return n.toString();
    }
    throw new UncheckedIOException(new IOException("unsupported ABI type " + t.getTypeAsString()));
  }
}
